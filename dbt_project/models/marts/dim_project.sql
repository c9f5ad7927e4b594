-- Projects as of their latest register snapshot, with their owner.
with snapshots as (
    select * from {{ ref('stg_registers__projects') }}
),

latest as (
    select
        *,
        row_number() over (partition by project_id order by snapshot_date desc) as recency
    from snapshots
),

first_seen as (
    select
        project_id,
        min(snapshot_date) as first_snapshot_date
    from snapshots
    group by 1
)

select
    latest.project_id,
    latest.project_name,
    latest.verksamhetsuppdrag_number,
    latest.verksamhetsuppdrag_name,
    latest.owner_name,
    latest.owner_type,
    latest.rh_medel_sek,
    latest.funding_uppdrag_code,
    latest.start_date,
    latest.end_date,
    latest.status as latest_status,
    latest.diary_number,
    latest.description,
    first_seen.first_snapshot_date,
    latest.snapshot_date as latest_snapshot_date,
    md5('projekt|' || latest.owner_name) as owner_key
from latest
inner join first_seen on latest.project_id = first_seen.project_id
where latest.recency = 1
