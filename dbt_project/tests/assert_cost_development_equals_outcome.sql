{{ config(meta={'dagster': {'ref': {'name': 'rpt_cost_development'}}}) }}
-- Kostnads- och intäktsutveckling ties to the facts: each line's accumulated outcome (this year
-- and the same months last year) and budget equal the outcome and budget facts summed over the
-- line's accounts, within one öre.
with lines as (
    select
        account,
        development_line
    from {{ ref('dim_account') }}
    where development_line is not null
),

periods as (
    select
        period_month,
        period_year
    from {{ ref('dim_period') }}
    where is_closed
),

outcome as (
    select
        periods.period_month,
        lines.development_line,
        sum(case when year(outcome.period_month) = periods.period_year then outcome.result_sek else 0 end)
        / 1000.0 as outcome_ytd_tkr,
        sum(case when year(outcome.period_month) = periods.period_year - 1 then outcome.result_sek else 0 end)
        / 1000.0 as outcome_previous_year_ytd_tkr
    from periods
    inner join {{ ref('fct_outcome') }} as outcome
        on month(outcome.period_month) <= month(periods.period_month)
            and year(outcome.period_month) in (periods.period_year, periods.period_year - 1)
    inner join lines on outcome.account = lines.account
    group by periods.period_month, lines.development_line
),

budget as (
    select
        periods.period_month,
        lines.development_line,
        sum(budget.budget_sek) / 1000.0 as budget_ytd_tkr
    from periods
    inner join {{ ref('fct_budget') }} as budget
        on year(budget.period_month) = periods.period_year
            and periods.period_month >= budget.period_month
    inner join lines on budget.account = lines.account
    group by periods.period_month, lines.development_line
)

select
    report.period_month,
    report.line,
    report.outcome_ytd_tkr,
    outcome.outcome_ytd_tkr as fact
from {{ ref('rpt_cost_development') }} as report
left join outcome
    on report.period_month = outcome.period_month and report.line = outcome.development_line
left join budget
    on report.period_month = budget.period_month and report.line = budget.development_line
where
    abs(report.outcome_ytd_tkr - coalesce(outcome.outcome_ytd_tkr, 0)) > 0.00001
    or abs(report.outcome_previous_year_ytd_tkr - coalesce(outcome.outcome_previous_year_ytd_tkr, 0)) > 0.00001
    or abs(report.budget_ytd_tkr - coalesce(budget.budget_ytd_tkr, 0)) > 0.00001
