-- Booked outcome: month x leaf uppdrag x account x ansvar x project, all accounts, with the sign
-- rule applied (int_ledger__signed). Rows on uppdrag codes outside the tree are kept
-- (is_known_uppdrag = false) so totals equal the ledger.
select
    period_month,
    uppdrag_code,
    account,
    ansvar,
    project_id,
    is_known_uppdrag,
    is_result_account,
    amount_sek,
    result_sek,
    debit_sek,
    transaction_count,
    md5(concat_ws(
        '|', period_month, coalesce(uppdrag_code, ''), account,
        coalesce(ansvar, ''), coalesce(project_id, '')
    )) as outcome_key
from {{ ref('int_ledger__signed') }}
