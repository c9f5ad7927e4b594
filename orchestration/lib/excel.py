"""Excel building blocks: safe text, number formats, bold totals, frozen headers, atomic save."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

MNKR_FORMAT = "#,##0.0"  # stored US-style; a Swedish Excel shows 1 234,5
TKR_FORMAT = "#,##0"
PERCENT_FORMAT = "0.0"
DATE_FORMAT = "yyyy-mm-dd"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
_FORBIDDEN_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
MAX_SHEET_NAME = 31


def set_text(cell: Cell, value: str | None) -> Cell:
    """Write source text as text: never a formula, whatever it starts with (=, +, -, @, tab)."""
    cell.value = "" if value is None else str(value)
    cell.data_type = "s"
    return cell


def set_number(
    cell: Cell, value: float | None, number_format: str = MNKR_FORMAT, bold: bool = False
) -> Cell:
    cell.value = None if value is None else float(value)
    cell.number_format = number_format
    if bold:
        cell.font = BOLD
    return cell


def set_date(cell: Cell, value: dt.date | None) -> Cell:
    cell.value = value
    cell.number_format = DATE_FORMAT
    return cell


def sheet_name(name: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = _FORBIDDEN_SHEET_CHARS.sub(" ", name).strip()[:MAX_SHEET_NAME] or "Blad"
    candidate, number = base, 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f" ({number})"
        candidate = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        number += 1
    taken.add(candidate)
    return candidate


def write_title(sheet: Worksheet, title: str, subtitle: str) -> None:
    set_text(sheet.cell(row=1, column=1), title).font = TITLE
    set_text(sheet.cell(row=2, column=1), subtitle)


def write_header(sheet: Worksheet, row: int, headers: Sequence[str], widths: Sequence[int]) -> None:
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = set_text(sheet.cell(row=row, column=column), header)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=row + 1, column=2)


def save_atomically(workbook: Workbook, path: Path) -> Path:
    """Save next to the target and rename, so a reader never sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{path.stem}.*.xlsx.tmp"):
        stale.unlink(missing_ok=True)  # left by a run that was killed while saving
    fd, temporary = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".xlsx.tmp", dir=path.parent)
    os.close(fd)
    try:
        workbook.save(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


@dataclass(frozen=True)
class TableColumn:
    header: str
    width: int = 14
    number_format: str = MNKR_FORMAT


def write_table(
    sheet: Worksheet,
    first_row: int,
    label_header: str,
    columns: Sequence[TableColumn],
    rows: Sequence[tuple],
    label_width: int = 44,
    freeze: bool = True,
) -> int:
    """A header row and rows of (label, is_total, *numbers); returns the next free row.

    Totals are bold; numbers stay unrounded and are only formatted.
    """
    headers = [label_header, *(c.header for c in columns)]
    widths = [label_width, *(c.width for c in columns)]
    write_header(sheet, first_row, headers, widths)
    if not freeze:
        sheet.freeze_panes = None
    line = first_row
    for label, is_total, *figures in rows:
        line += 1
        label_cell = set_text(sheet.cell(line, 1), label)
        if is_total:
            label_cell.font = BOLD
        for column, (value, spec) in enumerate(zip(figures, columns, strict=True), start=2):
            set_number(sheet.cell(line, column), value, spec.number_format, bold=is_total)
    return line + 1
