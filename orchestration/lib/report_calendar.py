"""The report calendar: Swedish working days, report periods of partitions, and run dates.

Monthly follow-up: the n-th working day after month end. Tertial reports (T1 jan-apr, T2 jan-aug):
the n-th working day of May and September. Annual report: the n-th working day of February.
Working days are Monday-Friday except Swedish public holidays and the de facto holidays
(midsummer eve, Christmas eve, New Year's eve), from the `holidays` package.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays

from orchestration.lib.periods import Period

TERTIAL_END_MONTH = {1: 4, 2: 8}


@lru_cache(maxsize=64)
def _swedish_holidays(year: int) -> holidays.HolidayBase:
    return holidays.Sweden(years=year, categories=("public", "de_facto"))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _swedish_holidays(day.year)


def nth_working_day(year: int, month: int, n: int) -> dt.date:
    """The n-th working day of a month (n >= 1)."""
    if n < 1:
        raise ValueError("n counts from 1")
    day, count = dt.date(year, month, 1), 0
    while True:
        if is_working_day(day):
            count += 1
            if count == n:
                return day
        day += dt.timedelta(days=1)
        if day.month != month:
            raise ValueError(f"{year}-{month:02d} has fewer than {n} working days")


@dataclass(frozen=True)
class ReportDays:
    """Which working day each report is due on (settings, see orchestration.settings)."""

    monthly: int = 6
    tertial: int = 8
    annual: int = 10


def monthly_due(day: dt.date, days: ReportDays) -> Period | None:
    """The month whose follow-up is due on `day`, if any."""
    if day == nth_working_day(day.year, day.month, days.monthly):
        return Period(day.year, day.month).previous()
    return None


def tertial_due(day: dt.date, days: ReportDays) -> str | None:
    """The tertial partition key (YYYY-T1 / YYYY-T2) due on `day`, if any."""
    for tertial, month in ((1, 5), (2, 9)):
        if day.month == month and day == nth_working_day(day.year, month, days.tertial):
            return tertial_key(day.year, tertial)
    return None


def annual_due(day: dt.date, days: ReportDays) -> str | None:
    """The year whose annual report is due on `day`, if any."""
    if day.month == 2 and day == nth_working_day(day.year, 2, days.annual):
        return str(day.year - 1)
    return None


def tertial_key(year: int, tertial: int) -> str:
    return f"{year}-T{tertial}"


def period_of_tertial_key(key: str) -> Period:
    """`2019-T2` -> 2019-08, the last month the report covers."""
    year, tertial = key.split("-T")
    return Period(int(year), TERTIAL_END_MONTH[int(tertial)])


def tertial_of_period(period: Period) -> int | None:
    """1 for April, 2 for August, otherwise None (December is the annual report)."""
    return {4: 1, 8: 2}.get(period.month)


def due_dates(year: int, days: ReportDays) -> dict[str, list[tuple[dt.date, str]]]:
    """Every run date of the year for each report, with the partition it produces."""
    result: dict[str, list[tuple[dt.date, str]]] = {"monthly": [], "tertial": [], "annual": []}
    day = dt.date(year, 1, 1)
    while day.year == year:
        if (period := monthly_due(day, days)) is not None:
            result["monthly"].append((day, str(period)))
        if (key := tertial_due(day, days)) is not None:
            result["tertial"].append((day, key))
        if (key := annual_due(day, days)) is not None:
            result["annual"].append((day, key))
        day += dt.timedelta(days=1)
    return result
