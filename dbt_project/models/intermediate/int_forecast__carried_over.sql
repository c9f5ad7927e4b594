-- One forecast per forecast occasion and leaf, with the contract's carry-over rule: a leaf
-- without a row keeps its latest earlier forecast of the same year, else its annual budget.
with delivered as (
    select * from {{ ref('stg_forecast__forecasts') }}
),

occasions as (
    select distinct occasion_month from delivered
),

leaves as (
    select uppdrag_code from {{ ref('int_uppdrag__tree') }} where is_leaf
),

annual_budget as (
    select year(period_month) as budget_year, uppdrag_code, sum(budget_sek) as budget_sek
    from {{ ref('int_budget__monthly') }}
    group by 1, 2
),

candidates as (
    select
        occasions.occasion_month,
        leaves.uppdrag_code,
        delivered.occasion_month as source_occasion_month,
        delivered.forecast_tkr,
        delivered.comment,
        row_number() over (
            partition by occasions.occasion_month, leaves.uppdrag_code
            order by delivered.occasion_month desc nulls last
        ) as recency
    from occasions
    cross join leaves
    left join delivered
        on delivered.uppdrag_code = leaves.uppdrag_code
        and year(delivered.occasion_month) = year(occasions.occasion_month)
        and delivered.occasion_month <= occasions.occasion_month
)

select
    candidates.occasion_month,
    candidates.uppdrag_code,
    coalesce(
        {{ tkr_to_sek('candidates.forecast_tkr') }}, annual_budget.budget_sek, 0
    ) as forecast_sek,
    candidates.source_occasion_month,
    case
        when candidates.source_occasion_month = candidates.occasion_month then 'delivered'
        when candidates.source_occasion_month is not null then 'carried_over'
        else 'annual_budget'
    end as forecast_basis,
    case
        when candidates.source_occasion_month = candidates.occasion_month then candidates.comment
    end as comment
from candidates
left join annual_budget
    on annual_budget.uppdrag_code = candidates.uppdrag_code
    and annual_budget.budget_year = year(candidates.occasion_month)
where candidates.recency = 1
