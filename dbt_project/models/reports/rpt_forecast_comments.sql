-- Prognoskommentarer (tertial and annual reports): per line of the Prognos sheet, the forecast
-- deviation against the annual budget and the owners' comments from the forecasts in force, one
-- leaf a line in the cell ("{code}: {comment}"; a carried-over comment says which occasion it is
-- from), so finance can write the analysis of the forecast from one place.
with report_rows as (
    select * from {{ ref('fct_report_row_figures') }}
    where is_first_table
),

comments as (
    select
        period_month,
        table_name,
        row_key,
        {{ string_agg_ordered(
            "uppdrag_code || ': ' || comment || case when is_carried_over then ' (från prognosen "
            ~ "' || " ~ month_key('source_occasion_month') ~ " || ')' else '' end",
            'chr(10)',
            'uppdrag_code'
        ) }} as comments
    from {{ ref('fct_report_row_comments') }}
    group by period_month, table_name, row_key
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
    report_rows.label,
    report_rows.is_total,
    {{ sek_to_mnkr(deviation('report_rows.forecast_year_sek', 'report_rows.budget_year_sek')) }}
        as forecast_deviation_mnkr,
    comments.comments
from report_rows
left join comments
    on report_rows.period_month = comments.period_month
        and report_rows.table_name = comments.table_name
        and report_rows.row_key = comments.row_key
