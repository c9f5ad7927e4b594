with source as (
    select * from {{ source('raw', 'current_forecast') }}
),

renamed as (
    select
        _load_id as load_id,
        _line as file_line,
        {{ key_to_month('_file_key') }} as occasion_month,
        trim(uppdrag) as uppdrag_code,
        arsprognos_tkr as forecast_tkr,
        kommentar as comment
    from source
)

select * from renamed
