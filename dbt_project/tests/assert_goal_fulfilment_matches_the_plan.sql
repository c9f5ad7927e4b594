{{ config(meta={'dagster': {'ref': {'name': 'rpt_goal_fulfilment'}}}) }}
-- Måluppfyllelse shows the plan in force: per month and symbol, as many uppdrag in the summary
-- tables as the plan has, and every activity (project of an uppdrag in the plan) once.
with summary as (
    select
        period_month,
        detail as goal_symbol,
        count(*) as uppdrag
    from {{ ref('rpt_goal_fulfilment') }}
    where header_1 = ''
    group by period_month, detail
),

plan as (
    select
        period_month,
        goal_symbol,
        count(*) as uppdrag
    from {{ ref('fct_plan_in_force') }}
    group by period_month, goal_symbol
),

shown_activities as (
    select
        period_month,
        activity,
        count(*) as times
    from {{ ref('rpt_goal_fulfilment') }}
    where activity is not null
    group by period_month, activity
),

planned_activities as (
    select
        plan.period_month,
        count(*) as activities
    from {{ ref('fct_plan_in_force') }} as plan
    inner join {{ ref('fct_project_in_force') }} as projects
        on plan.period_month = projects.period_month
            and plan.verksamhetsuppdrag_number = projects.verksamhetsuppdrag_number
    group by plan.period_month
)

select
    coalesce(summary.period_month, plan.period_month) as period_month,
    'symbol count' as problem
from summary
full outer join plan
    on summary.period_month = plan.period_month and summary.goal_symbol = plan.goal_symbol
where summary.uppdrag is distinct from plan.uppdrag
union all
select
    shown.period_month,
    'activity count' as problem
from (
    select
        period_month,
        sum(times) as activities
    from shown_activities
    group by period_month
) as shown
full outer join planned_activities on shown.period_month = planned_activities.period_month
where shown.activities is distinct from planned_activities.activities
