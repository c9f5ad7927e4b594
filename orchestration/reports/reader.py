"""The one place that queries the report tables (`reports.rpt_*`): a sheet's rows for a period."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


def read_sheet_rows(
    con: duckdb.DuckDBPyConnection,
    model: str,
    period: Period,
    only: Mapping[str, Sequence[str]] | None = None,
) -> SheetRows:
    """Every row of a sheet-shaped model for one report period, in the model's row order
    (`only`: just the rows whose column holds one of the values, e.g. the source kinds a
    workbook lists)."""
    for name in (model, *(only or {})):
        if not name.replace("_", "").isalnum():
            raise ValueError(f"'{name}' is not a report model or column name")
    if not model.startswith("rpt_"):
        raise ValueError(f"'{model}' is not a report model")
    conditions, parameters = ["period_month = ?"], [period.first_day]
    for column, values in (only or {}).items():
        conditions.append(f'"{column}" in ({", ".join("?" for _ in values) or "null"})')
        parameters += list(values)
    cursor = con.execute(
        f'select * from {REPORTS_SCHEMA}."{model}" where {" and ".join(conditions)} '
        "order by row_order",
        parameters,
    )
    columns = tuple(description[0] for description in cursor.description)
    rows = tuple(dict(zip(columns, row, strict=True)) for row in cursor.fetchall())
    return SheetRows(model, columns, rows)
