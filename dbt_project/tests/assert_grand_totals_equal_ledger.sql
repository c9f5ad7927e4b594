{{ config(meta={'dagster': {'ref': {'name': 'rpt_monthly_result'}}}) }}
-- A grand total's YTD result equals the ledger's result accounts for the year to date (the
-- outcome fact, which assert_ledger_matches_control_totals ties to the files row by row).
with monthly as (
    select
        period_month,
        sum(result_sek) as result_sek
    from {{ ref('fct_outcome') }}
    where is_result_account
    group by period_month
),

ledger as (
    select
        periods.period_month,
        {{ sek_to_mnkr("sum(monthly.result_sek)") }} as result_mnkr
    from {{ ref('dim_period') }} as periods
    inner join monthly
        on year(monthly.period_month) = periods.period_year
            and periods.period_month >= monthly.period_month
    where periods.is_closed
    group by periods.period_month
)

select
    report.period_month,
    report.sheet_name,
    report.outcome_ytd_mnkr,
    ledger.result_mnkr
from {{ ref('rpt_monthly_result') }} as report
inner join {{ ref('int_report__rows') }} as report_rows
    on report.sheet_name = report_rows.table_name and report.row_key = report_rows.row_key
inner join ledger on report.period_month = ledger.period_month
where
    report_rows.is_grand_total
    and abs(report.outcome_ytd_mnkr - ledger.result_mnkr) > 0.00000001
