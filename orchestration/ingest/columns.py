"""Columns of every source kind as the contract lists them, with raw-table names and types.

This table drives header matching, value parsing, and the DDL of the raw tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.periods import BUDGET_MONTH_COLUMNS
from orchestration.seeds import symbols, values

# Value lists from the dbt seed value_lists.csv (the models read the same file).
STATUSES = symbols("project_status")
ASSET_CLASSES = values("asset_class")
HR_INDICATORS = values("staff_indicator")
LAYOUT_TYPES = values("layout_row_type")
OWNER_TYPES = values("owner_type")
# The ledger columns an SIE 4 dimension may fill (registers/siedimensioner, contract).
SIE_DIMENSION_COLUMNS = ("Ansvar", "Uppdrag", "Projekt", "Motpart")


@dataclass(frozen=True)
class Column:
    header: str  # as the contract writes it
    name: str  # raw-table column
    type: str  # text | int | decimal | amount | date | yyyymm | account | symbol | choice
    required: bool = True  # the column must be present
    nullable: bool = False  # cells may be empty
    choices: tuple[str, ...] = ()
    value_list: str = ""  # symbol: a value or its symbol from this list of value_lists.csv

    @property
    def sql_type(self) -> str:
        return {
            "int": "INTEGER",
            "decimal": "DECIMAL(18,3)",
            "amount": "DECIMAL(18,2)",
            "date": "DATE",
            "yyyymm": "INTEGER",
        }.get(self.type, "VARCHAR")


def _text(header: str, name: str, **kw: object) -> Column:
    return Column(header, name, "text", **kw)  # type: ignore[arg-type]


def _optional(header: str, name: str, type_: str = "text") -> Column:
    return Column(header, name, type_, required=False, nullable=True)


SCHEMAS: dict[str, tuple[Column, ...]] = {
    "ledger": (
        Column("Period", "period", "yyyymm"),
        _text("Verifikation", "verifikation"),
        Column("Bokföringsdatum", "bokforingsdatum", "date"),
        Column("Konto", "konto", "account"),
        _text("Ansvar", "ansvar", nullable=True),
        _text("Uppdrag", "uppdrag", nullable=True),
        _optional("Projekt", "projekt"),
        _optional("Motpart", "motpart"),
        Column("Belopp", "belopp", "amount"),
        _optional("Text", "text"),
    ),
    "budget": (
        Column("År", "ar", "int"),
        _text("Uppdrag", "uppdrag"),
        Column("Konto", "konto", "account"),
        *(
            Column(month, f"m{number:02d}", "amount")
            for number, month in enumerate(BUDGET_MONTH_COLUMNS, start=1)
        ),
    ),
    "forecast": (
        _text("Uppdrag", "uppdrag"),
        Column("Årsprognos", "arsprognos_tkr", "decimal"),
        _optional("Kommentar", "kommentar"),
    ),
    "uppdrag": (
        _text("Uppdrag", "uppdrag"),
        _text("Benämning", "benamning"),
        _text("Förälder", "foralder", nullable=True),
        _text("Rapportgrupp", "rapportgrupp", nullable=True),
        Column("Sortering", "sortering", "int"),
        _optional("Ansvarig", "ansvarig"),
        _optional("Avdelning", "avdelning"),
    ),
    "report_layout": (
        _text("Tabell", "tabell"),
        Column("Rad", "rad", "int"),
        Column("Typ", "typ", "choice", choices=LAYOUT_TYPES),
        _text("Etikett", "etikett", nullable=True),
        _text("Omfattar", "omfattar"),
    ),
    "projects": (
        _text("Projekt-ID", "projekt_id"),
        _text("Projektnamn", "projektnamn"),
        Column("Uppdragsnr", "uppdragsnr", "int"),
        _text("Verksamhetsuppdrag", "verksamhetsuppdrag"),
        _text("Ägare", "agare"),
        Column("Ägartyp", "agartyp", "choice", required=False, nullable=True, choices=OWNER_TYPES),
        Column("RH-medel", "rh_medel", "amount", nullable=True),
        _optional("Finansierande uppdrag", "finansierande_uppdrag"),
        _optional("Startdatum", "startdatum", "date"),
        Column("Slutdatum", "slutdatum", "date", nullable=True),
        Column("Status", "status", "symbol", value_list="project_status"),
        _optional("Diarienummer", "diarienummer"),
        _optional("Beskrivning", "beskrivning"),
        _optional("Kommentar", "kommentar"),
    ),
    "business_plan": (
        Column("Uppdragsnr", "uppdragsnr", "int"),
        _text("Verksamhetsuppdrag", "verksamhetsuppdrag"),
        _text("Område", "omrade"),
        _optional("Fokusområde", "fokusomrade"),
        _optional("Sortering", "sortering", "int"),
        Column("Årsprognos", "arsprognos", "symbol", value_list="goal_fulfilment"),
        _optional("Kommentar", "kommentar"),
    ),
    "sie_dimensions": (
        Column("Dimension", "dimension", "int"),
        Column("Kolumn", "kolumn", "choice", choices=SIE_DIMENSION_COLUMNS),
    ),
    "investments": (
        _text("Objekt", "objekt"),
        _text("Benämning", "benamning"),
        Column("Tillgångsslag", "tillgangsslag", "choice", choices=ASSET_CLASSES),
        Column("Årsbudget", "arsbudget_tkr", "decimal"),
        Column("Årsprognos", "arsprognos_tkr", "decimal"),
    ),
    "hr": (
        Column("Indikator", "indikator", "choice", choices=HR_INDICATORS),
        Column("Utfall", "utfall_procent", "decimal"),
        Column("Målvärde", "malvarde_procent", "decimal"),
    ),
}
