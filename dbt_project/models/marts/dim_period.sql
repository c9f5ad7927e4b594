-- Every month of every year that has a ledger file or a budget; closed months have a ledger.
select
    period_month,
    period_key,
    period_year,
    month_number as period_month_number,
    month_abbreviation,
    last_day,
    is_closed
from {{ ref('int_period__months') }}
