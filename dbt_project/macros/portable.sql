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

{#
  An incremental model that replaces whole months: its config. DuckDB deletes the months of
  the new rows and inserts them; Spark overwrites those partitions of a Parquet table.
#}
{% macro replace_by_month(column) -%}
    {{ return(adapter.dispatch('replace_by_month')(column)) }}
{%- endmacro %}

{% macro default__replace_by_month(column) -%}
    {{ return({'incremental_strategy': 'delete+insert', 'unique_key': column}) }}
{%- endmacro %}

{#
  The post-hook of an incremental model that keeps a load_id per row (int_ledger__monthly): the
  rows of `kind` loads no longer current go. The model rebuilds every month that holds such
  rows (see int_ledger__monthly), so what is left of them is in months without any current load.
#}
{% macro delete_retired_loads(kind) -%}
    {{ return(adapter.dispatch('delete_retired_loads')(kind)) }}
{%- endmacro %}

{% macro default__delete_retired_loads(kind) -%}
    delete from {{ this }} where load_id not in ({{ current_load_ids(kind) }})
{%- endmacro %}

{# Spark's forms (dbt-spark; checked on Spark 4.3 in session mode). #}
{% macro spark__replace_by_month(column) -%}
    {{ return({
        'incremental_strategy': 'insert_overwrite',
        'partition_by': [column],
        'file_format': 'parquet',
    }) }}
{%- endmacro %}

{#
  A Parquet table cannot delete rows: the months (partitions) still holding retired loads hold
  nothing else, so they are dropped. The statements run here; the hook itself is empty.
#}
{% macro spark__delete_retired_loads(kind) -%}
    {%- if execute -%}
        {%- set found = run_query(
            "select distinct cast(period_month as string) from " ~ this
            ~ " where load_id not in (" ~ current_load_ids(kind) ~ ")"
        ) -%}
        {%- for month in found.columns[0].values() -%}
            {%- do run_query(
                "alter table " ~ this ~ " drop if exists partition (period_month = '"
                ~ month ~ "')"
            ) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}

{#
  On-run-start: Spark reads the sources from the Parquet files the run published
  (orchestration/ingest/parquet.py), one folder per source table. DuckDB reads them in place.
#}
{% macro register_published_sources() -%}
    {{ return(adapter.dispatch('register_published_sources')()) }}
{%- endmacro %}

{% macro default__register_published_sources() -%}
{%- endmacro %}

{% macro spark__register_published_sources() -%}
    {%- if execute -%}
        {%- set root = env_var('TERTIAL_SPARK_DIR', '../warehouse/tertial.spark') ~ '/published' -%}
        {%- for source in graph.sources.values() -%}
            {%- do run_query('create database if not exists ' ~ source.schema) -%}
            {%- do run_query(
                'create or replace view ' ~ source.schema ~ '.' ~ source.identifier
                ~ ' as select * from parquet.`' ~ root ~ '/' ~ source.schema ~ '/'
                ~ source.identifier ~ '`'
            ) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
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

{#
  Seeds on Spark. dbt-spark's session mode binds a missing value as the text 'None' (so an empty
  symbol of the value_lists seed read 'None') and puts other values in quotes unescaped; the
  rows go in as literals instead, cast to the seed's column types as dbt-spark does.
#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set types = [] -%}
    {%- for name in agate_table.column_names -%}
        {%- do types.append(column_override.get(name, adapter.convert_type(agate_table, loop.index0))) -%}
    {%- endfor -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for value in row -%}
                    {%- if value is none -%} cast(null as {{ types[loop.index0] }})
                    {%- else -%} cast('{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}' as {{ types[loop.index0] }})
                    {%- endif -%}
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%})
                {%- if not loop.last %},{% endif %}
            {% endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.first -%}{%- do statements.append(sql) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(statements[0]) }}
{% endmacro %}
