"""Partitions of the report assets: one per closed month, per tertial report, per year."""

import dagster as dg

from orchestration.lib.report_calendar import tertial_key

FIRST_YEAR, LAST_YEAR = 2015, 2040

monthly_partitions = dg.MonthlyPartitionsDefinition(start_date="2015-01", fmt="%Y-%m")
tertial_partitions = dg.StaticPartitionsDefinition(
    [tertial_key(year, t) for year in range(FIRST_YEAR, LAST_YEAR + 1) for t in (1, 2)]
)
annual_partitions = dg.TimeWindowPartitionsDefinition(
    start="2015", fmt="%Y", cron_schedule="0 0 1 1 *", timezone="Europe/Stockholm"
)
