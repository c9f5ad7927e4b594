-- The source files behind each closed month's reports (Om rapporten: file, kind, content hash,
-- load time, rows), from fct_source_files_in_force; a workbook lists the kinds it reads.
select
    source_file_key,
    period_month,
    cast(row_number() over (partition by period_month order by kind, file_key) as integer)
        as row_order,
    kind,
    file_name,
    content_hash,
    loaded_at,
    row_count
from {{ ref('fct_source_files_in_force') }}
