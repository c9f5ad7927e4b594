-- Every month of every year that has a ledger file or a budget; closed months have a ledger.
with ledger_months as (
    select distinct period_month from {{ ref('int_ledger__monthly') }}
),

years as (
    select distinct year(period_month) as period_year from ledger_months
    union
    select distinct budget_year from {{ ref('stg_budget__budget') }}
),

months as (
    select make_date(years.period_year, month_number.generate_series, 1) as period_month
    from years, generate_series(1, 12) as month_number
)

select
    months.period_month,
    strftime(months.period_month, '%Y-%m') as period_key,
    year(months.period_month) as period_year,
    month(months.period_month) as period_month_number,
    (month(months.period_month) - 1) // 4 + 1 as tertial,
    last_day(months.period_month) as last_day,
    ledger_months.period_month is not null as is_closed
from months
left join ledger_months on ledger_months.period_month = months.period_month
