-- The uppdrag tree walked from the top-level lines: level, path, top-level line and group.
with recursive

nodes as (
    select * from {{ ref('stg_registers__uppdrag') }}
),

walk as (
    select
        uppdrag_code,
        parent_code,
        1 as level,
        uppdrag_code as top_level_code,
        label as path,
        report_group as group_code
    from nodes
    where parent_code is null

    union all

    select
        child.uppdrag_code,
        child.parent_code,
        walk.level + 1,
        walk.top_level_code,
        walk.path || ' > ' || child.label,
        walk.group_code
    from nodes as child
    inner join walk on child.parent_code = walk.uppdrag_code
)

select
    walk.uppdrag_code,
    nodes.label,
    walk.parent_code,
    walk.level,
    walk.path,
    walk.top_level_code,
    walk.group_code,
    nodes.sort_order,
    nodes.file_line,
    nodes.owner_person,
    nodes.owner_unit,
    not exists (
        select 1 from nodes as children
        where children.parent_code = walk.uppdrag_code
    ) as is_leaf
from walk
inner join nodes on walk.uppdrag_code = nodes.uppdrag_code
