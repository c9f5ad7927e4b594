-- Forecast proposals for every leaf at every closed month, by each method of the value_lists
-- seed (list proposal_method), SEK, report sign:
--   Budget                       the annual budget;
--   Utfall + återstående budget  the outcome so far + the budget of the months left;
--   Årstakt                      the outcome so far x 12 / the months gone;
--   Säsongsprofil                the outcome so far / the share of the year's outcome that the
--                                earlier complete years had booked by this month (their sums:
--                                outcome to this month / full-year outcome); none without an
--                                earlier complete year or with a zero share;
--   Gällande prognos             the forecast in force (int_forecast__in_force).
with yearly as (
    select * from {{ ref('int_forecast__yearly') }}
),

history as (
    -- the earlier complete years at the same month of the year, summed
    select
        target.period_month,
        target.uppdrag_code,
        count(*) as history_years,
        sum(earlier.outcome_ytd_sek) as history_outcome_ytd_sek,
        sum(earlier.outcome_year_sek) as history_outcome_year_sek
    from yearly as target
    inner join yearly as earlier
        on target.uppdrag_code = earlier.uppdrag_code
            and target.month_number = earlier.month_number
            and target.period_year > earlier.period_year
            and earlier.is_year_complete
    where target.is_closed
    group by target.period_month, target.uppdrag_code
),

base as (
    select
        yearly.period_month,
        yearly.period_year,
        yearly.month_number,
        yearly.uppdrag_code,
        yearly.outcome_ytd_sek,
        yearly.budget_ytd_sek,
        yearly.budget_year_sek,
        history.history_outcome_ytd_sek,
        history.history_outcome_year_sek,
        in_force.forecast_sek
    from yearly
    left join history
        on yearly.period_month = history.period_month
            and yearly.uppdrag_code = history.uppdrag_code
    left join {{ ref('int_forecast__in_force') }} as in_force
        on yearly.period_month = in_force.period_month
            and yearly.uppdrag_code = in_force.uppdrag_code
    where yearly.is_closed
),

proposals as (
    select
        period_month,
        uppdrag_code,
        'Budget' as method,
        cast(budget_year_sek as double) as proposal_sek
    from base
    union all
    select
        period_month,
        uppdrag_code,
        'Utfall + återstående budget' as method,
        cast(outcome_ytd_sek + budget_year_sek - budget_ytd_sek as double) as proposal_sek
    from base
    union all
    select
        period_month,
        uppdrag_code,
        'Årstakt' as method,
        cast(outcome_ytd_sek as double) * 12 / month_number as proposal_sek
    from base
    union all
    select
        period_month,
        uppdrag_code,
        'Säsongsprofil' as method,
        cast(outcome_ytd_sek as double)
        / (cast(history_outcome_ytd_sek as double) / history_outcome_year_sek) as proposal_sek
    from base
    where history_outcome_year_sek <> 0 and history_outcome_ytd_sek <> 0
    union all
    select
        period_month,
        uppdrag_code,
        'Gällande prognos' as method,
        cast(forecast_sek as double) as proposal_sek
    from base
    where forecast_sek is not null
)

select
    proposals.period_month,
    proposals.uppdrag_code,
    proposals.method,
    methods.sort_order as method_order,
    proposals.proposal_sek
from proposals
inner join {{ ref('value_lists') }} as methods
    on methods.list_name = 'proposal_method' and proposals.method = methods.value
