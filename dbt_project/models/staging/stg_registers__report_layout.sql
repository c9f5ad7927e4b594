with source as (
    {{ current_delivery('report_layout') }}
),

renamed as (
    select
        _line as file_line,
        tabell as table_name,
        rad as row_number,
        lower(typ) as row_type,
        etikett as label,
        omfattar as covers
    from source
)

select * from renamed
