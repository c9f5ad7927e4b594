{#
  The only engine-specific SQL of the project: each macro is dispatched (`default__` is DuckDB's
  form); models call the macro, never the engine's function.
#}

{# 'YYYY-MM' of a date. #}
{% macro month_key(date_expression) -%}
    {{ return(adapter.dispatch('month_key')(date_expression)) }}
{%- endmacro %}

{% macro default__month_key(date_expression) -%}
    strftime({{ date_expression }}, '%Y-%m')
{%- endmacro %}

{# Values joined by a separator (an SQL expression, e.g. '+' quoted) in a given order. #}
{% macro string_agg_ordered(expression, separator, order_by) -%}
    {{ return(adapter.dispatch('string_agg_ordered')(expression, separator, order_by)) }}
{%- endmacro %}

{% macro default__string_agg_ordered(expression, separator, order_by) -%}
    string_agg({{ expression }}, {{ separator }} order by {{ order_by }})
{%- endmacro %}

{#
  One row per part of a separated string: selects `columns` of `relation` and each trimmed part
  of `column` as `token`.
#}
{% macro split_into_rows(relation, columns, column, separator) -%}
    {{ return(adapter.dispatch('split_into_rows')(relation, columns, column, separator)) }}
{%- endmacro %}

{% macro default__split_into_rows(relation, columns, column, separator) -%}
    select {{ columns | join(', ') }}, trim(part.token) as token
    from {{ relation }},
        unnest(string_split({{ column }}, '{{ separator }}')) as part (token)
{%- endmacro %}

{# A whole number with a space between thousands: 18900000 -> '18 900 000'. #}
{% macro thousands_spaced(number) -%}
    {{ return(adapter.dispatch('thousands_spaced')(number)) }}
{%- endmacro %}

{% macro default__thousands_spaced(number) -%}
    replace(format('{:,}', cast(round_even({{ number }}, 0) as bigint)), ',', ' ')
{%- endmacro %}

{# Spark's forms (dbt-spark; checked on Spark 4.0 in session mode). #}
{% macro spark__month_key(date_expression) -%}
    date_format({{ date_expression }}, 'yyyy-MM')
{%- endmacro %}

{% macro spark__string_agg_ordered(expression, separator, order_by) -%}
    array_join(transform(array_sort(collect_list(named_struct(
        'k', {{ order_by }}, 'v', {{ expression }}))), x -> x.v), {{ separator }})
{%- endmacro %}

{% macro spark__split_into_rows(relation, columns, column, separator) -%}
    select {{ columns | join(', ') }}, trim(part.token) as token
    from {{ relation }}
    lateral view explode(split({{ column }}, '\\Q{{ separator }}\\E')) part as token
{%- endmacro %}

{% macro spark__thousands_spaced(number) -%}
    replace(format_number(cast(bround({{ number }}, 0) as bigint), 0), ',', ' ')
{%- endmacro %}
