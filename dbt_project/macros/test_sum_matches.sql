{#
  Generic reconciliation test: per group, `column_name` summed in the model equals the
  expression summed in another relation, within a tolerance (default one öre / 0.01 unit).
#}
{% test sum_matches(model, column_name, compare_model, compare_expression, group_by,
                    compare_group_by=none, tolerance=0.01) %}
with model_totals as (
    select {{ group_by }} as grouping_key, sum({{ column_name }}) as total
    from {{ model }} group by 1
),
compare_totals as (
    select {{ compare_group_by or group_by }} as grouping_key,
           sum({{ compare_expression }}) as total
    from {{ compare_model }} group by 1
)
select
    coalesce(m.grouping_key, c.grouping_key) as grouping_key,
    m.total as model_total,
    c.total as compare_total
from model_totals as m
full outer join compare_totals as c on m.grouping_key = c.grouping_key
where abs(coalesce(m.total, 0) - coalesce(c.total, 0)) > {{ tolerance }}
{% endtest %}
