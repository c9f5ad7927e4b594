with source as (
    select * from {{ source('raw', 'current_business_plan') }}
),

renamed as (
    select
        _line as file_line,
        {{ key_to_date('_file_key') }} as snapshot_date,
        uppdragsnr as verksamhetsuppdrag_number,
        verksamhetsuppdrag as verksamhetsuppdrag_name,
        trim(omrade) as area,
        nullif(trim(fokusomrade), '') as focus_area,
        sortering as sort_order,
        arsprognos as goal_forecast,
        kommentar as comment
    from source
)

select * from renamed
