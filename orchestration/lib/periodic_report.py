"""The tertial reports (uppföljningsrapport T1, T2) and the annual report (årsrapport).

Sheets: Prognos, Resultaträkning, Kostnads- och intäktsutveckling, Investeringar, Medarbetare, a
chart of cumulative outcome and budget, Aktiviteter, (annual: Projektbilaga) and Om rapporten.
Every figure comes from a reports.rpt_* model; this module lays out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
from openpyxl.chart import LineChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

from orchestration.lib.excel import (
    BOLD,
    MNKR_FORMAT,
    PERCENT_FORMAT,
    TKR_FORMAT,
    TableColumn,
    save_atomically,
    set_date,
    set_number,
    set_text,
    write_header,
    write_table,
    write_title,
)
from orchestration.lib.periods import MONTH_ABBREVIATIONS, Period
from orchestration.lib.report_calendar import tertial_of_period
from orchestration.lib.report_sheets import (
    MONTHLY_SOURCE_KINDS,
    Provenance,
    ReportWorkbook,
    require_closed,
)
from orchestration.lib.schemas import STATUSES

SOURCE_KINDS = (*MONTHLY_SOURCE_KINDS, "investments", "hr")


@dataclass(frozen=True)
class PeriodicReport:
    """Which report a period gets: T1 (April), T2 (August) or the annual report (December)."""

    period: Period

    @property
    def is_annual(self) -> bool:
        return self.period.month == 12

    @property
    def name(self) -> str:
        if self.is_annual:
            return f"Årsrapport {self.period.year}"
        return f"Uppföljningsrapport {tertial_of_period(self.period)} {self.period.year}"

    def path(self, exports: Path) -> Path:
        year = self.period.year
        if self.is_annual:
            return exports / f"{year}" / f"arsrapport_{year}.xlsx"
        return (
            exports
            / f"{year}"
            / f"uppfoljningsrapport_{year}-T{tertial_of_period(self.period)}.xlsx"
        )


def is_periodic(period: Period) -> bool:
    return period.month in (4, 8, 12)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, period: Period) -> list[tuple]:
    return con.execute(sql, [period.first_day]).fetchall()


def _span(period: Period) -> str:
    return f"{period.month_range_label} {period.year}"


def write_forecast(sheet: Worksheet, con: duckdb.DuckDBPyConnection, period: Period) -> None:
    rows = _rows(
        con,
        """
        select label, is_total, forecast_year_mnkr, budget_year_mnkr, forecast_deviation_mnkr,
               forecast_deviation_percent, forecast_change_mnkr, forecast_occasion_month,
               previous_forecast_occasion_month
        from reports.rpt_tertial_result
        where period_month = ?
            and table_order = (select min(table_order) from reports.rpt_tertial_result)
        order by table_name, row_key""",
        period,
    )
    require_closed(rows, period)
    occasion, previous = rows[0][7], rows[0][8]
    compared = previous.strftime("%Y-%m") if previous else "årsbudget"
    write_title(
        sheet,
        "Prognos",
        f"mnkr, prognos {occasion.strftime('%Y-%m') if occasion else 'saknas (årsbudget)'}"
        f", period {_span(period)}",
    )
    columns = [
        TableColumn("Årsprognos"),
        TableColumn("Årsbudget"),
        TableColumn("Prognostiserad avvikelse mot årsbudget"),
        TableColumn("Avvikelse i % av årsbudget", number_format=PERCENT_FORMAT),
        TableColumn(f"Förändring av prognos jfr {compared}"),
    ]
    write_table(sheet, 3, "Uppdrag", columns, [row[:7] for row in rows])


def write_income_statement(
    sheet: Worksheet, con: duckdb.DuckDBPyConnection, period: Period
) -> None:
    rows = _rows(
        con,
        """
        select label, is_total, outcome_previous_year_ytd_mnkr, outcome_ytd_mnkr,
               budget_ytd_mnkr, deviation_ytd_mnkr, forecast_deviation_mnkr
        from reports.rpt_tertial_result
        where period_month = ?
            and table_order = (select min(table_order) from reports.rpt_tertial_result)
        order by table_name, row_key""",
        period,
    )
    year = period.year
    write_title(
        sheet, "Resultaträkning", f"mnkr, ackumulerat {_span(period)} och samma månader {year - 1}"
    )
    columns = [
        TableColumn(f"Ack. resultat {year - 1}"),
        TableColumn(f"Ack. resultat {year}"),
        TableColumn(f"Ack. budget {year}"),
        TableColumn(f"Ack. avvikelse mot budget {year}"),
        TableColumn("Prognostiserad avvikelse mot årsbudget"),
    ]
    write_table(sheet, 3, "Uppdrag", columns, rows)


def write_cost_development(
    sheet: Worksheet, con: duckdb.DuckDBPyConnection, period: Period
) -> None:
    rows = _rows(
        con,
        """
        select label, false, outcome_previous_year_ytd_tkr, outcome_ytd_tkr, change_tkr,
               budget_ytd_tkr, deviation_tkr, growth_percent, budgeted_growth_percent,
               difference_percentage_points
        from reports.rpt_cost_development where period_month = ? order by line_order""",
        period,
    )
    year = period.year
    write_title(
        sheet,
        "Kostnads- och intäktsutveckling",
        f"tkr, ackumulerat {_span(period)}; kostnader konto 4000-7999, intäkter 3000-3999",
    )
    columns = [
        TableColumn(f"Ack. utfall {year - 1}", number_format=TKR_FORMAT),
        TableColumn(f"Ack. utfall {year}", number_format=TKR_FORMAT),
        TableColumn("Skillnad mot föregående år", number_format=TKR_FORMAT),
        TableColumn(f"Ack. budget {year}", number_format=TKR_FORMAT),
        TableColumn("Diff. mot budget", number_format=TKR_FORMAT),
        TableColumn("Utveckling mot föregående år (%)", number_format=PERCENT_FORMAT),
        TableColumn("Budgeterad utveckling (%)", number_format=PERCENT_FORMAT),
        TableColumn("Skillnad mot budget (procentenheter)", number_format=PERCENT_FORMAT),
    ]
    write_table(sheet, 3, "Uppdrag", columns, rows, label_width=30)


INVESTMENT_COLUMNS = [
    TableColumn("Ack. utfall", number_format=TKR_FORMAT),
    TableColumn("Årsprognos", number_format=TKR_FORMAT),
    TableColumn("Årsbudget", number_format=TKR_FORMAT),
    TableColumn("Avvikelse mot årsbudget", number_format=TKR_FORMAT),
]


def write_investments(sheet: Worksheet, con: duckdb.DuckDBPyConnection, period: Period) -> None:
    rows = _rows(
        con,
        """
        select table_kind, label, is_total, outcome_ytd_tkr, forecast_tkr, budget_tkr,
               deviation_tkr
        from reports.rpt_investments where period_month = ?
        order by table_kind, row_order""",
        period,
    )
    write_title(
        sheet,
        "Investeringar",
        f"tkr, utgift positiv, ackumulerat {_span(period)}; avvikelse = årsbudget - årsprognos",
    )
    by_object = [row[1:] for row in rows if row[0] == "objekt"]
    by_class = [row[1:] for row in rows if row[0] == "tillgangsslag"]
    next_row = write_table(sheet, 3, "Uppdrag", INVESTMENT_COLUMNS, by_object, label_width=40)
    set_text(sheet.cell(next_row + 1, 1), "Investeringar per tillgångsslag").font = BOLD
    write_table(
        sheet, next_row + 2, "Uppdrag", INVESTMENT_COLUMNS, by_class, label_width=40, freeze=False
    )
    sheet.freeze_panes = "B4"


def write_staff(sheet: Worksheet, con: duckdb.DuckDBPyConnection, period: Period) -> None:
    rows = _rows(
        con,
        """
        select indicator, false, outcome_percent, target_percent, indicator_month
        from reports.rpt_staff_indicators where period_month = ? order by row_order""",
        period,
    )
    month = rows[0][4].strftime("%Y-%m") if rows else "saknas"
    write_title(sheet, "Medarbetare", f"procent, rullande 12 månader, uppgifter för {month}")
    columns = [
        TableColumn("Utfall", number_format=PERCENT_FORMAT),
        TableColumn("Målvärde", number_format=PERCENT_FORMAT),
    ]
    write_table(sheet, 3, "Uppdrag", columns, [row[:4] for row in rows], label_width=30)


def write_chart(sheet: Worksheet, con: duckdb.DuckDBPyConnection, period: Period) -> None:
    rows = con.execute(
        """
        select period_month, outcome_ytd_mnkr, budget_ytd_mnkr from reports.rpt_cumulative_result
        where report_period_month = ? order by period_month""",
        [period.first_day],
    ).fetchall()
    write_title(sheet, "Ackumulerat resultat och budget", f"mnkr, hela området, {_span(period)}")
    write_header(sheet, 3, ["Månad", "Ack. resultat", "Ack. budget"], [12, 14, 14])
    for offset, (month, outcome, budget) in enumerate(rows, start=4):
        set_text(sheet.cell(offset, 1), MONTH_ABBREVIATIONS[month.month - 1])
        set_number(sheet.cell(offset, 2), outcome, MNKR_FORMAT)
        set_number(sheet.cell(offset, 3), budget, MNKR_FORMAT)
    chart = LineChart()
    chart.title = "Ackumulerat resultat mot budget (mnkr)"
    chart.y_axis.title = "mnkr"
    chart.x_axis.title = "Månad"
    last = 3 + len(rows)
    chart.add_data(
        Reference(sheet, min_col=2, max_col=3, min_row=3, max_row=last), titles_from_data=True
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=4, max_row=last))
    chart.width, chart.height = 20, 10
    sheet.add_chart(chart, "E3")


def swedish_kr(value: float | None) -> str:
    """18900000 -> '18 900 000' (Swedish thousands spacing)."""
    return f"{round(value):,}".replace(",", " ") if value is not None else "saknas"


def annex_description(owner: str | None, rh_medel: float | None, text: str | None) -> str:
    description = f"Ägare: {owner or 'saknas'} RH medel: {swedish_kr(rh_medel)}"
    description += " kr" if rh_medel is not None else ""
    return description + (f" Beskrivning: {text}" if text else "")


def write_project_annex(sheet: Worksheet, con: duckdb.DuckDBPyConnection, period: Period) -> None:
    rows = _rows(
        con,
        """
        select verksamhetsuppdrag_number, verksamhetsuppdrag_name, status, project_name,
               end_date, owner_name, rh_medel_sek, description, comment, booked_sek, snapshot_date
        from reports.rpt_project_annex where period_month = ?
        order by verksamhetsuppdrag_number, project_name, project_id""",
        period,
    )
    snapshot = rows[0][10].isoformat() if rows else "saknas"
    write_title(
        sheet,
        "Projektbilaga",
        f"projekt per verksamhetsuppdrag, status enligt projektregistret {snapshot}",
    )
    headers = [
        "Status",
        "Aktivitet",
        "Slutdatum",
        "Beskrivning",
        "Kommentar",
        "RH-medel (kr)",
        f"Bokfört utfall t.o.m. {period} (kr)",
    ]
    write_header(sheet, 3, headers, [8, 40, 12, 70, 45, 16, 18])
    line, current = 3, None
    for number, name, status, project, end, owner, rh, text, comment, booked, _ in rows:
        if number != current:
            line += 1
            set_text(sheet.cell(line, 1), f"{number} {name}").font = BOLD
            current = number
        line += 1
        set_text(sheet.cell(line, 1), STATUSES[status])
        set_text(sheet.cell(line, 2), project)
        set_date(sheet.cell(line, 3), end)
        set_text(sheet.cell(line, 4), annex_description(owner, rh, text))
        set_text(sheet.cell(line, 5), comment)
        set_number(sheet.cell(line, 6), rh, TKR_FORMAT)
        set_number(sheet.cell(line, 7), booked, TKR_FORMAT)


def write_periodic_report(
    con: duckdb.DuckDBPyConnection, exports: Path, period: Period, provenance: Provenance
) -> Path:
    """The tertial report for April or August, the annual report for December."""
    report = PeriodicReport(period)
    if not is_periodic(period):
        raise ValueError(f"{period} has no tertial or annual report (April, August, December)")
    workbook = ReportWorkbook(con, period, provenance, SOURCE_KINDS)
    write_forecast(workbook.sheet("Prognos"), con, period)
    write_income_statement(workbook.sheet("Resultaträkning"), con, period)
    write_cost_development(workbook.sheet("Kostnads- och intäktsutveckling"), con, period)
    write_investments(workbook.sheet("Investeringar"), con, period)
    write_staff(workbook.sheet("Medarbetare"), con, period)
    write_chart(workbook.sheet("Diagram"), con, period)
    if report.is_annual:
        write_project_annex(workbook.sheet("Projektbilaga"), con, period)
    return save_atomically(workbook.finish(), report.path(exports))
