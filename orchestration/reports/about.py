"""`Om rapporten`, the last sheet of every workbook: what the report is, which run made it and
when, every source file it used with its content hash, and every warning. The files and warnings
come from the report models rpt_sources_in_force and rpt_warnings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from openpyxl.worksheet.worksheet import Worksheet

from orchestration.periods import Period
from orchestration.reports.excel import BOLD, set_number, set_text, setup_print, write_title
from orchestration.reports.reader import SheetRows

FILE_HEADERS = ("Fil", "Typ", "Innehållshash (SHA-256)", "Inläst", "Rader")
WIDTHS = (34, 60, 66, 24, 10)
STOCKHOLM = ZoneInfo("Europe/Stockholm")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S %Z"  # Swedish time with its zone: CET or CEST


def swedish_time(moment: dt.datetime) -> str:
    """A time as Om rapporten shows it; a time without zone is UTC (raw.deliveries.loaded_at)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(STOCKHOLM).strftime(TIME_FORMAT)


@dataclass
class Provenance:
    """The run that writes a workbook, and what it found in force (filled in by the writer)."""

    report: str
    period: Period
    run_id: str
    created_at: dt.datetime
    files: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def take(self, sources: SheetRows, warnings: SheetRows) -> None:
        self.files = list(sources.rows)
        self.warnings = [row["message"] for row in warnings.rows]


def write_about(sheet: Worksheet, provenance: Provenance, footer: str = "") -> None:
    period = provenance.period
    write_title(sheet, "Om rapporten", f"{provenance.report}, period {period}")
    facts = (
        ("Rapport", provenance.report),
        ("Period", f"{period} ({period.month_range_label} {period.year})"),
        ("Skapad", swedish_time(provenance.created_at)),
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
    for column, header in enumerate(FILE_HEADERS, start=1):
        set_text(sheet.cell(line, column), header).font = BOLD
    for used in provenance.files:
        line += 1
        set_text(sheet.cell(line, 1), used["file_name"])
        set_text(sheet.cell(line, 2), used["kind"])
        set_text(sheet.cell(line, 3), used["content_hash"])
        set_text(sheet.cell(line, 4), swedish_time(used["loaded_at"]))
        set_number(sheet.cell(line, 5), used["row_count"], "0")
    line += 2
    set_text(sheet.cell(line, 1), "Varningar").font = BOLD
    for warning in provenance.warnings or ["Inga varningar."]:
        line += 1
        set_text(sheet.cell(line, 1), warning)
    for column, width in zip("ABCDE", WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width
    setup_print(sheet, footer, None, sum(WIDTHS))
