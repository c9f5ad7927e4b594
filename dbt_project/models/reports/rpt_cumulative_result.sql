-- Cumulative outcome and budget of the whole area by month, for the chart of the tertial and
-- annual reports: for each closed month, every month of its year up to it.
with totals as (
    select period_month, sum(outcome_ytd_sek) as outcome_ytd_sek, sum(budget_ytd_sek) as budget_ytd_sek
    from {{ ref('fct_result_ytd') }}
    group by 1
)

select
    md5(concat_ws('|', report.period_month, month.period_month)) as cumulative_key,
    report.period_month as report_period_month,
    month.period_month,
    {{ sek_to_mnkr('month.outcome_ytd_sek') }} as outcome_ytd_mnkr,
    {{ sek_to_mnkr('month.budget_ytd_sek') }} as budget_ytd_mnkr
from totals as report
inner join totals as month
    on year(month.period_month) = year(report.period_month)
    and month.period_month <= report.period_month
