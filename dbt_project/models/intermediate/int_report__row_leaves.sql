-- Which leaves each report row adds up: a line its node's leaves, a total the leaves of its
-- groups and uppdrag codes (joined by '+').
with rows as (
    select * from {{ ref('int_report__rows') }}
),

tree as (
    select * from {{ ref('int_uppdrag__tree') }}
),

closure as (
    select * from {{ ref('int_uppdrag__leaf_closure') }}
),

tokens as (
    select rows.table_name, rows.row_key, trim(token.unnest) as token
    from rows, unnest(string_split(rows.covers, '+')) as token
),

by_group as (
    select tokens.table_name, tokens.row_key, tree.uppdrag_code as leaf_code
    from tokens
    inner join tree on tree.group_code = tokens.token and tree.is_leaf
),

by_node as (
    select tokens.table_name, tokens.row_key, closure.leaf_code
    from tokens
    inner join closure on closure.ancestor_code = tokens.token
)

select distinct table_name, row_key, leaf_code from by_group
union
select distinct table_name, row_key, leaf_code from by_node
