-- The monthly result tables, one row per closed month x layout table x report row, in mnkr,
-- report sign, unrounded: shaped exactly like the Excel sheets.
select
    report_row_key,
    cast(period_month as date) as period_month,
    cast(table_name as varchar) as table_name,
    cast(table_order as integer) as table_order,
    cast(row_key as bigint) as row_key,
    cast(label as varchar) as label,
    cast(row_kind as varchar) as row_kind,
    cast(is_total as boolean) as is_total,
    {{ sek_to_mnkr('outcome_ytd_sek') }} as outcome_ytd_mnkr,
    {{ sek_to_mnkr('budget_ytd_sek') }} as budget_ytd_mnkr,
    {{ sek_to_mnkr('outcome_ytd_sek - budget_ytd_sek') }} as deviation_ytd_mnkr,
    {{ sek_to_mnkr('budget_year_sek') }} as budget_year_mnkr,
    {{ sek_to_mnkr('forecast_year_sek') }} as forecast_year_mnkr,
    {{ sek_to_mnkr('forecast_year_sek - budget_year_sek') }} as forecast_deviation_mnkr
from {{ ref('fct_report_row_figures') }}
