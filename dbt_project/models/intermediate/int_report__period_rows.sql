-- The report rows of every closed month: the layout's rows, and above each grand total one
-- "Okänt uppdrag {code}" line per unknown uppdrag code with an outcome this year or in the same
-- months of last year (so totals equal the ledger); `grand_total_key` is the total it is in.
with periods as (
    select period_month from {{ ref('int_period__months') }}
    where is_closed
),

report_rows as (
    select * from {{ ref('int_report__rows') }}
),

unknown_codes as (
    select
        period_month,
        uppdrag_code
    from {{ ref('int_result__ytd') }}
    where
        not is_known_uppdrag
        and (outcome_ytd_sek <> 0 or outcome_previous_year_ytd_sek <> 0)
),

unknown_lines as (
    select
        unknown_codes.period_month,
        report_rows.table_name,
        report_rows.table_order,
        report_rows.is_first_table,
        cast(report_rows.row_key - 500 + row_number() over (
            partition by unknown_codes.period_month, report_rows.table_name, report_rows.row_key
            order by unknown_codes.uppdrag_code
        ) as bigint) as row_key,
        'Okänt uppdrag ' || unknown_codes.uppdrag_code as label,
        'unknown' as row_kind,
        unknown_codes.uppdrag_code as covers,
        false as is_total,
        false as is_grand_total,
        report_rows.row_key as grand_total_key
    from unknown_codes
    inner join report_rows on report_rows.is_grand_total
)

select
    periods.period_month,
    report_rows.table_name,
    report_rows.table_order,
    report_rows.is_first_table,
    report_rows.row_key,
    report_rows.label,
    report_rows.row_kind,
    report_rows.covers,
    report_rows.is_total,
    report_rows.is_grand_total,
    cast(null as bigint) as grand_total_key
from periods
cross join report_rows
union all
select * from unknown_lines
