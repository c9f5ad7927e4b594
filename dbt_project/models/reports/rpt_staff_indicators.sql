-- Medarbetare per closed month: the latest staff indicators of the year up to the month, in the
-- order of the value_lists seed.
with indicators as (
    select * from {{ ref('fct_staff_indicators') }}
),

in_force as (
    select
        period_month,
        in_force_month as indicator_month
    from ({{ latest_of_year_up_to_period(ref('fct_staff_indicators'), 'period_month') }}) as latest
),

indicator_order as (
    select
        value as indicator,
        sort_order
    from {{ ref('value_lists') }}
    where list_name = 'staff_indicator'
)

select
    md5(concat_ws('|', in_force.period_month, indicators.indicator)) as staff_row_key,
    in_force.period_month,
    cast(indicator_order.sort_order as integer) as row_order,
    {{ month_key('in_force.indicator_month') }} as indicator_month,
    indicators.indicator as label,
    false as is_total,
    cast(indicators.outcome_percent as double) as outcome_percent,
    cast(indicators.target_percent as double) as target_percent
from in_force
inner join indicators on in_force.indicator_month = indicators.period_month
inner join indicator_order on indicators.indicator = indicator_order.indicator
