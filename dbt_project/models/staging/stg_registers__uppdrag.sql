with source as (
    select * from {{ source('raw', 'current_uppdrag') }}
),

renamed as (
    select
        _line as file_line,
        benamning as label,
        sortering as sort_order,
        ansvarig as owner_person,
        avdelning as owner_unit,
        trim(uppdrag) as uppdrag_code,
        nullif(trim(foralder), '') as parent_code,
        nullif(trim(rapportgrupp), '') as report_group
    from source
)

select * from renamed
