{# Period helpers: a period is the first day of its month (date). #}
{% macro yyyymm_to_month(yyyymm) -%}
    make_date(cast({{ yyyymm }} as integer) // 100, cast({{ yyyymm }} as integer) % 100, 1)
{%- endmacro %}

{% macro key_to_month(key) -%}
    cast(try_strptime({{ key }} || '-01', '%Y-%m-%d') as date)
{%- endmacro %}
