-- The business plan's verksamhetsuppdrag as of their latest snapshot: number, name, Område
-- (the report chapter), Fokusområde and order.
with latest as (
    select
        *,
        row_number() over (
            partition by verksamhetsuppdrag_number order by snapshot_date desc
        ) as recency
    from {{ ref('fct_goal_fulfilment') }}
)

select
    verksamhetsuppdrag_number,
    verksamhetsuppdrag_name,
    area,
    focus_area,
    sort_order,
    snapshot_date as latest_snapshot_date
from latest
where recency = 1
