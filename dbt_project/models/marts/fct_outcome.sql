-- Booked outcome: month x leaf uppdrag x account x ansvar x project, all accounts.
-- Rows on uppdrag codes outside the tree are kept (is_known_uppdrag = false) so totals equal the ledger.
select
    md5(concat_ws('|', period_month, coalesce(uppdrag_code, ''), account, coalesce(ansvar, ''),
        coalesce(project_id, ''))) as outcome_key,
    period_month,
    uppdrag_code,
    account,
    ansvar,
    project_id,
    is_known_uppdrag,
    is_result_account,
    sum(amount_sek) as amount_sek,
    sum(result_sek) as result_sek,
    sum(debit_sek) as debit_sek,
    count(*) as transaction_count
from {{ ref('int_ledger__signed') }}
group by all
