-- The forecast in force for every month and leaf: the contract's carry-over rule in one place.
-- The occasion in force in a month is the latest forecast occasion of the same year up to it. A
-- leaf without a row at that occasion keeps its latest earlier forecast of the same year; with
-- none (or before the year's first occasion) the forecast equals its annual budget. The
-- previous forecast is the one in force at the occasion before (else the annual budget).
with months as (
    select
        period_month,
        period_year
    from {{ ref('int_period__months') }}
),

leaves as (
    select uppdrag_code from {{ ref('int_uppdrag__tree') }}
    where is_leaf
),

delivered as (
    select
        occasion_month,
        uppdrag_code,
        forecast_tkr,
        comment
    from {{ ref('stg_forecast__forecasts') }}
),

occasions as (
    select distinct occasion_month from delivered
),

occasion_in_force as (
    select
        period_month,
        in_force_month as occasion_month
    from (
        {{ latest_of_year_up_to_period(ref('stg_forecast__forecasts'), 'occasion_month',
                                       ref('int_period__months'), closed_only=false) }}
    ) as latest
),

previous_occasion as (
    select
        occasion_in_force.period_month,
        max(occasions.occasion_month) as occasion_month
    from occasion_in_force
    inner join occasions
        on year(occasions.occasion_month) = year(occasion_in_force.occasion_month)
            and occasion_in_force.occasion_month > occasions.occasion_month
    group by occasion_in_force.period_month
),

annual_budget as (
    select
        uppdrag_code,
        year(period_month) as budget_year,
        sum(budget_sek) as budget_sek
    from {{ ref('int_budget__monthly') }}
    group by uppdrag_code, year(period_month)
),

candidates as (
    select
        months.period_month,
        months.period_year,
        leaves.uppdrag_code,
        delivered.occasion_month as source_occasion_month,
        delivered.forecast_tkr,
        delivered.comment,
        row_number() over (
            partition by months.period_month, leaves.uppdrag_code
            order by delivered.occasion_month desc nulls last
        ) as recency
    from months
    cross join leaves
    left join delivered
        on leaves.uppdrag_code = delivered.uppdrag_code
            and year(delivered.occasion_month) = months.period_year
            and months.period_month >= delivered.occasion_month
),

in_force as (
    select
        candidates.period_month,
        candidates.uppdrag_code,
        occasion_in_force.occasion_month,
        coalesce(
            {{ tkr_to_sek('candidates.forecast_tkr') }}, annual_budget.budget_sek, 0
        ) as forecast_sek,
        case
            when candidates.source_occasion_month = occasion_in_force.occasion_month
                then 'delivered'
            when candidates.source_occasion_month is not null then 'carried_over'
            else 'annual_budget'
        end as forecast_basis,
        candidates.source_occasion_month,
        candidates.comment,
        coalesce(annual_budget.budget_sek, 0) as annual_budget_sek
    from candidates
    left join occasion_in_force on candidates.period_month = occasion_in_force.period_month
    left join annual_budget
        on candidates.uppdrag_code = annual_budget.uppdrag_code
            and candidates.period_year = annual_budget.budget_year
    where candidates.recency = 1
)

select
    in_force.period_month,
    in_force.uppdrag_code,
    in_force.occasion_month,
    in_force.forecast_sek,
    in_force.forecast_basis,
    in_force.source_occasion_month,
    in_force.comment,
    previous_occasion.occasion_month as previous_occasion_month,
    coalesce(previous.forecast_sek, in_force.annual_budget_sek) as previous_forecast_sek
from in_force
left join previous_occasion on in_force.period_month = previous_occasion.period_month
left join in_force as previous
    on previous_occasion.occasion_month = previous.period_month
        and in_force.uppdrag_code = previous.uppdrag_code
