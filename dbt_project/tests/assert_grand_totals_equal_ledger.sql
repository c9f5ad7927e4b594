{{ config(meta={'dagster': {'ref': {'name': 'rpt_monthly_result'}}}) }}
-- A grand total's YTD result equals the ledger's result accounts for the year to date (the
-- outcome fact, which assert_ledger_matches_control_totals ties to the files row by row).
with monthly as (
    select period_month, sum(result_sek) as result_sek
    from {{ ref('fct_outcome') }}
    where is_result_account
    group by 1
),

ledger as (
    select periods.period_month, sum(monthly.result_sek) / 1000000.0 as result_mnkr
    from {{ ref('dim_period') }} as periods
    inner join monthly
        on year(monthly.period_month) = periods.period_year
        and monthly.period_month <= periods.period_month
    where periods.is_closed
    group by 1
)

select report.period_month, report.table_name, report.outcome_ytd_mnkr, ledger.result_mnkr
from {{ ref('rpt_monthly_result') }} as report
inner join {{ ref('int_report__rows') }} as rows
    on rows.table_name = report.table_name and rows.row_key = report.row_key
inner join ledger on ledger.period_month = report.period_month
where rows.is_grand_total
    and abs(report.outcome_ytd_mnkr - ledger.result_mnkr) > 0.00000001
