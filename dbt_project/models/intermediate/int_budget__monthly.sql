-- The budget file's twelve month columns as rows, with the report sign applied.
with budget as (
    select
        budget_year,
        uppdrag_code,
        account,
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
        m12
    from {{ ref('stg_budget__budget') }}
),

unpivoted as (
    select * from budget
    unpivot (
        budget_ledger_sek for month_column in (m01, m02, m03, m04, m05, m06, m07, m08, m09, m10, m11, m12)
    )
)

select
    uppdrag_code,
    account,
    budget_ledger_sek,
    make_date(budget_year, cast(substr(month_column, 2) as integer), 1) as period_month,
    {{ to_report_sign('budget_ledger_sek') }} as budget_sek
from unpivoted
