"""What a sheet looks like, read from the dbt manifest: the `rpt_` model's columns in order, their
descriptions (the Excel headers), and its `meta.sheet` (title, unit line, hidden columns, ...).

The manifest is the one `make manifest` writes (dbt_project/target/manifest.json), the same one
the Dagster code location loads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from orchestration.reports.excel import (
    DATE_FORMAT,
    MNKR_FORMAT,
    PERCENT_FORMAT,
    SEK_FORMAT,
    TKR_FORMAT,
    mnkr_format,
)
from orchestration.runtime.settings import DBT_PROJECT_DIR

MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"
# Columns every sheet-shaped model may have; never shown as sheet columns.
STRUCTURAL = frozenset({"period_month", "sheet_name", "row_order", "is_total", "section"})
NUMBER_TYPES = frozenset(
    {"double", "float", "real", "integer", "int", "bigint", "smallint", "tinyint", "hugeint"}
    | {"decimal", "numeric"}
)
# Number formats by the column's unit suffix (the model names its columns after their unit).
FORMATS_BY_SUFFIX = (
    ("_mnkr", MNKR_FORMAT),
    ("_tkr", TKR_FORMAT),
    ("_kr", TKR_FORMAT),
    ("_sek", SEK_FORMAT),  # kronor and öre: ledger rows
    ("_percent", PERCENT_FORMAT),
    ("_percentage_points", PERCENT_FORMAT),
)


@dataclass(frozen=True)
class SheetColumn:
    """A column of a sheet-shaped model: its header template and how its values are written."""

    name: str
    header: str  # template: {months}, {year}, ... and columns of the sheet's first row
    data_type: str
    mnkr_decimals: int = 1  # meta.sheet.mnkr_decimals of the model

    @property
    def is_date(self) -> bool:
        return self.data_type == "date"

    @property
    def is_number(self) -> bool:
        family = self.data_type.lower().split("(")[0].strip()
        return family in NUMBER_TYPES

    @property
    def number_format(self) -> str:
        if self.is_date:
            return DATE_FORMAT
        if self.name.endswith("_mnkr") and self.mnkr_decimals != 1:
            return mnkr_format(self.mnkr_decimals)
        for suffix, number_format in FORMATS_BY_SUFFIX:
            if self.name.endswith(suffix):
                return number_format
        return "General"


@dataclass(frozen=True)
class SheetModel:
    """A sheet-shaped rpt_ model: the columns shown (the label first) and its sheet settings."""

    name: str
    columns: tuple[SheetColumn, ...]  # every column, in the model's order
    title: str = ""
    unit: str = ""
    hidden: frozenset[str] = frozenset()
    empty: str | None = None
    chart: dict[str, Any] | None = None
    names: frozenset[str] = field(default_factory=frozenset)
    form: bool = False  # header in row 1, no title: a sheet that is read back as a delivery
    inputs: frozenset[str] = frozenset()  # a form's columns the user fills in (unlocked)
    drop_empty_columns: bool = False
    excel_table: bool = False  # written as an Excel table: filter buttons, banded rows
    track_changes: bool = True  # figures kept per run and compared (meta.sheet.changes)

    @property
    def shown(self) -> tuple[SheetColumn, ...]:
        return tuple(
            c for c in self.columns if c.name not in STRUCTURAL and c.name not in self.hidden
        )

    @property
    def has_sheet_names(self) -> bool:
        return "sheet_name" in self.names

    @property
    def has_sections(self) -> bool:
        return "section" in self.names


def _sheet_model(node: dict[str, Any]) -> SheetModel:
    sheet = (node.get("config", {}).get("meta") or node.get("meta") or {}).get("sheet", {})
    columns = tuple(
        SheetColumn(
            name,
            (info.get("description") or name).strip(),
            info.get("data_type") or "",
            int(sheet.get("mnkr_decimals", 1)),
        )
        for name, info in node["columns"].items()
    )
    return SheetModel(
        name=node["name"],
        columns=columns,
        title=sheet.get("title", ""),
        unit=sheet.get("unit", ""),
        hidden=frozenset(sheet.get("hidden", ())),
        empty=sheet.get("empty"),
        chart=sheet.get("chart"),
        form=bool(sheet.get("form", False)),
        inputs=frozenset(sheet.get("inputs", ())),
        drop_empty_columns=bool(sheet.get("drop_empty_columns", False)),
        excel_table=bool(sheet.get("excel_table", False)),
        track_changes=bool(sheet.get("changes", True)),
        names=frozenset(c.name for c in columns),
    )


@cache
def _load(manifest: Path, modified: float) -> dict[str, SheetModel]:
    nodes = json.loads(manifest.read_text(encoding="utf-8"))["nodes"].values()
    return {
        node["name"]: _sheet_model(node)
        for node in nodes
        if node["resource_type"] == "model" and node["name"].startswith("rpt_")
    }


def sheet_models(manifest: Path = MANIFEST) -> dict[str, SheetModel]:
    """Every rpt_ model of the manifest (read again when the manifest changes)."""
    if not manifest.exists():
        raise FileNotFoundError(
            f"{manifest} is missing: run `make manifest` (dbt parse) before writing reports"
        )
    return _load(manifest, manifest.stat().st_mtime)
