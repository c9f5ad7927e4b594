-- Year-to-date outcome and budget per closed month, leaf uppdrag (or unknown code), result
-- account and ansvar, report sign, SEK: the grain under every line of the reports. The budget
-- has no ansvar: it stands on the ansvar '(ej fördelad på ansvar)', as does outcome booked
-- without one. Same sources and filters as int_result__ytd, so the sums tie out per leaf.
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
        account,
        coalesce(ansvar, '{{ var("unallocated_ansvar") }}') as ansvar,
        sum(result_sek) as result_sek
    from {{ ref('int_ledger__signed') }}
    where is_result_account
    group by
        period_month,
        uppdrag_code,
        is_known_uppdrag,
        account,
        coalesce(ansvar, '{{ var("unallocated_ansvar") }}')
),

budget as (
    select
        budget.period_month,
        budget.uppdrag_code,
        budget.account,
        sum(budget.budget_sek) as budget_sek
    from {{ ref('int_budget__monthly') }} as budget
    inner join leaves on budget.uppdrag_code = leaves.uppdrag_code
    group by budget.period_month, budget.uppdrag_code, budget.account
),

outcome_ytd as (
    select
        periods.period_month,
        outcome.uppdrag_code,
        outcome.is_known_uppdrag,
        outcome.account,
        outcome.ansvar,
        sum(outcome.result_sek) as outcome_ytd_sek,
        0 as budget_ytd_sek,
        0 as budget_year_sek
    from periods
    inner join outcome
        on periods.period_year = year(outcome.period_month)
            and periods.period_month >= outcome.period_month
    group by
        periods.period_month,
        outcome.uppdrag_code,
        outcome.is_known_uppdrag,
        outcome.account,
        outcome.ansvar
),

budget_ytd as (
    select
        periods.period_month,
        budget.uppdrag_code,
        true as is_known_uppdrag,
        budget.account,
        '{{ var("unallocated_ansvar") }}' as ansvar,
        0 as outcome_ytd_sek,
        sum(case when budget.period_month <= periods.period_month then budget.budget_sek end)
            as budget_ytd_sek,
        sum(budget.budget_sek) as budget_year_sek
    from periods
    inner join budget on year(budget.period_month) = periods.period_year
    group by periods.period_month, budget.uppdrag_code, budget.account
),

figures as (
    select * from outcome_ytd
    union all
    select * from budget_ytd
)

select
    md5(concat_ws('|', period_month, uppdrag_code, account, ansvar)) as account_ytd_key,
    period_month,
    uppdrag_code,
    account,
    ansvar,
    bool_or(is_known_uppdrag) as is_known_uppdrag,
    sum(outcome_ytd_sek) as outcome_ytd_sek,
    coalesce(sum(budget_ytd_sek), 0) as budget_ytd_sek,
    sum(budget_year_sek) as budget_year_sek
from figures
group by period_month, uppdrag_code, account, ansvar
