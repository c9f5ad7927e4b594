-- The report layout: the delivered rapportmall, or the contract's default when none is given
-- (every group's top-level lines, a "Totalt {group}" row after each group, a grand "Totalt").
with file_layout as (
    select
        table_name,
        min(file_line) over (partition by table_name) as table_order,
        row_number,
        row_type,
        label,
        covers
    from {{ ref('stg_registers__report_layout') }}
),

groups as (
    -- groups in the order the register first lists them
    select
        group_code,
        min(file_line) as first_line
    from {{ ref('int_uppdrag__tree') }}
    where level = 1
    group by 1
),

ordered_groups as (
    select
        group_code,
        row_number() over (order by first_line, group_code) as position
    from groups
),

default_layout as (
    select
        'Resultat per uppdrag' as table_name,
        1 as table_order,
        position * 20 - 10 as row_number,
        'grupp' as row_type,
        null as label,
        group_code as covers
    from ordered_groups
    union all
    select
        'Resultat per uppdrag',
        1,
        position * 20,
        'summa',
        'Totalt ' || group_code,
        group_code
    from ordered_groups
    union all
    select
        'Resultat per uppdrag',
        1,
        1000000,
        'summa',
        'Totalt',
        {{ string_agg_ordered('group_code', "'+'", 'position') }}
    from ordered_groups
),

layout as (
    select * from file_layout
    union all
    select * from default_layout
    where not exists (select 1 from file_layout)
)

select
    layout.*,
    -- the layout's first table is the one the tertial and annual reports show
    layout.table_order = min(layout.table_order) over () as is_first_table
from layout
