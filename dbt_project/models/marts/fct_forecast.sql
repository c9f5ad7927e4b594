-- Full-year forecast: forecast occasion x leaf uppdrag, after the carry-over rule
-- (int_forecast__in_force at the month of each occasion).
select
    md5(concat_ws('|', in_force.occasion_month, in_force.uppdrag_code)) as forecast_key,
    in_force.occasion_month,
    in_force.uppdrag_code,
    in_force.forecast_sek,
    in_force.forecast_basis,
    in_force.source_occasion_month,
    -- the owner's comment at this occasion (a carried-over figure was not commented now)
    case when in_force.forecast_basis = 'delivered' then in_force.comment end as comment
from {{ ref('int_forecast__in_force') }} as in_force
where in_force.period_month = in_force.occasion_month
