"""Contract-format sources whose totals reproduce the two November 2017 tables of domain.md.

Figures are mnkr, report sign: (Resultat jan-nov, Budget jan-nov, Budget 2017, Prognos 2017) per
leaf. Where the published table was rounded, unrounded values are chosen that print the same.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from orchestration.periods import Period
from orchestration.sample.files import write_table
from orchestration.sample.generator import (
    BUDGET_HEADER,
    FORECAST_HEADER,
    LedgerWriter,
    sek,
    split_amount,
)
from orchestration.sample.region import LAYOUT, LAYOUT_HEADER, UPPDRAG_HEADER, uppdrag_rows

PERIOD = Period(2017, 11)

# leaf: (outcome jan-nov, budget jan-nov, budget 2017, forecast 2017), mnkr, report sign
LEAVES: dict[str, tuple[float, float, float, float]] = {
    "RSV10": (312.7, 312.6, 341.6, 341.6),
    "RSV20": (-21.54, -21.56, -23.5, -23.5),
    "RSV30": (-30.1, -42.4, -46.4, -36.94),
    "RSV41": (-60.0, -65.1, -71.8, -66.0),
    "RSV42": (-55.3, -59.7, -64.6, -60.04),
    "RSV43": (-81.3, -94.0, -102.8, -92.0),
    "RSV50": (-0.4, 0.0, 0.0, 0.0),
    "RSV60": (-28.96, -29.84, -32.5, -32.5),
    "HSF21": (7051.9, 7048.6, 7691.1, 7694.6),
    "HSF11": (-154.96, -132.84, -144.9, -164.9),
    "HSF12": (-1099.06, -1103.74, -1204.1, -1202.9),
    "HSF13": (-69.94, -142.46, -155.4, -83.4),
    "HSF14": (-812.0, -696.2, -759.44, -884.4),
    "HSF15": (-484.72, -484.68, -528.9, -528.9),
    "HSF16": (60.8, 27.2, 29.7, 59.6),
    "HSF17": (-3840.42, -3863.38, -4206.94, -4192.44),
    "HSF18": (-203.72, -195.88, -213.8, -222.8),
    "HSF19": (-260.62, -249.18, -271.9, -302.9),
    "HSF1A": (-51.0, -66.1, -72.1, -55.1),
    "HSF1B": (-125.26, -149.74, -163.34, -135.66),
    "RGK10": (767.4, 767.4, 824.4, 824.4),
    "RGK20": (8351.3, 8091.6, 8827.249, 9085.96),
    "RGK30": (-401.9, -401.9, -438.4, -438.4),
    "RGK40": (-8561.6, -8450.7, -9195.7, -9268.84),
}
# Leaves without a row at the 2017-11 occasion: their 2017-10 forecast is carried over.
CARRIED_OVER = ("RSV10", "HSF15")
# A leaf with no forecast at any occasion of the year: the forecast equals its annual budget.
NEVER_FORECAST = ("RSV50",)

TABLE_RS_PUBLISHED = [
    ("Regionbidrag", 312.7, 312.6, 0.1, 341.6, 341.6, 0.0),
    ("E-plan utveckling", -21.5, -21.6, 0.0, -23.5, -23.5, 0.0),
    ("Förtroendevalda", -30.1, -42.4, 12.3, -46.4, -36.9, 9.5),
    ("Regionkontoret Bas", -196.6, -218.8, 22.2, -239.2, -218.0, 21.2),
    ("Drift av egna utvecklingsprojekt", -0.4, 0.0, -0.4, 0.0, 0.0, 0.0),
    ("Tillväxt utveckling", -29.0, -29.8, 0.9, -32.5, -32.5, 0.0),
    ("Totalt Regionstyrelsens verksamheter", 35.1, 0.0, 35.1, 0.0, 30.6, 30.6),
    ("Regionbidrag", -7040.9, -7057.0, 16.1, -7691.1, -7713.8, -22.7),
    ("Hälso- och sjukvårdsfinansiering", 7051.9, 7048.6, 3.3, 7691.1, 7694.6, 3.5),
    ("Hälso- och sjukvårdfinansiering", 11.1, -8.4, 19.4, 0.0, -19.2, -19.2),
    (
        "Deltotal för RS verksamheter o Hälso- och sjukvårdfinansiering",
        46.2,
        -8.4,
        54.5,
        0.0,
        11.4,
        11.4,
    ),
    ("Regionbidrag", 767.4, 767.4, 0.0, 824.4, 824.4, 0.0),
    ("Finansiering", 8351.3, 8091.6, 259.7, 8827.2, 9086.0, 258.7),
    ("Hallandstrafiken", -401.9, -401.9, 0.0, -438.4, -438.4, 0.0),
    ("Övriga regiongemensamma kostnader", -8561.6, -8450.7, -110.9, -9195.7, -9268.8, -73.1),
    ("Totalt Regiongemensamma kostnader och finansiering", 155.2, 6.4, 148.8, 17.5, 203.1, 185.6),
    ("Totalt Regionstyrelsens ansvarsområde", 201.3, -2.0, 203.3, 17.5, 214.5, 197.0),
]
TABLE_HSF_PUBLISHED = [
    ("Regionbidrag", 7051.9, 7048.6, 3.3, 7691.1, 7694.6, 3.5),
    ("Avtals- och taxevård", -155.0, -132.8, -22.1, -144.9, -164.9, -20.0),
    ("Den nära vården - Vårdval Halland", -1099.1, -1103.7, 4.7, -1204.1, -1202.9, 1.2),
    ("Gemensam verksamhetsutveckling", -69.9, -142.5, 72.5, -155.4, -83.4, 72.0),
    ("Läkemedel", -812.0, -696.2, -115.8, -759.4, -884.4, -125.0),
    ("Psykiatriuppdrag", -484.7, -484.7, 0.0, -528.9, -528.9, 0.0),
    ("Riktade stadsbidrag", 60.8, 27.2, 33.6, 29.7, 59.6, 29.9),
    ("Somatikuppdrag", -3840.4, -3863.4, 23.0, -4206.9, -4192.4, 14.5),
    ("Tandvård", -203.7, -195.9, -7.8, -213.8, -222.8, -9.0),
    ("Valfrihetsvård", -260.6, -249.2, -11.4, -271.9, -302.9, -31.0),
    ("Vårdval specialistvård", -51.0, -66.1, 15.1, -72.1, -55.1, 17.0),
    ("Övrig hälso- och sjukvårdsverksamhet", -125.3, -149.7, 24.5, -163.3, -135.7, 27.7),
    ("Summa", 11.0, -8.4, 19.6, 0.0, -19.2, -19.2),
]
MNKR = Decimal(1_000_000)


def _revenue_account(code: str) -> str:
    return "3510" if code == "HSF16" else "8010" if code == "RGK20" else "8910"


def write_reference_sources(folder: Path) -> None:
    """Registers, layout, budget 2017, forecasts 2017-10 and 2017-11, ledgers jan-nov 2017."""
    import random

    rng = random.Random(11)
    write_table(folder / "registers" / "uppdrag.csv", UPPDRAG_HEADER, uppdrag_rows(), "cp1252")
    write_table(folder / "registers" / "rapportmall.xlsx", LAYOUT_HEADER, LAYOUT)
    months = 11
    budget_rows = []
    for code, (_, budget_ytd, budget_year, _) in LEAVES.items():
        # ledger sign: a cost budget is positive; jan-nov carries budget_ytd, December the rest
        ytd = -Decimal(str(budget_ytd)) * MNKR
        monthly = [sek(part) for part in split_amount(ytd, months, rng)]
        monthly.append(-Decimal(str(budget_year)) * MNKR - sum(monthly, Decimal(0)))
        account = _revenue_account(code) if budget_year > 0 else "4010"
        budget_rows.append((2017, code, account, *monthly))
    write_table(folder / "budget" / "budget_2017.xlsx", BUDGET_HEADER, budget_rows)

    october = [
        (
            code,
            Decimal(str(values[3])) * 1000 - (0 if code in CARRIED_OVER else 4321),
            "Prognos oktober",
        )
        for code, values in LEAVES.items()
        if code not in NEVER_FORECAST
    ]
    november = [
        (code, Decimal(str(values[3])) * 1000, "=Oförändrad prognos" if i == 0 else None)
        for i, (code, values) in enumerate(LEAVES.items())
        if code not in CARRIED_OVER + NEVER_FORECAST
    ]
    write_table(folder / "forecast" / "prognos_2017-10.csv", FORECAST_HEADER, october, "cp1252")
    write_table(folder / "forecast" / "prognos_2017-11.xlsx", FORECAST_HEADER, november)

    for month in range(1, months + 1):
        writer = LedgerWriter(Period(2017, month), rng)
        for code, (outcome, *_) in LEAVES.items():
            ledger_ytd = -Decimal(str(outcome)) * MNKR  # result = -(ledger amounts)
            part = (
                sek(ledger_ytd / months)
                if month < months
                else (ledger_ytd - sek(ledger_ytd / months) * (months - 1))
            )
            if outcome < 0:
                # a cost line with some revenue in it: the sign rule must net them
                writer.post(
                    "3010",
                    sek(-part * Decimal("0.05")),
                    code,
                    "RK1000",
                    "Försäljning av tjänster",
                    pieces=2,
                )
                writer.post(
                    "5011",
                    part - sek(-part * Decimal("0.05")),
                    code,
                    "RK1000",
                    "Löner och ersättningar",
                    pieces=3,
                )
            else:
                writer.post(_revenue_account(code), part, code, "RK1000", "Intäkt", pieces=2)
        writer.post("1220", sek(250_000), None, "RK9100", "Investering datorer", projekt="INV101")
        writer.write(folder, ("utf-8-sig", "cp1252", "utf-8")[month % 3])
