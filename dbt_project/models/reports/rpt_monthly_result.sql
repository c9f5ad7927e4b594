-- The monthly result tables, one row per closed month x layout table x report row, in mnkr,
-- report sign, unrounded: shaped exactly like the Excel sheets.
with figures as (
    select * from {{ ref('fct_result_ytd') }}
),

report_rows as (
    select * from {{ ref('int_report__rows') }}
),

row_leaves as (
    select * from {{ ref('int_report__row_leaves') }}
),

unknown_lines as (
    -- ledger rows on uppdrag codes outside the tree: one line each, just above a grand total
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
        figures.uppdrag_code as leaf_code
    from figures
    inner join report_rows on report_rows.is_grand_total
    where not figures.is_known_uppdrag and figures.outcome_ytd_sek <> 0
),

row_figures as (
    select
        figures.period_month,
        report_rows.table_name,
        report_rows.table_order,
        report_rows.row_key,
        report_rows.label,
        report_rows.row_kind,
        report_rows.is_total,
        sum(figures.outcome_ytd_sek) as outcome_ytd_sek,
        sum(figures.budget_ytd_sek) as budget_ytd_sek,
        sum(figures.budget_year_sek) as budget_year_sek,
        sum(figures.forecast_year_sek) as forecast_year_sek
    from report_rows
    inner join row_leaves
        on row_leaves.table_name = report_rows.table_name
        and row_leaves.row_key = report_rows.row_key
    inner join figures on figures.uppdrag_code = row_leaves.leaf_code
    group by all
),

grand_total_unknowns as (
    select
        unknown_lines.period_month,
        unknown_lines.table_name,
        report_rows.row_key,
        sum(figures.outcome_ytd_sek) as outcome_ytd_sek
    from unknown_lines
    inner join report_rows
        on report_rows.table_name = unknown_lines.table_name and report_rows.is_grand_total
    inner join figures
        on figures.period_month = unknown_lines.period_month
        and figures.uppdrag_code = unknown_lines.leaf_code
    group by all
),

unknown_figures as (
    select
        unknown_lines.period_month,
        unknown_lines.table_name,
        unknown_lines.table_order,
        unknown_lines.row_key,
        unknown_lines.label,
        unknown_lines.row_kind,
        unknown_lines.is_total,
        figures.outcome_ytd_sek,
        figures.budget_ytd_sek,
        figures.budget_year_sek,
        figures.forecast_year_sek
    from unknown_lines
    inner join figures
        on figures.period_month = unknown_lines.period_month
        and figures.uppdrag_code = unknown_lines.leaf_code
),

all_rows as (
    select
        row_figures.period_month,
        row_figures.table_name,
        row_figures.table_order,
        row_figures.row_key,
        row_figures.label,
        row_figures.row_kind,
        row_figures.is_total,
        row_figures.outcome_ytd_sek + coalesce(grand_total_unknowns.outcome_ytd_sek, 0)
            as outcome_ytd_sek,
        row_figures.budget_ytd_sek,
        row_figures.budget_year_sek,
        row_figures.forecast_year_sek
    from row_figures
    left join grand_total_unknowns
        on grand_total_unknowns.period_month = row_figures.period_month
        and grand_total_unknowns.table_name = row_figures.table_name
        and grand_total_unknowns.row_key = row_figures.row_key
    union all
    select * from unknown_figures
)

select
    md5(concat_ws('|', period_month, table_name, row_key)) as report_row_key,
    cast(period_month as date) as period_month,
    cast(table_name as varchar) as table_name,
    cast(table_order as integer) as table_order,
    cast(row_key as bigint) as row_key,
    cast(label as varchar) as label,
    cast(row_kind as varchar) as row_kind,
    cast(is_total as boolean) as is_total,
    {{ sek_to_mnkr('outcome_ytd_sek') }} as outcome_ytd_mnkr,
    {{ sek_to_mnkr('budget_ytd_sek') }} as budget_ytd_mnkr,
    {{ sek_to_mnkr('outcome_ytd_sek - budget_ytd_sek') }} as deviation_ytd_mnkr,
    {{ sek_to_mnkr('budget_year_sek') }} as budget_year_mnkr,
    {{ sek_to_mnkr('forecast_year_sek') }} as forecast_year_mnkr,
    {{ sek_to_mnkr('forecast_year_sek - budget_year_sek') }} as forecast_deviation_mnkr
from all_rows
