-- Full-year forecast: forecast occasion x leaf uppdrag, after the carry-over rule.
select
    md5(concat_ws('|', occasion_month, uppdrag_code)) as forecast_key,
    occasion_month,
    uppdrag_code,
    forecast_sek,
    forecast_basis,
    source_occasion_month,
    comment
from {{ ref('int_forecast__carried_over') }}
