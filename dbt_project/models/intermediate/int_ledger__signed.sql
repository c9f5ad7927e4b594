{{ config(materialized="view") }}
-- The sign rule, the only place a ledger amount becomes a result: result = -(ledger amount) on
-- the result accounts of the account_classes seed, applied to the monthly sums (no ledger row is
-- read here). A result row without uppdrag is reported like an unknown code, on its own line;
-- whether a code is a known leaf is decided here, against the current tree.
with monthly as (
    select * from {{ ref('int_ledger__monthly') }}
),

accounts as (
    select
        account,
        is_result_account
    from {{ ref('int_account__classified') }}
),

leaves as (
    select uppdrag_code from {{ ref('int_uppdrag__tree') }}
    where is_leaf
),

signed as (
    select
        monthly.period_month,
        monthly.load_id,
        case
            when monthly.uppdrag_code is null and accounts.is_result_account then '(saknas)'
            else monthly.uppdrag_code
        end as uppdrag_code,
        monthly.account,
        monthly.ansvar,
        monthly.project_id,
        accounts.is_result_account,
        monthly.amount_sek,
        case
            when accounts.is_result_account then {{ to_report_sign('monthly.amount_sek') }}
        end as result_sek,
        monthly.debit_sek,
        monthly.transaction_count
    from monthly
    inner join accounts on monthly.account = accounts.account
)

select
    signed.*,
    leaves.uppdrag_code is not null as is_known_uppdrag
from signed
left join leaves on signed.uppdrag_code = leaves.uppdrag_code
