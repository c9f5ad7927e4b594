-- Year-to-date figures per closed month and leaf (and unknown uppdrag code), report sign, SEK:
-- the grain every result table of the reports adds up.
with periods as (
    select period_month, period_year from {{ ref('dim_period') }} where is_closed
),

leaves as (
    select uppdrag_code, true as is_known_uppdrag from {{ ref('dim_uppdrag') }} where is_leaf
),

outcome as (
    select period_month, uppdrag_code, is_known_uppdrag, sum(result_sek) as result_sek
    from {{ ref('fct_outcome') }}
    where is_result_account
    group by all
),

unknown_codes as (
    select distinct year(period_month) as period_year, uppdrag_code, false as is_known_uppdrag
    from outcome
    where not is_known_uppdrag
),

grid as (
    select periods.period_month, periods.period_year, leaves.uppdrag_code, leaves.is_known_uppdrag
    from periods cross join leaves
    union all
    select periods.period_month, periods.period_year, unknown_codes.uppdrag_code, false
    from periods
    inner join unknown_codes on unknown_codes.period_year = periods.period_year
),

outcome_ytd as (
    select grid.period_month, grid.uppdrag_code, sum(outcome.result_sek) as outcome_ytd_sek
    from grid
    inner join outcome
        on outcome.uppdrag_code is not distinct from grid.uppdrag_code
        and year(outcome.period_month) = grid.period_year
        and outcome.period_month <= grid.period_month
    group by all
),

budget as (
    select period_month, uppdrag_code, sum(budget_sek) as budget_sek
    from {{ ref('fct_budget') }}
    group by all
),

budget_figures as (
    select
        grid.period_month,
        grid.uppdrag_code,
        sum(budget.budget_sek) filter (where budget.period_month <= grid.period_month)
            as budget_ytd_sek,
        sum(budget.budget_sek) as budget_year_sek
    from grid
    inner join budget
        on budget.uppdrag_code = grid.uppdrag_code
        and year(budget.period_month) = grid.period_year
    group by all
),

outcome_previous_year as (
    -- the same months of the previous year
    select grid.period_month, grid.uppdrag_code, sum(outcome.result_sek) as outcome_sek
    from grid
    inner join outcome
        on outcome.uppdrag_code is not distinct from grid.uppdrag_code
        and year(outcome.period_month) = grid.period_year - 1
        and month(outcome.period_month) <= month(grid.period_month)
    group by all
),

occasions as (
    select distinct occasion_month from {{ ref('fct_forecast') }}
),

forecast_occasion as (
    -- the latest forecast occasion of the year up to the period
    select period_month, in_force_month as occasion_month
    from ({{ latest_of_year_up_to_period(ref('fct_forecast'), 'occasion_month') }})
),

previous_occasion as (
    select forecast_occasion.period_month, max(occasions.occasion_month) as occasion_month
    from forecast_occasion
    inner join occasions
        on year(occasions.occasion_month) = year(forecast_occasion.occasion_month)
        and occasions.occasion_month < forecast_occasion.occasion_month
    group by 1
)

select
    md5(concat_ws('|', grid.period_month, grid.uppdrag_code)) as result_ytd_key,
    grid.period_month,
    grid.uppdrag_code,
    grid.is_known_uppdrag,
    coalesce(outcome_ytd.outcome_ytd_sek, 0) as outcome_ytd_sek,
    coalesce(budget_figures.budget_ytd_sek, 0) as budget_ytd_sek,
    coalesce(budget_figures.budget_year_sek, 0) as budget_year_sek,
    case
        when not grid.is_known_uppdrag then 0
        else coalesce(forecasts.forecast_sek, budget_figures.budget_year_sek, 0)
    end as forecast_year_sek,
    forecast_occasion.occasion_month as forecast_occasion_month,
    case
        when not grid.is_known_uppdrag then 'unknown_uppdrag'
        else coalesce(forecasts.forecast_basis, 'annual_budget')
    end as forecast_basis,
    forecasts.source_occasion_month as forecast_source_month,
    coalesce(outcome_previous_year.outcome_sek, 0) as outcome_previous_year_ytd_sek,
    previous_occasion.occasion_month as previous_forecast_occasion_month,
    case
        when not grid.is_known_uppdrag then 0
        else coalesce(previous_forecasts.forecast_sek, budget_figures.budget_year_sek, 0)
    end as previous_forecast_year_sek
from grid
left join outcome_ytd
    on outcome_ytd.period_month = grid.period_month
    and outcome_ytd.uppdrag_code = grid.uppdrag_code
left join budget_figures
    on budget_figures.period_month = grid.period_month
    and budget_figures.uppdrag_code = grid.uppdrag_code
left join forecast_occasion on forecast_occasion.period_month = grid.period_month
left join {{ ref('fct_forecast') }} as forecasts
    on forecasts.occasion_month = forecast_occasion.occasion_month
    and forecasts.uppdrag_code = grid.uppdrag_code
left join outcome_previous_year
    on outcome_previous_year.period_month = grid.period_month
    and outcome_previous_year.uppdrag_code = grid.uppdrag_code
left join previous_occasion on previous_occasion.period_month = grid.period_month
left join {{ ref('fct_forecast') }} as previous_forecasts
    on previous_forecasts.occasion_month = previous_occasion.occasion_month
    and previous_forecasts.uppdrag_code = grid.uppdrag_code
