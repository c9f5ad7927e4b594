-- Investment budget and forecast per occasion and object, tkr, positive spend.
select
    md5(concat_ws('|', occasion_month, object_id)) as investment_plan_key,
    occasion_month,
    object_id,
    object_name,
    asset_class,
    annual_budget_tkr,
    annual_forecast_tkr
from {{ ref('stg_investments__investments') }}
