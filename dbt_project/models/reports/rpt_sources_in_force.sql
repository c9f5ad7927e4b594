-- The source files behind each closed month's reports (Om rapporten: file, kind, content hash,
-- load time, rows), from fct_source_files_in_force; a workbook lists the kinds it reads. The
-- kind is shown by its Swedish name (value list source_kind).
with files as (
    select * from {{ ref('fct_source_files_in_force') }}
),

kinds as (
    select
        value as kind,
        label as kind_label,
        sort_order
    from {{ ref('value_lists') }}
    where list_name = 'source_kind'
)

select
    files.source_file_key,
    files.period_month,
    cast(row_number() over (
        partition by files.period_month
        order by files.is_comparison_year, kinds.sort_order, files.file_key
    ) as integer) as row_order,
    files.kind,
    files.is_comparison_year,
    coalesce(kinds.kind_label, files.kind)
    || case when files.is_comparison_year then ' (jämförelseår)' else '' end as kind_label,
    files.file_name,
    files.content_hash,
    files.loaded_at,
    files.row_count
from files
left join kinds on files.kind = kinds.kind
