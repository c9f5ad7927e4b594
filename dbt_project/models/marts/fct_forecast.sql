-- Full-year forecast: forecast occasion x leaf uppdrag, after the carry-over rule
-- (int_forecast__in_force at the month of each occasion).
select
    in_force.occasion_month,
    in_force.uppdrag_code,
    in_force.forecast_sek,
    in_force.forecast_basis,
    in_force.source_occasion_month,
    in_force.comment,
    md5(concat_ws('|', in_force.occasion_month, in_force.uppdrag_code)) as forecast_key
from {{ ref('int_forecast__in_force') }} as in_force
where in_force.period_month = in_force.occasion_month
