-- The calendar: every month of every year that has a ledger file or a budget, with its Swedish
-- name (value_lists seed). A month is closed when its ledger is loaded.
with ledger_months as (
    select distinct period_month from {{ ref('int_ledger__monthly') }}
),

years as (
    select distinct year(period_month) as period_year from ledger_months
    union
    select distinct budget_year as period_year from {{ ref('stg_budget__budget') }}
),

month_names as (
    select
        sort_order as month_number,
        value as month_abbreviation
    from {{ ref('value_lists') }}
    where list_name = 'month'
),

months as (
    select
        years.period_year,
        month_names.month_number,
        month_names.month_abbreviation,
        make_date(years.period_year, month_names.month_number, 1) as period_month
    from years
    cross join month_names
)

select
    months.period_month,
    {{ month_key('months.period_month') }} as period_key,
    months.period_year,
    months.month_number,
    months.month_abbreviation,
    last_day(months.period_month) as last_day,
    ledger_months.period_month is not null as is_closed
from months
left join ledger_months on months.period_month = ledger_months.period_month
