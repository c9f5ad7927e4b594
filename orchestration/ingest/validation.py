"""Contract checks shared by every tabular source: headers, cell types, and per-kind row rules."""

from __future__ import annotations

import difflib
import json
import re  # noqa: I001
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from orchestration.ingest.columns import SCHEMAS, Column
from orchestration.ingest.errors import SourceFileError
from orchestration.ingest.formats import (
    ACCOUNT_RE,
    AMOUNT_RE,
    control_character,
    parse_date,
    parse_decimal,
    parse_integer,
)
from orchestration.ingest.readers import TextTable
from orchestration.periods import Period
from orchestration.seeds import symbols

_ACCOUNT = re.compile(ACCOUNT_RE)
_AMOUNT = re.compile(AMOUNT_RE)
MAX_TEXT_LENGTH = 4000  # longer cells are a broken export, not a comment


def normalise_header(text: str) -> str:
    return " ".join(text.strip().lower().split())


def map_header(file: Path, header: list[str], columns: Iterable[Column]) -> dict[str, int]:
    """Column name -> index in the file; missing or misspelt required columns are errors."""
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = normalise_header(cell)
        if not key:
            continue
        if key in positions:
            raise SourceFileError(file, f"column '{cell}' appears twice in the header", 1)
        positions[key] = index
    mapping: dict[str, int] = {}
    for column in columns:
        key = normalise_header(column.header)
        if key in positions:
            mapping[column.name] = positions[key]
        elif column.required:
            near = difflib.get_close_matches(key, list(positions), n=1)
            hint = f" (found '{header[positions[near[0]]]}': misspelt?)" if near else ""
            raise SourceFileError(file, f"missing required column '{column.header}'{hint}", 1)
    return mapping


def parse_cell(column: Column, text: str) -> Any:
    value = text.strip()
    if not value:
        if column.nullable:
            return None
        raise ValueError(f"column '{column.header}' is empty")
    if (character := control_character(value)) is not None:
        raise ValueError(
            f"column '{column.header}' holds a control character ({character}), e.g. pasted "
            "from Word; remove it"
        )
    if len(value) > MAX_TEXT_LENGTH:
        raise ValueError(
            f"column '{column.header}' holds {len(value)} characters (at most {MAX_TEXT_LENGTH})"
        )
    kind = column.type
    if kind == "int":
        return parse_integer(value)
    if kind == "decimal":
        return parse_decimal(value)
    if kind == "amount":
        if not _AMOUNT.fullmatch(value):
            raise ValueError(
                f"'{text}' is not an amount with decimal comma and at most "
                "two decimals (e.g. -1234,50)"
            )
        return parse_decimal(value)
    if kind == "date":
        return parse_date(value)
    if kind == "yyyymm":
        return Period.from_yyyymm(value).yyyymm
    if kind == "account":
        if not _ACCOUNT.fullmatch(value):
            raise ValueError(f"account '{text}' is not four digits")
        return value
    if kind == "symbol":
        by_symbol = symbols(column.value_list)
        for name, symbol in by_symbol.items():
            if value == symbol or value.lower() == name.lower():
                return name
        raise ValueError(
            f"'{text}' in column '{column.header}' is not one of {', '.join(by_symbol)} "
            f"(or {' '.join(by_symbol.values())})"
        )
    if kind == "choice":
        for choice in column.choices:
            if choice.lower() == value.lower():
                return choice
        raise ValueError(
            f"'{text}' in column '{column.header}' is not one of {', '.join(column.choices)}"
        )
    return value


def parse_table(table: TextTable, kind: str) -> list[dict[str, Any]]:
    """Typed rows with `_line` and `_extra` (the file's extra columns as JSON)."""
    columns = SCHEMAS[kind]
    mapping = map_header(table.file, table.header, columns)
    used = set(mapping.values())
    extra_columns = [(i, h) for i, h in enumerate(table.header) if i not in used and h]
    rows = []
    for line, cells in table.rows:
        row: dict[str, Any] = {"_line": line}
        for column in columns:
            index = mapping.get(column.name)
            try:
                row[column.name] = parse_cell(column, cells[index]) if index is not None else None
            except ValueError as exc:
                raise SourceFileError(table.file, str(exc), line) from None
        row["_extra"] = (
            json.dumps({h: cells[i] for i, h in extra_columns}, ensure_ascii=False)
            if extra_columns
            else None
        )
        rows.append(row)
    return rows


def require_rows(file: Path, rows: list[dict[str, Any]]) -> None:
    if not rows:
        raise SourceFileError(file, "header only: the file has no data rows", 2)


def check_unique(file: Path, rows: list[dict[str, Any]], key: str, label: str) -> None:
    seen: dict[Any, int] = {}
    for row in rows:
        value = row[key]
        if value in seen:
            raise SourceFileError(
                file, f"duplicate {label} '{value}' (also on line {seen[value]})", row["_line"]
            )
        seen[value] = row["_line"]
