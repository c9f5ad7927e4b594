-- Prognosunderlag (sheet Prognos): what each uppdrag owner fills in for the next forecast
-- occasion, one row per leaf uppdrag sorted by owner, then code; tkr, report sign. Årsprognos
-- starts as Tertial's proposal; saved as forecast/prognos_YYYY-MM.xlsx the sheet is a forecast
-- delivery (Uppdrag, Årsprognos, Kommentar; the other columns are ignored).
with figures as (
    select * from {{ ref('fct_result_ytd') }}
    where is_known_uppdrag
),

uppdrag as (
    select * from {{ ref('dim_uppdrag') }}
),

proposals as (
    select * from {{ ref('fct_forecast_proposal') }}
)

select
    md5(concat_ws('|', figures.period_month, figures.uppdrag_code)) as template_row_key,
    figures.period_month,
    cast(row_number() over (
        partition by figures.period_month
        order by coalesce(uppdrag.owner_person, uppdrag.owner_unit), figures.uppdrag_code
    ) as integer) as row_order,
    figures.uppdrag_code as label,
    false as is_total,
    uppdrag.label as uppdrag_name,
    coalesce(uppdrag.owner_person, uppdrag.owner_unit) as owner,
    {{ sek_to_tkr('figures.budget_year_sek') }} as budget_year_tkr,
    {{ sek_to_tkr('figures.budget_ytd_sek') }} as budget_ytd_tkr,
    {{ sek_to_tkr('figures.outcome_ytd_sek') }} as outcome_ytd_tkr,
    {{ sek_to_tkr('figures.forecast_year_sek') }} as forecast_in_force_tkr,
    {{ sek_to_tkr('proposals.proposal_sek') }} as proposal_tkr,
    proposals.method,
    {{ sek_to_tkr('proposals.proposal_sek') }} as forecast_tkr,
    cast(null as string) as comment
from figures
inner join uppdrag on figures.uppdrag_code = uppdrag.uppdrag_code
inner join proposals
    on figures.period_month = proposals.period_month
        and figures.uppdrag_code = proposals.uppdrag_code
