-- For every total row, the line rows it covers: lines whose leaves all lie within the total's
-- (counted, not a nested NOT EXISTS: Spark cannot correlate a subquery two levels deep).
with rows as (
    select * from {{ ref('int_report__rows') }}
),

row_leaves as (
    select * from {{ ref('int_report__row_leaves') }}
),

pairs as (
    select
        totals.table_name,
        totals.row_key as total_key,
        lines.row_key as line_key
    from rows as totals
    inner join rows as lines
        on totals.table_name = lines.table_name and lines.row_kind = 'line'
    where totals.row_kind = 'summa'
),

line_sizes as (
    select
        table_name,
        row_key,
        count(distinct leaf_code) as leaf_count
    from row_leaves
    group by table_name, row_key
),

covered as (
    select
        pairs.table_name,
        pairs.total_key,
        pairs.line_key,
        count(distinct line_leaves.leaf_code) as leaf_count
    from pairs
    inner join row_leaves as line_leaves
        on pairs.table_name = line_leaves.table_name and pairs.line_key = line_leaves.row_key
    inner join row_leaves as total_leaves
        on pairs.table_name = total_leaves.table_name
            and pairs.total_key = total_leaves.row_key
            and line_leaves.leaf_code = total_leaves.leaf_code
    group by pairs.table_name, pairs.total_key, pairs.line_key
)

select
    pairs.table_name,
    pairs.total_key,
    pairs.line_key
from pairs
left join line_sizes
    on pairs.table_name = line_sizes.table_name and pairs.line_key = line_sizes.row_key
left join covered
    on pairs.table_name = covered.table_name
        and pairs.total_key = covered.total_key
        and pairs.line_key = covered.line_key
where coalesce(covered.leaf_count, 0) = coalesce(line_sizes.leaf_count, 0)
