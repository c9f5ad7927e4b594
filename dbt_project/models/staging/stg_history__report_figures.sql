with source as (
    select * from {{ source('history', 'report_figures') }}
),

renamed as (
    select
        run_id,
        cast(recorded_at as timestamp) as recorded_at,
        report,
        period_month,
        sheet,
        sheet_order,
        row_key,
        row_order,
        row_label,
        column_name,
        column_order,
        column_header,
        number_format,
        value
    from source
)

select * from renamed
