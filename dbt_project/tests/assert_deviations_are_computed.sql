{{ config(meta={'dagster': {'ref': {'name': 'rpt_monthly_result'}}}) }}
-- Every deviation equals outcome (or forecast) minus budget; a hand-made report got this wrong.
select *
from {{ ref('rpt_monthly_result') }}
where abs(deviation_ytd_mnkr - (outcome_ytd_mnkr - budget_ytd_mnkr)) > 0.00000001
    or abs(forecast_deviation_mnkr - (forecast_year_mnkr - budget_year_mnkr)) > 0.00000001
