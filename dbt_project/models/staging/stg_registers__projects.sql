with source as (
    select * from {{ source('raw', 'current_projects') }}
),

renamed as (
    select
        {{ key_to_date('_file_key') }} as snapshot_date,
        trim(projekt_id) as project_id,
        projektnamn as project_name,
        uppdragsnr as verksamhetsuppdrag_number,
        verksamhetsuppdrag as verksamhetsuppdrag_name,
        agare as owner_name,
        agartyp as owner_type,
        rh_medel as rh_medel_sek,
        nullif(trim(finansierande_uppdrag), '') as funding_uppdrag_code,
        startdatum as start_date,
        slutdatum as end_date,
        status,
        diarienummer as diary_number,
        beskrivning as description,
        kommentar as comment
    from source
)

select * from renamed
