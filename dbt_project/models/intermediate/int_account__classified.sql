-- Every account seen in the ledger or the budget with its class from the account_classes seed
-- (the Kommun-Bas ranges the loader checks against too): statement, result account, the line of
-- Kostnads- och intäktsutveckling it belongs to, and whether it is an investment asset.
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
    classes.development_line,
    coalesce(classes.statement = 'result', false) as is_result_account,
    coalesce(classes.is_investment_asset, false) as is_investment_asset
from accounts
left join classes
    on cast(accounts.account as integer) between classes.range_from and classes.range_to
