{{ config(meta={'dagster': {'ref': {'name': 'rpt_monthly_result'}}}) }}
-- Every total row of every report table equals the sum of the rows it covers (lines whose leaves
-- all lie within the total's leaves, plus unknown-code lines for a grand total), within 0.01 SEK.
with report as (
    select * from {{ ref('rpt_monthly_result') }}
),

rows as (
    select * from {{ ref('int_report__rows') }}
),

covered as (
    select table_name, total_key, line_key from {{ ref('int_report__total_lines') }}
),

line_sums as (
    select
        report.period_month,
        covered.table_name,
        covered.total_key,
        sum(report.outcome_ytd_mnkr) as outcome,
        sum(report.budget_ytd_mnkr) as budget,
        sum(report.budget_year_mnkr) as budget_year,
        sum(report.forecast_year_mnkr) as forecast
    from covered
    inner join report
        on report.table_name = covered.table_name and report.row_key = covered.line_key
    group by all
),

unknown_sums as (
    select report.period_month, report.table_name, sum(report.outcome_ytd_mnkr) as outcome
    from report
    where report.row_kind = 'unknown'
    group by all
)

select totals.*, line_sums.outcome as lines_outcome
from report as totals
inner join rows on rows.table_name = totals.table_name and rows.row_key = totals.row_key
left join line_sums
    on line_sums.period_month = totals.period_month
    and line_sums.table_name = totals.table_name
    and line_sums.total_key = totals.row_key
left join unknown_sums
    on unknown_sums.period_month = totals.period_month
    and unknown_sums.table_name = totals.table_name
    and rows.is_grand_total
where totals.row_kind = 'summa'
    and (
        abs(totals.outcome_ytd_mnkr
            - coalesce(line_sums.outcome, 0) - coalesce(unknown_sums.outcome, 0)) > 0.00000001
        or abs(totals.budget_ytd_mnkr - coalesce(line_sums.budget, 0)) > 0.00000001
        or abs(totals.budget_year_mnkr - coalesce(line_sums.budget_year, 0)) > 0.00000001
        or abs(totals.forecast_year_mnkr - coalesce(line_sums.forecast, 0)) > 0.00000001
    )
