{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='period_month',
    on_schema_change='sync_all_columns',
    post_hook="{{ delete_retired_loads('ledger') }}",
) }}
-- depends_on: {{ ref('stg_raw__deliveries') }}
-- The only model that reads every ledger row: sums per month, uppdrag, account, ansvar and
-- project, in ledger sign (signs and account classes are applied to these sums, in
-- int_ledger__signed). Incremental: a run adds the months whose current delivery it has not
-- summed yet (a new month, or a re-delivered one, which replaces the month whole); other months
-- are not read. A load no longer current (a month an SIE re-delivery no longer holds, a CSV
-- month an SIE file took over) is deleted after the insert.
{%- set new_loads = [] -%}
{%- if is_incremental() and execute -%}
    {#- as literals, so DuckDB skips the other loads' rows in the raw scan (zone maps) -#}
    {%- set found = run_query(
        "select load_id from " ~ ref('stg_raw__deliveries')
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
    sum(amount_sek) as amount_sek,
    sum(greatest(amount_sek, 0)) as debit_sek,
    count(*) as transaction_count
from {{ ref('stg_ledger__transactions') }}
{% if is_incremental() %}
    where load_id in ({{ new_loads | join(', ') if new_loads else 'null' }})
{% endif %}
group by period_month, load_id, uppdrag_code, account, ansvar, project_id
