-- Investeringar per closed month: per object and per asset class, each with a total, tkr,
-- positive spend. Outcome = debits on 1000-1299 with the object in Projekt, year to date;
-- budget and forecast from the year's latest investment file up to the month.
with periods as (
    select period_month, period_year from {{ ref('dim_period') }} where is_closed
),

plans as (
    select * from {{ ref('fct_investment_plan') }}
),

plan_in_force as (
    select period_month, in_force_month as occasion_month
    from ({{ latest_of_year_up_to_period(ref('fct_investment_plan'), 'occasion_month') }})
),

planned as (
    select plan_in_force.period_month, plans.object_id, plans.object_name, plans.asset_class,
        plans.annual_budget_tkr, plans.annual_forecast_tkr
    from plan_in_force
    inner join plans on plans.occasion_month = plan_in_force.occasion_month
),

spent as (
    select periods.period_month, outcome.project_id as object_id,
        sum(outcome.debit_sek) as outcome_ytd_sek
    from periods
    inner join {{ ref('fct_outcome') }} as outcome
        on year(outcome.period_month) = periods.period_year
        and outcome.period_month <= periods.period_month
    where cast(outcome.account as integer) between 1000 and 1299
        and outcome.project_id is not null
    group by all
),

objects as (
    select
        coalesce(planned.period_month, spent.period_month) as period_month,
        coalesce(planned.object_id, spent.object_id) as object_id,
        coalesce(planned.object_id || ' ' || planned.object_name,
                 spent.object_id || ' (saknas i investeringsfilen)') as label,
        coalesce(planned.asset_class, 'Okänt tillgångsslag') as asset_class,
        {{ sek_to_tkr('coalesce(spent.outcome_ytd_sek, 0)') }} as outcome_ytd_tkr,
        cast(coalesce(planned.annual_forecast_tkr, 0) as double) as forecast_tkr,
        cast(coalesce(planned.annual_budget_tkr, 0) as double) as budget_tkr
    from planned
    full outer join spent
        on spent.period_month = planned.period_month and spent.object_id = planned.object_id
),

classes as (
    select periods.period_month, class.asset_class, class.class_order
    from periods
    cross join (values ('Utrustning/inventarier', 1), ('Immateriella tillgångar', 2),
                       ('Fastigheter', 3)) as class (asset_class, class_order)
),

class_figures as (
    select
        classes.period_month,
        classes.asset_class,
        coalesce(sum(objects.outcome_ytd_tkr), 0) as outcome_ytd_tkr,
        coalesce(sum(objects.forecast_tkr), 0) as forecast_tkr,
        coalesce(sum(objects.budget_tkr), 0) as budget_tkr,
        min(classes.class_order) as class_order
    from classes
    left join objects
        on objects.period_month = classes.period_month and objects.asset_class = classes.asset_class
    group by all
    union all
    select period_month, asset_class, sum(outcome_ytd_tkr), sum(forecast_tkr), sum(budget_tkr), 9
    from objects
    where asset_class = 'Okänt tillgångsslag'
    group by all
),

rows as (
    select period_month, 'objekt' as table_kind, row_number() over (
            partition by period_month order by object_id) as row_order,
        label, false as is_total, outcome_ytd_tkr, forecast_tkr, budget_tkr
    from objects
    union all
    select period_month, 'objekt', 100000, 'Totalt', true,
        sum(outcome_ytd_tkr), sum(forecast_tkr), sum(budget_tkr)
    from objects group by period_month
    union all
    select period_month, 'tillgangsslag', class_order, asset_class, false,
        outcome_ytd_tkr, forecast_tkr, budget_tkr
    from class_figures
    union all
    select period_month, 'tillgangsslag', 100000, 'Totalt', true,
        sum(outcome_ytd_tkr), sum(forecast_tkr), sum(budget_tkr)
    from class_figures group by period_month
)

select
    md5(concat_ws('|', period_month, table_kind, row_order)) as investment_row_key,
    period_month,
    table_kind,
    row_order,
    label,
    is_total,
    outcome_ytd_tkr,
    forecast_tkr,
    budget_tkr,
    budget_tkr - forecast_tkr as deviation_tkr
from rows
