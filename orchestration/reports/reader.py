"""The one place that queries the report tables (`reports.rpt_*`): a sheet's rows for a period."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import duckdb

from orchestration.periods import Period
from orchestration.reports.catalog import DRILL_MODEL, UNDERLAG_MODEL

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
    only: Mapping[str, Sequence[object]] | None = None,
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


@dataclass(frozen=True)
class DrillFilter:
    """What a drill asks for: the ledger rows behind Resultat of an uppdrag (a leaf, a parent
    or an unknown code) for the year to `period`, optionally of one account and one ansvar."""

    period: Period
    uppdrag: str
    account: str | None = None
    ansvar: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        conditions = ["drill_code = ?", "period_month between ? and ?", "is_result_account"]
        parameters: list[Any] = [self.uppdrag, Period(self.period.year, 1).first_day]
        parameters.append(self.period.first_day)
        for column, value in (("account", self.account), ("ansvar", self.ansvar)):
            if value is not None:
                conditions.append(f"{column} = ?")
                parameters.append(value)
        return " and ".join(conditions), parameters


@dataclass(frozen=True)
class DrillFigures:
    rows: int
    amount_sek: float
    result_sek: float
    underlag_mnkr: float | None  # Resultat of the same selection on the Underlag sheet


def drill_figures(con: duckdb.DuckDBPyConnection, drill: DrillFilter) -> DrillFigures:
    """The count and sums of the drill's rows, and the same figure as the Underlag sheet has it
    (None where Underlag is aggregated and cannot split by ansvar)."""
    where, parameters = drill.where()
    rows, amount, result = con.execute(
        f"select count(*), coalesce(sum(amount_sek), 0), coalesce(sum(result_sek), 0) "
        f"from {REPORTS_SCHEMA}.{DRILL_MODEL} where {where}",
        parameters,
    ).fetchone()
    conditions = [
        "period_month = ?",
        f"uppdrag in (select distinct uppdrag from {REPORTS_SCHEMA}.{DRILL_MODEL} "
        "where drill_code = ?)",
    ]
    underlag_parameters: list[Any] = [drill.period.first_day, drill.uppdrag]
    for column, value in (("account", drill.account), ("ansvar", drill.ansvar)):
        if value is not None:
            conditions.append(f"{column} = ?")
            underlag_parameters.append(value)
    aggregated, underlag = con.execute(
        f"select bool_or(level_note <> ''), coalesce(sum(outcome_ytd_mnkr), 0) "
        f"from {REPORTS_SCHEMA}.{UNDERLAG_MODEL} where {' and '.join(conditions)}",
        underlag_parameters,
    ).fetchone()
    split = aggregated and drill.ansvar is not None
    return DrillFigures(rows, float(amount), float(result), None if split else float(underlag))


def read_drill_rows(con: duckdb.DuckDBPyConnection, drill: DrillFilter) -> SheetRows:
    """The drill's ledger rows in month, date, voucher and file-line order."""
    where, parameters = drill.where()
    cursor = con.execute(
        f"select * from {REPORTS_SCHEMA}.{DRILL_MODEL} where {where} "
        "order by period_month, booking_date, voucher_id, file_name, file_line",
        parameters,
    )
    columns = tuple(description[0] for description in cursor.description)
    rows = tuple(dict(zip(columns, row, strict=True)) for row in cursor.fetchall())
    return SheetRows(DRILL_MODEL, columns, rows)


def drill_ansvar(con: duckdb.DuckDBPyConnection, drill: DrillFilter) -> tuple[str, ...]:
    """The ansvar the drill's uppdrag has rows on in its year up to the month."""
    where, parameters = replace(drill, ansvar=None).where()
    rows = con.execute(
        f"select distinct ansvar from {REPORTS_SCHEMA}.{DRILL_MODEL} "
        f"where {where} and ansvar is not null order by ansvar",
        parameters,
    ).fetchall()
    return tuple(code for (code,) in rows)


def drill_codes(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    """Every code a drill can ask for: leaves, their ancestors and unknown codes with rows."""
    rows = con.execute(
        f"select distinct drill_code from {REPORTS_SCHEMA}.{DRILL_MODEL} "
        "where drill_code is not null order by drill_code"
    ).fetchall()
    return tuple(code for (code,) in rows)
