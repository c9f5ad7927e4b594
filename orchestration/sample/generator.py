"""Deterministic sample data for the demo and tests: a central office over several years.

Writes a sources folder exactly as the contract describes: monthly ledgers with balanced vouchers
(in three encodings), yearly budgets, forecast occasions (not every month, with gaps so that the
carry-over rule shows), the uppdrag tree and report layout, project register snapshots,
investments and staff indicators.

The figures behave like a region's year (region.py describes how the lines relate):

- Budgets follow a chain from 2017 (the November 2017 report's budget): each cost line grows by
  its trend and moves part of the way towards last year's outcome; the regionbidrag of a board is
  the sum of its cost lines and is paid out by RGK40; the tax line leaves the planned surplus.
  Each board's budget is in balance month by month; the grand total's budget is the surplus.
- Outcomes: regionbidrag are booked exactly as budgeted (one voucher debits RGK40 and credits the
  receiving board), tax deviates by well under 2 %, each cost line by 2-8 % (about 1-2.5 % on
  lines over a billion) for one cause a year (vacancies, hired staff, drug costs ...), and each
  group total stays within 1.5-2.5 % of its budgeted net cost, the grand total within 1.2 %.
- Months: July clearly lower, June and August a bit lower, December higher (year-end accruals,
  booked as extra vouchers against 2990 Upplupna kostnader); budgets are phased similarly but not
  identically.
- Forecasts: the year's eventual outcome plus an error that shrinks from about 6 % in March to
  about 1 % in November and leans towards the budget early in the year; the owners comment on
  most lines in their own words.

Every random draw comes from a generator keyed by (seed, purpose, year, ...), so a year's figures
do not depend on which months are written.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

from orchestration.ingest.columns import STATUSES
from orchestration.periods import BUDGET_MONTH_COLUMNS, Period, months_between
from orchestration.sample.business_plan import UPPDRAG as UPPDRAG_IN_PLAN
from orchestration.sample.business_plan import write_business_plan
from orchestration.sample.files import write_csv, write_table
from orchestration.sample.region import (
    LAYOUT,
    LAYOUT_HEADER,
    UPPDRAG_HEADER,
    Uppdrag,
    group_of,
    leaves,
    under,
    uppdrag_rows,
)
from orchestration.sample.sie4_writer import sie4_from_csv

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
BASE_YEAR = 2017  # the year of region.py's budgets

# Monthly phasing of an account's annual amount by kind of cost (mean 1).
PHASING: dict[str, tuple[float, ...]] = {
    # regionbidrag, tax, rent, licences: twelfths
    "flat": (1.0,) * 12,
    # salaries: holiday pay was accrued when earned, so July costs little; December accruals
    "salary": (0.94, 0.98, 1.04, 1.01, 1.03, 0.95, 0.70, 0.93, 1.04, 1.05, 1.05, 1.28),
    # care bought by volume (other regions, hired staff, fees): follows production
    "activity": (0.93, 0.98, 1.05, 1.00, 1.03, 0.94, 0.72, 0.91, 1.04, 1.06, 1.05, 1.29),
    # care agreements (capitation, the hospital's assignment): near twelfths, settled at year-end
    "contract": (0.96, 0.99, 1.02, 1.01, 1.02, 0.96, 0.88, 0.96, 1.01, 1.02, 1.02, 1.15),
    "drugs": (0.97, 0.96, 1.03, 0.99, 1.01, 0.98, 0.90, 0.96, 1.01, 1.04, 1.02, 1.13),
    # consultants, grants paid, common costs: lumpy, much of it invoiced before year-end
    "lumpy": (0.60, 0.85, 1.00, 0.95, 1.00, 1.00, 0.45, 0.75, 1.05, 1.10, 1.25, 2.00),
    # pensions: the year's actuarial adjustment in December
    "pension": (0.97,) * 11 + (1.33,),
}
# Month-to-month noise around the phasing (share of a month's amount).
PHASING_NOISE = {
    "flat": 0.003,
    "salary": 0.015,
    "activity": 0.03,
    "contract": 0.01,
    "drugs": 0.03,
    "lumpy": 0.18,
    "pension": 0.02,
}
# December's accrual voucher (against 2990) as a share of a cost account's December amount.
ACCRUAL_SHARE = {"salary": 0.2, "activity": 0.2, "contract": 0.12, "lumpy": 0.4, "pension": 0.25}


@dataclass(frozen=True)
class Line:
    """One account of a profile: its share of the leaf's net amount (ledger sign) and phasing."""

    account: str
    share: float
    text: str
    phasing: str


# Account mix by profile. Shares are of the leaf's net amount and sum to 1.
PROFILES: dict[str, tuple[Line, ...]] = {
    "grant": (Line("8910", 1.0, "Regionbidrag enligt budgetbeslut", "flat"),),
    "tax": (
        Line("8010", 0.78, "Skatteintäkter, preliminär avräkning", "flat"),
        Line("8110", 0.24, "Generellt statsbidrag och utjämning", "flat"),
        Line("8410", -0.02, "Räntekostnader på lån", "flat"),
    ),
    "targeted_grant": (
        Line("3510", 1.6, "Riktat statsbidrag från Socialstyrelsen", "flat"),
        Line("4610", -0.6, "Köpta tjänster för statsbidragsinsats", "activity"),
    ),
    "admin": (
        Line("5011", 0.42, "Löner månadsavlönade", "salary"),
        Line("5611", 0.14, "Arbetsgivaravgifter", "salary"),
        Line("6410", 0.12, "Konsulttjänster och utredningar", "lumpy"),
        Line("6540", 0.10, "IT-tjänster och licenser", "flat"),
        Line("7010", 0.12, "Lokalhyra och städning", "flat"),
        Line("4690", 0.12, "Lämnade bidrag och ersättningar", "lumpy"),
        Line("3590", -0.02, "Övriga intäkter och försäljning", "activity"),
    ),
    "care": (
        Line("4010", 0.72, "Köpt vård, uppdragsersättning", "contract"),
        Line("4020", 0.15, "Köpt vård från annan region", "activity"),
        Line("5810", 0.06, "Inhyrd personal från bemanningsföretag", "activity"),
        Line("4550", 0.05, "Läkemedel inom uppdraget", "drugs"),
        Line("6410", 0.03, "Konsulttjänster och utredningar", "lumpy"),
        Line("5011", 0.02, "Löner månadsavlönade", "salary"),
        Line("3010", -0.03, "Patientavgifter", "activity"),
    ),
    "drugs": (
        Line("4550", 0.88, "Läkemedel inom förmånen", "drugs"),
        Line("4551", 0.10, "Rekvisitionsläkemedel", "drugs"),
        Line("5011", 0.04, "Löner månadsavlönade", "salary"),
        Line("6410", 0.01, "Konsulttjänster och utredningar", "lumpy"),
        Line("3590", -0.03, "Återbäring från läkemedelsföretag", "flat"),
    ),
    "traffic": (
        Line("4640", 0.97, "Driftbidrag Hallandstrafiken AB", "flat"),
        Line("6410", 0.03, "Konsulttjänster och utredningar", "lumpy"),
    ),
    # the common costs of RGK40 besides the regionbidrag it pays out (PAYOUT)
    "common": (
        Line("5710", 0.55, "Pensionskostnader", "pension"),
        Line("7610", 0.10, "Försäkringspremier", "flat"),
        Line("4990", 0.30, "Övriga regiongemensamma kostnader", "lumpy"),
        Line("6410", 0.05, "Konsulttjänster och utredningar", "lumpy"),
    ),
}
PAYOUT = Line("8920", 1.0, "Regionbidrag till nämnder", "flat")
BALANCING = {"3": "1510", "8": "1930"}  # revenue is received; costs are owed to suppliers (2440)
ACCRUAL_ACCOUNT = "2990"


@dataclass(frozen=True)
class Cause:
    """Why a line deviates: direction (+1 better than budget), the accounts that carry it, and
    how its owner puts it in a forecast comment ({area} is the line's area)."""

    direction: int
    accounts: tuple[str, ...]
    comments: tuple[str, ...]


CAUSES: dict[str, tuple[Cause, ...]] = {
    "admin": (
        Cause(
            1,
            ("5011", "5611"),
            (
                "Lägre personalkostnader p.g.a. vakanser",
                "Vakanta tjänster inom {area} tillsätts först under hösten",
                "Lägre personalkostnader p.g.a. föräldraledigheter och vakanser",
            ),
        ),
        Cause(
            1,
            ("6410",),
            (
                "Utredningsuppdrag senareläggs till nästa år",
                "Lägre kostnader för konsulttjänster än budgeterat",
            ),
        ),
        Cause(
            1, ("4690",), ("Färre beviljade bidrag än planerat", "Bidrag betalas ut först nästa år")
        ),
        Cause(
            -1,
            ("6410",),
            ("Ökade kostnader för konsulter inom {area}", "Oplanerade utredningskostnader"),
        ),
        Cause(
            -1,
            ("5011", "5611"),
            (
                "Högre personalkostnader p.g.a. förstärkning inom {area}",
                "Högre lönekostnader än budgeterat efter lönerevisionen",
            ),
        ),
        Cause(-1, ("6540",), ("Högre kostnader för IT-stöd och licenser än budgeterat",)),
    ),
    "care": (
        Cause(
            -1,
            ("5810",),
            (
                "Ökade kostnader för hyrpersonal inom {area}",
                "Fortsatt hög användning av hyrläkare inom {area}",
            ),
        ),
        Cause(
            -1,
            ("4020",),
            (
                "Ökad vård i annan region; fler remisser än planerat",
                "Ökade volymer inom {area} jämfört med budget",
            ),
        ),
        Cause(
            -1,
            ("4010",),
            ("Högre produktion än planerat inom {area}", "Ökad efterfrågan inom {area}"),
        ),
        Cause(
            1,
            ("4010",),
            ("Lägre volymer inom {area} än budgeterat", "Uppdraget startar senare än planerat"),
        ),
        Cause(
            1,
            ("4020",),
            ("Minskad utomlänsvård", "Färre vårdtillfällen i annan region än budgeterat"),
        ),
        Cause(1, ("5810",), ("Minskat beroende av hyrpersonal inom {area}",)),
    ),
    "drugs": (
        Cause(
            -1,
            ("4550",),
            (
                "Kostnadsutvecklingen för läkemedel inom förmånen är högre än budgeterat",
                "Ökade kostnader för nya läkemedel, bl.a. inom diabetes och cancer",
            ),
        ),
        Cause(-1, ("4551",), ("Högre kostnader för rekvisitionsläkemedel",)),
        Cause(1, ("3590",), ("Högre återbäring från läkemedelsföretagen än budgeterat",)),
        Cause(1, ("4550",), ("Lägre kostnadsökning för läkemedel än befarat",)),
    ),
    "traffic": (
        Cause(
            -1,
            ("4640",),
            (
                "Högre driftbidrag till Hallandstrafiken p.g.a. ökade drivmedelspriser",
                "Lägre biljettintäkter ger högre driftbidrag",
            ),
        ),
        Cause(1, ("4640",), ("Resandet har ökat mer än väntat; lägre driftbidrag",)),
    ),
    "common": (
        Cause(-1, ("5710",), ("Högre pensionskostnader enligt KPA:s senaste prognos",)),
        Cause(1, ("5710",), ("Lägre pensionskostnader enligt KPA:s senaste prognos",)),
        Cause(
            -1, ("7610", "4990"), ("Ökade kostnader för försäkringspremier och gemensamma avtal",)
        ),
        Cause(
            1, ("4990",), ("Centrala medel för oförutsedda kostnader har inte tagits i anspråk",)
        ),
    ),
    "tax": (
        Cause(1, ("8010",), ("Högre skatteintäkter enligt SKR:s senaste skatteunderlagsprognos",)),
        Cause(-1, ("8010",), ("Lägre skatteintäkter enligt SKR:s senaste skatteunderlagsprognos",)),
    ),
    "targeted_grant": (
        Cause(
            1, ("3510",), ("Högre statsbidrag än budgeterat efter nya överenskommelser med staten",)
        ),
        Cause(
            -1, ("3510",), ("Lägre riktade statsbidrag; del av överenskommelsen rekvireras inte",)
        ),
    ),
}
# Share of a board's cost lines that do better than budget in a year, by profile.
BETTER_THAN_BUDGET = {
    "admin": 0.65,
    "care": 0.4,
    "drugs": 0.3,
    "traffic": 0.5,
    "common": 0.5,
    "targeted_grant": 0.6,
}
GROUP_CAP = {"RSV": 0.025, "HSF": 0.015, "RGK": 0.015}  # |deviation| / budgeted net cost
GRAND_CAP = 0.012
UNCHANGED = "Prognosen oförändrad sedan förra tillfället"
NEUTRAL_COMMENTS = (
    "Prognos i nivå med budget",
    "Verksamheten bedrivs inom budgetram",
    "Ingen avvikelse mot budget förväntas",
)
GRANT_COMMENTS = ("Regionbidrag enligt budgetbeslut", "Enligt fastställd budget")
EARLY_COMMENT = "Osäker bedömning så här tidigt på året"
FORMULA_COMMENT = "=Prognosen justerad efter dialog"  # source text that looks like a formula

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
# the uppdrag the sample's projects belong to; names from the business plan, said once
PROJECT_UPPDRAG = (2, 4, 5, 9, 12, 17, 20, 29)
VERKSAMHETSUPPDRAG = {
    number: name for number, name, *_ in UPPDRAG_IN_PLAN if number in PROJECT_UPPDRAG
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

    def transfer(
        self,
        amount: Decimal,
        debit: tuple[str, str, str],
        credit: tuple[str, str, str],
        text: str,
        date: dt.date | None = None,
    ) -> None:
        """One internal voucher of two result rows: `amount` debited on (account, uppdrag,
        ansvar) `debit` and credited on `credit`, e.g. a regionbidrag paid out and received."""
        if amount == 0:
            return
        voucher, date = self._voucher_id(), date or self.period.first_day
        for (account, uppdrag, ansvar), signed in ((debit, amount), (credit, -amount)):
            self.rows.append(
                (
                    self.period.yyyymm,
                    voucher,
                    date,
                    account,
                    ansvar,
                    uppdrag,
                    None,
                    None,
                    signed,
                    text,
                )
            )

    def write(self, folder: Path, encoding: str) -> Path:
        self.rows.sort(key=lambda r: (r[2], r[1]))
        path = folder / "ledger" / f"huvudbok_{self.period}.csv"
        return write_csv(path, LEDGER_HEADER, self.rows, encoding)


def ansvar_of(leaf: Uppdrag) -> list[str]:
    number = sum(ord(c) for c in leaf.code) % 90 + 10
    return [f"RK{number}{i}0" for i in range(1, 4)]


def profile_of(leaf: Uppdrag) -> str:
    return leaf.profile if leaf.kind == "cost" and leaf.profile else leaf.kind


def phase(annual: Decimal, weights: list[float]) -> list[Decimal]:
    """Twelve monthly amounts (öre) in proportion to `weights` that add up to `annual` exactly."""
    scale = sum(weights)
    months = [sek(annual * Decimal(w / scale)) for w in weights[:11]]
    return [*months, annual - sum(months, Decimal(0))]


@dataclass
class YearPlan:
    """One year of the sample region: budgets, the year's outcome and why lines deviate."""

    year: int
    budget_net: dict[str, float]  # leaf -> annual budget, SEK, report sign
    outcome_net: dict[str, float]  # leaf -> annual outcome, SEK, report sign (unrounded target)
    causes: dict[str, Cause | None]
    budget: dict[tuple[str, str], list[Decimal]] = field(default_factory=dict)  # ledger sign
    outcome: dict[tuple[str, str], list[Decimal]] = field(default_factory=dict)  # ledger sign
    phasing: dict[tuple[str, str], str] = field(default_factory=dict)
    texts: dict[tuple[str, str], str] = field(default_factory=dict)

    def outcome_year(self, code: str) -> Decimal:
        """The year's booked outcome of a leaf, SEK, report sign."""
        return -sum(
            (sum(months, Decimal(0)) for (c, _), months in self.outcome.items() if c == code),
            Decimal(0),
        )

    def budget_year(self, code: str) -> Decimal:
        return -sum(
            (sum(months, Decimal(0)) for (c, _), months in self.budget.items() if c == code),
            Decimal(0),
        )


class RegionSampler:
    """Draws budgets, outcomes, forecasts and registers for the sample region."""

    def __init__(self, seed: int = 2017, rows_scale: int = 1, base_year: int = BASE_YEAR) -> None:
        self.seed = seed
        self.rng = self.keyed("main")
        self.rows_scale = rows_scale
        self.base_year = min(base_year, BASE_YEAR)
        self.leaves = leaves()
        self.leaf_by_code = {leaf.code: leaf for leaf in self.leaves}
        self._plans: dict[int, YearPlan] = {}
        self._forecasts: dict[tuple[str, int], dict[int, Decimal]] = {}

    def keyed(self, *key: object) -> random.Random:
        """A generator of its own for one purpose, so draws elsewhere do not shift it."""
        return random.Random(":".join(str(part) for part in (self.seed, *key)))

    # ---- the yearly chain: budgets follow the trend and last year's outcome -------------------

    def _base_budget(self, leaf: Uppdrag) -> float:
        """The base year's budget of a chain line, SEK, report sign."""
        annual = (leaf.annual_mnkr or 0.0) * 1_000_000
        if leaf.kind == "common":  # only its own common costs; the payout follows the boards
            annual += sum(
                (u.annual_mnkr or 0.0) * 1_000_000 for u in self.leaves if u.paid_by == leaf.code
            )
        return annual / (1 + leaf.growth) ** (BASE_YEAR - self.base_year)

    def plan(self, year: int) -> YearPlan:
        if year not in self._plans:
            if year < self.base_year:
                raise ValueError(f"the sample region starts in {self.base_year}, not {year}")
            previous = self._plans.get(year - 1) or (
                self.plan(year - 1) if year > self.base_year else None
            )
            self._plans[year] = self._draw_year(year, previous)
        return self._plans[year]

    def _is_chain(self, leaf: Uppdrag) -> bool:
        """Lines whose budget is decided on their own (not derived from other lines)."""
        return leaf.kind in ("cost", "targeted_grant", "common") or (
            leaf.kind == "grant" and not leaf.nets
        )

    def _draw_year(self, year: int, previous: YearPlan | None) -> YearPlan:
        rng = self.keyed("year", year)
        own: dict[str, float] = {}  # chain lines; for RGK40 its common costs only
        for leaf in self.leaves:
            if not self._is_chain(leaf):
                continue
            if previous is None or self._base_budget(leaf) == 0:
                own[leaf.code] = self._base_budget(leaf)  # a line without budget keeps none
                continue
            last_budget = previous.budget_net[leaf.code]
            last_outcome = previous.outcome_net[leaf.code]
            if leaf.kind == "common":
                payout = self._payout(previous.budget_net, leaf.code)
                last_budget, last_outcome = last_budget + payout, last_outcome + payout
            trend = last_budget + 0.6 * (last_outcome - last_budget)
            if leaf.kind == "grant":
                trend = last_budget
            own[leaf.code] = trend * (1 + leaf.growth + rng.gauss(0, 0.006))
        budget = dict(own)
        for leaf in self.leaves:  # regionbidrag: the boards' cost lines
            if leaf.kind == "grant" and leaf.nets:
                budget[leaf.code] = -sum(
                    own[u.code]
                    for u in self.leaves
                    if u.code != leaf.code and u.code in own and under(u.code, leaf.nets)
                )
        for leaf in self.leaves:
            if leaf.kind == "common":
                budget[leaf.code] = own[leaf.code] - self._payout(budget, leaf.code)
        for leaf in self.leaves:  # tax: whatever leaves the planned surplus
            if leaf.kind == "tax":
                group = group_of(leaf.code)
                others = sum(
                    budget[u.code]
                    for u in self.leaves
                    if u.code in budget and group_of(u.code) == group
                )
                surplus = 17.5e6 * 1.03 ** (year - BASE_YEAR)
                budget[leaf.code] = surplus - others
        for leaf in self.leaves:
            budget.setdefault(leaf.code, 0.0)

        deviation, causes = self._draw_deviations(year, budget, own, previous)
        outcome = {code: budget[code] + deviation.get(code, 0.0) for code in budget}
        plan = YearPlan(year, budget, outcome, causes)
        self._book_year(plan, own)
        return plan

    def _payout(self, budget: dict[str, float], payer: str) -> float:
        """The regionbidrag `payer` pays out, SEK (report sign of the receivers)."""
        return sum(budget.get(u.code, 0.0) for u in self.leaves if u.paid_by == payer)

    def _draw_deviations(
        self,
        year: int,
        budget: dict[str, float],
        own: dict[str, float],
        previous: YearPlan | None,
    ) -> tuple[dict[str, float], dict[str, Cause | None]]:
        """Each line's deviation from budget (SEK, report sign, + is better) and its cause."""
        rng = self.keyed("deviation", year)
        deviation: dict[str, float] = {}
        causes: dict[str, Cause | None] = {}
        for leaf in self.leaves:
            profile = profile_of(leaf)
            base = own.get(leaf.code, budget[leaf.code])
            causes[leaf.code] = None
            if leaf.kind == "grant":
                continue
            if base == 0:  # no budget, yet some costs for projects in operation
                deviation[leaf.code] = -rng.uniform(250_000, 600_000)
                continue
            if leaf.kind == "tax":
                share = max(-0.015, min(0.015, rng.gauss(0.003, 0.006)))
            else:
                small = abs(base) < 1e9
                magnitude = rng.uniform(0.02, 0.08) if small else rng.uniform(0.008, 0.025)
                if profile in ("traffic", "targeted_grant"):
                    magnitude = rng.uniform(0.01, 0.045)
                before = previous.causes.get(leaf.code) if previous else None
                if before is not None and rng.random() < 0.6:
                    direction = before.direction  # the same trouble as last year
                else:
                    direction = 1 if rng.random() < BETTER_THAN_BUDGET[profile] else -1
                share = direction * magnitude
            deviation[leaf.code] = abs(base) * share
        for group, cap in GROUP_CAP.items():
            self._cap(deviation, budget, cap, lambda code, g=group: group_of(code) == g, rng)
        self._cap(deviation, budget, GRAND_CAP, lambda code: True, rng)
        for leaf in self.leaves:
            value = deviation.get(leaf.code, 0.0)
            options = [
                cause
                for cause in CAUSES.get(profile_of(leaf), ())
                if cause.direction == (1 if value > 0 else -1)
            ]
            if value and options and budget[leaf.code] != 0:
                fitting = [c for c in options if self._fits(leaf, c, value, own, budget)]
                causes[leaf.code] = rng.choice(fitting or options[:1])
        return deviation, causes

    def _fits(
        self, leaf: Uppdrag, cause: Cause, value: float, own: dict[str, float], budget: dict
    ) -> bool:
        """A cause fits when its accounts are big enough to carry the deviation."""
        base = abs(own.get(leaf.code, budget[leaf.code]))
        shares = {line.account: abs(line.share) for line in PROFILES[profile_of(leaf)]}
        return sum(shares.get(a, 0.0) for a in cause.accounts) * base >= 1.6 * abs(value)

    def _cap(
        self,
        deviation: dict[str, float],
        budget: dict[str, float],
        cap: float,
        member,
        rng: random.Random,
    ) -> None:
        """Scale the deviations of a group down when their sum exceeds `cap` of its budgeted
        net cost: in a real year some lines do better and some worse."""
        codes = [code for code in deviation if member(code)]
        net_cost = -sum(v for code, v in budget.items() if member(code) and v < 0)
        total = sum(deviation[code] for code in codes)
        if net_cost and abs(total) > cap * net_cost:
            factor = cap * net_cost / abs(total) * rng.uniform(0.4, 0.95)
            for code in codes:
                deviation[code] *= factor

    # ---- accounts and months ---------------------------------------------------------------

    def _book_year(self, plan: YearPlan, own: dict[str, float]) -> None:
        """Budgets and outcomes per leaf, account and month (ledger sign)."""
        year = plan.year
        grants = [leaf for leaf in self.leaves if leaf.kind == "grant" and leaf.nets]
        for leaf in self.leaves:
            if leaf in grants:
                continue
            profile = profile_of(leaf)
            rng = self.keyed("accounts", year, leaf.code)
            budget_base = own.get(leaf.code, plan.budget_net[leaf.code])
            outcome_base = budget_base + plan.outcome_net[leaf.code] - plan.budget_net[leaf.code]
            lines = PROFILES[profile]
            if budget_base == 0:
                lines = (Line("6410", 1.0, "Konsulttjänster och utredningar", "lumpy"),)
            annual_budget = {line.account: -budget_base * line.share for line in lines}
            annual_outcome = {}
            cause = plan.causes.get(leaf.code)
            carriers = cause.accounts if cause else (lines[0].account,)
            for line in lines:
                if line.account in carriers:
                    continue
                noise = 0.0 if leaf.kind == "tax" and line.account != "8410" else 0.015
                if line.phasing == "flat" and leaf.kind != "tax":
                    noise = 0.004
                annual_outcome[line.account] = annual_budget[line.account] * (
                    1 + rng.gauss(0, noise)
                )
            rest = -outcome_base - sum(annual_outcome.values())
            carried = sum(annual_budget[a] for a in carriers if a in annual_budget)
            for account in carriers:
                if account in annual_budget:
                    annual_outcome[account] = rest * (
                        annual_budget[account] / carried if carried else 1 / len(carriers)
                    )
            for line in lines:
                key = (leaf.code, line.account)
                plan.phasing[key] = line.phasing
                plan.texts[key] = line.text
                if budget_base != 0:
                    plan.budget[key] = phase(
                        sek(annual_budget[line.account]), self._budget_weights(rng, line.phasing)
                    )
                plan.outcome[key] = (
                    list(plan.budget[key])  # a regionbidrag is booked as budgeted
                    if leaf.kind == "grant"
                    else phase(
                        sek(annual_outcome[line.account]),
                        self._outcome_weights(rng, line.phasing),
                    )
                )
        # regionbidrag: phased like the board's cost budget, booked exactly as budgeted
        for leaf in grants:
            months = [Decimal(0)] * 12
            for (code, _), amounts in plan.budget.items():
                if code != leaf.code and under(code, leaf.nets):
                    months = [m - a for m, a in zip(months, amounts, strict=True)]
            key = (leaf.code, PROFILES["grant"][0].account)
            plan.budget[key] = months
            plan.outcome[key] = list(months)
            plan.phasing[key], plan.texts[key] = "flat", PROFILES["grant"][0].text
            if leaf.paid_by:
                payer = (leaf.paid_by, PAYOUT.account)
                paid = plan.budget.get(payer, [Decimal(0)] * 12)
                plan.budget[payer] = [p - m for p, m in zip(paid, months, strict=True)]
                plan.outcome[payer] = list(plan.budget[payer])
                plan.phasing[payer], plan.texts[payer] = "flat", PAYOUT.text
        for code in plan.budget_net:
            plan.budget_net[code] = float(plan.budget_year(code))
            plan.outcome_net[code] = float(plan.outcome_year(code))

    @staticmethod
    def _outcome_weights(rng: random.Random, phasing: str) -> list[float]:
        noise = PHASING_NOISE[phasing]
        return [max(0.05, w * (1 + rng.gauss(0, noise))) for w in PHASING[phasing]]

    @staticmethod
    def _budget_weights(rng: random.Random, phasing: str) -> list[float]:
        """Budgets are phased like last years' outcomes, smoothed, with a planner's touch."""
        if phasing == "flat":
            return list(PHASING["flat"])
        smooth = 0.75 if phasing != "lumpy" else 0.55
        return [
            (smooth * w + (1 - smooth)) * (1 + rng.uniform(-0.015, 0.015)) for w in PHASING[phasing]
        ]

    # ---- compatibility and forecasts ---------------------------------------------------------

    def budget(self, year: int) -> dict[tuple[str, str], list[Decimal]]:
        """(leaf, account) -> twelve monthly amounts, ledger sign (cost positive)."""
        return self.plan(year).budget

    def outcome(self, period: Period) -> dict[tuple[str, str], Decimal]:
        """Booked amount per (leaf, account) in a month, ledger sign."""
        plan = self.plan(period.year)
        return {key: months[period.month - 1] for key, months in plan.outcome.items()}

    def forecast_tkr(self, leaf: Uppdrag, occasion: Period) -> Decimal:
        """The owner's full-year forecast at an occasion, tkr, report sign: the year's outcome
        plus an error that shrinks over the year and leans towards the budget early on."""
        key = (leaf.code, occasion.year)
        if key not in self._forecasts:
            self._forecasts[key] = self._forecast_path(leaf, occasion.year)
        return self._forecasts[key][occasion.month]

    def _forecast_path(self, leaf: Uppdrag, year: int) -> dict[int, Decimal]:
        plan = self.plan(year)
        rng = self.keyed("forecast", year, leaf.code)
        budget = plan.budget_net[leaf.code]
        outcome = plan.outcome_net[leaf.code]
        if leaf.kind == "grant":
            return {m: Decimal(round(budget / 1000)) for m in FORECAST_MONTHS}
        scale = abs(budget)
        if leaf.kind == "common":
            scale = abs(budget + self._payout(plan.budget_net, leaf.code))
        if scale == 0:
            scale = max(abs(outcome), 300_000.0)
        weight = {"tax": 0.25, "targeted_grant": 0.5}.get(leaf.kind, 1.0)
        if scale >= 1e9:
            weight *= 0.5  # the big lines are the best known
        path: dict[int, Decimal] = {}
        z, last = rng.gauss(0, 1), None
        for month in FORECAST_MONTHS:
            sigma = 0.06 - (month - 3) * 0.05 / 8  # 6 % in March, 1 % in November
            lean = 0.35 * (11 - month) / 8  # early forecasts stay near the budget
            value = outcome + lean * (budget - outcome) + sigma * weight * scale * z
            z = 0.7 * z + math.sqrt(1 - 0.49) * rng.gauss(0, 1)
            tkr = Decimal(round(value / 1000))
            keep = rng.random() < 0.3
            if last is not None and keep and abs(tkr - last) * 1000 < Decimal(0.01 * scale):
                tkr = last  # close enough: the owner keeps the previous forecast
            path[month] = last = tkr
        return path

    def forecast_comment(
        self, leaf: Uppdrag, occasion: Period, value: Decimal, previous: Decimal | None
    ) -> str | None:
        """What the owner writes next to the forecast, in the owner's words."""
        rng = self.keyed("comment", occasion, leaf.code)
        if rng.random() < 0.12:
            return None
        if previous is not None and value == previous and leaf.kind != "grant":
            return UNCHANGED
        if leaf.kind == "grant":
            return rng.choice(
                (*GRANT_COMMENTS, UNCHANGED) if previous is not None else GRANT_COMMENTS
            )
        plan = self.plan(occasion.year)
        budget = plan.budget_net[leaf.code]
        deviation = float(value) * 1000 - budget
        scale = abs(budget) if budget else 1.0
        if leaf.kind == "common":
            scale = abs(budget + self._payout(plan.budget_net, leaf.code))
        if budget == 0:
            return "Kostnader för projekt i drift som inte är budgeterade"
        if abs(deviation) < 0.005 * scale:
            return rng.choice(NEUTRAL_COMMENTS)
        direction = 1 if deviation > 0 else -1
        cause = plan.causes.get(leaf.code)
        if cause is None or cause.direction != direction:
            if occasion.month <= 4:
                return EARLY_COMMENT
            options = [c for c in CAUSES.get(profile_of(leaf), ()) if c.direction == direction]
            if not options:
                return rng.choice(NEUTRAL_COMMENTS)
            cause = options[0]
        text = rng.choice(cause.comments)
        return text.replace("{area}", leaf.area or leaf.label.lower())


def write_ledger(
    folder: Path,
    sampler: RegionSampler,
    period: Period,
    budget: dict[tuple[str, str], list[Decimal]],
    projects: list[dict],
    unknown_code: bool,
) -> int:
    """Write one month's ledger; returns its rows. (`budget` is kept for callers; the month's
    outcome comes from the sampler's plan of the year.)"""
    del budget
    rng = sampler.keyed("ledger", period)
    plan = sampler.plan(period.year)
    writer = LedgerWriter(period, rng)
    project_ids = [p["Projekt-ID"] for p in projects]
    for (code, account), months in sorted(plan.outcome.items()):
        amount = months[period.month - 1]
        leaf = sampler.leaf_by_code[code]
        text = plan.texts[(code, account)]
        phasing = plan.phasing[(code, account)]
        centres = ansvar_of(leaf)
        if account == PAYOUT.account:
            continue  # booked with the receiving board's regionbidrag
        if leaf.kind == "grant" and leaf.paid_by:
            payer = sampler.leaf_by_code[leaf.paid_by]
            for part, centre in zip(split_amount(amount, len(centres), rng), centres, strict=True):
                writer.transfer(
                    -part,
                    (PAYOUT.account, payer.code, ansvar_of(payer)[0]),
                    (account, code, centre),
                    f"{text}, {code}",
                )
            continue
        pieces = max(1, int(rng.randint(6, 24) * sampler.rows_scale))
        if leaf.kind in ("grant", "tax"):
            pieces = 1 + (leaf.kind == "tax")
        accrual = Decimal(0)
        if period.month == 12 and phasing in ACCRUAL_SHARE and amount > 0:
            accrual = sek(amount * Decimal(ACCRUAL_SHARE[phasing]))
            amount -= accrual
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
                text,
                projekt=projekt,
                pieces=max(1, pieces // 3),
                motpart=motpart,
            )
        writer.post(
            account,
            accrual,
            code,
            centres[0],
            f"Periodisering bokslut: upplupen kostnad, {text.lower()}",
            counter_account=ACCRUAL_ACCOUNT,
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


def forecast_rows(sampler: RegionSampler, occasion: Period) -> list[tuple]:
    """One occasion's forecast delivery: most owners deliver, a few do not (carry-over)."""
    rng = sampler.keyed("delivery", occasion)
    rows = []
    for leaf in sampler.leaves:
        if rng.random() < 0.1:
            continue  # no delivery from this owner: the carry-over rule applies
        value = sampler.forecast_tkr(leaf, occasion)
        earlier = [m for m in FORECAST_MONTHS if m < occasion.month]
        previous = (
            sampler.forecast_tkr(leaf, Period(occasion.year, earlier[-1])) if earlier else None
        )
        rows.append([leaf.code, value, sampler.forecast_comment(leaf, occasion, value, previous)])
    if rows:  # one owner's comment starts with "=": it must stay text in every export
        rows[rng.randrange(len(rows))][2] = FORMULA_COMMENT
    return [tuple(row) for row in rows]


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


# The names an accounting system's SIE 4 export gives the sample's accounts (#KONTO).
ACCOUNT_NAMES = {
    **{line.account: line.text for lines in PROFILES.values() for line in reversed(lines)},
    PAYOUT.account: PAYOUT.text,
    "1010": "Immateriella anläggningstillgångar",
    "1110": "Byggnader och mark",
    "1220": "Inventarier och utrustning",
    "1510": "Kundfordringar",
    "1930": "Bankkonto",
    "2440": "Leverantörsskulder",
    ACCRUAL_ACCOUNT: "Övriga upplupna kostnader",
}


def write_sie4_year(folder: Path, year: int, last: Period) -> Path:
    """Turn the year's ledger CSV files into the SIE 4 export of an accounting system, as a unit
    that can only export SIE delivers it: named accounts and uppdrag objects, a checksum, and
    counterparties in dimension 30, which the dimension register maps to Motpart."""
    dimensions = {"ansvar": 1, "projekt": 6, "uppdrag": 20, "motpart": 30}
    write_csv(
        folder / "registers" / "siedimensioner.csv",
        ("Dimension", "Kolumn"),
        [(number, column.capitalize()) for column, number in dimensions.items()],
    )
    objects = {(dimensions["uppdrag"], row[0]): row[1] for row in uppdrag_rows()}
    return sie4_from_csv(
        folder / "ledger",
        year,
        dimension_of=dimensions,
        accounts=ACCOUNT_NAMES,
        objects=objects,
        program=("Visma Enterprise Ekonomi", "2024.2"),
        generated=min(Period(year, 12), last).last_day + dt.timedelta(days=5),
    )


def generate(
    folder: Path,
    first: Period,
    last: Period,
    seed: int = 2017,
    rows_scale: int = 1,
    sie_years: tuple[int, ...] = (),
) -> dict[str, int]:
    """Write a complete sources folder for the months first..last; returns file counts. The
    ledger of each of `sie_years` is one SIE 4 file instead of monthly CSV files."""
    sampler = RegionSampler(seed, rows_scale, base_year=first.year)
    counts: dict[str, int] = defaultdict(int)
    write_table(folder / "registers" / "uppdrag.xlsx", UPPDRAG_HEADER, uppdrag_rows())
    write_table(folder / "registers" / "rapportmall.csv", LAYOUT_HEADER, LAYOUT, "cp1252")
    counts["registers"] += 2
    projects = project_register(sampler.keyed("projects", first.year), 56, first.year)
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
        rng = sampler.keyed("registers", period)
        counts["ledger_rows"] += write_ledger(
            folder, sampler, period, budgets[period.year], projects, unknown_code=period == last
        )
        counts["ledger"] += 1
        if period.month in FORECAST_MONTHS:
            ext = "xlsx" if period.month % 2 else "csv"
            write_table(
                folder / "forecast" / f"prognos_{period}.{ext}",
                FORECAST_HEADER,
                forecast_rows(sampler, period),
                "utf-8-sig",
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
            write_business_plan(folder, period.last_day, seed)
            counts["business_plan"] += 1
        hr_rows = [
            ("Personalomsättning", sek(rng.uniform(7.5, 12.5)), Decimal(10)),
            ("Sjukfrånvaro", sek(rng.uniform(3.8, 6.2)), Decimal(5)),
        ]
        write_csv(folder / "hr" / f"hr_{period}.csv", HR_HEADER, hr_rows, "cp1252")
        counts["hr"] += 1
    for year in sie_years:
        write_sie4_year(folder, year, last)
        counts["ledger"] -= sum(1 for p in months if p.year == year) - 1
    return dict(counts)


def latest_closed_month(today: dt.date | None = None) -> Period:
    today = today or dt.date.today()
    return Period(today.year, today.month).previous()
