-- Kostnads- och intäktsutveckling: operating costs (4000-7999) and revenue (3000-3999) per
-- closed month, year to date against the same months last year and the budget, tkr.
with periods as (
    select period_month, period_year from {{ ref('dim_period') }} where is_closed
),

accounts as (
    select
        account,
        case
            when is_operating_cost then 'kostnader'
            when is_operating_revenue then 'intakter'
        end as line
    from {{ ref('dim_account') }}
    where is_operating_cost or is_operating_revenue
),

outcome as (
    select periods.period_month, accounts.line,
        sum(outcome.result_sek) filter (where year(outcome.period_month) = periods.period_year)
            as outcome_ytd_sek,
        sum(outcome.result_sek) filter (where year(outcome.period_month) = periods.period_year - 1)
            as outcome_previous_year_ytd_sek
    from periods
    inner join {{ ref('fct_outcome') }} as outcome
        on year(outcome.period_month) between periods.period_year - 1 and periods.period_year
        and month(outcome.period_month) <= month(periods.period_month)
    inner join accounts on accounts.account = outcome.account
    group by all
),

budget as (
    select periods.period_month, accounts.line, sum(budget.budget_sek) as budget_ytd_sek
    from periods
    inner join {{ ref('fct_budget') }} as budget
        on year(budget.period_month) = periods.period_year
        and budget.period_month <= periods.period_month
    inner join accounts on accounts.account = budget.account
    group by all
),

lines as (
    select periods.period_month, line.line, line.label, line.line_order
    from periods
    cross join (values ('kostnader', 'Verksamhetens kostnader', 1),
                       ('intakter', 'Verksamhetens intäkter', 2)) as line (line, label, line_order)
),

figures as (
    select
        lines.period_month, lines.line, lines.label, lines.line_order,
        coalesce(outcome.outcome_previous_year_ytd_sek, 0) as previous,
        coalesce(outcome.outcome_ytd_sek, 0) as current,
        coalesce(budget.budget_ytd_sek, 0) as budget
    from lines
    left join outcome on outcome.period_month = lines.period_month and outcome.line = lines.line
    left join budget on budget.period_month = lines.period_month and budget.line = lines.line
)

select
    md5(concat_ws('|', period_month, line)) as cost_development_key,
    period_month,
    line,
    label,
    line_order,
    {{ sek_to_tkr('previous') }} as outcome_previous_year_ytd_tkr,
    {{ sek_to_tkr('current') }} as outcome_ytd_tkr,
    {{ sek_to_tkr('current - previous') }} as change_tkr,
    {{ sek_to_tkr('budget') }} as budget_ytd_tkr,
    {{ sek_to_tkr('current - budget') }} as deviation_tkr,
    case when previous <> 0 then (cast(current as double) / previous - 1) * 100 end
        as growth_percent,
    case when previous <> 0 then (cast(budget as double) / previous - 1) * 100 end
        as budgeted_growth_percent,
    -- positive when better than budget: costs growing slower, revenue growing faster
    case when previous <> 0 then
        (case when line = 'kostnader' then 1 else -1 end)
        * ((cast(budget as double) / previous - 1) - (cast(current as double) / previous - 1)) * 100
    end as difference_percentage_points
from figures
