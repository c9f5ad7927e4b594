-- Goal fulfilment history: one row per verksamhetsuppdrag and business plan snapshot, with the
-- owner's forecast (Uppfylls, Uppfylls delvis, Uppfylls inte), its symbol and comment.
with plan as (
    select * from {{ ref('stg_registers__business_plan') }}
),

symbols as (
    select
        value as goal_forecast,
        symbol,
        sort_order
    from {{ ref('value_lists') }}
    where list_name = 'goal_fulfilment'
)

select
    md5(concat_ws('|', plan.snapshot_date, plan.verksamhetsuppdrag_number)) as goal_key,
    plan.snapshot_date,
    plan.verksamhetsuppdrag_number,
    plan.verksamhetsuppdrag_name,
    plan.area,
    plan.focus_area,
    plan.sort_order,
    plan.file_line,
    plan.goal_forecast,
    symbols.symbol as goal_symbol,
    plan.comment
from plan
inner join symbols on plan.goal_forecast = symbols.goal_forecast
