{{ config(materialized="view") }}
-- Ledger rows with the sign rule applied: the only place a ledger amount becomes a result.
-- A view: the ledger is read once, by the incremental int_ledger__monthly.
with transactions as (
    select * from {{ ref('stg_ledger__transactions') }}
),

leaves as (
    select uppdrag_code from {{ ref('int_uppdrag__tree') }} where is_leaf
)

select
    -- a result row without uppdrag is reported like an unknown code, on its own line
    transactions.* replace (
        case
            when transactions.uppdrag_code is null
                and {{ is_result_account('transactions.account') }} then '(saknas)'
            else transactions.uppdrag_code
        end as uppdrag_code
    ),
    {{ is_result_account('transactions.account') }} as is_result_account,
    case
        when {{ is_result_account('transactions.account') }}
            then {{ to_report_sign('transactions.amount_sek') }}
    end as result_sek,
    greatest(transactions.amount_sek, 0) as debit_sek,
    leaves.uppdrag_code is not null as is_known_uppdrag
from transactions
left join leaves on leaves.uppdrag_code = transactions.uppdrag_code
