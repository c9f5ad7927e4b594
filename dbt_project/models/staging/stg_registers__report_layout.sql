with source as (
    select * from {{ source('raw', 'current_report_layout') }}
),

renamed as (
    select
        _line as file_line,
        tabell as table_name,
        rad as row_number,
        etikett as label,
        omfattar as covers,
        lower(typ) as row_type
    from source
)

select * from renamed
