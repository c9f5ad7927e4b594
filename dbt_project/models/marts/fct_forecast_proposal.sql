-- The proposal per leaf and closed month: made with the method whose back-test error was the
-- lowest for that leaf at that month of the year; on a tie, or with no earlier complete year to
-- test on, with "Utfall + återstående budget". Every method's proposal is kept beside it.
with proposals as (
    select * from {{ ref('int_forecast__proposals') }}
),

errors as (
    select * from {{ ref('fct_forecast_method_errors') }}
),

best as (
    select
        period_month,
        uppdrag_code,
        min(mean_abs_error_sek) as best_error_sek
    from errors
    group by period_month, uppdrag_code
),

winners as (
    select
        errors.period_month,
        errors.uppdrag_code,
        count(*) as winners,
        min(errors.method) as method
    from errors
    inner join best
        on errors.period_month = best.period_month
            and errors.uppdrag_code = best.uppdrag_code
            -- equal to the öre: two methods that tie on integers are a tie
            and abs(errors.mean_abs_error_sek - best.best_error_sek) < 0.005
    group by errors.period_month, errors.uppdrag_code
),

chosen as (
    select
        leaves.period_month,
        leaves.uppdrag_code,
        -- the winner, if it can propose this month (a seasonal share may be zero this year)
        case
            when winners.winners = 1 and available.method is not null then winners.method
            else 'Utfall + återstående budget'
        end as method,
        case
            when winners.winners is null then 'ingen tidigare hel år att pröva på'
            when winners.winners > 1 then 'lika fel för flera metoder'
            else 'lägst medelfel'
        end as reason
    from (
        select distinct
            period_month,
            uppdrag_code
        from proposals
    ) as leaves
    left join winners
        on leaves.period_month = winners.period_month
            and leaves.uppdrag_code = winners.uppdrag_code
    left join proposals as available
        on winners.period_month = available.period_month
            and winners.uppdrag_code = available.uppdrag_code
            and winners.method = available.method
)

select
    md5(concat_ws('|', chosen.period_month, chosen.uppdrag_code)) as proposal_key,
    chosen.period_month,
    chosen.uppdrag_code,
    chosen.method,
    chosen.reason,
    proposals.proposal_sek
from chosen
inner join proposals
    on chosen.period_month = proposals.period_month
        and chosen.uppdrag_code = proposals.uppdrag_code
        and chosen.method = proposals.method
