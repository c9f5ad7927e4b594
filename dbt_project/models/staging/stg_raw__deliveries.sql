with source as (
    select * from {{ source('raw', 'deliveries') }}
),

renamed as (
    select
        load_id,
        kind,
        delivery,
        file_name,
        file_key,
        content_hash,
        row_count,
        -- UTC without a zone; Spark reads the Parquet copy as timestamp_ntz
        cast(loaded_at as timestamp) as loaded_at,
        is_current,
        control_debit_sek
    from source
)

select * from renamed
