"""The monthly follow-up workbook (månadsuppföljning): one sheet per layout table, activities,
and `Om rapporten`. Figures come from reports.rpt_monthly_result; this module only lays out."""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestration.lib.excel import TableColumn, save_atomically, write_table, write_title
from orchestration.lib.periods import Period
from orchestration.lib.report_sheets import (
    Provenance,
    ReportWorkbook,
    require_closed,
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
        template.format(months=period.month_range_label, year=period.year)
        for _, template in MONTHLY_COLUMNS
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


def write_monthly_report(
    con: duckdb.DuckDBPyConnection, exports: Path, period: Period, provenance: Provenance
) -> Path:
    tables = read_result_tables(con, period)
    require_closed(tables, period)
    report = ReportWorkbook(con, period, provenance)
    columns = [TableColumn(header) for header in monthly_headers(period)]
    for table_name, rows in tables:
        sheet = report.sheet(table_name)
        write_title(
            sheet, table_name, f"mnkr, period {period.month_range_label} {period.year} ({period})"
        )
        write_table(sheet, 3, "Uppdrag", columns, rows)
    return save_atomically(report.finish(), monthly_path(exports, period))
