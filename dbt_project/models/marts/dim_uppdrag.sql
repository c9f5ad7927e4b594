with tree as (
    select * from {{ ref('int_uppdrag__tree') }}
),

top_level as (
    select
        uppdrag_code,
        label
    from tree
    where level = 1
)

select
    tree.uppdrag_code,
    tree.label,
    tree.parent_code,
    tree.level,
    tree.path,
    tree.top_level_code,
    top_level.label as top_level_label,
    tree.group_code,
    tree.sort_order,
    tree.is_leaf,
    tree.owner_person,
    tree.owner_unit,
    case
        when tree.owner_person is not null or tree.owner_unit is not null
            then md5('uppdrag|' || coalesce(tree.owner_person, '') || '|' || coalesce(tree.owner_unit, ''))
    end as owner_key
from tree
left join top_level on tree.top_level_code = top_level.uppdrag_code
