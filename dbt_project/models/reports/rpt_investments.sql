-- Investeringar per closed month, shaped like the sheet: per object with a total, then (a section
-- "Investeringar per tillgångsslag") per asset class with a total; tkr, positive spend. Outcome =
-- debits on the investment asset accounts (account_classes seed) with the object in Projekt, year
-- to date; budget and forecast from the year's latest investment file up to the month.
with periods as (
    select
        period_month,
        period_year
    from {{ ref('dim_period') }}
    where is_closed
),

plans as (
    select * from {{ ref('fct_investment_plan') }}
),

plan_in_force as (
    select
        period_month,
        in_force_month as occasion_month
    from ({{ latest_of_year_up_to_period(ref('fct_investment_plan'), 'occasion_month') }}) as latest
),

planned as (
    select
        plan_in_force.period_month,
        plans.object_id,
        plans.object_name,
        plans.asset_class,
        plans.annual_budget_tkr,
        plans.annual_forecast_tkr
    from plan_in_force
    inner join plans on plan_in_force.occasion_month = plans.occasion_month
),

spent as (
    select
        periods.period_month,
        outcome.project_id as object_id,
        sum(outcome.debit_sek) as outcome_ytd_sek
    from periods
    inner join {{ ref('fct_outcome') }} as outcome
        on year(outcome.period_month) = periods.period_year
            and periods.period_month >= outcome.period_month
    inner join {{ ref('dim_account') }} as accounts
        on outcome.account = accounts.account and accounts.is_investment_asset
    where outcome.project_id is not null
    group by periods.period_month, outcome.project_id
),

objects as (
    select
        coalesce(planned.period_month, spent.period_month) as period_month,
        coalesce(planned.object_id, spent.object_id) as object_id,
        coalesce(
            planned.object_id || ' ' || planned.object_name,
            spent.object_id || ' (saknas i investeringsfilen)'
        ) as label,
        coalesce(planned.asset_class, 'Okänt tillgångsslag') as asset_class,
        -- kronor in decimals up to the sheet's columns: sums of doubles differ in the last bit
        -- from one engine (or summing order) to another
        coalesce(spent.outcome_ytd_sek, 0) as outcome_ytd_sek,
        {{ tkr_to_sek('coalesce(planned.annual_forecast_tkr, 0)') }} as forecast_sek,
        {{ tkr_to_sek('coalesce(planned.annual_budget_tkr, 0)') }} as budget_sek
    from planned
    full outer join spent
        on planned.period_month = spent.period_month and planned.object_id = spent.object_id
),

asset_classes as (
    select
        value as asset_class,
        sort_order
    from {{ ref('value_lists') }}
    where list_name = 'asset_class'
),

classes as (
    select
        periods.period_month,
        asset_classes.asset_class,
        asset_classes.sort_order
    from periods
    cross join asset_classes
),

class_figures as (
    select
        classes.period_month,
        classes.asset_class,
        min(classes.sort_order) as class_order,
        coalesce(sum(objects.outcome_ytd_sek), 0) as outcome_ytd_sek,
        coalesce(sum(objects.forecast_sek), 0) as forecast_sek,
        coalesce(sum(objects.budget_sek), 0) as budget_sek
    from classes
    left join objects
        on classes.period_month = objects.period_month
            and classes.asset_class = objects.asset_class
    group by classes.period_month, classes.asset_class
    union all
    -- objects spent on but missing from the investment file, after the known classes
    select
        period_month,
        asset_class,
        1000 as class_order,
        sum(outcome_ytd_sek),
        sum(forecast_sek),
        sum(budget_sek)
    from objects
    where asset_class = 'Okänt tillgångsslag'
    group by period_month, asset_class
),

sheet_rows as (
    select
        period_month,
        1 as section_order,
        row_number() over (partition by period_month order by object_id) as position,
        label,
        false as is_total,
        outcome_ytd_sek,
        forecast_sek,
        budget_sek
    from objects
    union all
    -- the objects' total, also in a month without objects (the sheet keeps its two tables)
    select
        periods.period_month,
        1,
        1000000,
        'Totalt',
        true,
        coalesce(sum(objects.outcome_ytd_sek), 0),
        coalesce(sum(objects.forecast_sek), 0),
        coalesce(sum(objects.budget_sek), 0)
    from periods
    left join objects on periods.period_month = objects.period_month
    group by periods.period_month
    union all
    select
        period_month,
        2,
        class_order,
        asset_class,
        false,
        outcome_ytd_sek,
        forecast_sek,
        budget_sek
    from class_figures
    union all
    select
        period_month,
        2,
        1000000,
        'Totalt',
        true,
        sum(outcome_ytd_sek),
        sum(forecast_sek),
        sum(budget_sek)
    from class_figures
    group by period_month
)

select
    md5(concat_ws('|', period_month, section_order, position)) as investment_row_key,
    period_month,
    case when section_order = 2 then 'Investeringar per tillgångsslag' end as section,
    cast(row_number() over (
        partition by period_month order by section_order, position
    ) as integer) as row_order,
    case when section_order = 1 then 'Objekt' else 'Tillgångsslag' end as label_header,
    label,
    is_total,
    {{ sek_to_tkr('outcome_ytd_sek') }} as outcome_ytd_tkr,
    {{ sek_to_tkr('forecast_sek') }} as forecast_tkr,
    {{ sek_to_tkr('budget_sek') }} as budget_tkr,
    {{ sek_to_tkr(deviation('forecast_sek', 'budget_sek', spend=true)) }} as deviation_tkr
from sheet_rows
