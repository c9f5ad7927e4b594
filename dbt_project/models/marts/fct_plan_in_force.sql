-- The business plan snapshot in force at each closed month's end (the latest dated on or before
-- it), one row per verksamhetsuppdrag, with its place in the report: Område and Fokusområde in
-- the order the plan lists them, the uppdrag by Sortering, then number.
with periods as (
    select
        period_month,
        last_day
    from {{ ref('int_period__months') }}
    where is_closed
),

goals as (
    select * from {{ ref('fct_goal_fulfilment') }}
),

in_force as (
    select
        periods.period_month,
        max(goals.snapshot_date) as snapshot_date
    from periods
    inner join goals on periods.last_day >= goals.snapshot_date
    group by periods.period_month
),

rows_in_force as (
    select
        in_force.period_month,
        goals.*
    from in_force
    inner join goals on in_force.snapshot_date = goals.snapshot_date
)

select
    md5(concat_ws('|', period_month, verksamhetsuppdrag_number)) as plan_in_force_key,
    period_month,
    snapshot_date,
    verksamhetsuppdrag_number,
    verksamhetsuppdrag_name,
    area,
    focus_area,
    goal_forecast,
    goal_symbol,
    comment,
    dense_rank() over (partition by period_month order by area_line, area) as area_order,
    dense_rank() over (
        partition by period_month, area order by focus_line, coalesce(focus_area, '')
    ) as focus_order,
    row_number() over (
        partition by period_month, area, focus_area
        order by coalesce(sort_order, 2147483647), verksamhetsuppdrag_number
    ) as uppdrag_order
from (
    select
        *,
        min(file_line) over (partition by period_month, area) as area_line,
        min(file_line) over (partition by period_month, area, focus_area) as focus_line
    from rows_in_force
) as placed
