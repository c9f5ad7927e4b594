-- Every report row of every layout table per closed month, in SEK and report sign: lines are
-- their nodes' leaves, totals their groups' and codes' leaves; ledger rows on unknown uppdrag
-- codes get their own lines above each total over all groups, and are included in it.
-- All report tables (monthly, tertial, annual) read their rows from here.
with figures as (
    select * from {{ ref('fct_result_ytd') }}
),

report_rows as (
    select * from {{ ref('int_report__rows') }}
),

row_leaves as (
    select * from {{ ref('int_report__row_leaves') }}
),

unknown_rows as (
    select
        figures.period_month,
        report_rows.table_name,
        report_rows.table_order,
        report_rows.row_key - 500 + row_number() over (
            partition by figures.period_month, report_rows.table_name, report_rows.row_key
            order by figures.uppdrag_code
        ) as row_key,
        'Okänt uppdrag ' || figures.uppdrag_code as label,
        'unknown' as row_kind,
        false as is_total,
        false as is_grand_total,
        figures.uppdrag_code as leaf_code,
        report_rows.row_key as grand_total_key
    from figures
    inner join report_rows on report_rows.is_grand_total
    where not figures.is_known_uppdrag
        and (figures.outcome_ytd_sek <> 0 or figures.outcome_previous_year_ytd_sek <> 0)
),

membership as (
    select
        report_rows.table_name, report_rows.table_order, report_rows.row_key, report_rows.label,
        report_rows.row_kind, report_rows.is_total, report_rows.is_grand_total,
        row_leaves.leaf_code, null as period_month
    from report_rows
    inner join row_leaves
        on row_leaves.table_name = report_rows.table_name
        and row_leaves.row_key = report_rows.row_key
),

known_figures as (
    select
        figures.period_month, membership.table_name, membership.table_order, membership.row_key,
        membership.label, membership.row_kind, membership.is_total, membership.is_grand_total,
        figures.outcome_ytd_sek, figures.budget_ytd_sek, figures.budget_year_sek,
        figures.forecast_year_sek, figures.outcome_previous_year_ytd_sek,
        figures.previous_forecast_year_sek
    from membership
    inner join figures on figures.uppdrag_code = membership.leaf_code
),

unknown_figures as (
    -- each unknown line, and the same amounts once more inside its grand total
    select
        unknown_rows.period_month, unknown_rows.table_name, unknown_rows.table_order,
        copies.row_key, copies.label, copies.row_kind, copies.is_total, copies.is_grand_total,
        figures.outcome_ytd_sek, figures.budget_ytd_sek, figures.budget_year_sek,
        figures.forecast_year_sek, figures.outcome_previous_year_ytd_sek,
        figures.previous_forecast_year_sek
    from unknown_rows
    inner join figures
        on figures.period_month = unknown_rows.period_month
        and figures.uppdrag_code = unknown_rows.leaf_code
    cross join lateral (
        select unknown_rows.row_key, unknown_rows.label, unknown_rows.row_kind,
            unknown_rows.is_total, unknown_rows.is_grand_total
        union all
        select unknown_rows.grand_total_key, null, null, null, null
    ) as copies
),

summed as (
    select
        period_month,
        table_name,
        any_value(table_order) as table_order,
        row_key,
        max(label) as label,
        max(row_kind) as row_kind,
        bool_or(is_total) as is_total,
        bool_or(is_grand_total) as is_grand_total,
        sum(outcome_ytd_sek) as outcome_ytd_sek,
        sum(budget_ytd_sek) as budget_ytd_sek,
        sum(budget_year_sek) as budget_year_sek,
        sum(forecast_year_sek) as forecast_year_sek,
        sum(outcome_previous_year_ytd_sek) as outcome_previous_year_ytd_sek,
        sum(previous_forecast_year_sek) as previous_forecast_year_sek
    from (select * from known_figures union all select * from unknown_figures)
    group by period_month, table_name, row_key
),

negative_line_budgets as (
    -- a total whose budget nets to zero is measured against its lines' budgeted net cost
    select
        summed.period_month, total_lines.table_name, total_lines.total_key,
        sum(summed.budget_year_sek) filter (where summed.budget_year_sek < 0)
            as negative_line_budget_year_sek
    from {{ ref('int_report__total_lines') }} as total_lines
    inner join summed
        on summed.table_name = total_lines.table_name and summed.row_key = total_lines.line_key
    group by all
)

select
    md5(concat_ws('|', summed.period_month, summed.table_name, summed.row_key)) as report_row_key,
    summed.*,
    negative_line_budgets.negative_line_budget_year_sek
from summed
left join negative_line_budgets
    on negative_line_budgets.period_month = summed.period_month
    and negative_line_budgets.table_name = summed.table_name
    and negative_line_budgets.total_key = summed.row_key
