"""`Om rapporten`, the last sheet of every workbook: what the report is, which run made it and
when, every source file it used with its content hash, and every warning. The files and warnings
come from the report models rpt_sources_in_force and rpt_warnings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from orchestration.periods import Period
from orchestration.reports.excel import (
    BOLD,
    MNKR_FORMAT,
    mnkr_format,
    set_number,
    set_text,
    setup_print,
    write_title,
)
from orchestration.reports.reader import SheetRows

FILE_HEADERS = ("Fil", "Typ", "Innehållshash (SHA-256)", "Inläst", "Rader")
CHANGE_HEADERS = ("Blad", "Rad", "Kolumn", "Förra versionen", "Nu", "Skillnad")
WIDTHS = (34, 60, 66, 24, 14, 14)
CHANGES_TITLE = "Ändringar sedan förra versionen"
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
    facts: list[tuple[str, str | float]] = field(default_factory=list)  # more lines; numbers
    # as (value, number format) cells
    title: str = "Om rapporten"  # the sheet's own name
    amounts: str = (
        "mnkr med resultattecken: intäkt positiv, kostnad negativ; "
        "avvikelse = utfall (eller prognos) - budget"
    )
    number_formats: dict[str, str] = field(default_factory=dict)  # fact -> its number format
    changes: list[dict] | None = None  # rpt_report_changes rows; None: not a tracked report

    def take(self, sources: SheetRows, warnings: SheetRows) -> None:
        self.files = list(sources.rows)
        self.warnings = [row["message"] for row in warnings.rows]


def write_about(sheet: Worksheet, provenance: Provenance, footer: str = "") -> None:
    period = provenance.period
    write_title(sheet, provenance.title, f"{provenance.report}, period {period}")
    facts = (
        ("Rapport", provenance.report),
        ("Period", f"{period} ({period.month_range_label} {period.year})"),
        ("Skapad", swedish_time(provenance.created_at)),
        ("Körning (Dagster run id)", provenance.run_id),
        ("Belopp", provenance.amounts),
        *provenance.facts,
    )
    line = 4
    for key, value in facts:
        set_text(sheet.cell(line, 1), key).font = BOLD
        if isinstance(value, str):
            set_text(sheet.cell(line, 2), value)
        else:
            set_number(sheet.cell(line, 2), value, provenance.number_formats.get(key, "0"))
        line += 1
    line += 1
    set_text(sheet.cell(line, 1), "Källfiler").font = BOLD
    line += 1
    for column, header in enumerate(FILE_HEADERS, start=1):
        set_text(sheet.cell(line, column), header).font = BOLD
    for used in provenance.files:
        line += 1
        set_text(sheet.cell(line, 1), used["file_name"])
        set_text(sheet.cell(line, 2), used.get("kind_label") or used["kind"])
        set_text(sheet.cell(line, 3), used["content_hash"])
        set_text(sheet.cell(line, 4), swedish_time(used["loaded_at"]))
        set_number(sheet.cell(line, 5), used["row_count"], "0")
    line += 2
    set_text(sheet.cell(line, 1), "Varningar").font = BOLD
    for warning in provenance.warnings or ["Inga varningar."]:
        line += 1
        set_text(sheet.cell(line, 1), warning)
    if provenance.changes is not None:
        # the changes among the files this report lists (not last year's, for a monthly report)
        listed = {used["file_name"]: used for used in provenance.files}
        changes = [
            c
            for c in provenance.changes
            if c["change_kind"] != "delivery" or c["file_name"] in listed
        ]
        _write_changes(sheet, line + 2, changes, listed)
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    setup_print(sheet, footer, None, sum(WIDTHS))


def _headers(sheet: Worksheet, line: int, headers: tuple[str, ...]) -> None:
    for column, header in enumerate(headers, start=1):
        set_text(sheet.cell(line, column), header).font = BOLD


def _write_changes(
    sheet: Worksheet, line: int, changes: list[dict], listed: dict[str, dict]
) -> int:
    """The section "Ändringar sedan förra versionen": the previous version, the files loaded
    since (new hash, and the one before), every figure that moved (in its unit; mnkr to the
    krona's thousand, so a small correction shows)."""
    set_text(sheet.cell(line, 1), CHANGES_TITLE).font = BOLD
    version = next((c for c in changes if c["change_kind"] == "version"), None)
    if version is None or version["previous_run_id"] is None:
        set_text(sheet.cell(line + 1, 1), "Första versionen av rapporten för perioden.")
        return line + 1
    line += 1
    set_text(sheet.cell(line, 1), "Förra versionen")
    set_text(
        sheet.cell(line, 2),
        f"{swedish_time(version['previous_recorded_at'])}, körning {version['previous_run_id']}",
    )
    deliveries = [c for c in changes if c["change_kind"] == "delivery"]
    moved = [c for c in changes if c["change_kind"] == "figure"]
    if not deliveries and not moved:
        set_text(sheet.cell(line + 1, 1), "Inga ändringar.")
        return line + 1
    if deliveries:
        line += 2
        set_text(sheet.cell(line, 1), "Källfiler inlästa sedan dess").font = BOLD
        _headers(sheet, line + 1, FILE_HEADERS)
        line += 1
        for delivery in deliveries:
            line += 1
            set_text(sheet.cell(line, 1), delivery["file_name"])
            shown = listed.get(delivery["file_name"], {})
            set_text(sheet.cell(line, 2), shown.get("kind_label") or delivery["kind"])
            set_text(sheet.cell(line, 3), delivery["content_hash"])
            set_text(sheet.cell(line, 4), swedish_time(delivery["loaded_at"]))
            set_number(sheet.cell(line, 5), delivery["row_count"], "0")
            line += 1
            before = delivery["previous_content_hash"]
            set_text(sheet.cell(line, 1), "    förra versionens hash")
            set_text(sheet.cell(line, 3), before or "(ny fil)")
    line += 2
    set_text(sheet.cell(line, 1), "Ändrade siffror").font = BOLD
    if not moved:
        set_text(sheet.cell(line + 1, 1), "Inga siffror ändrades.")
        return line + 1
    _headers(sheet, line + 1, CHANGE_HEADERS)
    line += 1
    for change in moved:
        line += 1
        number_format = change["number_format"]
        if number_format == MNKR_FORMAT:
            number_format = mnkr_format(3)
        set_text(sheet.cell(line, 1), change["sheet"])
        set_text(sheet.cell(line, 2), change["row_label"])
        set_text(sheet.cell(line, 3), change["column_header"])
        for column, key in ((4, "previous_value"), (5, "value"), (6, "difference")):
            set_number(sheet.cell(line, column), change[key], number_format)
    return line
