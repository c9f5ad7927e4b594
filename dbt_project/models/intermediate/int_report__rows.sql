-- The layout expanded to report rows: `grupp` and `noder` become one line per uppdrag node,
-- `summa` stays one total row. `row_key` orders the rows within a table. A total whose codes
-- cover every group is a grand total (it also holds ledger rows on unknown uppdrag codes).
with layout as (
    select * from {{ ref('int_report__layout') }}
),

tree as (
    select * from {{ ref('int_uppdrag__tree') }}
),

all_groups as (
    select distinct group_code from tree
),

group_count as (
    select count(*) as group_count from all_groups
),

total_tokens as (
    {{ split_into_rows("(select * from " ~ ref('int_report__layout') ~ " where row_type = 'summa')",
                       ['table_name', 'row_number'], 'covers', '+') }}
),

grand_totals as (
    select
        total_tokens.table_name,
        total_tokens.row_number
    from total_tokens
    inner join all_groups on total_tokens.token = all_groups.group_code
    cross join group_count
    group by total_tokens.table_name, total_tokens.row_number, group_count.group_count
    having count(distinct total_tokens.token) = group_count.group_count
),

node_lines as (
    select
        layout.table_name,
        layout.table_order,
        layout.is_first_table,
        tree.label,
        'line' as row_kind,
        tree.uppdrag_code as covers,
        false as is_grand_total,
        cast(layout.row_number * 1000 + row_number() over (
            partition by layout.table_name, layout.row_number
            order by tree.sort_order, tree.uppdrag_code
        ) as bigint) as row_key
    from layout
    inner join tree
        on (layout.row_type = 'grupp' and tree.level = 1 and layout.covers = tree.group_code)
            or (layout.row_type = 'noder' and layout.covers = tree.parent_code)
),

totals as (
    select
        layout.table_name,
        layout.table_order,
        layout.is_first_table,
        layout.label,
        'summa' as row_kind,
        layout.covers,
        cast(layout.row_number * 1000 as bigint) as row_key,
        grand_totals.row_number is not null as is_grand_total
    from layout
    left join grand_totals
        on layout.table_name = grand_totals.table_name
            and layout.row_number = grand_totals.row_number
    where layout.row_type = 'summa'
),

all_rows as (
    -- by name, not position: the two branches list their columns in different orders
    select
        table_name,
        table_order,
        is_first_table,
        row_key,
        label,
        row_kind,
        covers,
        is_grand_total
    from node_lines
    union all
    select
        table_name,
        table_order,
        is_first_table,
        row_key,
        label,
        row_kind,
        covers,
        is_grand_total
    from totals
)

select
    table_name,
    table_order,
    is_first_table,
    row_key,
    label,
    row_kind,
    covers,
    row_kind = 'summa' as is_total,
    is_grand_total
from all_rows
