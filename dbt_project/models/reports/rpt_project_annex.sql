-- Projektbilaga: every project of the register snapshot in force at each closed month's end,
-- with its booked outcome to date (ledger result accounts with the project in Projekt,
-- ledger sign: spend positive).
with periods as (
    select period_month, last_day from {{ ref('dim_period') }} where is_closed
),

status_history as (
    select * from {{ ref('fct_project_status') }}
),

snapshot_in_force as (
    select periods.period_month, periods.last_day, max(status_history.snapshot_date) as snapshot_date
    from periods
    inner join status_history on status_history.snapshot_date <= periods.last_day
    group by 1, 2
),

booked as (
    select periods.period_month, outcome.project_id, sum(outcome.amount_sek) as booked_sek
    from periods
    inner join {{ ref('fct_outcome') }} as outcome on outcome.period_month <= periods.period_month
    where outcome.is_result_account and outcome.project_id is not null
    group by all
)

select
    md5(concat_ws('|', snapshot_in_force.period_month, status_history.project_id))
        as annex_row_key,
    snapshot_in_force.period_month,
    snapshot_in_force.snapshot_date,
    status_history.verksamhetsuppdrag_number,
    status_history.verksamhetsuppdrag_name,
    status_history.project_id,
    status_history.project_name,
    status_history.status,
    status_history.end_date,
    status_history.owner_name,
    status_history.rh_medel_sek,
    status_history.description,
    status_history.comment,
    coalesce(booked.booked_sek, 0) as booked_sek
from snapshot_in_force
inner join status_history on status_history.snapshot_date = snapshot_in_force.snapshot_date
left join booked
    on booked.period_month = snapshot_in_force.period_month
    and booked.project_id = status_history.project_id
