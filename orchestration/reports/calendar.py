"""The report calendar: Swedish working days, when a report is due, and partition keys.

Which report is due when is declared in the catalogue (reports/catalog.py): a report for month P
is due on the n-th working day of a later month. Working days are Monday-Friday except Swedish
public holidays and the de facto holidays (midsummer eve, Christmas eve, New Year's eve), from
the `holidays` package.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

from orchestration.periods import Period


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


def due_period(day: dt.date, months: tuple[int, ...], months_after: int, n: int) -> Period | None:
    """The report period due on `day`, if any: a report for month P (one of `months`) is due on
    the n-th working day of the month `months_after` months after P."""
    if day != nth_working_day(day.year, day.month, n):
        return None
    period = Period(day.year, day.month)
    for _ in range(months_after):
        period = period.previous()
    return period if period.month in months else None


# The first month a report can be made for (the start of the report partitions).
FIRST_PERIOD = Period(2015, 1)
STOCKHOLM = "Europe/Stockholm"


def last_closed_period(today: dt.date | None = None) -> Period:
    """The latest month that has ended (in Swedish time): the latest a report can be for."""
    if today is None:
        from zoneinfo import ZoneInfo

        today = dt.datetime.now(ZoneInfo(STOCKHOLM)).date()
    return Period(today.year, today.month).previous()


def tertial_keys(first: Period, last: Period) -> list[str]:
    """Every tertial report's key from `first` to `last` (T1 ends in April, T2 in August)."""
    return [
        tertial_key(year, tertial)
        for year in range(first.year, last.year + 1)
        for tertial, month in TERTIAL_END_MONTH.items()
        if first <= Period(year, month) <= last
    ]


# Partition keys of the report assets: a month (2019-08), a tertial report (2019-T2), a year.
TERTIAL_END_MONTH = {1: 4, 2: 8}  # T1 jan-apr, T2 jan-aug; sep-dec is the annual report's
YEAR_END_MONTH = 12


def tertial_key(year: int, tertial: int) -> str:
    return f"{year}-T{tertial}"


def tertial_of_period(period: Period) -> int | None:
    """1 for April, 2 for August, otherwise None (December is the annual report)."""
    return {month: tertial for tertial, month in TERTIAL_END_MONTH.items()}.get(period.month)


def partition_key(scheme: str, period: Period) -> str:
    if scheme == "month":
        return str(period)
    if scheme == "tertial":
        tertial = tertial_of_period(period)
        if tertial is None:
            raise ValueError(f"{period} ends no tertial report (April, August)")
        return tertial_key(period.year, tertial)
    if scheme == "year":
        return str(period.year)
    raise ValueError(f"unknown partition scheme {scheme}")


def period_of_partition(scheme: str, key: str) -> Period:
    """The last month a partition's report covers: 2019-T2 -> 2019-08, 2019 -> 2019-12."""
    if scheme == "month":
        return Period.parse(key)
    if scheme == "tertial":
        year, tertial = key.split("-T")
        return Period(int(year), TERTIAL_END_MONTH[int(tertial)])
    if scheme == "year":
        return Period(int(key), YEAR_END_MONTH)
    raise ValueError(f"unknown partition scheme {scheme}")
