-- Every voucher of every current ledger delivery balances (|sum| < 0.005 SEK).
select period_month, voucher_id, sum(amount_sek) as total
from {{ ref('stg_ledger__transactions') }}
group by 1, 2
having abs(sum(amount_sek)) >= 0.005
