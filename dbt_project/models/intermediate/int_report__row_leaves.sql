-- Which leaves each report row adds up: a line its node's leaves, a total the leaves of its
-- groups and uppdrag codes (joined by '+').
with tokens as (
    {{ split_into_rows(ref('int_report__rows'), ['table_name', 'row_key'], 'covers', '+') }}
),

tree as (
    select * from {{ ref('int_uppdrag__tree') }}
),

closure as (
    select * from {{ ref('int_uppdrag__leaf_closure') }}
),

by_group as (
    select
        tokens.table_name,
        tokens.row_key,
        tree.uppdrag_code as leaf_code
    from tokens
    inner join tree on tokens.token = tree.group_code and tree.is_leaf
),

by_node as (
    select
        tokens.table_name,
        tokens.row_key,
        closure.leaf_code
    from tokens
    inner join closure on tokens.token = closure.ancestor_code
)

select
    table_name,
    row_key,
    leaf_code
from by_group
union
select
    table_name,
    row_key,
    leaf_code
from by_node
