"""Period logic: accounting months, month ranges and the Swedish month names of the headers."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from orchestration.seeds import value_list, values

# Swedish month names (value_lists seed): jan ... dec, and the budget file's columns Jan ... Dec.
MONTH_ABBREVIATIONS = values("month")
BUDGET_MONTH_COLUMNS = tuple(month.label for month in value_list("month"))

_PERIOD_RE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Period:
    """An accounting month, e.g. 2017-11."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not 1-12")
        if not 1900 <= self.year <= 2999:
            raise ValueError(f"year {self.year} is out of range")

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse `YYYY-MM`; raise ValueError with the offending text otherwise."""
        match = _PERIOD_RE.match(text.strip())
        if not match:
            raise ValueError(f"'{text}' is not a period of the form YYYY-MM")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def from_yyyymm(cls, value: int | str) -> Period:
        text = str(value).strip()
        if not re.fullmatch(r"\d{6}", text):
            raise ValueError(f"'{value}' is not a period of the form YYYYMM")
        return cls(int(text[:4]), int(text[4:]))

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def yyyymm(self) -> int:
        return self.year * 100 + self.month

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def next(self) -> Period:
        return Period(self.year + (self.month == 12), self.month % 12 + 1)

    def previous(self) -> Period:
        return Period(self.year - (self.month == 1), 12 if self.month == 1 else self.month - 1)

    @property
    def month_range_label(self) -> str:
        """`jan-nov` for November; `jan` for January (a range of one month)."""
        if self.month == 1:
            return MONTH_ABBREVIATIONS[0]
        return f"{MONTH_ABBREVIATIONS[0]}-{MONTH_ABBREVIATIONS[self.month - 1]}"


def months_between(first: Period, last: Period) -> list[Period]:
    """Every period from first to last inclusive."""
    periods = []
    current = first
    while current <= last:
        periods.append(current)
        current = current.next()
    return periods
