-- Activities (projects) that follow plan partly or not at all, as of each closed month's register
-- snapshot in force; empty comments and end dates passed without the project being finished are
-- called out as the published report does.
select
    md5(concat_ws('|', annex.period_month, annex.project_id)) as activity_key,
    annex.period_month,
    annex.snapshot_date,
    annex.verksamhetsuppdrag_number,
    annex.verksamhetsuppdrag_name,
    annex.status,
    annex.project_id,
    annex.project_name,
    annex.end_date,
    coalesce(nullif(trim(annex.comment), ''), 'Kommentar saknas') as comment,
    coalesce(annex.end_date < periods.last_day, false) as is_delayed,
    case when annex.end_date < periods.last_day then 'Försenat slutdatum' end as remark
from {{ ref('rpt_project_annex') }} as annex
inner join {{ ref('dim_period') }} as periods on periods.period_month = annex.period_month
where annex.status in ('Följer delvis plan', 'Följer inte plan')
