"""A small region whose forecast proposals, back-tests and forecast accuracy are computed here
by hand, from the same numbers the delivered files hold (see test_forecast_proposals.py).

Two leaves under one node: A1 books costs that grow every year with a seasonal profile (half in
July, double in December), A2 a flat grant exactly as budgeted. Forecasts for A1 at April and
August of every year; A2 never delivers one, so its forecast is its budget (carry-over rule).
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

from orchestration.periods import Period
from orchestration.sample.files import write_csv
from orchestration.sample.generator import BUDGET_HEADER, FORECAST_HEADER, LedgerWriter
from orchestration.sample.region import LAYOUT_HEADER, UPPDRAG_HEADER

YEARS = (2017, 2018, 2019)
WEIGHTS = (1, 1, 1, 1, 1, 1, Decimal("0.5"), 1, 1, 1, 1, 2)  # A1's months (12,5 a year)
A1_BASE = {2017: 100_000, 2018: 110_000, 2019: 120_000}  # cost a month, SEK, ledger sign
A1_BUDGET = {2017: 105_000, 2018: 112_000, 2019: 118_000}  # flat, a month
A2_MONTH = 100_000  # grant a month, as budgeted
FORECASTS = {  # A1, tkr, report sign
    "2017-04": -1250,
    "2017-08": -1300,
    "2018-04": -1380,
    "2018-08": -1400,
    "2019-04": -1500,
}
TREE = [
    ("A", "Verksamhet", None, "G", 1, None, None),
    ("A1", "Drift", "A", None, 1, "Berit", "Avd"),
    ("A2", "Bidrag", "A", None, 2, "Adam", "Avd"),
]
LAYOUT = [("Resultat", 1, "noder", None, "A"), ("Resultat", 2, "summa", "Totalt", "G")]


def a1_cost(year: int, month: int) -> Decimal:
    return Decimal(A1_BASE[year]) * Decimal(WEIGHTS[month - 1])


def write_forecast_case(folder: Path, last: Period) -> None:
    """The sources up to `last` (2019 at the latest)."""
    write_csv(folder / "registers" / "uppdrag.csv", UPPDRAG_HEADER, TREE)
    write_csv(folder / "registers" / "rapportmall.csv", LAYOUT_HEADER, LAYOUT)
    rng = random.Random(1)
    for year in YEARS:
        if year > last.year:
            break
        budget = [
            (year, "A1", "5011", *([Decimal(A1_BUDGET[year])] * 12)),
            (year, "A2", "8910", *([Decimal(-A2_MONTH)] * 12)),
        ]
        write_csv(folder / "budget" / f"budget_{year}.csv", BUDGET_HEADER, budget)
        for month in range(1, 13):
            period = Period(year, month)
            if period > last:
                break
            writer = LedgerWriter(period, rng)
            writer.post("5011", a1_cost(year, month), "A1", "RK1", "Lön", pieces=2)
            writer.post("8910", Decimal(-A2_MONTH), "A2", "RK1", "Bidrag")
            writer.write(folder, "utf-8")
    for occasion, value in FORECASTS.items():
        if Period.parse(occasion) <= last:
            write_csv(
                folder / "forecast" / f"prognos_{occasion}.csv",
                FORECAST_HEADER,
                [("A1", Decimal(value), "Enligt plan")],
            )
