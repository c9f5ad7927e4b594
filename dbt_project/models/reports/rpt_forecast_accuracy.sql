-- Prognossäkerhet (annual report): the layout's first table for the year, with the annual
-- budget, the year's outcome, and for every forecast occasion of the year (one pair of columns
-- per month that had one, in date order) the forecast in force and its deviation from the
-- outcome (outcome - forecast), mnkr. A month without an occasion has empty columns, which the
-- sheet leaves out.
with report_rows as (
    select * from {{ ref('int_report__period_rows') }}
    where is_first_table and month(period_month) = 12
),

members as (
    select * from {{ ref('int_report__period_row_leaves') }}
),

accuracy as (
    select * from {{ ref('fct_forecast_accuracy') }}
),

row_figures as (
    -- per row and occasion: the sums of its leaves
    select
        report_rows.period_month,
        report_rows.table_name,
        report_rows.row_key,
        accuracy.occasion_month,
        month(accuracy.occasion_month) as occasion_number,
        sum(accuracy.forecast_sek) as forecast_sek,
        sum(accuracy.deviation_sek) as deviation_sek,
        sum(accuracy.outcome_year_sek) as outcome_year_sek,
        sum(accuracy.budget_year_sek) as budget_year_sek
    from report_rows
    inner join members
        on report_rows.period_month = members.period_month
            and report_rows.table_name = members.table_name
            and report_rows.row_key = members.row_key
    inner join accuracy
        on year(report_rows.period_month) = accuracy.period_year
            and members.leaf_code = accuracy.uppdrag_code
    group by
        report_rows.period_month,
        report_rows.table_name,
        report_rows.row_key,
        accuracy.occasion_month
),

year_figures as (
    select
        period_month,
        table_name,
        row_key,
        max(outcome_year_sek) as outcome_year_sek,
        max(budget_year_sek) as budget_year_sek
    from row_figures
    group by period_month, table_name, row_key
)

select
    md5(concat_ws('|', report_rows.period_month, report_rows.table_name, report_rows.row_key))
        as accuracy_row_key,
    report_rows.period_month,
    cast(row_number() over (
        partition by report_rows.period_month order by report_rows.row_key
    ) as integer) as row_order,
    report_rows.table_name,
    report_rows.row_key,
    report_rows.row_kind,
    {% for month in range(1, 13) -%}
        max(case when row_figures.occasion_number = {{ month }}
                then {{ month_key('row_figures.occasion_month') }}
        end) as occasion_{{ '%02d' % month }},
    {% endfor -%}
    report_rows.label,
    report_rows.is_total,
    {{ sek_to_mnkr('year_figures.budget_year_sek') }} as budget_year_mnkr,
    -- a column pair per month, written by a loop
    -- noqa: disable=LT02
    {{ sek_to_mnkr('year_figures.outcome_year_sek') }} as outcome_year_mnkr
    {%- for month in range(1, 13) %},
    {{ sek_to_mnkr('max(case when row_figures.occasion_number = ' ~ month ~ ' then row_figures.forecast_sek end)') }}
        as forecast_{{ '%02d' % month }}_mnkr,
    {{ sek_to_mnkr('max(case when row_figures.occasion_number = ' ~ month ~ ' then row_figures.deviation_sek end)') }}
        as deviation_{{ '%02d' % month }}_mnkr
    {%- endfor %}
-- noqa: enable=LT02
from report_rows
left join year_figures
    on report_rows.period_month = year_figures.period_month
        and report_rows.table_name = year_figures.table_name
        and report_rows.row_key = year_figures.row_key
left join row_figures
    on report_rows.period_month = row_figures.period_month
        and report_rows.table_name = row_figures.table_name
        and report_rows.row_key = row_figures.row_key
group by
    report_rows.period_month,
    report_rows.table_name,
    report_rows.row_key,
    report_rows.row_kind,
    report_rows.label,
    report_rows.is_total,
    year_figures.budget_year_sek,
    year_figures.outcome_year_sek
