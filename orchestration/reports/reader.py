"""The one place that queries the report tables (`reports.rpt_*`): a sheet's rows for a period."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from orchestration.periods import Period

REPORTS_SCHEMA = "reports"


@dataclass(frozen=True)
class SheetRows:
    model: str
    columns: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]  # in row_order


def read_sheet_rows(con: duckdb.DuckDBPyConnection, model: str, period: Period) -> SheetRows:
    """Every row of a sheet-shaped model for one report period, in the model's row order."""
    if not model.startswith("rpt_") or not model.replace("_", "").isalnum():
        raise ValueError(f"'{model}' is not a report model")
    cursor = con.execute(
        f'select * from {REPORTS_SCHEMA}."{model}" where period_month = ? order by row_order',
        [period.first_day],
    )
    columns = tuple(description[0] for description in cursor.description)
    rows = tuple(dict(zip(columns, row, strict=True)) for row in cursor.fetchall())
    return SheetRows(model, columns, rows)
