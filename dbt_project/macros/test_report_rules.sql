{#
  Generic tests of the sheet-shaped report models (every total is the sum of its lines, every
  computed column is computed), so a new sheet gets them with one line of YAML.
#}

{#
  Row rules: `checks` like "deviation_tkr = budget_tkr - forecast_tkr" (equal within
  `tolerance`) or any boolean expression ("month <= period_month"); returns the rows that break one.
#}
{% test row_checks(model, checks, tolerance=0.00000001) %}
select *
from {{ model }}
where
    {% for check in checks -%}
        {%- if ' = ' in check -%}
            {%- set sides = check.split(' = ') -%}
            abs(({{ sides[0] }}) - ({{ sides[1] }})) > {{ tolerance }}
        {%- else -%}
            not ({{ check }})
        {%- endif %}
        {% if not loop.last %} or {% endif %}
    {%- endfor %}
{% endtest %}

{#
  A layout table's total rows (row_kind 'summa') equal the sum of the lines they cover
  (int_report__total_lines), plus the "Okänt uppdrag" lines for a grand total.
#}
{% test layout_totals_equal_sum_of_lines(model, columns, table_column='table_name', tolerance=0.00000001) %}
with report as (
    select *, {{ table_column }} as layout_table from {{ model }}
),

covered as (
    select table_name, total_key, line_key from {{ ref('int_report__total_lines') }}
),

grand_totals as (
    select table_name, row_key from {{ ref('int_report__rows') }} where is_grand_total
),

line_sums as (
    select
        report.period_month,
        covered.table_name,
        covered.total_key,
        {% for column in columns -%}
            sum(report.{{ column }}) as {{ column }}{{ ',' if not loop.last }}
        {% endfor %}
    from covered
    inner join report
        on covered.table_name = report.layout_table and covered.line_key = report.row_key
    group by report.period_month, covered.table_name, covered.total_key
),

unknown_sums as (
    -- each "Okänt uppdrag" line counts in the grand total it stands above
    select
        report.period_month,
        report.layout_table,
        period_rows.grand_total_key,
        {% for column in columns -%}
            sum(report.{{ column }}) as {{ column }}{{ ',' if not loop.last }}
        {% endfor %}
    from report
    inner join {{ ref('int_report__period_rows') }} as period_rows
        on report.period_month = period_rows.period_month
        and report.layout_table = period_rows.table_name
        and report.row_key = period_rows.row_key
    where report.row_kind = 'unknown'
    group by report.period_month, report.layout_table, period_rows.grand_total_key
)

select totals.*
from report as totals
left join grand_totals
    on totals.layout_table = grand_totals.table_name and totals.row_key = grand_totals.row_key
left join line_sums
    on totals.period_month = line_sums.period_month
    and totals.layout_table = line_sums.table_name
    and totals.row_key = line_sums.total_key
left join unknown_sums
    on totals.period_month = unknown_sums.period_month
    and totals.layout_table = unknown_sums.layout_table
    and totals.row_key = unknown_sums.grand_total_key
where
    totals.row_kind = 'summa'
    and (
        {% for column in columns -%}
            abs(totals.{{ column }} - coalesce(line_sums.{{ column }}, 0)
                - coalesce(unknown_sums.{{ column }}, 0)) > {{ tolerance }}
            {% if not loop.last %} or {% endif %}
        {%- endfor %}
    )
{% endtest %}

{# Within each partition, the total rows (is_total) equal the sum of the other rows. #}
{% test totals_equal_sum_of_lines(model, columns, partition_by, tolerance=0.00001) %}
with lines as (
    select
        {{ partition_by | join(', ') }},
        {% for column in columns -%}
            sum({{ column }}) as {{ column }}{{ ',' if not loop.last }}
        {% endfor %}
    from {{ model }}
    where not is_total
    group by {{ partition_by | join(', ') }}
)

select totals.*
from {{ model }} as totals
left join lines
    on {% for key in partition_by -%}
        totals.{{ key }} is not distinct from lines.{{ key }}{{ ' and ' if not loop.last }}
    {%- endfor %}
where
    totals.is_total
    and (
        {% for column in columns -%}
            abs(totals.{{ column }} - coalesce(lines.{{ column }}, 0)) > {{ tolerance }}
            {% if not loop.last %} or {% endif %}
        {%- endfor %}
    )
{% endtest %}

{# Every value of the column is in one list of the value_lists seed. #}
{% test in_value_list(model, column_name, list_name) %}
select {{ column_name }}
from {{ model }}
where
    {{ column_name }} is not null
    and {{ column_name }} not in (
        select value from {{ ref('value_lists') }} where list_name = '{{ list_name }}'
    )
{% endtest %}
