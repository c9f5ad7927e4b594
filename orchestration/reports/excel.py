"""Excel building blocks: safe text, number formats, headers, sheet names, atomic save."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet


def mnkr_format(decimals: int = 1) -> str:
    """mnkr with one decimal; three (whole tkr) where rows are small, as on Underlag."""
    return "#,##0." + "0" * decimals


MNKR_FORMAT = mnkr_format()  # stored US-style; a Swedish Excel shows 1 234,5
TKR_FORMAT = "#,##0"
SEK_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0"
DATE_FORMAT = "yyyy-mm-dd"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
_FORBIDDEN_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
MAX_SHEET_NAME = 31


def set_text(cell: Cell, value: str | None) -> Cell:
    """Write source text as text: never a formula, whatever it starts with (=, +, -, @, tab).

    Control characters an Excel file cannot hold (the loader rejects them; text stored before
    that rule) are left out, so stored text can never make an export fail.
    """
    cell.value = "" if value is None else ILLEGAL_CHARACTERS_RE.sub("", str(value))
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save_atomically(workbook: Workbook, path: Path) -> Path:
    """Save next to the target and rename, so a reader never sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{path.stem}.*.xlsx.tmp"):
        stale.unlink(missing_ok=True)  # left by a run that was killed while saving
    fd, temporary = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".xlsx.tmp", dir=path.parent)
    os.close(fd)
    # mkstemp makes the file private (0600); a workbook is for the shared folder: umask decides
    os.chmod(temporary, 0o666 & ~_umask())
    try:
        workbook.save(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


A4_PORTRAIT_WIDTH = 95  # column-width units that fit an A4 portrait page at 100 %
LINE_HEIGHT = 15  # points per line of 11 pt text


# Advance widths of Calibri (Carlito in LibreOffice), in widths of the digit 0 that Excel's
# column width counts: texts are mostly narrower letters, so counting characters makes rows
# too tall; wide letters and symbols are counted wider so that nothing is cut off.
_CHARACTER_WIDTHS = {
    **dict.fromkeys(" ijl|!.,;:'`", 0.46),
    **dict.fromkeys('frtI()[]-/"', 0.68),
    **dict.fromkeys("sczxJ", 0.82),
    **dict.fromkeys("mwMW%", 1.6),
}


def text_width(text: str) -> float:
    """About how many widths of '0' the text takes in 11 pt Calibri."""
    width = 0.0
    for character in text:
        if character in _CHARACTER_WIDTHS:
            width += _CHARACTER_WIDTHS[character]
        elif character.isupper():
            width += 1.22
        elif character.isalnum():
            width += 1.0
        else:  # symbols (● ◆ ✓), other punctuation
            width += 1.4
    return width


def wrapped_lines(text: str, width: float) -> int:
    """How many lines a text takes when wrapped at word boundaries in a column of `width`."""
    room, space = width - 0.6, _CHARACTER_WIDTHS[" "]  # less the cell's padding
    count = 0
    for paragraph in text.splitlines() or [""]:
        line, count = 0.0, count + 1
        for word in paragraph.split():
            need = text_width(word)
            if line and line + space + need > room:
                count, line = count + 1, need
            else:
                line += (space if line else 0) + need
    return count


def header_height(headers: Sequence[str], widths: Sequence[float]) -> float:
    """The height of a header row whose texts wrap within their columns (bold: a little wider)."""
    lines = max(wrapped_lines(h, w * 0.9) for h, w in zip(headers, widths, strict=True))
    return max(lines, 1) * LINE_HEIGHT


def setup_print(sheet: Worksheet, footer: str, title_rows: str | None, width: float) -> None:
    """A4, landscape when wider than portrait, one page wide, header rows repeated on every
    page, and a footer with the report, period and page number."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if width > A4_PORTRAIT_WIDTH else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as needed
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.oddFooter.left.text = footer
    sheet.oddFooter.left.size = 8
    sheet.oddFooter.right.text = "Sida &P av &N"
    sheet.oddFooter.right.size = 8
    sheet.page_margins.left = sheet.page_margins.right = 0.5


class ReportWorkbook:
    """A workbook under construction: sheets in the order asked for, names unique and valid."""

    def __init__(self) -> None:
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        self._taken: set[str] = set()

    def sheet(self, name: str) -> Worksheet:
        return self.workbook.create_sheet(sheet_name(name, self._taken))
