with source as (
    select * from {{ source('raw', 'current_ledger') }}
),

renamed as (
    select
        _load_id as load_id,
        _line as file_line,
        _file_name as file_name,
        {{ yyyymm_to_month('period') }} as period_month,
        verifikation as voucher_id,
        bokforingsdatum as booking_date,
        konto as account,
        nullif(trim(ansvar), '') as ansvar,
        nullif(trim(uppdrag), '') as uppdrag_code,
        nullif(trim(projekt), '') as project_id,
        nullif(trim(motpart), '') as counterparty,
        belopp as amount_sek,
        text as description
    from source
)

select * from renamed
