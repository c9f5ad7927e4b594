-- Owners of uppdrag (a person and a unit) and of projects (an organisation), one row each.
with uppdrag_owners as (
    select distinct
        md5('uppdrag|' || coalesce(owner_person, '') || '|' || coalesce(owner_unit, '')) as owner_key,
        'uppdrag' as owner_role,
        coalesce(owner_person, owner_unit) as owner_name,
        owner_person,
        owner_unit,
        cast(null as string) as organisation_type
    from {{ ref('int_uppdrag__tree') }}
    where owner_person is not null or owner_unit is not null
),

project_owners as (
    select
        md5('projekt|' || owner_name) as owner_key,
        'projekt' as owner_role,
        owner_name,
        cast(null as string) as owner_person,
        cast(null as string) as owner_unit,
        -- the latest stated organisation type wins
        max_by(owner_type, snapshot_date) as organisation_type
    from {{ ref('stg_registers__projects') }}
    group by owner_name
)

select * from uppdrag_owners
union all
select * from project_owners
