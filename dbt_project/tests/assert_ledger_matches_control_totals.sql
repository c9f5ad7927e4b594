{{ config(meta={'dagster': {'ref': {'name': 'fct_outcome'}}}) }}
-- Every current ledger file is summed whole: its rows and debits in the outcome equal the control
-- totals the loader counted in the file (raw.deliveries). Reads no ledger rows, so it costs the
-- same with 1 or 100 million of them.
with files as (
    select
        load_id,
        file_name,
        row_count,
        control_debit_sek
    from {{ ref('stg_raw__deliveries') }}
    where kind = 'ledger' and is_current
),

summed as (
    select
        load_id,
        sum(transaction_count) as row_count,
        sum(debit_sek) as debit_sek
    from {{ ref('int_ledger__monthly') }}
    group by 1
),

outcome as (
    select
        period_month,
        sum(transaction_count) as row_count,
        sum(debit_sek) as debit_sek
    from {{ ref('fct_outcome') }}
    group by 1
),

monthly as (
    select
        period_month,
        sum(transaction_count) as row_count,
        sum(debit_sek) as debit_sek
    from {{ ref('int_ledger__monthly') }}
    group by 1
)

select
    files.file_name,
    files.row_count,
    summed.row_count as summed_rows,
    files.control_debit_sek,
    summed.debit_sek as summed_debit_sek,
    null as period_month
from files
full outer join summed on files.load_id = summed.load_id
where summed.row_count is distinct from files.row_count
    or (
        files.control_debit_sek is not null
        and summed.debit_sek is distinct from files.control_debit_sek
    )
union all
-- and the outcome fact keeps every summed row (its join to the tree drops none)
select
    null as file_name,
    monthly.row_count,
    outcome.row_count as summed_rows,
    monthly.debit_sek as control_debit_sek,
    outcome.debit_sek as summed_debit_sek,
    monthly.period_month
from monthly
full outer join outcome on monthly.period_month = outcome.period_month
where outcome.row_count is distinct from monthly.row_count
    or outcome.debit_sek is distinct from monthly.debit_sek
