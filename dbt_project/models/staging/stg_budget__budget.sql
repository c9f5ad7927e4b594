with source as (
    select * from {{ source('raw', 'current_budget') }}
),

renamed as (
    select
        _load_id as load_id,
        _line as file_line,
        ar as budget_year,
        konto as account,
        m01,
        m02,
        m03,
        m04,
        m05,
        m06,
        m07,
        m08,
        m09,
        m10,
        m11,
        m12,
        trim(uppdrag) as uppdrag_code
    from source
)

select * from renamed
