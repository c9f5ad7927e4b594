-- Which leaves (and unknown codes) each report row of each closed month adds up: the layout's
-- membership, an unknown-code line its code, and a grand total its unknown codes too.
with period_rows as (
    select * from {{ ref('int_report__period_rows') }}
),

layout_members as (
    select
        period_rows.period_month,
        period_rows.table_name,
        period_rows.row_key,
        row_leaves.leaf_code
    from period_rows
    inner join {{ ref('int_report__row_leaves') }} as row_leaves
        on period_rows.table_name = row_leaves.table_name
            and period_rows.row_key = row_leaves.row_key
    where period_rows.row_kind <> 'unknown'
),

unknown_members as (
    select
        period_month,
        table_name,
        row_key,
        covers as leaf_code
    from period_rows
    where row_kind = 'unknown'
),

unknown_in_grand_totals as (
    select
        period_month,
        table_name,
        grand_total_key as row_key,
        covers as leaf_code
    from period_rows
    where row_kind = 'unknown'
)

select * from layout_members
union all
select * from unknown_members
union all
select * from unknown_in_grand_totals
