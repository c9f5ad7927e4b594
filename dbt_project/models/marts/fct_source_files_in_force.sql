-- The current source files a report for each closed month reads: the year's ledger files
-- (monthly CSV files up to the month, or the year's SIE 4 file, keyed by the year), forecasts,
-- investment files and staff indicators up to the month, the year's budget, the registers, and
-- the project register and business plan snapshots in force at the month's end, and the SIE
-- dimension register when the ledger is an SIE file; and the previous year's ledger up to the
-- month, which the tertial and annual reports compare with (is_comparison_year).
with periods as (
    select
        period_month,
        period_key,
        period_year,
        last_day
    from {{ ref('int_period__months') }}
    where is_closed
),

files as (
    select * from {{ ref('stg_raw__deliveries') }}
    where is_current
),

snapshot_in_force as (
    -- the register snapshots (projects, business plan): the latest dated on or before the end
    select
        periods.period_month,
        files.kind,
        max(files.file_key) as file_key
    from periods
    inner join files
        on files.kind in ('projects', 'business_plan')
            and files.file_key <= cast(periods.last_day as string)
    group by periods.period_month, files.kind
),

files_used as (
    select
        periods.period_month,
        files.load_id,
        false as is_comparison_year
    from periods
    inner join files
        on (
            files.kind in ('ledger', 'forecast', 'investments', 'hr')
            and files.file_key between cast(periods.period_year as string) || '-01' and periods.period_key
        )
        or (
            files.kind in ('budget', 'ledger')
            and files.file_key = cast(periods.period_year as string)
        )
        or files.kind in ('uppdrag', 'report_layout')
    union all
    -- the SIE dimension register, for a month whose ledger is the year's SIE 4 file
    select
        periods.period_month,
        files.load_id,
        false as is_comparison_year
    from periods
    inner join files as sie_files
        on sie_files.kind = 'ledger' and sie_files.file_key = cast(periods.period_year as string)
    inner join files on files.kind = 'sie_dimensions'
    union all
    select
        snapshot_in_force.period_month,
        files.load_id,
        false as is_comparison_year
    from snapshot_in_force
    inner join files
        on snapshot_in_force.kind = files.kind and snapshot_in_force.file_key = files.file_key
    union all
    -- the previous year's ledger up to the same month: the tertial and annual reports compare
    -- with it (Ack. resultat / utfall of the year before)
    select
        periods.period_month,
        files.load_id,
        true as is_comparison_year
    from periods
    inner join files
        on files.kind = 'ledger'
            and (
                files.file_key between cast(periods.period_year - 1 as string) || '-01'
                and cast(periods.period_year - 1 as string) || substr(periods.period_key, 5)
                or files.file_key = cast(periods.period_year - 1 as string)
            )
)

select
    md5(concat_ws('|', files_used.period_month, files.load_id)) as source_file_key,
    files_used.period_month,
    files.kind,
    files_used.is_comparison_year,
    files.file_key,
    files.file_name,
    files.content_hash,
    files.loaded_at,
    files.row_count,
    files.load_id,
    files.delivery
from files_used
inner join files on files_used.load_id = files.load_id
