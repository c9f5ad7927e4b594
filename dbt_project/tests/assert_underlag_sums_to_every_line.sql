-- Every line of the first table equals the sum of its Underlag rows (outcome, budget and annual
-- budget, year to date), per closed month; a line without Underlag rows must be zero. An unknown
-- code stands above every grand total (a layout may have two): its rows are on the first.
with underlag as (
    select
        period_month,
        report_row_key as row_key,
        sum(outcome_ytd_mnkr) as outcome_ytd_mnkr,
        sum(budget_ytd_mnkr) as budget_ytd_mnkr,
        sum(budget_year_mnkr) as budget_year_mnkr
    from {{ ref('rpt_underlag') }}
    where report_row_key is not null
    group by period_month, report_row_key
),

first_table_lines as (
    select
        *,
        row_number() over (partition by period_month, label order by row_key) as nth_of_label
    from {{ ref('fct_report_row_figures') }}
    where is_first_table and not is_total
),

lines as (
    select
        period_month,
        row_key,
        label,
        {{ sek_to_mnkr('outcome_ytd_sek') }} as outcome_ytd_mnkr,
        {{ sek_to_mnkr('budget_ytd_sek') }} as budget_ytd_mnkr,
        {{ sek_to_mnkr('budget_year_sek') }} as budget_year_mnkr
    from first_table_lines
    where row_kind <> 'unknown' or nth_of_label = 1
)

select
    lines.period_month,
    lines.label,
    lines.outcome_ytd_mnkr,
    underlag.outcome_ytd_mnkr as underlag_outcome_ytd_mnkr,
    lines.budget_ytd_mnkr,
    underlag.budget_ytd_mnkr as underlag_budget_ytd_mnkr,
    lines.budget_year_mnkr,
    underlag.budget_year_mnkr as underlag_budget_year_mnkr
from lines
left join underlag
    on lines.period_month = underlag.period_month
        and lines.row_key = underlag.row_key
where
    abs(lines.outcome_ytd_mnkr - coalesce(underlag.outcome_ytd_mnkr, 0)) > 0.000001
    or abs(lines.budget_ytd_mnkr - coalesce(underlag.budget_ytd_mnkr, 0)) > 0.000001
    or abs(lines.budget_year_mnkr - coalesce(underlag.budget_year_mnkr, 0)) > 0.000001
