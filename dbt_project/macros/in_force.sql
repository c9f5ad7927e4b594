{#
  For every closed month: the latest date in `relation`.`date_column` of the same year up to the
  month (the forecast occasion, investment file or hr file a report for that month uses).
#}
{% macro latest_of_year_up_to_period(relation, date_column) -%}
    select periods.period_month, max(dated.{{ date_column }}) as in_force_month
    from {{ ref('dim_period') }} as periods
    inner join (select distinct {{ date_column }} from {{ relation }}) as dated
        on year(dated.{{ date_column }}) = periods.period_year
        and dated.{{ date_column }} <= periods.period_month
    where periods.is_closed
    group by 1
{%- endmacro %}
