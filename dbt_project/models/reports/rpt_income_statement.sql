-- Resultaträkning (tertial and annual reports): the layout's first table, accumulated result
-- against the same months of last year and the budget, mnkr.
select
    report_row_key,
    period_month,
    cast(row_number() over (partition by period_month order by row_key) as integer) as row_order,
    table_name,
    row_key,
    row_kind,
    label,
    is_total,
    {{ sek_to_mnkr('outcome_previous_year_ytd_sek') }} as outcome_previous_year_ytd_mnkr,
    {{ sek_to_mnkr('outcome_ytd_sek') }} as outcome_ytd_mnkr,
    {{ sek_to_mnkr('budget_ytd_sek') }} as budget_ytd_mnkr,
    {{ sek_to_mnkr(deviation('outcome_ytd_sek', 'budget_ytd_sek')) }} as deviation_ytd_mnkr,
    {{ sek_to_mnkr(deviation('forecast_year_sek', 'budget_year_sek')) }} as forecast_deviation_mnkr
from {{ ref('fct_report_row_figures') }}
where is_first_table
