{#
  The "in force" rule of dated deliveries: for every month, the latest date in
  `relation`.`date_column` of the same year up to the month (the forecast occasion, investment
  file or hr file a report for that month uses). `periods` is the calendar to use (default
  dim_period, closed months only).
#}
{% macro latest_of_year_up_to_period(relation, date_column, periods=none, closed_only=true) -%}
    {%- set calendar = periods if periods is not none else ref('dim_period') -%}
    select periods.period_month, max(dated.{{ date_column }}) as in_force_month
    from {{ calendar }} as periods
    inner join (select distinct {{ date_column }} from {{ relation }}) as dated
        on year(dated.{{ date_column }}) = periods.period_year
        and dated.{{ date_column }} <= periods.period_month
    {% if closed_only -%} where periods.is_closed {%- endif %}
    group by periods.period_month
{%- endmacro %}

{# The load_ids of `kind` that raw.deliveries marks current: a query, for `in (...)`. #}
{% macro current_load_ids(kind) -%}
    select load_id from {{ ref('stg_raw__deliveries') }}
    where kind = '{{ kind }}' and is_current
{%- endmacro %}
