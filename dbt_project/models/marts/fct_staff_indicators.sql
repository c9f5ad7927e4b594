-- Staff indicators per month (rolling 12 months, percent).
select
    md5(concat_ws('|', period_month, indicator)) as staff_indicator_key,
    period_month,
    indicator,
    outcome_percent,
    target_percent
from {{ ref('stg_hr__indicators') }}
