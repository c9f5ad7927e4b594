-- Every project of the register snapshot in force at each closed month's end (the latest
-- snapshot dated on or before it), with its booked outcome to date: ledger result rows with the
-- project in Projekt, all years up to the month, ledger sign (spend positive).
with periods as (
    select
        period_month,
        last_day
    from {{ ref('int_period__months') }}
    where is_closed
),

snapshots as (
    select * from {{ ref('stg_registers__projects') }}
),

snapshot_in_force as (
    select
        periods.period_month,
        periods.last_day,
        max(snapshots.snapshot_date) as snapshot_date
    from periods
    inner join snapshots on periods.last_day >= snapshots.snapshot_date
    group by periods.period_month, periods.last_day
),

booked as (
    select
        periods.period_month,
        outcome.project_id,
        sum(outcome.amount_sek) as booked_sek
    from periods
    inner join {{ ref('int_ledger__signed') }} as outcome
        on periods.period_month >= outcome.period_month
    where outcome.is_result_account and outcome.project_id is not null
    group by periods.period_month, outcome.project_id
)

select
    snapshot_in_force.period_month,
    snapshot_in_force.last_day,
    snapshot_in_force.snapshot_date,
    snapshots.verksamhetsuppdrag_number,
    snapshots.verksamhetsuppdrag_name,
    snapshots.project_id,
    snapshots.project_name,
    snapshots.status,
    snapshots.end_date,
    snapshots.owner_name,
    snapshots.rh_medel_sek,
    snapshots.description,
    snapshots.comment,
    md5(concat_ws('|', snapshot_in_force.period_month, snapshots.project_id))
        as project_in_force_key,
    coalesce(booked.booked_sek, 0) as booked_sek
from snapshot_in_force
inner join snapshots on snapshot_in_force.snapshot_date = snapshots.snapshot_date
left join booked
    on snapshot_in_force.period_month = booked.period_month
        and snapshots.project_id = booked.project_id
