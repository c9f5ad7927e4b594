"""Partitions of the report assets by the catalogue's schemes: a month, a tertial report, a
year; each from the first report period to the last closed one (when the code location loads)."""

import dagster as dg

from orchestration.reports.calendar import FIRST_PERIOD, STOCKHOLM, last_closed_period, tertial_keys

PARTITIONS: dict[str, dg.PartitionsDefinition] = {
    # time windows end with the last complete month or year
    "month": dg.MonthlyPartitionsDefinition(
        start_date=str(FIRST_PERIOD), fmt="%Y-%m", timezone=STOCKHOLM
    ),
    "tertial": dg.StaticPartitionsDefinition(tertial_keys(FIRST_PERIOD, last_closed_period())),
    "year": dg.TimeWindowPartitionsDefinition(
        start=str(FIRST_PERIOD.year), fmt="%Y", cron_schedule="0 0 1 1 *", timezone=STOCKHOLM
    ),
}
