{{ config(
    materialized='incremental',
    on_schema_change='sync_all_columns',
    post_hook="{{ delete_retired_loads('ledger') }}",
    **replace_by_month('period_month')
) }}
-- depends_on: {{ ref('stg_raw__deliveries') }}
-- The only model that reads every ledger row: sums per month, uppdrag, account, ansvar and
-- project, in ledger sign (signs and account classes are applied to these sums, in
-- int_ledger__signed). Incremental: a run adds the months whose current delivery it has not
-- summed yet (a new month, or a re-delivered one, which replaces the month whole) and the current
-- loads of months that still hold a load no longer current; other months are not read. What is
-- left of such a load (a month an SIE re-delivery no longer holds) goes in the post-hook.
{%- set loads = [] -%}
{%- if is_incremental() and execute -%}
    {#- as literals, so DuckDB skips the other loads' rows in the raw scan (zone maps) -#}
    {%- set current = current_load_ids('ledger') -%}
    {%- set found = run_query(
        "select load_id from (" ~ current ~ ") as current_loads"
        ~ " where load_id not in (select distinct load_id from " ~ this ~ ")"
        ~ " union select distinct load_id from " ~ this ~ " where load_id in (" ~ current ~ ")"
        ~ " and period_month in (select period_month from " ~ this
        ~ " where load_id not in (" ~ current ~ "))"
    ) -%}
    {%- set loads = found.columns[0].values() | list -%}
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
    where load_id in ({{ loads | join(', ') if loads else 'null' }})
{% endif %}
group by period_month, load_id, uppdrag_code, account, ansvar, project_id
