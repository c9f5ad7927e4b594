-- Booked outcome: month x leaf uppdrag x account x ansvar x project, all accounts.
-- Rows on uppdrag codes outside the tree are kept (is_known_uppdrag = false) so totals equal the
-- ledger; known-ness is decided here, against the current tree, not when the month was summed.
with leaves as (
    select uppdrag_code from {{ ref('int_uppdrag__tree') }} where is_leaf
)

select
    md5(concat_ws('|', monthly.period_month, coalesce(monthly.uppdrag_code, ''), monthly.account,
        coalesce(monthly.ansvar, ''), coalesce(monthly.project_id, ''))) as outcome_key,
    monthly.period_month,
    monthly.uppdrag_code,
    monthly.account,
    monthly.ansvar,
    monthly.project_id,
    leaves.uppdrag_code is not null as is_known_uppdrag,
    monthly.is_result_account,
    monthly.amount_sek,
    monthly.result_sek,
    monthly.debit_sek,
    monthly.transaction_count
from {{ ref('int_ledger__monthly') }} as monthly
left join leaves on leaves.uppdrag_code = monthly.uppdrag_code
