with source as (
    select * from {{ source('raw', 'current_investments') }}
),

renamed as (
    select
        {{ key_to_month('_file_key') }} as occasion_month,
        trim(objekt) as object_id,
        benamning as object_name,
        tillgangsslag as asset_class,
        arsbudget_tkr as annual_budget_tkr,
        arsprognos_tkr as annual_forecast_tkr
    from source
)

select * from renamed
