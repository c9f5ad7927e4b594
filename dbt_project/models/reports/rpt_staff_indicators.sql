-- Medarbetare per closed month: the latest staff indicators of the year up to the month.
with indicators as (
    select * from {{ ref('fct_staff_indicators') }}
),

in_force as (
    select period_month, in_force_month as indicator_month
    from ({{ latest_of_year_up_to_period(ref('fct_staff_indicators'), 'period_month') }})
)

select
    md5(concat_ws('|', in_force.period_month, indicators.indicator)) as staff_row_key,
    in_force.period_month,
    in_force.indicator_month,
    indicators.indicator,
    case indicators.indicator when 'Personalomsättning' then 1 else 2 end as row_order,
    cast(indicators.outcome_percent as double) as outcome_percent,
    cast(indicators.target_percent as double) as target_percent
from in_force
inner join indicators on indicators.period_month = in_force.indicator_month
