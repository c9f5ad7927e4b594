-- Måluppfyllelse (tertial and annual reports, when a business plan snapshot is in force): per
-- Område first the summary "Uppdrag inom {Område}" | "Prognostiserad måluppfyllelse" (symbol),
-- then per Fokusområde the table Årsprognos (symbol) | Förvaltningens uppdrag | Kommentar |
-- Aktivitet with one row per activity (the uppdrag's projects in the register snapshot in force,
-- "{status symbol} {Projektnamn}"), the uppdrag's cells on its first row only; an uppdrag without
-- activities gets one row with an empty Aktivitet. Each table is a section with its own header.
with plan as (
    select * from {{ ref('fct_plan_in_force') }}
),

status_symbols as (
    select
        value as status,
        symbol
    from {{ ref('value_lists') }}
    where list_name = 'project_status'
),

activities as (
    select
        plan.period_month,
        plan.verksamhetsuppdrag_number,
        status_symbols.symbol || ' ' || projects.project_name as activity,
        row_number() over (
            partition by plan.period_month, plan.verksamhetsuppdrag_number
            order by projects.project_name, projects.project_id
        ) as activity_order
    from plan
    inner join {{ ref('fct_project_in_force') }} as projects
        on plan.period_month = projects.period_month
            and plan.verksamhetsuppdrag_number = projects.verksamhetsuppdrag_number
    inner join status_symbols on projects.status = status_symbols.status
),

summary_rows as (
    select
        period_month,
        area_order,
        0 as block_order,
        focus_order,
        uppdrag_order,
        0 as activity_order,
        area as section,
        '' as header_1,
        'Uppdrag inom ' || area as header_2,
        'Prognostiserad måluppfyllelse' as header_3,
        '' as header_4,
        cast(null as string) as label,
        verksamhetsuppdrag_name as uppdrag,
        goal_symbol as detail,
        cast(null as string) as activity
    from plan
),

focus_rows as (
    select
        plan.period_month,
        plan.area_order,
        1 as block_order,
        plan.focus_order,
        plan.uppdrag_order,
        coalesce(activities.activity_order, 1) as activity_order,
        coalesce(plan.focus_area, 'Övriga uppdrag inom ' || plan.area) as section,
        'Årsprognos' as header_1,
        'Förvaltningens uppdrag' as header_2,
        'Kommentar' as header_3,
        'Aktivitet' as header_4,
        case when coalesce(activities.activity_order, 1) = 1 then plan.goal_symbol end as label,
        case
            when coalesce(activities.activity_order, 1) = 1 then plan.verksamhetsuppdrag_name
        end as uppdrag,
        case when coalesce(activities.activity_order, 1) = 1 then plan.comment end as detail,
        activities.activity
    from plan
    left join activities
        on plan.period_month = activities.period_month
            and plan.verksamhetsuppdrag_number = activities.verksamhetsuppdrag_number
),

sheet_rows as (
    select * from summary_rows
    union all
    select * from focus_rows
)

select
    md5(concat_ws(
        '|', period_month, area_order, block_order, focus_order, uppdrag_order, activity_order
    )) as goal_row_key,
    period_month,
    section,
    cast(row_number() over (
        partition by period_month
        order by area_order, block_order, focus_order, uppdrag_order, activity_order
    ) as integer) as row_order,
    header_1,
    header_2,
    header_3,
    header_4,
    label,
    false as is_total,
    uppdrag,
    detail,
    activity
from sheet_rows
