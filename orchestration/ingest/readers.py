"""Reading a delivered CSV or Excel file into header + text rows with their line numbers.

Both encodings of the contract are read (UTF-8 with or without BOM, Windows-1252); Excel cells are
turned into the CSV text form (decimal comma, ISO dates) so that one validator serves both.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.ingest.errors import SourceFileError
from orchestration.ingest.formats import format_decimal

SEPARATOR = ";"


@dataclass
class TextTable:
    file: Path
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (line or sheet row, cells)


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# A UTF-8 encoded letter beyond ASCII (å = C3 A5): in a file that is not valid UTF-8 it means
# the file mixes UTF-8 and Windows-1252 lines.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def _line_of(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Text and the encoding it was read with: UTF-8 (BOM optional), else Windows-1252.

    A file must be one encoding: a UTF-8 file with a Windows-1252 line (or the reverse) is
    rejected with the line, never read as mojibake ("Ã¶" for "ö").
    """
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        return body.decode("utf-8"), "utf-8-sig" if body is not data else "utf-8"
    except UnicodeDecodeError as exc:
        bad = exc.start
    mixed = _UTF8_SEQUENCE.search(body)
    if body is not data or mixed:
        # BOM or UTF-8 letters elsewhere: the file means UTF-8; this byte is another encoding
        utf8_line = _line_of(body, mixed.start()) if mixed else 1
        raise SourceFileError(
            path,
            f"mixes encodings: line {utf8_line} is UTF-8 but line {_line_of(body, bad)} is not "
            f"(byte {body[bad]:#04x}, Windows-1252?); save the whole file in one encoding",
            _line_of(body, bad),
        )
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise SourceFileError(
            path, "unreadable: neither UTF-8 nor Windows-1252 text", _line_of(data, exc.start)
        ) from None


def check_header_separator(path: Path, header: list[str]) -> None:
    if len(header) == 1 and any(sep in header[0] for sep in (",", "\t", "|")):
        raise SourceFileError(path, "wrong separator: columns must be separated by ';'", 1)


def read_csv_text(path: Path) -> TextTable:
    data = path.read_bytes()
    text, _ = decode(path, data)
    if not text.strip():
        raise SourceFileError(path, "empty file: no header row", 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=SEPARATOR)
    try:
        header = [cell.strip() for cell in next(reader)]
        check_header_separator(path, header)
        table = TextTable(path, header)
        for cells in reader:
            line = reader.line_num
            if not cells or all(not cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                raise SourceFileError(
                    path,
                    f"expected {len(header)} fields separated by ';', found {len(cells)} "
                    "(wrong separator or a line cut off)",
                    line,
                )
            table.rows.append((line, cells))
    except csv.Error as exc:
        raise SourceFileError(path, f"unreadable CSV: {exc}", reader.line_num) from None
    return table


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format_decimal(round(value, 6))
    return str(value)


def read_xlsx_text(path: Path) -> TextTable:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SourceFileError(path, f"unreadable: not an Excel workbook ({exc})") from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header_cells = next(rows, None)
        if header_cells is None or all(cell is None for cell in header_cells):
            raise SourceFileError(path, "empty file: the first sheet has no header in row 1", 1)
        header = [_cell_text(cell).strip() for cell in header_cells]
        while header and not header[-1]:
            header.pop()
        table = TextTable(path, header)
        for number, cells in enumerate(rows, start=2):
            texts = [_cell_text(cell) for cell in cells]
            if all(not text.strip() for text in texts):
                continue
            texts = (texts + [""] * len(header))[: max(len(header), len(texts))]
            if any(text.strip() for text in texts[len(header) :]):
                raise SourceFileError(path, "a value stands in a column without a header", number)
            table.rows.append((number, texts[: len(header)]))
        return table
    finally:
        workbook.close()


def read_text_table(path: Path) -> TextTable:
    if path.suffix.lower() == ".xlsx":
        return read_xlsx_text(path)
    return read_csv_text(path)
