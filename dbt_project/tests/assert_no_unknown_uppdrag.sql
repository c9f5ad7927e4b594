{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'fct_outcome'}}}) }}
-- Result rows on uppdrag codes outside the tree: reported on "Okänt uppdrag" lines, so totals
-- still equal the ledger; this warning names each code and its amount per month.
select
    period_month,
    uppdrag_code,
    sum(result_sek) as result_sek,
    sum(transaction_count) as rows
from {{ ref('fct_outcome') }}
where is_result_account and not is_known_uppdrag
group by 1, 2
