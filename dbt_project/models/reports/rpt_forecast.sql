-- Prognos (tertial and annual reports): the layout's first table with the full-year forecast in
-- force against the annual budget, and its change since the previous forecast occasion.
with report_rows as (
    select * from {{ ref('fct_report_row_figures') }}
    where is_first_table
),

occasions as (
    select
        period_month,
        max(forecast_occasion_month) as occasion_month,
        max(previous_forecast_occasion_month) as previous_occasion_month
    from {{ ref('fct_result_ytd') }}
    group by period_month
)

select
    report_rows.report_row_key,
    report_rows.period_month,
    cast(row_number() over (
        partition by report_rows.period_month order by report_rows.row_key
    ) as integer) as row_order,
    report_rows.table_name,
    report_rows.row_key,
    report_rows.row_kind,
    coalesce({{ month_key('occasions.occasion_month') }}, 'saknas (årsbudget)')
        as forecast_occasion,
    coalesce({{ month_key('occasions.previous_occasion_month') }}, 'årsbudget') as compared_with,
    report_rows.label,
    report_rows.is_total,
    {{ sek_to_mnkr('report_rows.forecast_year_sek') }} as forecast_year_mnkr,
    {{ sek_to_mnkr('report_rows.budget_year_sek') }} as budget_year_mnkr,
    {{ sek_to_mnkr(deviation('report_rows.forecast_year_sek', 'report_rows.budget_year_sek')) }}
        as forecast_deviation_mnkr,
    -- a total's budget nets revenue against cost: its percent is of the budgeted net cost (the
    -- sum of its lines' negative budgets); a budget that prints as 0,0 mnkr counts as zero
    case
        when
            report_rows.is_total
            and abs(coalesce(report_rows.negative_line_budget_year_sek, 0)) >= {{ var('zero_budget_sek') }}
            then {{ percent_of(deviation('report_rows.forecast_year_sek', 'report_rows.budget_year_sek'),
                               'report_rows.negative_line_budget_year_sek') }}
        when
            not report_rows.is_total
            and abs(report_rows.budget_year_sek) >= {{ var('zero_budget_sek') }}
            then {{ percent_of(deviation('report_rows.forecast_year_sek', 'report_rows.budget_year_sek'),
                               'report_rows.budget_year_sek') }}
    end as forecast_deviation_percent,
    {{ sek_to_mnkr('report_rows.forecast_year_sek - report_rows.previous_forecast_year_sek') }}
        as forecast_change_mnkr
from report_rows
left join occasions on report_rows.period_month = occasions.period_month
