{#
  Rows of the current delivery of each file of a raw table (a re-delivered file replaces the
  earlier one; older versions stay in raw). Adds the key from the file name (period, year, date); parse it with try_ functions, as
  filters may be pushed below the join.
#}
{% macro current_delivery(table) -%}
    {%- set src = source('raw', table) -%}
    select
        raw_rows.*,
        deliveries.file_key as _file_key,
        deliveries.file_name as _file_name
    from {{ src }} as raw_rows
    inner join {{ src.schema }}.deliveries as deliveries
        on deliveries.load_id = raw_rows._load_id
        and deliveries.is_current
        and deliveries.kind = '{{ table }}'
{%- endmacro %}
