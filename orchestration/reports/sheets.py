"""The generic sheet writer: any sheet-shaped `rpt_` model becomes a sheet.

Title in A1, unit line in A2, the header row (the columns' descriptions with the period filled
in), then one row per model row: the label in column A, numbers as numbers with the format of
their unit, dates as dates, text as text (never a formula), total rows bold, panes frozen below
the header, column widths from the content (long texts wrap), and the print setup of every sheet
(A4, one page wide, header repeated, footer). A model with `section` starts a new header (under
the section's title) where the section changes; one with `sheet_name` is written as one sheet per
name; `meta.sheet.chart` adds a line chart of its figures on its own page. Nothing here chooses,
groups or computes rows: the model did.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from openpyxl.chart import LineChart, Reference
from openpyxl.chart.axis import ChartLines
from openpyxl.styles import Alignment, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from orchestration.periods import Period
from orchestration.reports.excel import (
    A4_PORTRAIT_WIDTH,
    BOLD,
    LINE_HEIGHT,
    ReportWorkbook,
    header_height,
    set_date,
    set_number,
    set_text,
    setup_print,
    wrapped_lines,
    write_header,
    write_title,
)
from orchestration.reports.models import SheetColumn, SheetModel
from orchestration.reports.reader import SheetRows

# the label column may be wider than other texts: a total's label is read in one line
MIN_WIDTH, NUMBER_WIDTH_CAP, TEXT_WIDTH_CAP, LABEL_WIDTH_CAP = 8, 18, 60, 72
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
UNLOCKED = Protection(locked=False)
MISSING = "saknas"  # a template field without a value (an empty sheet, a missing occasion)


def period_fields(period: Period) -> dict[str, Any]:
    """The fields every title, unit line and header may use."""
    return {
        "months": period.month_range_label,
        "year": period.year,
        "previous_year": period.year - 1,
        "period": str(period),
    }


def _text(value: Any) -> str:
    if value is None:
        return MISSING
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        raise KeyError(f"template field {{{key}}} is neither a period field nor a column")


def fill(template: str, period: Period, first_row: Mapping[str, Any] | None, names) -> str:
    """A template with the period's fields and the sheet's first row's values filled in."""
    fields = _Fields(period_fields(period))
    for name in names:
        fields.setdefault(name, _text(first_row.get(name)) if first_row else MISSING)
    return template.format_map(fields)


def _write_cell(sheet: Worksheet, row: int, column: int, spec, value: Any, bold: bool) -> None:
    if value is None:
        return
    cell = sheet.cell(row, column)
    if spec.is_date:
        set_date(cell, value)
    elif spec.is_number:
        set_number(cell, value, spec.number_format, bold=bold)
    else:
        set_text(cell, value)
        if bold:
            cell.font = BOLD


def _shown_length(spec: SheetColumn, value: Any) -> int:
    """About how many characters a value takes in its column, as Excel shows it."""
    if value is None:
        return 0
    if spec.is_date:
        return 10
    if spec.is_number:
        _, _, fraction = spec.number_format.partition(".")
        return len(f"{float(value):,.{fraction.count('0')}f}")
    return max(len(part) for part in str(value).splitlines() or [""])


def is_heading(shown: tuple[SheetColumn, ...], row: dict[str, Any]) -> bool:
    """A row with nothing but its label (a group's heading): the label runs over the empty
    cells to its right, so it neither widens nor wraps column A."""
    return all(row.get(spec.name) is None for spec in shown[1:])


def column_widths(
    shown: tuple[SheetColumn, ...], headers: list[list[str]], rows: list[dict[str, Any]]
) -> list[float]:
    """Widths from the content: the longest value (capped; longer texts wrap) or what the
    header needs on at most two lines, whichever is wider."""
    rows = [row for row in rows if not is_heading(shown, row)]
    widths = []
    for index, spec in enumerate(shown):
        texts = [section[index] for section in headers]
        header_need = max(
            max((len(word) for text in texts for word in text.split()), default=0),
            max((len(text) + 1) // 2 for text in texts),
        )
        value_need = max((_shown_length(spec, row.get(spec.name)) for row in rows), default=0)
        cap = NUMBER_WIDTH_CAP if spec.is_number or spec.is_date else TEXT_WIDTH_CAP
        cap = LABEL_WIDTH_CAP if index == 0 and not spec.is_number else cap
        widths.append(max(MIN_WIDTH, min(max(header_need, value_need) + 2, cap)))
    return widths


def _sections(model: SheetModel, rows: list[dict[str, Any]]) -> list[tuple[Any, list[dict]]]:
    if not rows:
        return [(None, [])]
    if not model.has_sections:
        return [(None, rows)]
    return [(key, list(group)) for key, group in groupby(rows, key=lambda r: r.get("section"))]


def _shown(model: SheetModel, rows: list[dict[str, Any]]) -> tuple[SheetColumn, ...]:
    """The model's shown columns; with meta.sheet.drop_empty_columns, not those that are empty
    in every row (a month without a forecast occasion)."""
    shown = model.shown
    if model.drop_empty_columns and rows:
        shown = tuple(
            spec
            for index, spec in enumerate(shown)
            if index == 0 or any(row.get(spec.name) is not None for row in rows)
        )
    return shown


@dataclass(frozen=True)
class WrittenTable:
    """A model's rows as written on a sheet (for the record of what a report said)."""

    sheet: str
    model: SheetModel
    rows: list[dict[str, Any]]


@dataclass
class Table:
    """Where a table landed on its sheet: for the tables, chart and print setup after it."""

    header_row: int
    first_row: int
    last_row: int
    widths: list[float]
    shown: tuple[SheetColumn, ...]
    one_header: bool = True  # False when its sections have headers of their own that differ


def write_table(
    sheet: Worksheet,
    model: SheetModel,
    rows: list[dict[str, Any]],
    period: Period,
    top: int,
    titled: bool = True,
) -> Table:
    """The model's table from row `top`: its title and unit line (as a sheet's A1 and A2, or as
    a bold heading of a table under another), then per section its header and rows."""
    first = rows[0] if rows else None
    names = model.names
    line = top
    if titled:
        title = fill(model.title, period, first, names)
        unit = fill(model.unit, period, first, names)
        if top == 1:
            write_title(sheet, title, unit)
        else:
            set_text(sheet.cell(top, 1), title).font = BOLD
            set_text(sheet.cell(top + 1, 1), unit)
        line = top + 2
    shown = _shown(model, rows)
    sections = _sections(model, rows)
    # each section's headers are filled from its own first row (its label header, say)
    headers = [
        [fill(c.header, period, part[0] if part else first, names) for c in shown]
        for _, part in sections
    ]
    widths = column_widths(shown, headers, rows)
    wrapped = [
        width >= (LABEL_WIDTH_CAP if index == 0 else TEXT_WIDTH_CAP)
        for index, width in enumerate(widths)
    ]
    header_row = None
    for index, (section, part) in enumerate(sections):
        if index > 0:
            line += 2  # one empty row, then the section's title and its own header
        if section is not None:
            set_text(sheet.cell(line, 1), section).font = BOLD
            line += 1
        header_row = header_row or line
        write_header(sheet, line, headers[index], widths)
        sheet.row_dimensions[line].height = header_height(headers[index], widths)
        for row in part:
            line += 1
            bold = bool(row.get("is_total"))
            lines, heading = 1, is_heading(shown, row)
            for column, spec in enumerate(shown, start=1):
                value = row.get(spec.name)
                _write_cell(sheet, line, column, spec, value, bold)
                if wrapped[column - 1] and value is not None and not heading:
                    lines = max(lines, wrapped_lines(str(value), widths[column - 1]))
            if lines > 1:  # neither Excel nor LibreOffice grows a row for wrapped text itself
                sheet.row_dimensions[line].height = lines * LINE_HEIGHT
                for column in range(1, len(shown) + 1):
                    sheet.cell(line, column).alignment = WRAP if wrapped[column - 1] else TOP
    if not rows and model.empty:
        set_text(sheet.cell(header_row + 1, 1), model.empty)
        line += 1
    one_header = all(header == headers[0] for header in headers)
    return Table(header_row, header_row + 1, line, widths, shown, one_header)


def _keep_wider(sheet: Worksheet, widths: list[float]) -> None:
    for column, width in enumerate(widths, start=1):
        dimension = sheet.column_dimensions[get_column_letter(column)]
        dimension.width = max(dimension.width or 0, width)


def _form_inputs(sheet: Worksheet, model: SheetModel, table: Table) -> None:
    """A form: the sheet protected (no password: against slips, not people) with only the
    input columns open, and a number required where an input column is a number."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # widths may still be changed
    last = max(table.last_row, table.first_row)
    for column, spec in enumerate(table.shown, start=1):
        if spec.name not in model.inputs:
            continue
        for row in range(table.first_row, last + 1):
            sheet.cell(row, column).protection = UNLOCKED
        if spec.is_number:
            letter = get_column_letter(column)
            validation = DataValidation(
                type="decimal",
                operator="between",
                formula1="-1E+15",
                formula2="1E+15",
                allow_blank=False,
                showErrorMessage=True,
                errorTitle="Ett tal",
                error="Skriv ett belopp i tkr, t.ex. -12500 (kostnad negativ).",
            )
            validation.add(
                f"{letter}{table.first_row}:{letter}{max(table.last_row, table.first_row)}"
            )
            sheet.add_data_validation(validation)


def write_sheet(
    sheet: Worksheet,
    model: SheetModel,
    rows: list[dict[str, Any]],
    period: Period,
    footer: str = "",
    below: list[tuple[SheetModel, list[dict[str, Any]]]] | None = None,
) -> None:
    """One sheet from the model's rows (already in order), and any tables under it."""
    table = write_table(sheet, model, rows, period, top=1, titled=not model.form)
    width, title_rows = sum(table.widths), f"{table.header_row}:{table.header_row}"
    sheet.freeze_panes = sheet.cell(row=table.header_row + 1, column=2)
    if not table.one_header:  # the first table's header would stand above the others
        title_rows, sheet.freeze_panes = None, "A3"
    if model.form:
        _form_inputs(sheet, model, table)
    if model.excel_table and rows:
        _excel_table(sheet, model, table)
    charts = [(model, table)] if model.chart and rows else []
    line = table.last_row
    for under, under_rows in below or []:
        extra = write_table(sheet, under, under_rows, period, top=line + 3)
        _keep_wider(sheet, extra.widths)
        width = max(width, sum(extra.widths))
        if under.chart and under_rows:
            charts.append((under, extra))
        line = extra.last_row
    for chart_model, chart_table in charts:
        line = _add_chart(sheet, chart_model, chart_table, below=line + 2)
        width = max(width, A4_PORTRAIT_WIDTH + 1)  # the chart's page is landscape
        title_rows = None  # the header would stand above the chart
    setup_print(sheet, footer, title_rows, width)


def _excel_table(sheet: Worksheet, model: SheetModel, table: Table) -> None:
    """The table as an Excel table: filter buttons on the header, banded rows, and a name
    (the model's) that pivot tables and formulas can refer to."""
    last_column = get_column_letter(len(table.shown))
    excel_table = ExcelTable(
        displayName=model.name,
        ref=f"A{table.header_row}:{last_column}{table.last_row}",
        tableStyleInfo=TableStyleInfo(name="TableStyleLight9", showRowStripes=True),
    )
    sheet.add_table(excel_table)


def _add_chart(sheet: Worksheet, model: SheetModel, table: Table, below: int) -> int:
    """A line chart of the table's figure columns (or meta.sheet.chart.series) over its label
    column, on its own printed page under the table; returns the row after it."""
    spec = model.chart or {}
    names = spec.get("series") or [c.name for c in table.shown if c.is_number]
    chart = LineChart()
    chart.title = spec.get("title")
    chart.y_axis.title = spec.get("y_axis")
    chart.x_axis.title = spec.get("x_axis")
    for index, column in enumerate(table.shown, start=1):
        if column.name in names:
            chart.add_data(
                Reference(
                    sheet,
                    min_col=index,
                    min_row=table.header_row,
                    max_row=table.last_row,
                ),
                titles_from_data=True,
            )
    chart.set_categories(
        Reference(sheet, min_col=1, min_row=table.first_row, max_row=table.last_row)
    )
    for series in chart.series:
        series.smooth = False  # straight lines between points: the figures, not a curve
    # axes shown explicitly (Excel 365 may hide them otherwise); category labels under the
    # plot, not on the zero line when values are negative
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.tickLblPos = "low"
    chart.y_axis.numFmt = "#,##0"
    chart.y_axis.majorGridlines = ChartLines()
    chart.legend.position = "b"
    chart.width, chart.height = spec.get("width", 24), spec.get("height", 13)
    sheet.row_breaks.append(Break(id=below - 1))
    sheet.add_chart(chart, f"A{below + 1}")
    return below + 28  # about the chart's height in rows


def write_model_sheets(
    workbook: ReportWorkbook,
    model: SheetModel,
    data: SheetRows,
    period: Period,
    name: str | None,
    footer: str = "",
    below: list[tuple[SheetModel, SheetRows]] | None = None,
) -> list[WrittenTable]:
    """The sheet (or, for a model with `sheet_name`, the sheets) of one catalogue line, with
    the catalogue's tables under it; returns what was written where."""
    rows = list(data.rows)
    under = [(model_below, list(rows_below.rows)) for model_below, rows_below in below or []]
    if model.has_sheet_names and name is None:
        written = []
        for sheet_name, sheet_rows in groupby(rows, key=lambda row: row["sheet_name"]):
            sheet = workbook.sheet(sheet_name)
            part = list(sheet_rows)
            write_sheet(sheet, model, part, period, footer)
            written.append(WrittenTable(sheet.title, model, part))
        return written
    sheet = workbook.sheet(name or model.name)
    write_sheet(sheet, model, rows, period, footer, under)
    return [WrittenTable(sheet.title, model, rows)] + [
        WrittenTable(sheet.title, model_below, rows_below) for model_below, rows_below in under
    ]
