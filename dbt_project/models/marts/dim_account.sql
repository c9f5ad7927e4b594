-- Accounts seen in the ledger or the budget, classified by Kommun-Bas ranges.
with accounts as (
    select distinct account from {{ ref('int_ledger__monthly') }}
    union
    select distinct account from {{ ref('stg_budget__budget') }}
),

classes as (
    select * from {{ ref('account_classes') }}
)

select
    accounts.account,
    classes.account_class,
    classes.class_label,
    classes.statement,
    {{ is_result_account('accounts.account') }} as is_result_account,
    cast(accounts.account as integer) between 3000 and 3999 as is_operating_revenue,
    cast(accounts.account as integer) between 4000 and 7999 as is_operating_cost
from accounts
left join classes
    on cast(accounts.account as integer) between classes.range_from and classes.range_to
