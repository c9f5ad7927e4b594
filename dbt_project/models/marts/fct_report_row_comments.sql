-- The owners' comments behind each line of each report table and closed month: per leaf of the
-- line, the comment of the forecast in force and the occasion it was made at (an earlier one
-- when the forecast was carried over).
with rows as (
    select * from {{ ref('int_report__period_rows') }}
    where row_kind = 'line'
),

members as (
    select * from {{ ref('int_report__period_row_leaves') }}
),

in_force as (
    select * from {{ ref('int_forecast__in_force') }}
    where nullif(trim(comment), '') is not null
)

select
    md5(concat_ws('|', rows.period_month, rows.table_name, rows.row_key, members.leaf_code))
        as row_comment_key,
    rows.period_month,
    rows.table_name,
    rows.row_key,
    members.leaf_code as uppdrag_code,
    trim(in_force.comment) as comment,
    in_force.source_occasion_month,
    in_force.occasion_month,
    in_force.source_occasion_month < in_force.occasion_month as is_carried_over
from rows
inner join members
    on rows.period_month = members.period_month
        and rows.table_name = members.table_name
        and rows.row_key = members.row_key
inner join in_force
    on members.period_month = in_force.period_month
        and members.leaf_code = in_force.uppdrag_code
