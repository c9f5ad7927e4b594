-- Träffsäkerhet per prognostillfälle (under Prognossäkerhet): per forecast occasion of the
-- year, the whole area's deviation (outcome - forecast, every leaf and unknown code), the sum
-- of the leaves' absolute deviations, and the whole area's deviation in percent of the budgeted
-- net cost (the sum of the negative leaf budgets, taken positive).
with accuracy as (
    select * from {{ ref('fct_forecast_accuracy') }}
),

per_occasion as (
    select
        occasion_month,
        period_year,
        sum(deviation_sek) as deviation_sek,
        sum(case when is_known_uppdrag then abs(deviation_sek) else 0 end) as abs_deviation_sek,
        -sum(case when is_known_uppdrag and budget_year_sek < 0 then budget_year_sek else 0 end)
            as budgeted_net_cost_sek
    from accuracy
    group by occasion_month, period_year
)

select
    md5(cast(occasion_month as string)) as occasion_row_key,
    make_date(period_year, 12, 1) as period_month,
    cast(month(occasion_month) as integer) as row_order,
    {{ month_key('occasion_month') }} as label,
    false as is_total,
    {{ sek_to_mnkr('deviation_sek') }} as deviation_total_mnkr,
    {{ sek_to_mnkr('abs_deviation_sek') }} as abs_deviation_mnkr,
    case
        when budgeted_net_cost_sek <> 0
            then cast(deviation_sek as double) / budgeted_net_cost_sek * 100
    end as deviation_of_net_cost_percent
from per_occasion
