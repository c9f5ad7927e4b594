-- Månadsuppföljning: one sheet per layout table, one row per report row of each closed month,
-- mnkr, report sign, unrounded.
select
    report_row_key,
    period_month,
    table_name as sheet_name,
    cast(row_number() over (
        partition by period_month order by table_order, table_name, row_key
    ) as integer) as row_order,
    row_key,
    row_kind,
    label,
    is_total,
    {{ sek_to_mnkr('outcome_ytd_sek') }} as outcome_ytd_mnkr,
    {{ sek_to_mnkr('budget_ytd_sek') }} as budget_ytd_mnkr,
    {{ sek_to_mnkr(deviation('outcome_ytd_sek', 'budget_ytd_sek')) }} as deviation_ytd_mnkr,
    {{ sek_to_mnkr('budget_year_sek') }} as budget_year_mnkr,
    {{ sek_to_mnkr('forecast_year_sek') }} as forecast_year_mnkr,
    {{ sek_to_mnkr(deviation('forecast_year_sek', 'budget_year_sek')) }} as forecast_deviation_mnkr
from {{ ref('fct_report_row_figures') }}
