"""What a report said, kept: every figure a workbook shows is appended to history.report_figures
as the workbook is written, and `Om rapporten` lists what changed since the previous version of
the same report and period (the dbt view rpt_report_changes compares the two runs)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import duckdb

from orchestration.ingest.raw_store import HISTORY_SCHEMA, utc_now
from orchestration.periods import Period
from orchestration.reports.sheets import WrittenTable, fill

FIGURE_COLUMNS = (
    "run_id",
    "recorded_at",
    "report",
    "period_month",
    "sheet",
    "sheet_order",
    "row_key",
    "row_order",
    "row_label",
    "column_name",
    "column_order",
    "column_header",
    "number_format",
    "value",
)


def figures(
    run_id: str, report: str, period: Period, tables: Iterable[WrittenTable]
) -> list[tuple[Any, ...]]:
    """One record per number shown: the sheet, the row (its key, order and label), the column
    (its name, header and format) and the value, as history.report_figures holds them."""
    recorded_at = utc_now()
    sheets: dict[str, int] = {}
    records = []
    for table in tables:
        model = table.model
        if not model.track_changes:
            continue
        sheet_order = sheets.setdefault(table.sheet, len(sheets) + 1)
        key, label = model.columns[0].name, model.shown[0].name
        numbers = [(i, c) for i, c in enumerate(model.shown, start=1) if c.is_number]
        for row_order, row in enumerate(table.rows, start=1):
            for column_order, column in numbers:
                value = row.get(column.name)
                records.append(
                    (
                        run_id,
                        recorded_at,
                        report,
                        period.first_day,
                        table.sheet,
                        sheet_order,
                        str(row[key]),
                        row_order,
                        row.get(label),
                        column.name,
                        column_order,
                        fill(column.header, period, row, model.names),
                        column.number_format,
                        None if value is None else float(value),
                    )
                )
    return records


def record(con: duckdb.DuckDBPyConnection, records: list[tuple[Any, ...]]) -> None:
    """Append a run's figures (in the caller's transaction: kept only if the workbook is)."""
    if records:
        con.executemany(
            f"insert into {HISTORY_SCHEMA}.report_figures ({', '.join(FIGURE_COLUMNS)}) "
            f"values ({', '.join('?' for _ in FIGURE_COLUMNS)})",
            records,
        )
