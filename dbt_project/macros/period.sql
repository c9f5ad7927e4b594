{# Period helpers: a period is the first day of its month (date). #}
{% macro yyyymm_to_month(yyyymm) -%}
    make_date(
        cast(floor(cast({{ yyyymm }} as integer) / 100) as integer),
        cast({{ yyyymm }} as integer) % 100,
        1
    )
{%- endmacro %}

{# A key from a file name (YYYY-MM); try_cast because a filter may be pushed below the join
   with raw.deliveries, where keys of other kinds (dates, register names) are not months. #}
{% macro key_to_month(key) -%}
    try_cast({{ key }} || '-01' as date)
{%- endmacro %}

{% macro key_to_date(key) -%}
    try_cast({{ key }} as date)
{%- endmacro %}
