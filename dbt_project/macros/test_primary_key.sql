{#
  Primary key in one query (one node, one Dagster check, instead of unique + not_null):
  returns every null key and every key that occurs more than once.
#}
{% test primary_key(model, column_name) %}
select {{ column_name }} as key_value, count(*) as occurrences
from {{ model }}
group by 1
having {{ column_name }} is null or count(*) > 1
{% endtest %}
