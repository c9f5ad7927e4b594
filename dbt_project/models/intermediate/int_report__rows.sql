-- The layout expanded to report rows: `grupp` and `noder` become one line per uppdrag node,
-- `summa` stays one total row. `row_key` orders the rows within a table.
with layout as (
    select * from {{ ref('int_report__layout') }}
),

tree as (
    select * from {{ ref('int_uppdrag__tree') }}
),

all_groups as (
    select count(distinct group_code) as group_count from tree
),

node_lines as (
    select
        layout.table_name,
        layout.table_order,
        layout.row_number * 1000 + row_number() over (
            partition by layout.table_name, layout.row_number
            order by tree.sort_order, tree.uppdrag_code
        ) as row_key,
        tree.label,
        'line' as row_kind,
        tree.uppdrag_code as covers
    from layout
    inner join tree
        on (layout.row_type = 'grupp' and tree.level = 1 and tree.group_code = layout.covers)
        or (layout.row_type = 'noder' and tree.parent_code = layout.covers)
),

totals as (
    select
        layout.table_name,
        layout.table_order,
        layout.row_number * 1000 as row_key,
        layout.label,
        'summa' as row_kind,
        layout.covers
    from layout
    where layout.row_type = 'summa'
),

grand_totals as (
    -- A total over every group also holds ledger rows on unknown uppdrag codes.
    select totals.table_name, totals.row_key
    from totals
    cross join all_groups
    where (
        select count(distinct tree.group_code)
        from tree
        where list_contains(string_split(totals.covers, '+'), tree.group_code)
    ) = all_groups.group_count
)

select
    rows.*,
    rows.row_kind = 'summa' as is_total,
    grand_totals.row_key is not null as is_grand_total
from (select * from node_lines union all select * from totals) as rows
left join grand_totals
    on grand_totals.table_name = rows.table_name and grand_totals.row_key = rows.row_key
