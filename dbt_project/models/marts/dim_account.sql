-- Accounts seen in the ledger or the budget, classified by the account_classes seed.
select
    account,
    account_class,
    class_label,
    statement,
    is_result_account,
    development_line,
    is_investment_asset,
    development_line = 'intakter' as is_operating_revenue,
    development_line = 'kostnader' as is_operating_cost
from {{ ref('int_account__classified') }}
