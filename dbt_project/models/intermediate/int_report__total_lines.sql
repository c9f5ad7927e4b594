-- For every total row, the line rows it covers: lines whose leaves all lie within the total's.
with rows as (
    select * from {{ ref('int_report__rows') }}
),

row_leaves as (
    select * from {{ ref('int_report__row_leaves') }}
)

select
    totals.table_name,
    totals.row_key as total_key,
    lines.row_key as line_key
from rows as totals
inner join rows as lines
    on totals.table_name = lines.table_name and lines.row_kind = 'line'
where totals.row_kind = 'summa'
    and not exists (
        select 1 from row_leaves as line_leaves
        where line_leaves.table_name = lines.table_name
            and line_leaves.row_key = lines.row_key
            and line_leaves.leaf_code not in (
                select total_leaves.leaf_code from row_leaves as total_leaves
                where total_leaves.table_name = totals.table_name
                    and total_leaves.row_key = totals.row_key
            )
    )
