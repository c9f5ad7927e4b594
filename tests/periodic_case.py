"""A small region whose tertial and annual figures are known in advance.

Two groups, four leaves; every month books the same amounts, so year-to-date figures are simple
multiples (see the expected tables in test_periodic_reports.py).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

from orchestration.periods import Period
from orchestration.sample.files import write_csv, write_table
from orchestration.sample.generator import (
    BUDGET_HEADER,
    FORECAST_HEADER,
    HR_HEADER,
    INVESTMENT_HEADER,
    PROJECT_HEADER,
    LedgerWriter,
)
from orchestration.sample.region import LAYOUT_HEADER, UPPDRAG_HEADER

TREE = [
    ("A", "Verksamhet A", None, "GA", 1, None, None),
    ("A1", "Drift A", "A", None, 1, "Eva Ek", "Avd A"),
    ("A2", "Bidrag A", "A", None, 2, "Eva Ek", "Avd A"),
    ("B1", "Drift B", None, "GB", 1, "Olle Ås", "Avd B"),
    ("B2", "Avgifter B", None, "GB", 2, "Olle Ås", "Avd B"),
]
LAYOUT = [
    ("Resultat", 1, "noder", None, "A"),
    ("Resultat", 2, "summa", "Totalt GA", "GA"),
    ("Resultat", 3, "grupp", None, "GB"),
    ("Resultat", 4, "summa", "Totalt GB", "GB"),
    ("Resultat", 5, "summa", "Totalt", "GA+GB"),
]
# leaf: (account, SEK a month this year, SEK a month last year, budget SEK a month), ledger sign
BOOKINGS = {
    "A1": ("5011", 1_000_000, 900_000, 1_025_000),
    "A2": ("8910", -1_100_000, -1_000_000, -1_025_000),
    "B1": ("4010", 500_000, 400_000, 450_000),
    "B2": ("3010", -250_000, -200_000, -200_000),
}
PROJECT_SPEND = (20_000, 10_000)  # P1's share of A1's costs a month, this year and last year


def write_case(folder: Path, year: int, last_month: int) -> None:
    rng = random.Random(year)
    write_csv(folder / "registers" / "uppdrag.csv", UPPDRAG_HEADER, TREE, "cp1252")
    write_csv(folder / "registers" / "rapportmall.csv", LAYOUT_HEADER, LAYOUT)
    budget = [
        (year, code, account, *([Decimal(per_month)] * 12))
        for code, (account, _, _, per_month) in BOOKINGS.items()
    ]
    write_table(folder / "budget" / f"budget_{year}.csv", BUDGET_HEADER, budget, "cp1252")
    write_table(
        folder / "forecast" / f"prognos_{year - 1}-11.csv",
        FORECAST_HEADER,
        [("A1", Decimal(-99_999), "förra året")],
        "utf-8",
    )
    write_table(
        folder / "forecast" / f"prognos_{year}-05.xlsx",
        FORECAST_HEADER,
        [
            ("A1", Decimal(-12_000), None),
            ("A2", Decimal(13_000), None),
            ("B1", Decimal(-5_600), None),
            ("B2", Decimal(2_400), "Oförändrat"),
        ],
    )
    write_table(
        folder / "forecast" / f"prognos_{year}-08.csv",
        FORECAST_HEADER,
        [
            ("A1", Decimal(-12_500), "Högre lönekostnader"),
            ("A2", Decimal(13_300), None),
            ("B1", Decimal(-5_500), None),
        ],
        "cp1252",
    )  # B2 carried over from May
    for this_year, months in ((year - 1, 12), (year, last_month)):
        current = this_year == year
        for month in range(1, months + 1):
            writer = LedgerWriter(Period(this_year, month), rng)
            for code, (account, now, before, _) in BOOKINGS.items():
                amount = Decimal(now if current else before)
                if code == "A1":
                    spend = Decimal(PROJECT_SPEND[0 if current else 1])
                    writer.post("6410", spend, code, "RK10", "Konsult", projekt="P1")
                    amount -= spend
                writer.post(account, amount, code, "RK10", "Bokföring", pieces=2)
            writer.post("1220", Decimal(100_000), None, "RK90", "Datorer", projekt="INV1")
            writer.post(
                "1010",
                Decimal(50_000 if current else 70_000),
                None,
                "RK90",
                "System",
                projekt="INV2",
            )
            if current and month == 3:
                writer.post("1220", Decimal(-30_000), None, "RK90", "Kreditering", projekt="INV1")
            writer.write(folder, "cp1252" if month % 2 else "utf-8-sig")
    write_csv(
        folder / "investments" / f"investeringar_{year}-05.csv",
        INVESTMENT_HEADER,
        [
            ("INV1", "Datorer", "Utrustning/inventarier", 1000, 950),
            ("INV2", "System", "Immateriella tillgångar", 500, 500),
        ],
    )
    write_csv(
        folder / "investments" / f"investeringar_{year}-08.csv",
        INVESTMENT_HEADER,
        [
            ("INV1", "Datorer", "Utrustning/inventarier", 1000, 900),
            ("INV2", "System", "Immateriella tillgångar", 500, 600),
        ],
        "cp1252",
    )
    write_csv(
        folder / "hr" / f"hr_{year}-07.csv",
        HR_HEADER,
        [("Personalomsättning", Decimal("9.0"), 10), ("Sjukfrånvaro", Decimal("4.0"), 5)],
    )
    write_csv(
        folder / "hr" / f"hr_{year}-08.csv",
        HR_HEADER,
        [("Personalomsättning", Decimal("9.5"), 10), ("Sjukfrånvaro", Decimal("4.8"), 5)],
        "cp1252",
    )
    for day in (dt.date(year, 8, 31), dt.date(year, 12, 31)):
        rows = [
            (
                "P1",
                "Timbanken",
                5,
                "Leda, driva och förvalta företagsstödet",
                "Region Halland",
                "Region",
                Decimal(10_000_000),
                "A1",
                dt.date(year - 1, 1, 1),
                dt.date(year, 6, 30),
                "Följer inte plan",
                "RS190087",
                "Tidbank för företag",
                None,
            ),
            (
                "P2",
                "Testmiljö Halland",
                2,
                "Leda och driva hälsoinnovation",
                "Högskolan i Halmstad",
                "Högskola",
                Decimal(18_900_000),
                None,
                None,
                dt.date(year + 2, 10, 31),
                "Pågår",
                None,
                "Testbädd",
                "+46 35 enligt plan",
            ),
            (
                "P3",
                "Suicidprevention",
                5,
                "Leda, driva och förvalta företagsstödet",
                "Region Halland",
                None,
                None,
                None,
                None,
                dt.date(year + 1, 12, 31),
                "●",
                None,
                None,
                "=SUMMA(A1)",
            ),
        ]
        write_table(folder / "registers" / f"projekt_{day}.csv", PROJECT_HEADER, rows, "utf-8-sig")
