-- The back-test of every proposal method, per leaf and closed month: each method's proposal at
-- the same month of every earlier complete year against that year's outcome; the mean absolute
-- error (SEK) over the years it could be made, and how many years that was.
with proposals as (
    select * from {{ ref('int_forecast__proposals') }}
),

yearly as (
    select * from {{ ref('int_forecast__yearly') }}
),

targets as (
    select
        period_month,
        period_year,
        month_number,
        uppdrag_code
    from yearly
    where is_closed
),

tested as (
    select
        targets.period_month,
        targets.uppdrag_code,
        proposals.method,
        proposals.method_order,
        abs(proposals.proposal_sek - earlier.outcome_year_sek) as error_sek
    from targets
    inner join yearly as earlier
        on targets.uppdrag_code = earlier.uppdrag_code
            and targets.month_number = earlier.month_number
            and targets.period_year > earlier.period_year
            and earlier.is_year_complete
    inner join proposals
        on earlier.period_month = proposals.period_month
            and earlier.uppdrag_code = proposals.uppdrag_code
)

select
    md5(concat_ws('|', period_month, uppdrag_code, method)) as method_error_key,
    period_month,
    uppdrag_code,
    method,
    method_order,
    count(*) as years_tested,
    avg(error_sek) as mean_abs_error_sek
from tested
group by period_month, uppdrag_code, method, method_order
