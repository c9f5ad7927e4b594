with source as (
    select * from {{ source('raw', 'current_hr') }}
),

renamed as (
    select
        {{ key_to_month('_file_key') }} as period_month,
        indikator as indicator,
        utfall_procent as outcome_percent,
        malvarde_procent as target_percent
    from source
)

select * from renamed
