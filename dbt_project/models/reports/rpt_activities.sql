-- Aktiviteter: the projects that follow plan partly or not at all (the activity_status list of
-- the value_lists seed, in its order) in the register snapshot in force at each closed month's
-- end; an empty comment reads "Kommentar saknas", an end date passed without the project being
-- finished "Försenat slutdatum", as the published report does.
with projects as (
    select * from {{ ref('fct_project_in_force') }}
),

reported as (
    select
        value as status,
        sort_order
    from {{ ref('value_lists') }}
    where list_name = 'activity_status'
),

symbols as (
    select
        value as status,
        symbol
    from {{ ref('value_lists') }}
    where list_name = 'project_status'
)

select
    md5(concat_ws('|', projects.period_month, projects.project_id)) as activity_key,
    projects.period_month,
    cast(row_number() over (
        partition by projects.period_month
        order by projects.verksamhetsuppdrag_number, reported.sort_order, projects.project_name
    ) as integer) as row_order,
    projects.snapshot_date,
    projects.project_id,
    cast(projects.verksamhetsuppdrag_number as string) || ' ' || projects.verksamhetsuppdrag_name
        as commitment,
    false as is_total,
    symbols.symbol || ' ' || projects.status as status,
    projects.project_name,
    projects.end_date,
    coalesce(nullif(trim(projects.comment), ''), 'Kommentar saknas') as comment,
    case when projects.end_date < projects.last_day then 'Försenat slutdatum' end as remark
from projects
inner join reported on projects.status = reported.status
inner join symbols on projects.status = symbols.status
