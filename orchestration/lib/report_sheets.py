"""Sheets every workbook shares: the activities list and `Om rapporten` (provenance)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from orchestration.lib.errors import SourceFileError
from orchestration.lib.excel import (
    BOLD,
    set_date,
    set_number,
    set_text,
    sheet_name,
    write_header,
    write_title,
)
from orchestration.lib.periods import Period
from orchestration.lib.schemas import STATUSES

# The source kinds a monthly report reads; the tertial and annual reports add investments and hr.
MONTHLY_SOURCE_KINDS = ("ledger", "budget", "forecast", "uppdrag", "report_layout", "projects")
ACTIVITY_HEADERS = ("Åtagande", "Status", "Aktivitet", "Slutdatum", "Kommentar", "Anmärkning")
ACTIVITY_WIDTHS = (50, 22, 45, 12, 50, 20)


@dataclass(frozen=True)
class SourceFileUsed:
    file_name: str
    kind: str
    content_hash: str
    loaded_at: dt.datetime
    rows: int


@dataclass
class Provenance:
    report: str
    period: Period
    run_id: str
    created_at: dt.datetime
    files: list[SourceFileUsed] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def files_used(
    con: duckdb.DuckDBPyConnection,
    period: Period,
    kinds: tuple[str, ...] = MONTHLY_SOURCE_KINDS,
) -> list[SourceFileUsed]:
    """The current deliveries a report for `period` reads: this year's ledgers and forecasts up
    to the period, the year's budget, the registers, and the project snapshot in force."""
    rows = con.execute(
        """
        with current as (select * from raw.deliveries where is_current and list_contains(?, kind)),
        snapshot as (
            select max(file_key) as file_key from current
            where kind = 'projects' and file_key <= ?
        )
        select file_name, kind, content_hash, loaded_at, row_count
        from current
        where (kind in ('ledger', 'forecast', 'investments', 'hr')
                   and file_key between ? and ?)
            or (kind = 'budget' and file_key = ?)
            or kind in ('uppdrag', 'report_layout')
            or (kind = 'projects' and file_key = (select file_key from snapshot))
        order by kind, file_key
        """,
        [
            list(kinds),
            period.last_day.isoformat(),
            f"{period.year}-01",
            str(period),
            str(period.year),
        ],
    ).fetchall()
    return [SourceFileUsed(*row) for row in rows]


def warnings_for(con: duckdb.DuckDBPyConnection, period: Period) -> list[str]:
    rows = con.execute(
        "select message from reports.rpt_warnings where period_month = ? "
        "order by warning_type desc, uppdrag_code",
        [period.first_day],
    ).fetchall()
    return [row[0] for row in rows]


def write_activities(sheet: Worksheet, con: duckdb.DuckDBPyConnection, period: Period) -> int:
    rows = con.execute(
        """
        select verksamhetsuppdrag_number, verksamhetsuppdrag_name, status, project_name,
               end_date, comment, remark, snapshot_date
        from reports.rpt_activities where period_month = ?
        order by verksamhetsuppdrag_number, status desc, project_name
        """,
        [period.first_day],
    ).fetchall()
    snapshot = rows[0][7].isoformat() if rows else "saknas"
    write_title(
        sheet,
        "Aktiviteter som inte följer eller delvis följer planeringen",
        f"Status enligt projektregistret {snapshot}, period {period}",
    )
    write_header(sheet, 3, ACTIVITY_HEADERS, ACTIVITY_WIDTHS)
    for offset, (number, name, status, project, end, comment, remark, _) in enumerate(rows):
        line = 4 + offset
        set_text(sheet.cell(line, 1), f"{number} {name}")
        set_text(sheet.cell(line, 2), f"{STATUSES[status]} {status}")
        set_text(sheet.cell(line, 3), project)
        set_date(sheet.cell(line, 4), end)
        set_text(sheet.cell(line, 5), comment)
        set_text(sheet.cell(line, 6), remark)
    if not rows:
        set_text(sheet.cell(4, 1), "Inga aktiviteter avviker från planeringen.")
    return len(rows)


def write_about(sheet: Worksheet, provenance: Provenance) -> None:
    write_title(sheet, "Om rapporten", f"{provenance.report}, period {provenance.period}")
    facts = (
        ("Rapport", provenance.report),
        (
            "Period",
            f"{provenance.period} ({provenance.period.month_range_label} {provenance.period.year})",
        ),
        ("Skapad", provenance.created_at.strftime("%Y-%m-%d %H:%M:%S %Z").strip()),
        ("Körning (Dagster run id)", provenance.run_id),
        (
            "Belopp",
            "mnkr med resultattecken: intäkt positiv, kostnad negativ; "
            "avvikelse = utfall (eller prognos) - budget",
        ),
    )
    line = 4
    for key, value in facts:
        set_text(sheet.cell(line, 1), key).font = BOLD
        set_text(sheet.cell(line, 2), value)
        line += 1
    line += 1
    set_text(sheet.cell(line, 1), "Källfiler").font = BOLD
    line += 1
    for column, header in enumerate(
        ("Fil", "Typ", "Innehållshash (SHA-256)", "Inläst", "Rader"), start=1
    ):
        set_text(sheet.cell(line, column), header).font = BOLD
    for used in provenance.files:
        line += 1
        set_text(sheet.cell(line, 1), used.file_name)
        set_text(sheet.cell(line, 2), used.kind)
        set_text(sheet.cell(line, 3), used.content_hash)
        set_text(sheet.cell(line, 4), used.loaded_at.strftime("%Y-%m-%d %H:%M:%S"))
        set_number(sheet.cell(line, 5), used.rows, "0")
    line += 2
    set_text(sheet.cell(line, 1), "Varningar").font = BOLD
    for warning in provenance.warnings or ["Inga varningar."]:
        line += 1
        set_text(sheet.cell(line, 1), warning)
    for column, width in zip("ABCDE", (34, 60, 66, 20, 10), strict=True):
        sheet.column_dimensions[column].width = width


def require_closed(rows: list, period: Period) -> None:
    if not rows:
        raise SourceFileError(
            f"ledger/huvudbok_{period}.csv",
            f"no ledger is loaded for {period}: the month is not closed",
        )


class ReportWorkbook:
    """A workbook under construction: uniquely named sheets, then the shared closing sheets."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        period: Period,
        provenance: Provenance,
        source_kinds: tuple[str, ...] = MONTHLY_SOURCE_KINDS,
    ) -> None:
        self.con = con
        self.period = period
        self.provenance = provenance
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        self._taken: set[str] = set()
        provenance.files = files_used(con, period, source_kinds)
        provenance.warnings = warnings_for(con, period)

    def sheet(self, name: str) -> Worksheet:
        return self.workbook.create_sheet(sheet_name(name, self._taken))

    def finish(self) -> Workbook:
        """Append `Aktiviteter` and, last, `Om rapporten`."""
        write_activities(self.sheet("Aktiviteter"), self.con, self.period)
        write_about(self.sheet("Om rapporten"), self.provenance)
        return self.workbook
