-- Project status history: one row per project and register snapshot.
select
    md5(concat_ws('|', snapshot_date, project_id)) as project_status_key,
    snapshot_date,
    project_id,
    project_name,
    verksamhetsuppdrag_number,
    verksamhetsuppdrag_name,
    status,
    owner_name,
    description,
    start_date,
    end_date,
    rh_medel_sek,
    comment
from {{ ref('stg_registers__projects') }}
