-- Forecast accuracy: per forecast occasion of every complete year (its December closed) and
-- leaf (and uppdrag code outside the tree, whose forecast is nothing), the forecast in force at
-- the occasion (carry-over included) against the year's outcome; deviation = outcome - forecast
-- (report sign, SEK: positive, the year went better than forecast).
with december as (
    select
        period_month,
        period_year
    from {{ ref('int_period__months') }}
    where is_closed and month_number = 12
),

occasions as (
    select distinct occasion_month
    from {{ ref('stg_forecast__forecasts') }}
),

year_figures as (
    select
        december.period_year,
        figures.uppdrag_code,
        figures.is_known_uppdrag,
        figures.outcome_ytd_sek as outcome_year_sek,
        figures.budget_year_sek
    from december
    inner join {{ ref('int_result__ytd') }} as figures
        on december.period_month = figures.period_month
)

select
    md5(concat_ws('|', occasions.occasion_month, year_figures.uppdrag_code)) as accuracy_key,
    occasions.occasion_month,
    year_figures.period_year,
    year_figures.uppdrag_code,
    year_figures.is_known_uppdrag,
    year_figures.budget_year_sek,
    year_figures.outcome_year_sek,
    coalesce(in_force.forecast_sek, 0) as forecast_sek,
    year_figures.outcome_year_sek - coalesce(in_force.forecast_sek, 0) as deviation_sek
from occasions
inner join year_figures on year(occasions.occasion_month) = year_figures.period_year
left join {{ ref('int_forecast__in_force') }} as in_force
    on occasions.occasion_month = in_force.period_month
        and year_figures.uppdrag_code = in_force.uppdrag_code
