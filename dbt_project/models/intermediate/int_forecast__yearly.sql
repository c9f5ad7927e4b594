-- Per leaf uppdrag and month of every year (closed or not): the outcome and the budget to date,
-- the year's budget and outcome, and whether the year is complete (its December is closed):
-- what the forecast proposals and their back-tests start from. Report sign, SEK.
with months as (
    select
        period_month,
        period_year,
        month_number,
        is_closed
    from {{ ref('int_period__months') }}
),

leaves as (
    select uppdrag_code from {{ ref('int_uppdrag__tree') }}
    where is_leaf
),

outcome as (
    select
        period_month,
        uppdrag_code,
        sum(result_sek) as outcome_sek
    from {{ ref('int_ledger__signed') }}
    where is_result_account and is_known_uppdrag
    group by period_month, uppdrag_code
),

budget as (
    select
        period_month,
        uppdrag_code,
        sum(budget_sek) as budget_sek
    from {{ ref('int_budget__monthly') }}
    group by period_month, uppdrag_code
),

grid as (
    select
        months.period_month,
        months.period_year,
        months.month_number,
        months.is_closed,
        leaves.uppdrag_code,
        coalesce(outcome.outcome_sek, 0) as outcome_sek,
        coalesce(budget.budget_sek, 0) as budget_sek
    from months
    cross join leaves
    left join outcome
        on months.period_month = outcome.period_month
            and leaves.uppdrag_code = outcome.uppdrag_code
    left join budget
        on months.period_month = budget.period_month
            and leaves.uppdrag_code = budget.uppdrag_code
)

select
    period_month,
    period_year,
    month_number,
    is_closed,
    uppdrag_code,
    sum(outcome_sek) over (
        partition by uppdrag_code, period_year order by month_number
        rows between unbounded preceding and current row
    ) as outcome_ytd_sek,
    sum(budget_sek) over (
        partition by uppdrag_code, period_year order by month_number
        rows between unbounded preceding and current row
    ) as budget_ytd_sek,
    sum(budget_sek) over (partition by uppdrag_code, period_year) as budget_year_sek,
    sum(outcome_sek) over (partition by uppdrag_code, period_year) as outcome_year_sek,
    bool_or(is_closed and month_number = 12) over (partition by period_year) as is_year_complete
from grid
