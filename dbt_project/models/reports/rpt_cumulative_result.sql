-- The chart sheet of the tertial and annual reports: cumulative outcome and budget of the whole
-- area by month, every month of the report's year up to it.
with totals as (
    select
        period_month,
        sum(outcome_ytd_sek) as outcome_ytd_sek,
        sum(budget_ytd_sek) as budget_ytd_sek
    from {{ ref('fct_result_ytd') }}
    group by period_month
)

select
    md5(concat_ws('|', report.period_month, months.period_month)) as cumulative_key,
    report.period_month,
    cast(months.period_month_number as integer) as row_order,
    months.period_month as month,
    months.month_abbreviation as label,
    false as is_total,
    {{ sek_to_mnkr('month_totals.outcome_ytd_sek') }} as outcome_ytd_mnkr,
    {{ sek_to_mnkr('month_totals.budget_ytd_sek') }} as budget_ytd_mnkr
from totals as report
inner join totals as month_totals
    on year(month_totals.period_month) = year(report.period_month)
        and report.period_month >= month_totals.period_month
inner join {{ ref('dim_period') }} as months on month_totals.period_month = months.period_month
