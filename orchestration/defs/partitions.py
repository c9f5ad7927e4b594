"""Partitions of the report assets by the catalogue's schemes: a month, a tertial report, a year."""

import dagster as dg

from orchestration.reports.calendar import tertial_key

FIRST_YEAR, LAST_YEAR = 2015, 2040

PARTITIONS: dict[str, dg.PartitionsDefinition] = {
    "month": dg.MonthlyPartitionsDefinition(start_date="2015-01", fmt="%Y-%m"),
    "tertial": dg.StaticPartitionsDefinition(
        [tertial_key(year, t) for year in range(FIRST_YEAR, LAST_YEAR + 1) for t in (1, 2)]
    ),
    "year": dg.TimeWindowPartitionsDefinition(
        start="2015", fmt="%Y", cron_schedule="0 0 1 1 *", timezone="Europe/Stockholm"
    ),
}
