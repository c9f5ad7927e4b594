"""Deterministic sample data for the demo and tests: a central office over several years.

Writes a sources folder exactly as the contract describes: monthly ledgers with balanced vouchers
(in three encodings), yearly budgets, forecast occasions (not every month, with gaps so that the
carry-over rule shows), the uppdrag tree and report layout, project register snapshots,
investments and staff indicators.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

from orchestration.ingest.columns import STATUSES
from orchestration.periods import BUDGET_MONTH_COLUMNS, Period, months_between
from orchestration.sample.files import write_csv, write_table
from orchestration.sample.region import (
    LAYOUT,
    LAYOUT_HEADER,
    UPPDRAG_HEADER,
    Uppdrag,
    leaves,
    uppdrag_rows,
)

LEDGER_HEADER = (
    "Period",
    "Verifikation",
    "Bokföringsdatum",
    "Konto",
    "Ansvar",
    "Uppdrag",
    "Projekt",
    "Motpart",
    "Belopp",
    "Text",
)
BUDGET_HEADER = ("År", "Uppdrag", "Konto", *BUDGET_MONTH_COLUMNS)
FORECAST_HEADER = ("Uppdrag", "Årsprognos", "Kommentar")
PROJECT_HEADER = (
    "Projekt-ID",
    "Projektnamn",
    "Uppdragsnr",
    "Verksamhetsuppdrag",
    "Ägare",
    "Ägartyp",
    "RH-medel",
    "Finansierande uppdrag",
    "Startdatum",
    "Slutdatum",
    "Status",
    "Diarienummer",
    "Beskrivning",
    "Kommentar",
)
INVESTMENT_HEADER = ("Objekt", "Benämning", "Tillgångsslag", "Årsbudget", "Årsprognos")
HR_HEADER = ("Indikator", "Utfall", "Målvärde")
FORECAST_MONTHS = (3, 4, 5, 6, 8, 9, 10, 11)  # no forecast in Jan, Feb, Jul, Dec
ENCODINGS = ("utf-8-sig", "utf-8", "cp1252")
CENT = Decimal("0.01")

# Account mix of a leaf by kind: (account, share of the net amount, text). Shares sum to 1.
PROFILES: dict[str, tuple[tuple[str, float, str], ...]] = {
    "grant": (("8910", 1.0, "Regionbidrag enligt budgetbeslut"),),
    "tax": (
        ("8010", 0.78, "Skatteintäkter, preliminär avräkning"),
        ("8110", 0.24, "Generellt statsbidrag och utjämning"),
        ("8410", -0.02, "Räntekostnader på lån"),
    ),
    "targeted_grant": (
        ("3510", 1.6, "Riktat statsbidrag från Socialstyrelsen"),
        ("4610", -0.6, "Köpta tjänster för statsbidragsinsats"),
    ),
    "cost": (
        ("4010", 0.32, "Köpt vård från annan region"),
        ("4550", 0.06, "Läkemedel inom förmånen"),
        ("5011", 0.34, "Löner månadsavlönade"),
        ("5611", 0.13, "Arbetsgivaravgifter"),
        ("6410", 0.09, "Konsulttjänster och utredningar"),
        ("7010", 0.09, "Lokalhyra och städning"),
        ("3010", -0.03, "Patientavgifter och försäljning"),
    ),
}
BALANCING = {"3": "1510", "8": "1930"}  # revenue is received; costs are owed to suppliers (2440)

OWNERS = (
    ("Region Halland", "Region"),
    ("Regionkontoret", "Region"),
    ("Högskolan i Halmstad", "Högskola"),
    ("Varbergs kommun", "Kommun"),
    ("Falkenbergs kommun", "Kommun"),
    ("Laholms kommun", "Kommun"),
    ("RISE", "Myndighet"),
    ("IUC Halland", "Företag"),
    ("High Five", "Förening"),
    ("Coompanion", "Förening"),
    ("Hushållningssällskapet Halland", "Förening"),
    ("Connect Sverige Region Väst", "Förening"),
    ("Nordic Surfers", "Företag"),
    ("Länsstyrelsen i Halland", "Myndighet"),
    ("Inera", "Företag"),
    ("Sydvatten", "Företag"),
    ("CSR Västsverige", "Förening"),
)
VERKSAMHETSUPPDRAG = {
    2: "Leda och driva innovation och utveckling inom hälsoinnovationsområdet",
    4: "Leda och samordna omställningsarbetet mot en god och nära vård i Halland",
    5: "Leda, driva och förvalta det generella företags- och innovationsstödet",
    9: "Utveckla beställning, uppdrag och uppföljning inom området psykisk ohälsa",
    12: "Öka samplaneringen inom regional utveckling och samhällsplanering",
    17: "Öka kunskapen om insatser som minskar skillnaden i hälsa",
    20: "Leda och driva utveckling, innovation och internationalisering i besöksnäringen",
    29: "Koordinera regionala processer för grön tillväxt",
}
PROJECT_NAMES = (
    "Testmiljö Halland",
    "Utvecklingscheckar",
    "Timbanken",
    "Suicidprevention",
    "Tysklands-satsning",
    "Flytande biogas för tung transport i Halland",
    "Riktade hälsosamtal",
    "Rum i Halland-process för samplanering",
    "Seminarier om samhällsplanering",
    "Doula och kulturtolk",
    "Hälsofrämjande BVC",
    "Hälsofrämjande gruppbehandling psykisk hälsa",
    "Timbanksforumet",
    "Mångfald i arbetslivet",
    "Digital vårdcentral",
    "Välfärdsteknik i hemmet",
    "Besöksnäring året runt",
    "Cykelleder längs kusten",
    "Innovationsslussen",
    "Vätgas i kollektivtrafiken",
    "Kompetensförsörjning inom vården",
    "Ungas psykiska hälsa",
    "Smart industri Halland",
    "Livsmedelsstrategi",
    "Företagsakuten",
    "Exportlyftet",
    "Framtidens hälsocentral",
    "Hållbart resande",
    "Kulturella och kreativa näringar",
    "Sjukvårdens klimatavtryck",
)
INVESTMENT_OBJECTS = (
    ("INV101", "Datorer och skärmar", "Utrustning/inventarier", 4200),
    ("INV102", "Möbler Regionens hus", "Utrustning/inventarier", 1800),
    ("INV103", "Videokonferensutrustning", "Utrustning/inventarier", 950),
    ("INV201", "Ekonomisystem, ny version", "Immateriella tillgångar", 6500),
    ("INV202", "E-tjänsteplattform", "Immateriella tillgångar", 3100),
    ("INV301", "Ombyggnad kontorslokaler", "Fastigheter", 12500),
    ("INV302", "Energieffektivisering", "Fastigheter", 5400),
)
ASSET_ACCOUNTS = {
    "Utrustning/inventarier": "1220",
    "Immateriella tillgångar": "1010",
    "Fastigheter": "1110",
}
FUNDING_UPPDRAG = ("RSV50", "RSV60", "HSF13")
UNKNOWN_UPPDRAG = "RSV99"  # a mis-keyed code in the latest month, so the demo shows the warning


def sek(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_EVEN)


def split_amount(total: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    """Split an amount into positive-weighted parts that add up exactly."""
    weights = [rng.uniform(0.3, 1.7) for _ in range(parts)]
    scale = sum(weights)
    pieces = [sek(total * Decimal(w / scale)) for w in weights[:-1]]
    return [*pieces, total - sum(pieces, Decimal(0))]


@dataclass
class LedgerWriter:
    """Builds one month's vouchers; every voucher balances by construction."""

    period: Period
    rng: random.Random
    rows: list[tuple] = field(default_factory=list)
    voucher_no: int = 0

    def _voucher_id(self) -> str:
        self.voucher_no += 1
        return f"V{self.period.yyyymm}-{self.voucher_no:05d}"

    def _date(self) -> dt.date:
        return self.period.first_day + dt.timedelta(
            days=self.rng.randrange(self.period.last_day.day)
        )

    def post(
        self,
        account: str,
        amount: Decimal,
        uppdrag: str | None,
        ansvar: str,
        text: str,
        projekt: str | None = None,
        pieces: int = 1,
        counter_account: str | None = None,
        motpart: str | None = None,
    ) -> None:
        """Book `amount` (ledger sign) on `account` in `pieces` vouchers with balancing rows."""
        if amount == 0:
            return
        balancing = counter_account or BALANCING.get(account[0], "2440")
        for piece in split_amount(amount, pieces, self.rng):
            voucher, date = self._voucher_id(), self._date()
            self.rows.append(
                (
                    self.period.yyyymm,
                    voucher,
                    date,
                    account,
                    ansvar,
                    uppdrag,
                    projekt,
                    motpart,
                    piece,
                    text,
                )
            )
            self.rows.append(
                (
                    self.period.yyyymm,
                    voucher,
                    date,
                    balancing,
                    "RK9000",
                    None,
                    None,
                    motpart,
                    -piece,
                    text,
                )
            )

    def write(self, folder: Path, encoding: str) -> Path:
        self.rows.sort(key=lambda r: (r[2], r[1]))
        path = folder / "ledger" / f"huvudbok_{self.period}.csv"
        return write_csv(path, LEDGER_HEADER, self.rows, encoding)


def monthly_weights(rng: random.Random) -> list[float]:
    # Holiday months cost less; December carries year-end bookings.
    base = [1.0, 1.0, 1.05, 1.0, 1.0, 0.95, 0.7, 0.9, 1.05, 1.05, 1.05, 1.2]
    weights = [b * rng.uniform(0.97, 1.03) for b in base]
    scale = sum(weights)
    return [w / scale for w in weights]


def ansvar_of(leaf: Uppdrag) -> list[str]:
    number = sum(ord(c) for c in leaf.code) % 90 + 10
    return [f"RK{number}{i}0" for i in range(1, 4)]


class RegionSampler:
    """Draws budgets, outcomes, forecasts and registers for the sample region."""

    def __init__(self, seed: int = 2017, rows_scale: int = 1) -> None:
        self.rng = random.Random(seed)
        self.rows_scale = rows_scale
        self.leaves = leaves()
        self.leaf_by_code = {leaf.code: leaf for leaf in self.leaves}
        # Yearly deviation of each leaf from budget (share of its annual amount).
        self._deviation: dict[tuple[str, int], float] = {}

    def annual(self, leaf: Uppdrag, year: int) -> float:
        """Annual net budget in SEK, report sign; grows about 3 % a year from the 2017 level."""
        growth = 1.03 ** (year - 2017)
        return (leaf.annual_mnkr or 0.0) * 1_000_000 * growth

    def deviation(self, leaf: Uppdrag, year: int) -> float:
        key = (leaf.code, year)
        if key not in self._deviation:
            self._deviation[key] = self.rng.gauss(0, 0.03 if leaf.kind == "cost" else 0.01)
        return self._deviation[key]

    def budget(self, year: int) -> dict[tuple[str, str], list[Decimal]]:
        """(leaf, account) -> twelve monthly amounts, ledger sign (cost positive)."""
        result = {}
        for leaf in self.leaves:
            annual = self.annual(leaf, year)
            if annual == 0:
                continue
            weights = monthly_weights(self.rng)
            for account, share, _ in PROFILES[leaf.kind]:
                ledger_total = -annual * share
                months = [sek(ledger_total * w) for w in weights]
                result[(leaf.code, account)] = months
        return result

    def outcome(
        self, budget: dict[tuple[str, str], list[Decimal]], period: Period
    ) -> dict[tuple[str, str], Decimal]:
        """Booked amount per (leaf, account) in a month, ledger sign."""
        result = {}
        for (code, account), months in budget.items():
            leaf = self.leaf_by_code[code]
            revenue = account[0] in "38"
            factor = 1 + self.deviation(leaf, period.year) * (1 if revenue else -1)
            noise = (
                self.rng.uniform(0.9, 1.1)
                if leaf.kind == "cost"
                else self.rng.uniform(0.995, 1.005)
            )
            result[(code, account)] = sek(months[period.month - 1] * Decimal(factor * noise))
        for leaf in self.leaves:  # a leaf without budget still books some costs
            if self.annual(leaf, period.year) == 0:
                result[(leaf.code, "6410")] = sek(self.rng.uniform(20_000, 60_000))
        return result

    def forecast_tkr(self, leaf: Uppdrag, occasion: Period) -> Decimal:
        annual = self.annual(leaf, occasion.year)
        if annual == 0:
            return Decimal(0)
        # The forecast converges on the year's deviation as the year goes on.
        certainty = occasion.month / 12
        deviation = self.deviation(leaf, occasion.year) * certainty
        value = annual * (1 + deviation * (1 if annual > 0 else -1)) / 1000
        return Decimal(str(round(value, 0)))


def write_ledger(
    folder: Path,
    sampler: RegionSampler,
    period: Period,
    budget: dict[tuple[str, str], list[Decimal]],
    projects: list[dict],
    unknown_code: bool,
) -> int:
    rng = sampler.rng
    writer = LedgerWriter(period, rng)
    texts = {account: text for profile in PROFILES.values() for account, _, text in profile}
    project_ids = [p["Projekt-ID"] for p in projects]
    for (code, account), amount in sorted(sampler.outcome(budget, period).items()):
        leaf = sampler.leaf_by_code[code]
        pieces = max(1, int(rng.randint(6, 22) * sampler.rows_scale))
        if leaf.kind in ("grant", "tax"):
            pieces = 1 + (leaf.kind == "tax")
        centres = ansvar_of(leaf)
        for part, centre in zip(split_amount(amount, len(centres), rng), centres, strict=True):
            projekt = (
                rng.choice(project_ids)
                # only the leaves that pay for projects book consultancy on them
                if (
                    project_ids
                    and code in FUNDING_UPPDRAG
                    and account == "6410"
                    and rng.random() < 0.5
                )
                else None
            )
            motpart = f"MP{rng.randint(100, 140)}" if account[0] in "34" else None
            writer.post(
                account,
                part,
                code,
                centre,
                texts.get(account, "Bokföring"),
                projekt=projekt,
                pieces=max(1, pieces // 3),
                motpart=motpart,
            )
    for objekt, _, asset_class, annual_tkr in INVESTMENT_OBJECTS:
        spend = sek(annual_tkr * 1000 / 12 * rng.uniform(0.4, 1.4))
        writer.post(
            ASSET_ACCOUNTS[asset_class],
            spend,
            None,
            "RK9100",
            f"Investering {objekt}",
            projekt=objekt,
            pieces=2,
        )
    if unknown_code:
        writer.post(
            "6410", sek(12_500), UNKNOWN_UPPDRAG, "RK4110", "Konsultfaktura, felkonterat uppdrag"
        )
    encoding = ENCODINGS[period.month % 3]
    writer.write(folder, encoding)
    return len(writer.rows)


def project_register(rng: random.Random, count: int, first_year: int) -> list[dict]:
    projects = []
    numbers = sorted(VERKSAMHETSUPPDRAG)
    for index in range(count):
        number = numbers[index % len(numbers)]
        name = PROJECT_NAMES[index % len(PROJECT_NAMES)]
        start = dt.date(first_year + rng.randint(-1, 2), rng.choice((1, 3, 6, 9)), 1)
        end = Period(start.year + rng.randint(1, 3), rng.choice((6, 10, 12))).last_day
        owner, owner_type = rng.choice(OWNERS)
        projects.append(
            {
                "Projekt-ID": f"P{first_year % 100:02d}{index + 1:03d}",
                "Projektnamn": f"{name} {start.year}-{end.year}",
                "Uppdragsnr": number,
                "Verksamhetsuppdrag": VERKSAMHETSUPPDRAG[number],
                "Ägare": owner,
                "Ägartyp": owner_type,
                "RH-medel": rng.choice(
                    (None, *(Decimal(rng.randint(5, 190) * 100_000) for _ in range(6)))
                ),
                "Finansierande uppdrag": rng.choice((*FUNDING_UPPDRAG, None)),
                "Startdatum": start,
                "Slutdatum": end,
                "Diarienummer": f"RS{start.year % 100:02d}{rng.randint(1000, 9999):04d}",
                "Beskrivning": f"Projektet {name.lower()} genomförs i samverkan med {owner}.",
                "_risk": rng.random(),
            }
        )
    return projects


def status_on(project: dict, day: dt.date, rng: random.Random) -> tuple[str, str | None]:
    start, end, risk = project["Startdatum"], project["Slutdatum"], project["_risk"]
    if day < start:
        return "Ej startad", None
    if day > end:
        if risk > 0.85:
            return "Följer inte plan", "Slutrapport försenad, avvaktar underlag från ägaren"
        return "Klar", "Slutrapport inlämnad"
    if risk > 0.9:
        return "Följer inte plan", rng.choice(
            (None, "Rekrytering av projektledare pågår", "- Avvaktar beslut om medfinansiering")
        )
    if risk > 0.75:
        return "Följer delvis plan", rng.choice(
            (None, "Förseningar i upphandlingen", "Färre deltagare än planerat")
        )
    if risk > 0.72:
        return "Pausad", "Pausat i väntan på nytt beslut"
    return "Pågår", rng.choice((None, "Enligt plan", "Delrapport lämnad till styrgruppen"))


def generate(
    folder: Path, first: Period, last: Period, seed: int = 2017, rows_scale: int = 1
) -> dict[str, int]:
    """Write a complete sources folder for the months first..last; returns file counts."""
    sampler = RegionSampler(seed, rows_scale)
    rng = sampler.rng
    counts: dict[str, int] = defaultdict(int)
    write_table(folder / "registers" / "uppdrag.xlsx", UPPDRAG_HEADER, uppdrag_rows())
    write_table(folder / "registers" / "rapportmall.csv", LAYOUT_HEADER, LAYOUT, "cp1252")
    counts["registers"] += 2
    projects = project_register(rng, 56, first.year)
    months = months_between(first, last)
    budgets = {}
    for year in sorted({p.year for p in months}):
        budgets[year] = sampler.budget(year)
        rows = [
            (year, code, account, *monthly)
            for (code, account), monthly in sorted(budgets[year].items())
        ]
        ext = "xlsx" if year % 2 == 0 else "csv"
        write_table(folder / "budget" / f"budget_{year}.{ext}", BUDGET_HEADER, rows, "cp1252")
        counts["budget"] += 1
    for period in months:
        counts["ledger_rows"] += write_ledger(
            folder, sampler, period, budgets[period.year], projects, unknown_code=period == last
        )
        counts["ledger"] += 1
        if period.month in FORECAST_MONTHS:
            rows = []
            for leaf in sampler.leaves:
                if rng.random() < 0.1:
                    continue  # no delivery from this owner: the carry-over rule applies
                comment = rng.choice(
                    (
                        None,
                        None,
                        "Oförändrad prognos",
                        "Ökade kostnader för inhyrd personal",
                        "=Prognosen justerad efter dialog",
                    )
                )
                rows.append((leaf.code, sampler.forecast_tkr(leaf, period), comment))
            ext = "xlsx" if period.month % 2 else "csv"
            write_table(
                folder / "forecast" / f"prognos_{period}.{ext}", FORECAST_HEADER, rows, "utf-8-sig"
            )
            counts["forecast"] += 1
        if period.month in (2, 4, 6, 8, 10, 12) or period == last:
            day = period.last_day
            rows = []
            for project in projects:
                status, comment = status_on(project, day, rng)
                rows.append(
                    tuple(project.get(h) for h in PROJECT_HEADER[:10])
                    + (
                        STATUSES[status] if rng.random() < 0.3 else status,
                        project["Diarienummer"],
                        project["Beskrivning"],
                        comment,
                    )
                )
            ext = "xlsx" if period.month % 4 == 0 else "csv"
            write_table(
                folder / "registers" / f"projekt_{day}.{ext}", PROJECT_HEADER, rows, "utf-8-sig"
            )  # status symbols do not exist in Windows-1252
            counts["projects"] += 1
        if period.month in (4, 8, 12) or period == last:
            rows = [
                (
                    objekt,
                    label,
                    asset_class,
                    Decimal(budget_tkr),
                    Decimal(round(budget_tkr * rng.uniform(0.8, 1.1))),
                )
                for objekt, label, asset_class, budget_tkr in INVESTMENT_OBJECTS
            ]
            write_table(
                folder / "investments" / f"investeringar_{period}.csv",
                INVESTMENT_HEADER,
                rows,
                "utf-8",
            )
            counts["investments"] += 1
        hr_rows = [
            ("Personalomsättning", sek(rng.uniform(7.5, 12.5)), Decimal(10)),
            ("Sjukfrånvaro", sek(rng.uniform(3.8, 6.2)), Decimal(5)),
        ]
        write_csv(folder / "hr" / f"hr_{period}.csv", HR_HEADER, hr_rows, "cp1252")
        counts["hr"] += 1
    return dict(counts)


def latest_closed_month(today: dt.date | None = None) -> Period:
    today = today or dt.date.today()
    return Period(today.year, today.month).previous()
