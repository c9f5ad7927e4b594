"""Value formats of the contract (decimal comma, dates, periods, accounts), as regexes and parsers.

The regexes are shared by the Python validator (small files) and the DuckDB ledger validator, so a
value accepted in one place is accepted in the other.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

# Decimal comma, optional minus, no thousands separator.
DECIMAL_RE = r"-?[0-9]+(,[0-9]+)?"
# Ledger amounts: at most two decimals.
AMOUNT_RE = r"-?[0-9]+(,[0-9]{1,2})?"
INTEGER_RE = r"-?[0-9]+"
ACCOUNT_RE = r"[0-9]{4}"
YYYYMM_RE = r"[0-9]{6}"
DATE_RE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
# Control characters a text may not hold (C0 but tab, LF and CR): pasted from Word, they would
# end up in a workbook Excel cannot open.
CONTROL_CHARACTERS_RE = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"
_CONTROL = re.compile(CONTROL_CHARACTERS_RE)


def control_character(text: str) -> str | None:
    """The first forbidden control character of a text, as U+XXXX, if any."""
    found = _CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


# The same characters as bytes: all ASCII, so in UTF-8 and Windows-1252 alike each is one byte
# that no other character's encoding contains.
CONTROL_BYTES = bytes(b for b in range(128) if _CONTROL.match(chr(b)))


def may_hold_control_characters(path: Path) -> bool:
    """False when no byte of the file is a forbidden control character: no value can hold one,
    and the per-value check may be skipped. On a 500 000-row ledger file the byte scan takes
    0.035 s; the regular expression over every value took 0.13 s of the checks' 0.18 s."""
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            if len(block.translate(None, CONTROL_BYTES)) != len(block):
                return True
    return False


_DECIMAL = re.compile(DECIMAL_RE)
_INTEGER = re.compile(INTEGER_RE)
_DATE = re.compile(DATE_RE)


def parse_decimal(text: str) -> Decimal:
    """`-1234,50` -> Decimal('-1234.50'); anything else (point, spaces, thousands) is an error."""
    value = text.strip()
    if not _DECIMAL.fullmatch(value):
        raise ValueError(f"'{text}' is not a number with decimal comma (e.g. -1234,50)")
    return Decimal(value.replace(",", "."))


def parse_integer(text: str) -> int:
    value = text.strip()
    if not _INTEGER.fullmatch(value):
        raise ValueError(f"'{text}' is not a whole number")
    return int(value)


def parse_date(text: str) -> dt.date:
    value = text.strip()
    if not _DATE.fullmatch(value):
        raise ValueError(f"'{text}' is not a date YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a valid date ({exc})") from None


def format_decimal(value: float | int | Decimal) -> str:
    """A number as the contract writes it in CSV: decimal comma, no thousands separator."""
    if isinstance(value, int):
        return str(value)
    text = f"{Decimal(str(value)):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
