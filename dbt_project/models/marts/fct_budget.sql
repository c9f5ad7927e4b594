-- Adopted budget: month x leaf uppdrag x account.
select
    md5(concat_ws('|', period_month, uppdrag_code, account)) as budget_key,
    period_month,
    uppdrag_code,
    account,
    sum(budget_ledger_sek) as budget_ledger_sek,
    sum(budget_sek) as budget_sek
from {{ ref('int_budget__monthly') }}
group by period_month, uppdrag_code, account
