with source as (
    {{ current_delivery('uppdrag') }}
),

renamed as (
    select
        _line as file_line,
        trim(uppdrag) as uppdrag_code,
        benamning as label,
        nullif(trim(foralder), '') as parent_code,
        nullif(trim(rapportgrupp), '') as report_group,
        sortering as sort_order,
        ansvarig as owner_person,
        avdelning as owner_unit
    from source
)

select * from renamed
