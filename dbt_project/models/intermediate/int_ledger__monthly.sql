{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='period_month',
) }}
-- The only model that reads every ledger row: sums per month, uppdrag, account, ansvar and
-- project. Incremental: a run adds the months whose current delivery it has not summed yet (a new
-- month, or a re-delivered one, which replaces the month whole); other months are not read.
{%- set new_loads = [] -%}
{%- if is_incremental() and execute -%}
    {#- as literals, so DuckDB skips the other loads' rows in the raw scan (zone maps) -#}
    {%- set found = run_query(
        "select load_id from " ~ source('raw', 'deliveries')
        ~ " where kind = 'ledger' and is_current and load_id not in"
        ~ " (select distinct load_id from " ~ this ~ ")"
    ) -%}
    {%- set new_loads = found.columns[0].values() | list -%}
{%- endif %}
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
    where load_id in ({{ new_loads | join(', ') if new_loads else 'null' }})
{% endif %}
group by all
