-- Investment budget and forecast per occasion and object, tkr, positive spend.
select
    occasion_month,
    object_id,
    object_name,
    asset_class,
    annual_budget_tkr,
    annual_forecast_tkr,
    md5(concat_ws('|', occasion_month, object_id)) as investment_plan_key
from {{ ref('stg_investments__investments') }}
