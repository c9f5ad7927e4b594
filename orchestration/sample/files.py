"""Writing files in the contract's formats (used by the sample generator and by tests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from orchestration.ingest.formats import format_decimal

Cell = str | int | float | Decimal | dt.date | None


def _csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return format_decimal(value)
    return str(value)


def write_csv(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[Cell]], encoding: str = "utf-8"
) -> Path:
    """`;`-separated, decimal comma; encoding 'utf-8', 'utf-8-sig' (BOM) or 'cp1252'."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [";".join(header)]
    for row in rows:
        cells = []
        for value in row:
            text = _csv_text(value)
            if any(ch in text for ch in ';"\n\r'):
                text = '"' + text.replace('"', '""') + '"'
            cells.append(text)
        lines.append(";".join(cells))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def write_xlsx(path: Path, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> Path:
    """First sheet, header in row 1; numbers as numbers, dates as dates."""
    import openpyxl

    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Blad1")
    sheet.append(list(header))
    for row in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    workbook.save(path)
    return path


def write_table(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[Cell]], encoding: str = "utf-8"
) -> Path:
    if path.suffix.lower() == ".xlsx":
        return write_xlsx(path, header, rows)
    return write_csv(path, header, rows, encoding)
