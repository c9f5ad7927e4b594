{{ config(materialized="view") }}
-- The ledger rows behind a figure, for `tertial drill` and the ledger drill job: every current
-- ledger row with its month, once per uppdrag it rolls up to (drill_code: the leaf itself, each
-- ancestor, or an unknown code itself), with the amount as booked and, on result accounts, the
-- result in report sign. A view: nothing is stored, a drill reads one code and year.
with transactions as (
    select * from {{ ref('stg_ledger__transactions') }}
),

accounts as (
    select
        account,
        is_result_account
    from {{ ref('dim_account') }}
),

drill_codes as (
    select
        ancestor_code as drill_code,
        leaf_code
    from {{ ref('int_uppdrag__leaf_closure') }}
),

coded as (
    select
        transactions.*,
        -- a result row without uppdrag is reported on the line of the code '(saknas)'
        case
            when transactions.uppdrag_code is null and accounts.is_result_account
                then '(saknas)'
            else transactions.uppdrag_code
        end as leaf_code,
        accounts.is_result_account
    from transactions
    inner join accounts on transactions.account = accounts.account
)

select
    coalesce(drill_codes.drill_code, coded.leaf_code) as drill_code,
    coded.period_month,
    cast(0 as integer) as row_order,
    coded.leaf_code as uppdrag,
    coded.is_result_account,
    coded.voucher_id,
    coded.booking_date,
    coded.account,
    coalesce(coded.ansvar, '{{ var("unallocated_ansvar") }}') as ansvar,
    coded.project_id,
    coded.counterparty,
    coded.description,
    coded.amount_sek,
    cast(
        case when coded.is_result_account then {{ to_report_sign('coded.amount_sek') }} end
        as decimal(18, 2)
    ) as result_sek,
    coded.file_name,
    coded.file_line
from coded
left join drill_codes on coded.leaf_code = drill_codes.leaf_code
