-- The budget file's twelve month columns as rows, with the report sign applied.
with budget as (
    select * from {{ ref('stg_budget__budget') }}
),

unpivoted as (
    unpivot budget
    on m01, m02, m03, m04, m05, m06, m07, m08, m09, m10, m11, m12
    into name month_column value budget_ledger_sek
)

select
    make_date(budget_year, cast(substr(month_column, 2) as integer), 1) as period_month,
    uppdrag_code,
    account,
    budget_ledger_sek,
    {{ to_report_sign('budget_ledger_sek') }} as budget_sek
from unpivoted
