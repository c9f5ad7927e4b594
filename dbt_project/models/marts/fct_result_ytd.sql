-- Year-to-date figures per closed month and leaf (and unknown uppdrag code), report sign, SEK:
-- the grain every result table of the reports adds up (built in int_result__ytd).
select
    *,
    md5(concat_ws('|', period_month, uppdrag_code)) as result_ytd_key
from {{ ref('int_result__ytd') }}
