-- Year-to-date figures per closed month and leaf (and unknown uppdrag code), report sign, SEK:
-- the grain every result table of the reports adds up. The forecast is the one in force at the
-- month (int_forecast__in_force); an unknown code has no budget and no forecast.
with periods as (
    select
        period_month,
        period_year
    from {{ ref('int_period__months') }}
    where is_closed
),

leaves as (
    select uppdrag_code from {{ ref('int_uppdrag__tree') }}
    where is_leaf
),

outcome as (
    select
        period_month,
        uppdrag_code,
        is_known_uppdrag,
        sum(result_sek) as result_sek
    from {{ ref('int_ledger__signed') }}
    where is_result_account
    group by period_month, uppdrag_code, is_known_uppdrag
),

unknown_codes as (
    -- in the year of their postings and the next (its "same months last year" figures)
    select distinct
        uppdrag_code,
        year(period_month) as period_year
    from outcome
    where not is_known_uppdrag
    union
    select distinct
        uppdrag_code,
        year(period_month) + 1 as period_year
    from outcome
    where not is_known_uppdrag
),

grid as (
    select
        periods.period_month,
        periods.period_year,
        leaves.uppdrag_code,
        true as is_known_uppdrag
    from periods
    cross join leaves
    union all
    select
        periods.period_month,
        periods.period_year,
        unknown_codes.uppdrag_code,
        false
    from periods
    inner join unknown_codes on periods.period_year = unknown_codes.period_year
),

outcome_ytd as (
    select
        grid.period_month,
        grid.uppdrag_code,
        sum(outcome.result_sek) as outcome_ytd_sek
    from grid
    inner join outcome
        on grid.uppdrag_code = outcome.uppdrag_code
            and year(outcome.period_month) = grid.period_year
            and grid.period_month >= outcome.period_month
    group by grid.period_month, grid.uppdrag_code
),

outcome_previous_year as (
    -- the same months of the previous year
    select
        grid.period_month,
        grid.uppdrag_code,
        sum(outcome.result_sek) as outcome_sek
    from grid
    inner join outcome
        on grid.uppdrag_code = outcome.uppdrag_code
            and year(outcome.period_month) = grid.period_year - 1
            and month(outcome.period_month) <= month(grid.period_month)
    group by grid.period_month, grid.uppdrag_code
),

budget as (
    select
        period_month,
        uppdrag_code,
        sum(budget_sek) as budget_sek
    from {{ ref('int_budget__monthly') }}
    group by period_month, uppdrag_code
),

budget_figures as (
    select
        grid.period_month,
        grid.uppdrag_code,
        sum(case when budget.period_month <= grid.period_month then budget.budget_sek end)
            as budget_ytd_sek,
        sum(budget.budget_sek) as budget_year_sek
    from grid
    inner join budget
        on grid.uppdrag_code = budget.uppdrag_code
            and year(budget.period_month) = grid.period_year
    group by grid.period_month, grid.uppdrag_code
),

forecasts as (
    select * from {{ ref('int_forecast__in_force') }}
),

occasions as (
    select distinct
        period_month,
        occasion_month,
        previous_occasion_month
    from forecasts
)

select
    grid.period_month,
    grid.uppdrag_code,
    grid.is_known_uppdrag,
    occasions.occasion_month as forecast_occasion_month,
    forecasts.source_occasion_month as forecast_source_month,
    occasions.previous_occasion_month as previous_forecast_occasion_month,
    coalesce(outcome_ytd.outcome_ytd_sek, 0) as outcome_ytd_sek,
    coalesce(budget_figures.budget_ytd_sek, 0) as budget_ytd_sek,
    coalesce(budget_figures.budget_year_sek, 0) as budget_year_sek,
    case when grid.is_known_uppdrag then forecasts.forecast_sek else 0 end as forecast_year_sek,
    case
        when grid.is_known_uppdrag then forecasts.forecast_basis else 'unknown_uppdrag'
    end as forecast_basis,
    coalesce(outcome_previous_year.outcome_sek, 0) as outcome_previous_year_ytd_sek,
    case
        when grid.is_known_uppdrag then forecasts.previous_forecast_sek else 0
    end as previous_forecast_year_sek
from grid
left join outcome_ytd
    on grid.period_month = outcome_ytd.period_month
        and grid.uppdrag_code = outcome_ytd.uppdrag_code
left join budget_figures
    on grid.period_month = budget_figures.period_month
        and grid.uppdrag_code = budget_figures.uppdrag_code
left join outcome_previous_year
    on grid.period_month = outcome_previous_year.period_month
        and grid.uppdrag_code = outcome_previous_year.uppdrag_code
left join forecasts
    on grid.period_month = forecasts.period_month
        and grid.uppdrag_code = forecasts.uppdrag_code
left join occasions on grid.period_month = occasions.period_month
