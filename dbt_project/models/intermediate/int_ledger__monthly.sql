{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='period_month',
) }}
-- The only model that reads every ledger row: sums per month, uppdrag, account, ansvar and
-- project. Incremental: a run adds the months whose current delivery it has not summed yet (a new
-- month, or a re-delivered one, which replaces the month whole); other months are not read.
select
    period_month,
    load_id,
    uppdrag_code,
    account,
    ansvar,
    project_id,
    is_result_account,
    sum(amount_sek) as amount_sek,
    sum(result_sek) as result_sek,
    sum(debit_sek) as debit_sek,
    count(*) as transaction_count
from {{ ref('int_ledger__signed') }}
{% if is_incremental() %}
    where load_id not in (select distinct load_id from {{ this }})
{% endif %}
group by all
