-- Kostnads- och intäktsutveckling: operating costs and operating revenue (the development lines
-- of the account_classes seed) per closed month, year to date against the same months last year
-- and the budget, tkr.
with periods as (
    select
        period_month,
        period_year
    from {{ ref('dim_period') }}
    where is_closed
),

accounts as (
    select
        account,
        development_line as line
    from {{ ref('dim_account') }}
    where development_line is not null
),

line_names as (
    select
        value as line,
        label,
        sort_order as line_order
    from {{ ref('value_lists') }}
    where list_name = 'cost_revenue_line'
),

line_ranges as (
    -- the accounts of each line as the unit line prints them, e.g. 4000-7999
    select
        development_line as line,
        cast(min(range_from) as string) || '-' || cast(max(range_to) as string) as accounts
    from {{ ref('account_classes') }}
    where development_line is not null
    group by development_line
),

outcome as (
    select
        periods.period_month,
        accounts.line,
        sum(case when year(outcome.period_month) = periods.period_year then outcome.result_sek end)
            as outcome_ytd_sek,
        sum(case when year(outcome.period_month) = periods.period_year - 1 then outcome.result_sek end)
            as outcome_previous_year_ytd_sek
    from periods
    inner join {{ ref('fct_outcome') }} as outcome
        on year(outcome.period_month) between periods.period_year - 1 and periods.period_year
            and month(outcome.period_month) <= month(periods.period_month)
    inner join accounts on outcome.account = accounts.account
    group by periods.period_month, accounts.line
),

budget as (
    select
        periods.period_month,
        accounts.line,
        sum(budget.budget_sek) as budget_ytd_sek
    from periods
    inner join {{ ref('fct_budget') }} as budget
        on year(budget.period_month) = periods.period_year
            and periods.period_month >= budget.period_month
    inner join accounts on budget.account = accounts.account
    group by periods.period_month, accounts.line
),

figures as (
    select
        periods.period_month,
        line_names.line,
        line_names.label,
        line_names.line_order,
        coalesce(outcome.outcome_previous_year_ytd_sek, 0) as previous,
        coalesce(outcome.outcome_ytd_sek, 0) as current_ytd,
        coalesce(budget.budget_ytd_sek, 0) as budget
    from periods
    cross join line_names
    left join outcome
        on periods.period_month = outcome.period_month and line_names.line = outcome.line
    left join budget
        on periods.period_month = budget.period_month and line_names.line = budget.line
)

select
    md5(concat_ws('|', figures.period_month, figures.line)) as cost_development_key,
    figures.period_month,
    cast(figures.line_order as integer) as row_order,
    figures.line,
    costs.accounts as cost_accounts,
    revenue.accounts as revenue_accounts,
    figures.label,
    false as is_total,
    {{ sek_to_tkr('figures.previous') }} as outcome_previous_year_ytd_tkr,
    {{ sek_to_tkr('figures.current_ytd') }} as outcome_ytd_tkr,
    {{ sek_to_tkr('figures.current_ytd - figures.previous') }} as change_tkr,
    {{ sek_to_tkr('figures.budget') }} as budget_ytd_tkr,
    {{ sek_to_tkr(deviation('figures.current_ytd', 'figures.budget')) }} as deviation_tkr,
    case
        when figures.previous <> 0
            then (cast(figures.current_ytd as double) / figures.previous - 1) * 100
    end as growth_percent,
    case
        when figures.previous <> 0
            then (cast(figures.budget as double) / figures.previous - 1) * 100
    end as budgeted_growth_percent,
    -- positive when better than budget: costs growing slower, revenue growing faster
    case
        when figures.previous <> 0
            then
                (case when figures.line = 'kostnader' then 1 else -1 end)
                * (
                    (cast(figures.budget as double) / figures.previous - 1)
                    - (cast(figures.current_ytd as double) / figures.previous - 1)
                ) * 100
    end as difference_percentage_points
from figures
inner join line_ranges as costs on costs.line = 'kostnader'
inner join line_ranges as revenue on revenue.line = 'intakter'
