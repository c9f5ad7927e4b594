-- Every node paired with every leaf below it (a leaf is paired with itself): the roll-up rule.
with recursive

tree as (
    select * from {{ ref('int_uppdrag__tree') }}
),

closure as (
    select
        uppdrag_code as ancestor_code,
        uppdrag_code as descendant_code
    from tree

    union all

    select
        closure.ancestor_code,
        tree.uppdrag_code
    from closure
    inner join tree on closure.descendant_code = tree.parent_code
)

select
    closure.ancestor_code,
    closure.descendant_code as leaf_code
from closure
inner join tree on closure.descendant_code = tree.uppdrag_code and tree.is_leaf
