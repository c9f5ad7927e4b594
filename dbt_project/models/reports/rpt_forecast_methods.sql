-- Metoder (forecast template): for each leaf, every proposal method's back-test at this month
-- of the earlier complete years: how many years, the mean absolute error (tkr) and that error in
-- percent of the leaf's budgeted net cost (its annual budget when that is a cost), and which
-- method was chosen.
with errors as (
    select * from {{ ref('fct_forecast_method_errors') }}
),

proposals as (
    select * from {{ ref('fct_forecast_proposal') }}
),

figures as (
    select * from {{ ref('fct_result_ytd') }}
    where is_known_uppdrag
),

uppdrag as (
    select * from {{ ref('dim_uppdrag') }}
),

methods as (
    select
        value as method,
        sort_order,
        label as explanation
    from {{ ref('value_lists') }}
    where list_name = 'proposal_method'
)

select
    md5(concat_ws('|', figures.period_month, figures.uppdrag_code, methods.method))
        as method_row_key,
    figures.period_month,
    cast(row_number() over (
        partition by figures.period_month
        order by coalesce(uppdrag.owner_person, uppdrag.owner_unit), figures.uppdrag_code, methods.sort_order
    ) as integer) as row_order,
    figures.uppdrag_code as label,
    false as is_total,
    uppdrag.label as uppdrag_name,
    methods.method,
    methods.explanation,
    cast(coalesce(errors.years_tested, 0) as integer) as years_tested,
    {{ sek_to_tkr('errors.mean_abs_error_sek') }} as mean_abs_error_tkr,
    case
        when figures.budget_year_sek < 0
            then cast(errors.mean_abs_error_sek as double) / -figures.budget_year_sek * 100
    end as error_of_net_cost_percent,
    case when proposals.method = methods.method then '✓' end as chosen
from figures
inner join uppdrag on figures.uppdrag_code = uppdrag.uppdrag_code
cross join methods
left join errors
    on figures.period_month = errors.period_month
        and figures.uppdrag_code = errors.uppdrag_code
        and methods.method = errors.method
left join proposals
    on figures.period_month = proposals.period_month
        and figures.uppdrag_code = proposals.uppdrag_code
