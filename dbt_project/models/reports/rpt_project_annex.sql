-- Projektbilaga (annual report), shaped like the sheet: per verksamhetsuppdrag (by number) a
-- bold heading row "{number} {name}", then its projects by name with status symbol, end date,
-- the description as the published annex writes it, comment, RH-medel and booked outcome to date
-- (ledger result accounts with the project in Projekt, spend positive), kr.
with projects as (
    select
        *,
        row_number() over (
            partition by period_month, verksamhetsuppdrag_number
            order by project_name, project_id
        ) as position
    from {{ ref('fct_project_in_force') }}
),

symbols as (
    select
        value as status,
        symbol
    from {{ ref('value_lists') }}
    where list_name = 'project_status'
),

headings as (
    -- named as the first project of the group does
    select
        period_month,
        snapshot_date,
        verksamhetsuppdrag_number,
        0 as position,
        'heading' as row_kind,
        cast(verksamhetsuppdrag_number as string) || ' ' || verksamhetsuppdrag_name as label,
        true as is_total,
        cast(null as string) as project_name,
        cast(null as date) as end_date,
        cast(null as string) as description,
        cast(null as string) as comment,
        cast(null as double) as rh_medel_kr,
        cast(null as double) as booked_kr
    from projects
    where position = 1
),

project_rows as (
    select
        projects.period_month,
        projects.snapshot_date,
        projects.verksamhetsuppdrag_number,
        projects.position,
        'project' as row_kind,
        symbols.symbol as label,
        false as is_total,
        projects.project_name,
        projects.end_date,
        'Ägare: ' || coalesce(projects.owner_name, 'saknas')
        || ' RH medel: '
        || case
            when projects.rh_medel_sek is null then 'saknas'
            else {{ thousands_spaced('projects.rh_medel_sek') }} || ' kr'
        end
        || case
            when coalesce(projects.description, '') <> ''
                then ' Beskrivning: ' || projects.description
            else ''
        end as description,
        projects.comment,
        cast(projects.rh_medel_sek as double) as rh_medel_kr,
        cast(projects.booked_sek as double) as booked_kr
    from projects
    inner join symbols on projects.status = symbols.status
),

sheet_rows as (
    select * from headings
    union all
    select * from project_rows
)

select
    md5(concat_ws('|', period_month, verksamhetsuppdrag_number, position)) as annex_row_key,
    period_month,
    cast(row_number() over (
        partition by period_month order by verksamhetsuppdrag_number, position
    ) as integer) as row_order,
    snapshot_date,
    row_kind,
    label,
    is_total,
    project_name,
    end_date,
    description,
    comment,
    rh_medel_kr,
    booked_kr
from sheet_rows
