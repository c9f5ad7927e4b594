{{ config(materialized="view") }}
-- Ändringar sedan förra versionen (Om rapporten): for every report and period, its latest run
-- against the run before it. One 'version' row (the previous run, if any), a 'figure' row per
-- figure that changed by more than rounding (old, new, difference; rows that appeared or went
-- away too), and a 'delivery' row per source file in force for the period that was loaded in
-- between (old and new hash). A view over the append-only history: the export records its
-- figures, then reads this, so "latest" is the run writing the workbook.
with figures as (
    select * from {{ ref('stg_history__report_figures') }}
),

runs as (
    select
        report,
        period_month,
        run_id,
        max(recorded_at) as recorded_at
    from figures
    group by report, period_month, run_id
),

ranked as (
    select
        *,
        row_number() over (
            partition by report, period_month order by recorded_at desc, run_id desc
        ) as recency
    from runs
),

versions as (
    select
        latest.report,
        latest.period_month,
        latest.run_id,
        latest.recorded_at,
        previous.run_id as previous_run_id,
        previous.recorded_at as previous_recorded_at
    from ranked as latest
    left join ranked as previous
        on latest.report = previous.report
            and latest.period_month = previous.period_month
            and previous.recency = 2
    where latest.recency = 1
),

new_figures as (
    select figures.*
    from figures
    inner join versions
        on figures.report = versions.report
            and figures.period_month = versions.period_month
            and figures.run_id = versions.run_id
    where versions.previous_run_id is not null
),

old_figures as (
    select figures.*
    from figures
    inner join versions
        on figures.report = versions.report
            and figures.period_month = versions.period_month
            and figures.run_id = versions.previous_run_id
),

figure_changes as (
    select
        coalesce(this_run.report, last_run.report) as report,
        coalesce(this_run.period_month, last_run.period_month) as period_month,
        'figure' as change_kind,
        concat_ws(
            '|',
            coalesce(this_run.sheet, last_run.sheet),
            coalesce(this_run.row_key, last_run.row_key),
            coalesce(this_run.column_name, last_run.column_name)
        ) as item_key,
        coalesce(this_run.sheet_order, last_run.sheet_order) as sheet_order,
        coalesce(this_run.row_order, last_run.row_order) as item_order,
        coalesce(this_run.column_order, last_run.column_order) as column_order,
        coalesce(this_run.sheet, last_run.sheet) as sheet,
        coalesce(this_run.row_label, last_run.row_label) as row_label,
        coalesce(this_run.column_header, last_run.column_header) as column_header,
        coalesce(this_run.number_format, last_run.number_format) as number_format,
        last_run.value as previous_value,
        this_run.value,
        coalesce(this_run.value, 0) - coalesce(last_run.value, 0) as difference
    from new_figures as this_run
    full outer join old_figures as last_run
        on this_run.report = last_run.report
            and this_run.period_month = last_run.period_month
            and this_run.sheet = last_run.sheet
            and this_run.row_key = last_run.row_key
            and this_run.column_name = last_run.column_name
    -- a difference under a millionth of the unit (1 kr in mnkr) is rounding, not a change
    where abs(coalesce(this_run.value, 0) - coalesce(last_run.value, 0)) >= 0.000001
        or (this_run.value is null) <> (last_run.value is null)
),

deliveries as (
    select * from {{ ref('stg_raw__deliveries') }}
),

delivery_changes as (
    select
        versions.report,
        versions.period_month,
        'delivery' as change_kind,
        files.file_name as item_key,
        0 as sheet_order,
        0 as item_order,
        0 as column_order,
        files.kind,
        files.file_name,
        files.content_hash,
        files.loaded_at,
        files.row_count,
        max_by(earlier.content_hash, earlier.loaded_at) as previous_content_hash
    from versions
    inner join {{ ref('fct_source_files_in_force') }} as files
        on versions.period_month = files.period_month
            and versions.previous_recorded_at < files.loaded_at
            and versions.recorded_at >= files.loaded_at
    left join deliveries as earlier
        on files.kind = earlier.kind
            and files.delivery = earlier.delivery
            and versions.previous_recorded_at >= earlier.loaded_at
    group by
        versions.report,
        versions.period_month,
        files.kind,
        files.file_name,
        files.content_hash,
        files.loaded_at,
        files.row_count
),

changes as (
    select
        report,
        period_month,
        'version' as change_kind,
        '' as item_key,
        0 as sheet_order,
        0 as item_order,
        0 as column_order,
        previous_run_id,
        previous_recorded_at,
        cast(null as string) as sheet,
        cast(null as string) as row_label,
        cast(null as string) as column_header,
        cast(null as string) as number_format,
        cast(null as double) as previous_value,
        cast(null as double) as value,
        cast(null as double) as difference,
        cast(null as string) as kind,
        cast(null as string) as file_name,
        cast(null as string) as previous_content_hash,
        cast(null as string) as content_hash,
        cast(null as timestamp) as loaded_at,
        cast(null as bigint) as row_count
    from versions
    union all
    select
        report,
        period_month,
        change_kind,
        item_key,
        sheet_order,
        item_order,
        column_order,
        null,
        null,
        sheet,
        row_label,
        column_header,
        number_format,
        previous_value,
        value,
        difference,
        null,
        null,
        null,
        null,
        null,
        null
    from figure_changes
    union all
    select
        report,
        period_month,
        change_kind,
        item_key,
        sheet_order,
        item_order,
        column_order,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        kind,
        file_name,
        previous_content_hash,
        content_hash,
        loaded_at,
        row_count
    from delivery_changes
)

select
    md5(concat_ws('|', report, period_month, change_kind, item_key)) as change_key,
    report,
    period_month,
    cast(row_number() over (
        partition by report, period_month
        order by
            case change_kind when 'version' then 0 when 'delivery' then 1 else 2 end,
            sheet_order, item_order, column_order, file_name
    ) as integer) as row_order,
    change_kind,
    previous_run_id,
    previous_recorded_at,
    sheet,
    row_label,
    column_header,
    number_format,
    previous_value,
    value,
    difference,
    kind,
    file_name,
    previous_content_hash,
    content_hash,
    loaded_at,
    row_count
from changes
