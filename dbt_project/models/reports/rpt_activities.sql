-- Activities (projects) that follow plan partly or not at all, as of each closed month's latest
-- register snapshot; empty comments and end dates passed without the project being finished
-- are called out as the published report does.
with periods as (
    select period_month, last_day from {{ ref('dim_period') }} where is_closed
),

status_history as (
    select * from {{ ref('fct_project_status') }}
),

snapshot_for_period as (
    select periods.period_month, periods.last_day, max(status_history.snapshot_date) as snapshot_date
    from periods
    inner join status_history on status_history.snapshot_date <= periods.last_day
    group by 1, 2
)

select
    md5(concat_ws('|', snapshot_for_period.period_month, status_history.project_id))
        as activity_key,
    snapshot_for_period.period_month,
    snapshot_for_period.snapshot_date,
    status_history.verksamhetsuppdrag_number,
    status_history.verksamhetsuppdrag_name,
    status_history.status,
    status_history.project_id,
    status_history.project_name,
    status_history.end_date,
    coalesce(nullif(trim(status_history.comment), ''), 'Kommentar saknas') as comment,
    coalesce(status_history.end_date < snapshot_for_period.last_day, false) as is_delayed,
    case
        when status_history.end_date < snapshot_for_period.last_day then 'Försenat slutdatum'
    end as remark
from snapshot_for_period
inner join status_history on status_history.snapshot_date = snapshot_for_period.snapshot_date
where status_history.status in ('Följer delvis plan', 'Följer inte plan')
