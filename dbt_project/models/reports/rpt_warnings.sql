-- Warnings of each closed month's report (Om rapporten): ledger rows on unknown uppdrag codes,
-- forecasts that were carried over or taken from the annual budget at the occasion the report
-- uses, and projects whose verksamhetsuppdrag is not in the business plan in force.
with figures as (
    select * from {{ ref('fct_result_ytd') }}
),

uppdrag as (
    select
        uppdrag_code,
        label
    from {{ ref('dim_uppdrag') }}
),

unknown as (
    select
        period_month,
        'unknown_uppdrag' as warning_type,
        uppdrag_code,
        'Okänt uppdrag ' || uppdrag_code || ': ' || {{ thousands_spaced('outcome_ytd_sek') }}
        || ' kr i resultat hittills i år på ett uppdrag som saknas i uppdragsträdet' as message,
        outcome_ytd_sek as amount_sek
    from figures
    where not is_known_uppdrag and outcome_ytd_sek <> 0
),

forecasts as (
    select
        figures.period_month,
        'forecast_' || figures.forecast_basis as warning_type,
        figures.uppdrag_code,
        'Prognos saknas för ' || figures.uppdrag_code || ' ' || uppdrag.label
        || coalesce(' vid prognostillfälle ' || {{ month_key('figures.forecast_occasion_month') }}, '')
        || case figures.forecast_basis
            when 'carried_over'
                then ': prognosen från ' || {{ month_key('figures.forecast_source_month') }} || ' används'
            else ': årsbudgeten används'
        end as message,
        figures.forecast_year_sek as amount_sek
    from figures
    inner join uppdrag on figures.uppdrag_code = uppdrag.uppdrag_code
    where
        figures.forecast_basis in ('carried_over', 'annual_budget')
        and figures.forecast_occasion_month is not null
),

plans as (
    select distinct
        period_month,
        snapshot_date
    from {{ ref('fct_plan_in_force') }}
),

outside_plan as (
    -- projects under a verksamhetsuppdrag that the business plan in force does not have
    select
        projects.period_month,
        'project_outside_plan' as warning_type,
        projects.project_id as uppdrag_code,
        'Projekt ' || projects.project_id || ' ' || projects.project_name
        || ' har uppdragsnummer ' || cast(projects.verksamhetsuppdrag_number as string)
        || ', som saknas i verksamhetsplanen ' || cast(plans.snapshot_date as string) as message,
        cast(null as double) as amount_sek
    from {{ ref('fct_project_in_force') }} as projects
    inner join plans on projects.period_month = plans.period_month
    left join {{ ref('fct_plan_in_force') }} as plan
        on projects.period_month = plan.period_month
            and projects.verksamhetsuppdrag_number = plan.verksamhetsuppdrag_number
    where plan.verksamhetsuppdrag_number is null
),

warnings as (
    select * from unknown
    union all
    select * from forecasts
    union all
    select * from outside_plan
)

select
    md5(concat_ws('|', period_month, warning_type, uppdrag_code)) as warning_key,
    period_month,
    cast(row_number() over (
        partition by period_month order by warning_type desc, uppdrag_code asc
    ) as integer) as row_order,
    warning_type,
    uppdrag_code,
    message,
    cast(amount_sek as double) as amount_sek
from warnings
