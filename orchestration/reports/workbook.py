"""Writing one workbook of the catalogue for a period: its sheets in order, saved atomically."""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestration.periods import Period
from orchestration.reports.about import Provenance, write_about
from orchestration.reports.catalog import CHANGES_MODEL, SOURCES_MODEL, WARNINGS_MODEL, Workbook
from orchestration.reports.changes import figures, record
from orchestration.reports.excel import ReportWorkbook, save_atomically
from orchestration.reports.models import sheet_models
from orchestration.reports.reader import read_sheet_rows
from orchestration.reports.sheets import WrittenTable, write_model_sheets


class ReportNotReady(Exception):
    """The period cannot be reported (not closed, or not a period the workbook is made for)."""

    def __init__(self, file: str, problem: str) -> None:
        self.file = file
        self.problem = problem
        super().__init__(f"{file}: {problem}")


def write_workbook(
    con: duckdb.DuckDBPyConnection,
    workbook: Workbook,
    period: Period,
    exports: Path,
    provenance: Provenance,
) -> Path:
    """Write `workbook` for `period` from the report tables; returns the file written. Its
    figures are appended to history.report_figures and Om rapporten lists what changed since
    the previous version (so `con` must be writable).

    A month is closed when its ledger is loaded: then rpt_sources_in_force lists files for it.
    """
    if not workbook.is_made_for(period):
        raise ValueError(f"{period} gets no {workbook.key} report")
    sources = read_sheet_rows(con, SOURCES_MODEL, period, workbook.sources_listed)
    if not sources.rows:
        raise ReportNotReady(
            f"ledger/huvudbok_{period}.csv",
            f"no ledger is loaded for {period} (neither this file nor an SIE 4 file "
            f"ledger/sie4_{period.year}.se with vouchers of the month): the month is not closed",
        )
    models = sheet_models()
    book = ReportWorkbook()
    footer = f"{provenance.report}, period {period} ({period.month_range_label} {period.year})"
    written: list[WrittenTable] = []
    con.begin()  # the figures recorded for this version are kept only if the workbook is saved
    try:
        for sheet in workbook.sheets:
            if sheet.special == "about":
                record(con, figures(provenance.run_id, workbook.key, period, written))
                provenance.take(sources, read_sheet_rows(con, WARNINGS_MODEL, period))
                changes = read_sheet_rows(con, CHANGES_MODEL, period, {"report": [workbook.key]})
                provenance.changes = list(changes.rows)
                write_about(book.sheet(sheet.name or "Om rapporten"), provenance, footer)
                continue
            data = read_sheet_rows(con, sheet.model, period)
            if sheet.optional and not data.rows:
                continue
            below = [(models[m], read_sheet_rows(con, m, period)) for m in sheet.below]
            written += write_model_sheets(
                book, models[sheet.model], data, period, sheet.name, footer, below
            )
        path = save_atomically(book.workbook, exports / workbook.file_for(period))
    except BaseException:
        con.rollback()
        raise
    con.commit()
    return path
