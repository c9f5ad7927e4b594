-- Every report row of every layout table per closed month, in SEK and report sign: each row is
-- the sum of its leaves' year-to-date figures (int_report__period_row_leaves says which), and a
-- total also carries its lines' budgeted net cost (the sum of their negative annual budgets).
-- All result tables of the reports (monthly, tertial, annual) read their rows from here.
with period_rows as (
    select * from {{ ref('int_report__period_rows') }}
),

members as (
    select * from {{ ref('int_report__period_row_leaves') }}
),

figures as (
    select * from {{ ref('int_result__ytd') }}
),

summed as (
    select
        members.period_month,
        members.table_name,
        members.row_key,
        sum(figures.outcome_ytd_sek) as outcome_ytd_sek,
        sum(figures.budget_ytd_sek) as budget_ytd_sek,
        sum(figures.budget_year_sek) as budget_year_sek,
        sum(figures.forecast_year_sek) as forecast_year_sek,
        sum(figures.outcome_previous_year_ytd_sek) as outcome_previous_year_ytd_sek,
        sum(figures.previous_forecast_year_sek) as previous_forecast_year_sek
    from members
    inner join figures
        on members.period_month = figures.period_month
            and members.leaf_code = figures.uppdrag_code
    group by members.period_month, members.table_name, members.row_key
),

negative_line_budgets as (
    -- a total whose budget nets to zero is measured against its lines' budgeted net cost
    select
        summed.period_month,
        total_lines.table_name,
        total_lines.total_key,
        sum(case when summed.budget_year_sek < 0 then summed.budget_year_sek end)
            as negative_line_budget_year_sek
    from {{ ref('int_report__total_lines') }} as total_lines
    inner join summed
        on total_lines.table_name = summed.table_name
            and total_lines.line_key = summed.row_key
    group by summed.period_month, total_lines.table_name, total_lines.total_key
)

select
    period_rows.period_month,
    period_rows.table_name,
    period_rows.table_order,
    period_rows.is_first_table,
    period_rows.row_key,
    period_rows.label,
    period_rows.row_kind,
    period_rows.is_total,
    period_rows.is_grand_total,
    summed.outcome_ytd_sek,
    summed.budget_ytd_sek,
    summed.budget_year_sek,
    summed.forecast_year_sek,
    summed.outcome_previous_year_ytd_sek,
    summed.previous_forecast_year_sek,
    negative_line_budgets.negative_line_budget_year_sek,
    md5(concat_ws('|', period_rows.period_month, period_rows.table_name, period_rows.row_key))
        as report_row_key
from period_rows
inner join summed
    on period_rows.period_month = summed.period_month
        and period_rows.table_name = summed.table_name
        and period_rows.row_key = summed.row_key
left join negative_line_budgets
    on period_rows.period_month = negative_line_budgets.period_month
        and period_rows.table_name = negative_line_budgets.table_name
        and period_rows.row_key = negative_line_budgets.total_key
