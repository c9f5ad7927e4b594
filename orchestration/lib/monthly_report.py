"""The monthly follow-up workbook (månadsuppföljning): one sheet per layout table, activities,
and `Om rapporten`. Figures come from reports.rpt_monthly_result; this module only lays out."""

from __future__ import annotations

from pathlib import Path

import duckdb
from openpyxl import Workbook

from orchestration.lib.errors import SourceFileError
from orchestration.lib.excel import (
    BOLD,
    save_atomically,
    set_number,
    set_text,
    sheet_name,
    write_header,
    write_title,
)
from orchestration.lib.periods import Period
from orchestration.lib.report_sheets import (
    Provenance,
    files_used,
    warnings_for,
    write_about,
    write_activities,
)

REPORT_NAME = "Månadsuppföljning"
# Report column -> header template ({months}: jan-nov, {year}: 2017), as in domain.md.
MONTHLY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("outcome_ytd_mnkr", "Resultat {months}"),
    ("budget_ytd_mnkr", "Budget {months}"),
    ("deviation_ytd_mnkr", "Avvikelse mot budget {months}"),
    ("budget_year_mnkr", "Budget {year}"),
    ("forecast_year_mnkr", "Prognostiserat resultat {year}"),
    ("forecast_deviation_mnkr", "Prognostiserad avvikelse mot budget {year}"),
)


def monthly_headers(period: Period) -> list[str]:
    return [
        "Uppdrag",
        *(
            template.format(months=period.month_range_label, year=period.year)
            for _, template in MONTHLY_COLUMNS
        ),
    ]


def monthly_path(exports: Path, period: Period) -> Path:
    return exports / f"{period.year}" / f"manadsuppfoljning_{period}.xlsx"


def read_result_tables(
    con: duckdb.DuckDBPyConnection, period: Period
) -> list[tuple[str, list[tuple]]]:
    columns = ", ".join(column for column, _ in MONTHLY_COLUMNS)
    rows = con.execute(
        f"select table_name, label, is_total, {columns} from reports.rpt_monthly_result "
        "where period_month = ? order by table_order, table_name, row_key",
        [period.first_day],
    ).fetchall()
    tables: dict[str, list[tuple]] = {}
    for row in rows:
        tables.setdefault(row[0], []).append(row[1:])
    return list(tables.items())


def build_monthly_workbook(
    con: duckdb.DuckDBPyConnection, period: Period, provenance: Provenance
) -> Workbook:
    tables = read_result_tables(con, period)
    if not tables:
        raise SourceFileError(
            f"ledger/huvudbok_{period}.csv",
            f"no ledger is loaded for {period}: the month is not closed",
        )
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    headers = monthly_headers(period)
    for table_name, rows in tables:
        sheet = workbook.create_sheet(sheet_name(table_name, taken))
        write_title(
            sheet, table_name, f"mnkr, period {period.month_range_label} {period.year} ({period})"
        )
        write_header(sheet, 3, headers, [44, *([14] * len(MONTHLY_COLUMNS))])
        for offset, (label, is_total, *figures) in enumerate(rows):
            line = 4 + offset
            label_cell = set_text(sheet.cell(line, 1), label)
            if is_total:
                label_cell.font = BOLD
            for column, value in enumerate(figures, start=2):
                set_number(sheet.cell(line, column), value, bold=is_total)
    write_activities(workbook.create_sheet(sheet_name("Aktiviteter", taken)), con, period)
    write_about(workbook.create_sheet(sheet_name("Om rapporten", taken)), provenance)
    return workbook


def write_monthly_report(
    con: duckdb.DuckDBPyConnection, exports: Path, period: Period, provenance: Provenance
) -> Path:
    provenance.files = files_used(con, period)
    provenance.warnings = warnings_for(con, period)
    workbook = build_monthly_workbook(con, period, provenance)
    return save_atomically(workbook, monthly_path(exports, period))
