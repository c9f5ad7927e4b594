-- Underlag (every workbook): the figures under the first table, one row per leaf uppdrag x
-- account x ansvar with its year-to-date outcome and budget and the line of the first table it
-- rolls into, so finance can filter and pivot to any line. Budget has no ansvar: it stands on
-- '(ej fördelad på ansvar)'. A month with more rows than var underlag_max_rows is aggregated to
-- uppdrag x account (ansvar '(alla)'), and its unit line says so.
with figures as (
    select * from {{ ref('fct_account_ytd') }}
),

lines as (
    -- the line of the first table each leaf (or unknown code) rolls into; a label the table
    -- repeats (Regionbidrag under every group) gets its uppdrag code, so a filter finds one line
    select
        period_rows.period_month,
        members.leaf_code,
        period_rows.row_key,
        case
            when count(*) over (
                    partition by period_rows.period_month, period_rows.label
                ) > count(*) over (
                    partition by period_rows.period_month, period_rows.label, period_rows.row_key
                )
                then period_rows.label || ' (' || period_rows.covers || ')'
            else period_rows.label
        end as label,
        row_number() over (
            partition by period_rows.period_month, members.leaf_code
            order by period_rows.row_key
        ) as nth_line
    from {{ ref('int_report__period_rows') }} as period_rows
    inner join {{ ref('int_report__period_row_leaves') }} as members
        on period_rows.period_month = members.period_month
            and period_rows.table_name = members.table_name
            and period_rows.row_key = members.row_key
    where period_rows.is_first_table and not period_rows.is_total
),

detail as (
    select
        figures.*,
        count(*) over (partition by figures.period_month) as rows_in_period
    from figures
),

shaped as (
    select
        period_month,
        uppdrag_code,
        account,
        ansvar,
        outcome_ytd_sek,
        budget_ytd_sek,
        budget_year_sek,
        '' as level_note
    from detail
    where rows_in_period <= {{ var('underlag_max_rows') }}
    union all
    select
        period_month,
        uppdrag_code,
        account,
        '(alla)' as ansvar,
        sum(outcome_ytd_sek) as outcome_ytd_sek,
        sum(budget_ytd_sek) as budget_ytd_sek,
        sum(budget_year_sek) as budget_year_sek,
        '; aggregerat till uppdrag och konto (fler än '
        || {{ thousands_spaced(var('underlag_max_rows')) }}
        || ' rader)' as level_note
    from detail
    where rows_in_period > {{ var('underlag_max_rows') }}
    group by period_month, uppdrag_code, account
)

select
    md5(concat_ws('|', shaped.period_month, shaped.uppdrag_code, shaped.account, shaped.ansvar))
        as underlag_row_key,
    shaped.period_month,
    cast(row_number() over (
        partition by shaped.period_month
        order by lines.row_key, shaped.uppdrag_code, shaped.account, shaped.ansvar
    ) as integer) as row_order,
    lines.row_key as report_row_key,
    shaped.level_note,
    shaped.uppdrag_code as uppdrag,
    uppdrag.label as uppdrag_label,
    coalesce(lines.label, '(utanför rapportmallen)') as report_line,
    shaped.account,
    accounts.class_label as account_class,
    shaped.ansvar,
    {{ sek_to_mnkr('shaped.outcome_ytd_sek') }} as outcome_ytd_mnkr,
    {{ sek_to_mnkr('shaped.budget_ytd_sek') }} as budget_ytd_mnkr,
    {{ sek_to_mnkr(deviation('shaped.outcome_ytd_sek', 'shaped.budget_ytd_sek')) }}
        as deviation_ytd_mnkr,
    {{ sek_to_mnkr('shaped.budget_year_sek') }} as budget_year_mnkr
from shaped
left join lines
    on shaped.period_month = lines.period_month
        and shaped.uppdrag_code = lines.leaf_code
        and lines.nth_line = 1
left join {{ ref('dim_uppdrag') }} as uppdrag on shaped.uppdrag_code = uppdrag.uppdrag_code
left join {{ ref('dim_account') }} as accounts on shaped.account = accounts.account
