-- Prognos and Resultaträkning of the tertial and annual reports: every report row per closed
-- month, mnkr, report sign, unrounded.
with rows as (
    select * from {{ ref('fct_report_row_figures') }}
),

occasions as (
    select
        period_month,
        max(forecast_occasion_month) as forecast_occasion_month,
        max(previous_forecast_occasion_month) as previous_forecast_occasion_month
    from {{ ref('fct_result_ytd') }}
    group by 1
)

select
    rows.report_row_key,
    rows.period_month,
    rows.table_name,
    rows.table_order,
    rows.row_key,
    rows.label,
    rows.row_kind,
    rows.is_total,
    occasions.forecast_occasion_month,
    occasions.previous_forecast_occasion_month,
    {{ sek_to_mnkr('rows.forecast_year_sek') }} as forecast_year_mnkr,
    {{ sek_to_mnkr('rows.budget_year_sek') }} as budget_year_mnkr,
    {{ sek_to_mnkr('rows.forecast_year_sek - rows.budget_year_sek') }} as forecast_deviation_mnkr,
    -- a budget that prints as 0,0 mnkr counts as zero (no percentage of a rounding residue)
    case
        when abs(rows.budget_year_sek) >= {{ var('zero_budget_sek') }}
            then {{ percent_of('rows.forecast_year_sek - rows.budget_year_sek', 'rows.budget_year_sek') }}
        when rows.is_total
            and abs(coalesce(rows.negative_line_budget_year_sek, 0)) >= {{ var('zero_budget_sek') }}
            then {{ percent_of('rows.forecast_year_sek - rows.budget_year_sek',
                               'rows.negative_line_budget_year_sek') }}
    end as forecast_deviation_percent,
    {{ sek_to_mnkr('rows.forecast_year_sek - rows.previous_forecast_year_sek') }}
        as forecast_change_mnkr,
    {{ sek_to_mnkr('rows.outcome_previous_year_ytd_sek') }} as outcome_previous_year_ytd_mnkr,
    {{ sek_to_mnkr('rows.outcome_ytd_sek') }} as outcome_ytd_mnkr,
    {{ sek_to_mnkr('rows.budget_ytd_sek') }} as budget_ytd_mnkr,
    {{ sek_to_mnkr('rows.outcome_ytd_sek - rows.budget_ytd_sek') }} as deviation_ytd_mnkr
from rows
left join occasions on occasions.period_month = rows.period_month
