"""The generic sheet writer: any sheet-shaped `rpt_` model becomes a sheet.

Title in A1, unit line in A2, the header row (the columns' descriptions with the period filled
in), then one row per model row: the label in column A, numbers as numbers with the format of
their unit, dates as dates, text as text (never a formula), total rows bold, panes frozen below
the header. A model with `section` starts a new header (under the section's title) where the
section changes; one with `sheet_name` is written as one sheet per name; `meta.sheet.chart` adds a
line chart of its figures. Nothing here chooses, groups or computes rows: the model did.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from itertools import groupby
from typing import Any

from openpyxl.chart import LineChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

from orchestration.periods import Period
from orchestration.reports.excel import (
    BOLD,
    ReportWorkbook,
    set_date,
    set_number,
    set_text,
    write_header,
    write_title,
)
from orchestration.reports.models import SheetModel
from orchestration.reports.reader import SheetRows

HEADER_ROW = 3
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


def write_sheet(sheet: Worksheet, model: SheetModel, rows: list[dict[str, Any]], period: Period):
    """One sheet from the model's rows (already in order)."""
    first = rows[0] if rows else None
    names = [column.name for column in model.columns]
    write_title(
        sheet, fill(model.title, period, first, names), fill(model.unit, period, first, names)
    )
    shown = model.shown
    headers = [fill(column.header, period, first, names) for column in shown]
    widths = [model.width(index) for index in range(len(shown))]
    line = HEADER_ROW
    write_header(sheet, line, headers, widths)
    if not rows and model.empty:
        set_text(sheet.cell(line + 1, 1), model.empty)
    sections = groupby(rows, key=lambda row: row.get("section")) if model.has_sections else None
    for index, (section, section_rows) in enumerate(sections or [(None, rows)]):
        if index > 0:
            line += 2  # one empty row, then the section's title and its own header
            if section is not None:
                set_text(sheet.cell(line, 1), section).font = BOLD
                line += 1
            write_header(sheet, line, headers, widths)
        for row in section_rows:
            line += 1
            bold = bool(row.get("is_total"))
            for column, spec in enumerate(shown, start=1):
                _write_cell(sheet, line, column, spec, row.get(spec.name), bold)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=2)
    if model.chart and rows:
        _add_chart(sheet, model, len(rows))


def _add_chart(sheet: Worksheet, model: SheetModel, row_count: int) -> None:
    """A line chart of the figure columns over the label column (meta.sheet.chart)."""
    spec = model.chart or {}
    figures = [column for column in model.shown if column.is_number]
    last = HEADER_ROW + row_count
    chart = LineChart()
    chart.title = spec.get("title")
    chart.y_axis.title = spec.get("y_axis")
    chart.x_axis.title = spec.get("x_axis")
    chart.add_data(
        Reference(sheet, min_col=2, max_col=1 + len(figures), min_row=HEADER_ROW, max_row=last),
        titles_from_data=True,
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=HEADER_ROW + 1, max_row=last))
    chart.width, chart.height = spec.get("width", 20), spec.get("height", 10)
    sheet.add_chart(chart, spec.get("anchor", "E3"))


def write_model_sheets(
    workbook: ReportWorkbook,
    model: SheetModel,
    data: SheetRows,
    period: Period,
    name: str | None,
) -> None:
    """The sheet (or, for a model with `sheet_name`, the sheets) of one catalogue line."""
    rows = list(data.rows)
    if model.has_sheet_names and name is None:
        for sheet_name, sheet_rows in groupby(rows, key=lambda row: row["sheet_name"]):
            write_sheet(workbook.sheet(sheet_name), model, list(sheet_rows), period)
        return
    write_sheet(workbook.sheet(name or model.name), model, rows, period)
