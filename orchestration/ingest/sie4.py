"""Reading SIE typ 4 voucher files (Swedish accounting exports) into the ledger stage table."""

# Design, in short (docs for the integrator; each step says why where it happens):
#
# * One grammar, defined once below (SPACE, QUOTED, BARE and `tokenize`). Python uses it for the
#   records it reads itself (#FORMAT, error explanations, KSUMMA of written files) and for the
#   exact path.
# * The fast path lets DuckDB's CSV reader (quote-aware, parallel, C++) split every line into
#   fields: separator ' ', quote '"', escape '\'. For its fields to equal the grammar's, the
#   bytes are first prepared with whole-buffer operations only (no per-line Python): leading
#   indentation removed, a space put after every '{' and before every '}' (so an object list's
#   braces are fields of their own), blank lines given a space (the reader skips empty lines).
#   Where that cannot be guaranteed (tabs between fields, backslashes other than \" and \\, a
#   line the reader splits differently, more fields than FAST_FIELDS), the exact path runs
#   instead: the Python tokenizer writes every line as delimiter-separated fields, and the same
#   SQL reads that. tests/test_sie4_reader.py checks that both give the same rows.
# * One SQL statement then numbers the lines (row_number() over the scan), follows the voucher
#   blocks with streaming windows (depth of braces, the current #VER), picks the #TRANS fields by
#   the position of the object list's '}', flags the first bad line, and writes the stage table.
#   No per-row Python objects: rows go from the file to DuckDB in bulk.

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
import time
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np

from orchestration.ingest.errors import SourceFileError

ENCODING = "cp437"  # what #FORMAT PC8 means; a file without #FORMAT is read so too
DEFAULT_DIMENSIONS: Mapping[int, str] = {1: "ansvar", 6: "projekt", 20: "uppdrag"}
DIMENSION_COLUMNS = ("ansvar", "uppdrag", "projekt", "motpart")
# The stage table's columns, c0..c9 in this order, then _line.
STAGE_COLUMNS = (
    "period",
    "verifikation",
    "bokforingsdatum",
    "konto",
    *DIMENSION_COLUMNS,
    "belopp",
    "text",
)
TRANS_LABELS = ("#TRANS", "#RTRANS", "#BTRANS")
COUNTED_LABELS = ("#TRANS", "#RTRANS")  # a #BTRANS row was removed afterwards
# Records read in Python (few per file); every other label is ignored, as SIE requires.
HEADER_LABELS = (
    "#FORMAT",
    "#PROGRAM",
    "#SIETYP",
    "#FNAMN",
    "#ORGNR",
    "#RAR",
    "#KONTO",
    "#DIM",
    "#OBJEKT",
    "#KSUMMA",
)
# Fields the fast path reads per line: label, account, '{', 4 dimension pairs, '}', amount,
# date, text, quantity, sign. A longer line makes it read again with four times as many.
FAST_FIELDS = 16

# ---------------------------------------------------------------------------------------------
# The grammar (the one definition). Fields are separated by spaces or tabs; a field is a quoted
# string ("..." where \" is a quote and \\ a backslash), a bare word (not starting with a quote
# or brace; it ends at a space, tab or brace) or an object list {part part ...} of quoted or
# bare parts. A line is blank, a lone '{' or '}' (a voucher's block) or a record: #LABEL fields.
SPACE = r"[ \t]"
QUOTED = r'"(?:[^"\\]|\\.)*"'
BARE = r'[^ \t"{}][^ \t{}]*'
AMOUNT = r"-?[0-9]+(?:\.[0-9]{1,2})?"  # decimal point, optional minus, at most two decimals
DATE = r"[0-9]{8}"  # YYYYMMDD

_TOKEN = re.compile(
    rf"(?P<space>{SPACE}*)(?:(?P<quoted>{QUOTED})|(?P<bare>{BARE})|(?P<open>\{{)|(?P<close>\}}))?"
)
_ESCAPE = re.compile(r'\\(["\\])')
_AMOUNT = re.compile(AMOUNT)
_DATE = re.compile(DATE)
_INTEGER = re.compile(r"-?[0-9]+")

Field = str | tuple[str, ...]  # a string, or an object list's parts


class SieLineError(ValueError):
    """A line that breaks the grammar or a record's rules; the message names the problem."""


def _unquote(quoted: str) -> str:
    body = quoted[1:-1]
    return _ESCAPE.sub(r"\1", body) if "\\" in body else body


def tokenize(line: str) -> list[Field]:
    """The fields of one line (no line end): strings, and object lists as tuples of strings."""
    fields: list[Field] = []
    parts: list[str] | None = None  # the object list being read
    previous = ""  # kind of the previous token: a value or a closing brace needs a space after
    pos = 0
    while True:
        match = _TOKEN.match(line, pos)
        kind = match.lastgroup if match else None
        if kind == "space" or kind is None:
            rest = line[match.end() if match else pos :]
            if rest.startswith('"'):
                raise SieLineError(f"unterminated quoted string: {rest[:40]}")
            if rest:  # cannot happen: every other character starts a token
                raise SieLineError(f"unexpected text: {rest[:40]}")
            if parts is not None:
                raise SieLineError("object list without its closing '}'")
            return fields
        assert match is not None
        spaced = match.end("space") > pos or pos == 0
        text = match.group(kind)
        pos = match.end()
        if kind == "close":
            if parts is None:
                raise SieLineError("'}' without an opening '{'")
            fields.append(tuple(parts))
            parts, previous = None, "close"
            continue
        if not spaced and previous in ("value", "close"):
            raise SieLineError(f"missing space before {text[:20]!r}")
        if kind == "open":
            if parts is not None:
                raise SieLineError("'{' inside an object list")
            parts, previous = [], "open"
            continue
        value = _unquote(text) if kind == "quoted" else text
        (parts if parts is not None else fields).append(value)
        previous = "value"


def parse_line(line: str) -> tuple[str, list[Field]]:
    """('blank' | 'open' | 'close' | 'record', fields) of one line; a line end is dropped."""
    line = line.rstrip("\r\n")
    stripped = line.strip(" \t")
    if not stripped:
        return "blank", []
    if stripped in ("{", "}"):
        return ("open" if stripped == "{" else "close"), []
    fields = tokenize(line)
    label = fields[0]
    if not isinstance(label, str) or not label.startswith("#"):
        raise SieLineError("not a SIE record: a line holds #LABEL and fields, or a lone '{' or '}'")
    return "record", fields


def fields_text(fields: Sequence[Field]) -> str:
    """What a record contributes to #KSUMMA: its field texts (label included) run together.

    Whitespace between fields, the quotes around strings and all braces go; \\" counts as ".
    So `{1 "RK10"}` contributes `1RK10`, and a lone `{` or `}` line contributes nothing.
    """
    return "".join(f if isinstance(f, str) else "".join(f) for f in fields)


def ksumma_of_records(records: Iterable[Sequence[Field]]) -> int:
    """CRC-32 (zlib's) of the code page 437 bytes of the records' texts, unsigned."""
    crc = 0
    for fields in records:
        crc = zlib.crc32(fields_text(fields).encode(ENCODING), crc)
    return crc


def ksumma(lines: Iterable[str]) -> int:
    """The #KSUMMA of the lines between the two #KSUMMA lines (a brace line adds nothing)."""
    return ksumma_of_records(parse_line(line)[1] for line in lines)


def ksumma_matches(text: str, crc: int) -> bool:
    """A #KSUMMA value against the computed CRC: printed unsigned or as a signed 32-bit int."""
    if not _INTEGER.fullmatch(text):
        return False
    return int(text) % (1 << 32) == crc and -(1 << 31) <= int(text) < (1 << 32)


# ---------------------------------------------------------------------------------------------
# The records Tertial uses, checked field by field (the SQL flags the same lines in bulk).


def _is_date(text: str) -> bool:
    if not _DATE.fullmatch(text):
        return False
    try:
        dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return False
    return True


def _string(fields: list[Field], index: int, label: str, name: str) -> str | None:
    if index >= len(fields):
        return None
    value = fields[index]
    if not isinstance(value, str):
        raise SieLineError(f"{label}: an object list where the {name} belongs")
    return value


def _required(fields: list[Field], index: int, label: str, name: str) -> str:
    value = _string(fields, index, label, name)
    if not value:
        raise SieLineError(f"{label} without {name}")
    return value


def check_record(fields: list[Field]) -> None:
    """Raise SieLineError for a #VER or #TRANS/#RTRANS/#BTRANS record Tertial cannot use."""
    label = fields[0]
    if label == "#VER":
        _required(fields, 1, label, "a series")
        _required(fields, 2, label, "a voucher number")
        day = _required(fields, 3, label, "a date")
        if not _is_date(day):
            raise SieLineError(f"#VER date '{day}' is not a date YYYYMMDD")
        for index in range(4, len(fields)):
            _string(fields, index, label, f"field {index}")
    elif label in TRANS_LABELS:
        _required(fields, 1, label, "an account")
        if len(fields) < 3 or not isinstance(fields[2], tuple):
            raise SieLineError(f"{label} without its object list ({{}} when empty)")
        if len(fields[2]) % 2:
            raise SieLineError(f"{label}: the object list must hold dimension/object pairs")
        amount = _required(fields, 3, label, "an amount")
        if not _AMOUNT.fullmatch(amount):
            raise SieLineError(
                f"{label} amount '{amount}' is not a number with a decimal point and at most "
                "two decimals (e.g. -1234.50)"
            )
        day = _string(fields, 4, label, "date")
        if day and not _is_date(day):
            raise SieLineError(f"{label} date '{day}' is not a date YYYYMMDD")
        for index in range(5, len(fields)):
            _string(fields, index, label, f"field {index}")


# ---------------------------------------------------------------------------------------------
# The result.


@dataclass(frozen=True)
class Sie4File:
    """What a read SIE 4 file holds besides its rows (those are in the stage table)."""

    path: Path
    fiscal_year: int
    start: dt.date
    end: dt.date
    rows: int
    vouchers: int
    format: str | None
    checksum_verified: bool
    program: str | None
    accounts: dict[str, str]
    dimensions: dict[int, str]
    months: tuple[str, ...]
    objects: dict[tuple[int, str], str] = field(default_factory=dict)
    company: str | None = None
    orgnr: str | None = None
    sie_type: str | None = None
    exact_path: bool = False  # read by the Python tokenizer (see the notes at the top)


# ---------------------------------------------------------------------------------------------
# Front ends: the file as fields that DuckDB's CSV reader splits, one row per line, in order.


@dataclass(frozen=True)
class _Source:
    file: Path
    options: str  # read_csv options besides the file and its columns
    exact: bool
    fields: int
    braces_in_text: bool | None  # None: not known yet (the fast path counts braces to find out)
    braces: tuple[int, int] = (0, 0)  # '{' and '}' in the file, for the fast path's count

    def sql(self) -> str:
        columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(self.fields)) + "}"
        return f"read_csv({_sql_text(str(self.file))}, {self.options}, columns={columns})"


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _spread_braces(text: str) -> str:
    """A space after '{' and before '}', as the fast path's bytes get (undone by _close_braces)."""
    return text.replace("{", "{ ").replace("}", " }")


def _close_braces(text: str) -> str:
    return text.replace("{ ", "{").replace(" }", "}")


_INDENT = re.compile(rb"\n([ \t]+)(?=[^ \t\r\n])")
_FAST_OPTIONS = (
    "delim=' ', quote='\"', escape='\\', header=false, auto_detect=false, null_padding=true, "
    "allow_quoted_nulls=false, strict_mode=true, max_line_size=10000000"
)


def _fast_bytes(data: bytes, pad_blank: bool) -> tuple[bytes, tuple[int, int]] | None:
    """The file prepared for DuckDB's CSV reader and its brace counts; None: exact path only."""
    if b"\\" in data and b"\\" in data.replace(b"\\\\", b"").replace(b'\\"', b""):
        return None  # a backslash that is not \\ or \": DuckDB would drop it, the grammar keeps it
    # Leading whitespace means nothing: strip the indentation the writer uses (seen near the top
    # and around the first #TRANS), longest first. Other indentation is compacted in SQL.
    first = data.find(b"#TRANS")
    sample = data[: 1 << 16] + (data[max(first - 256, 0) : first + (1 << 16)] if first > 0 else b"")
    for indent in sorted(set(_INDENT.findall(sample)), key=len, reverse=True):
        data = data.replace(b"\n" + indent, b"\n")
    if b"\t" in data:
        return None  # a tab between fields (or in a text): the CSV reader splits at spaces only
    if pad_blank:  # DuckDB skips empty lines, which shifts the line numbers: give them a space
        data = (b" " if data.startswith((b"\n", b"\r\n")) else b"") + data
        while b"\n\n" in data or b"\n\r\n" in data:
            data = data.replace(b"\n\n", b"\n \n").replace(b"\n\r\n", b"\n \r\n")
    opened = data.replace(b"{", b"{ ")
    spread = opened.replace(b"}", b" }")
    return spread, (len(opened) - len(data), len(spread) - len(opened))


def _temp_file(content: bytes) -> Path:
    shm = Path("/dev/shm")  # memory-backed on Linux: the copy never goes to disk
    directory = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    fd, name = tempfile.mkstemp(suffix=".txt", prefix="tertial_sie4_", dir=directory)
    with os.fdopen(fd, "wb") as out:
        out.write(content)
    return Path(name)


def _fast_source(
    prepared: bytes, braces: tuple[int, int], fields: int, scratch: list[Path]
) -> _Source:
    text = prepared if prepared.isascii() else prepared.decode(ENCODING).encode("utf-8")
    scratch.append(_temp_file(text))
    return _Source(scratch[-1], _FAST_OPTIONS, False, fields, None, braces)


_CONTROLS = [chr(c) for c in (0x1F, 0x1E, 0x1D, 0x1C, 0x1B, 0x1A, 0x19, 0x18, 0x17, 0x16)]


def _exact_source(path: Path, data: bytes, scratch: list[Path]) -> _Source:
    """Every line through the Python tokenizer, written as delimiter-separated fields."""
    text = data.decode(ENCODING)
    unused = [c for c in _CONTROLS if c not in text]
    if len(unused) < 2:
        raise SourceFileError(path, "control characters throughout: not a SIE text file")
    delimiter, null = unused[:2]  # fields are split at `delimiter`; `null` marks a blank line
    out: list[str] = []
    widest, braces = 1, False
    for number, line in enumerate(text[:-1].split("\n"), start=1):
        try:
            kind, fields = parse_line(line)
        except SieLineError as exc:
            raise SourceFileError(path, str(exc), number) from None
        if kind == "blank":
            out.append(null)
            continue
        if kind != "record":
            out.append("{" if kind == "open" else "}")
            continue
        cells: list[str] = []
        for value in fields:
            if isinstance(value, str):
                cells.append(value)
            else:
                cells.extend(("{", *value, "}"))
        if any("{" in c or "}" in c for c in cells if c not in ("{", "}")):
            braces = True  # the same spacing as the fast path's, so that one SQL reads both
            cells = [c if c in ("{", "}") else _spread_braces(c) for c in cells]
        widest = max(widest, len(cells))
        out.append(delimiter.join(cells))
    scratch.append(_temp_file("\n".join(out).encode("utf-8")))
    options = (
        f"delim={_sql_text(delimiter)}, quote='', escape='', header=false, auto_detect=false, "
        f"null_padding=true, nullstr={_sql_text(null)}, strict_mode=false, max_line_size=10000000"
    )
    return _Source(scratch[-1], options, True, max(widest, FAST_FIELDS), braces)


# ---------------------------------------------------------------------------------------------
# The SQL. Kinds of lines, as numbers the numpy bookkeeping reads:
BLANK, VER, TRANS, RTRANS, BTRANS, OPEN, CLOSE, HEADER, OTHER, NOT_RECORD, BAD_VER = range(11)


def _valid_date(x: str) -> str:
    return (
        f"({x} GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' "
        f"AND try_strptime({x}, '%Y%m%d') IS NOT NULL)"
    )


def _empty_or_brace(x: str) -> str:
    return f"(coalesce({x}, '') = '' OR {x} = '{{' OR {x} = '}}')"


def _iso(x: str) -> str:
    return f"concat(substr({x}, 1, 4), '-', substr({x}, 5, 2), '-', substr({x}, 7, 2))"


def _raw_sql(raw: str, source: _Source) -> str:
    """The lines as fields f0..f{n-1} with a kind, in line order (rowid order).

    The fast path's reader gives an empty field for a second space in a row (or indentation
    it did not strip); such lines are compacted with list_filter. Two shapes are common and
    read as they are: a lone '}' (the space put before it) and `{}` ('{', empty, '}').
    """
    n = source.fields
    c = [f"c{i}" for i in range(n)]
    gap = " OR ".join(
        f"({c[k]} IS NULL AND {c[k + 1]} IS NOT NULL"
        + (f" AND NOT ({c[1]} = '}}' AND {c[2]} IS NULL)" if k == 0 else "")
        + (f" AND NOT ({c[2]} = '{{' AND {c[4]} = '}}')" if k == 3 else "")
        + ")"
        for k in range(n - 1)
    )
    close = "c0 IS NULL AND c1 = '}' AND c2 IS NULL"
    picks = []
    for k in range(n):
        plain = {
            0: f"CASE WHEN {close} THEN '}}' ELSE c0 END",
            1: f"CASE WHEN {close} THEN NULL ELSE c1 END",
        }
        picks.append(f"CASE WHEN g IS NULL THEN {plain.get(k, c[k])} ELSE g[{k + 1}] END AS f{k}")
    ver_ok = (
        f"NOT {_empty_or_brace('f1')} AND NOT {_empty_or_brace('f2')} "
        f"AND coalesce({_valid_date('f3')}, false)"
    )
    # CASE branches, not `IN (...)` or list_contains: DuckDB turns those into a hash join, and
    # a join in this statement or the stage's would lose the line order of the rows.
    headers = " ".join(f"WHEN f0 = {_sql_text(label)} THEN {HEADER}" for label in HEADER_LABELS)
    kind = f"""CASE
        WHEN f0 IS NULL THEN {BLANK}
        WHEN f0 = '#VER' THEN CASE WHEN {ver_ok} THEN {VER} ELSE {BAD_VER} END
        WHEN f0 = '#TRANS' THEN {TRANS} WHEN f0 = '#RTRANS' THEN {RTRANS}
        WHEN f0 = '#BTRANS' THEN {BTRANS}
        WHEN f0 = '{{' AND f1 IS NULL THEN {OPEN}
        WHEN f0 = '}}' AND f1 IS NULL THEN {CLOSE}
        {headers}
        WHEN starts_with(f0, '#') THEN {OTHER}
        ELSE {NOT_RECORD} END"""
    listed = ", ".join(c)
    return f"""
CREATE OR REPLACE TEMP TABLE {raw} AS
SELECT CAST({kind} AS UTINYINT) AS k, * FROM (
    SELECT {", ".join(picks)} FROM (
        SELECT *, CASE WHEN {gap} THEN list_filter([{listed}], lambda x: x IS NOT NULL) END AS g
        FROM {source.sql()}))
"""


def _braces_sql(raw: str, n: int) -> str:
    """The '{' and '}' fields of the lines, counted as if each #TRANS had one object list."""
    listed = ", ".join(f"f{i}" for i in range(n))

    def count(brace: str, line_kind: int) -> str:
        return (
            f"sum(CASE WHEN k IN ({TRANS}, {RTRANS}, {BTRANS}) THEN (f2 = '{{')::INT "
            f"WHEN k = {line_kind} THEN 1 WHEN k IN ({BLANK}, {VER}, {BAD_VER}, {OPEN}, {CLOSE}) "
            f"THEN 0 ELSE len(list_filter([{listed}], lambda x: x = '{brace}')) END)"
        )

    return f"SELECT {count('{', OPEN)}, {count('}', CLOSE)} FROM {raw}"


def _brace_check_sql(raw: str, lines: str, n: int) -> str:
    """The first line whose braces break the grammar (for a file whose brace count is off).

    Braces inside quoted texts also make the count differ: those are fields with a space next
    to the brace (see _spread_braces), never '{' or '}' alone, so they pass this check.
    """
    listed = ", ".join(f"r.f{i}" for i in range(n))
    return f"""
SELECT min(line) FROM (
    SELECT n.line, r.k,
        array_to_string(list_filter([{listed}], lambda x: x IN ('{{', '}}')), '') AS braces,
        len(list_filter([{listed}], lambda x: x NOT IN ('{{', '}}')
            AND (ends_with(x, '{{') OR starts_with(x, '}}')))) AS stuck
    FROM {raw} r POSITIONAL JOIN {lines} n)
WHERE k NOT IN ({BLANK}, {OPEN}, {CLOSE}, {NOT_RECORD}) AND (stuck > 0 OR CASE
    WHEN k IN ({TRANS}, {RTRANS}, {BTRANS}) THEN braces <> '{{}}'
    WHEN k IN ({VER}, {BAD_VER}) THEN braces <> ''
    ELSE NOT regexp_full_match(braces, '(\\{{\\}})*') END)
"""


def _stage_sql(table: str, raw: str, lines: str, n: int, dimensions: Mapping[int, str]) -> str:
    """The stage table: one row per #TRANS/#RTRANS/#BTRANS, #VER fields picked by voucher."""
    f = [f"f{i}" for i in range(n)]
    # e: the field holding the object list's '}' (its '{' is f2); NULL when the list is broken.
    # `{}` reaches the fast path as '{', NULL, '}' (see _raw_sql), hence e = 4.
    e_cases = ["WHEN f3 = '}' THEN 3", "WHEN f3 IS NULL AND f4 = '}' THEN 4"]
    for k in range(4, n - 1):
        e_cases.append(f"WHEN {f[k]} = '}}' THEN {k if k % 2 else 'NULL'}")
    e_sql = f"CASE WHEN f2 IS DISTINCT FROM '{{' THEN NULL {' '.join(e_cases)} END"

    def after(offset: int) -> str:  # the field `offset` places after the '}'
        whens = " ".join(f"WHEN {k} THEN {f[k + offset]}" for k in range(3, n - offset))
        return f"CASE e {whens} END"

    def dimension(number: int) -> str:  # the object of a dimension: the first pair that has it
        whens = " ".join(
            f"WHEN e > {k + 1} AND {f[k]} = '{number}' THEN {f[k + 1]}" for k in range(3, n - 2, 2)
        )
        return f"nullif(CASE {whens} END, '')"

    by_column = {column: number for number, column in dimensions.items()}
    outputs = [
        "left(ver, 6)",
        "substr(ver, 9, strpos(ver, chr(0)) - 9)",
        _iso("coalesce(nullif(transdat, ''), left(ver, 8))"),
        "f1",
        *(
            dimension(by_column[column]) if column in by_column else "CAST(NULL AS VARCHAR)"
            for column in DIMENSION_COLUMNS
        ),
        "replace(amount, '.', ',')",
        "coalesce(nullif(transtext, ''), nullif(substr(ver, strpos(ver, chr(0)) + 1), ''))",
    ]
    problem = f"""{_empty_or_brace("f1")} OR e IS NULL
        OR NOT coalesce(regexp_full_match(amount, '{AMOUNT}'), false)
        OR (coalesce(transdat, '') <> '' AND NOT {_valid_date("transdat")})
        OR transtext = '{{' OR transtext = '}}'"""
    return f"""
CREATE OR REPLACE TEMP TABLE {table} AS
WITH vers AS (
    -- every #VER in order: date (8 characters), serie-vernr, NUL, vertext (no NUL in files)
    SELECT list(concat(f3, f1, '-', f2, chr(0), f4) ORDER BY rowid) AS vers
    FROM {raw} WHERE k IN ({VER}, {BAD_VER})
),
rows AS (
    SELECT r.*, n.line, n.keep, list_extract((SELECT vers FROM vers), n.voucher) AS ver
    FROM {raw} r POSITIONAL JOIN {lines} n
    WHERE n.keep > 0
),
split AS (SELECT *, {e_sql} AS e FROM rows),
picked AS (
    SELECT *, {after(1)} AS amount, {after(2)} AS transdat, {after(3)} AS transtext FROM split
)
SELECT {", ".join(f"{out} AS c{k}" for k, out in enumerate(outputs))},
    line AS _line, keep AS _keep, {problem} AS _problem
FROM picked
"""


def _ksumma_sql(raw: str, lines: str, n: int, first: int, last: int) -> str:
    """The record texts of lines first..last run together, each field wrapped in NULs."""
    wrapped = ", ".join(f"chr(0) || r.f{i} || chr(0)" for i in range(n))
    return (
        f"SELECT string_agg(concat({wrapped}), '' ORDER BY n.line) "
        f"FROM {raw} r POSITIONAL JOIN {lines} n WHERE n.line BETWEEN {first} AND {last}"
    )


# ---------------------------------------------------------------------------------------------
# Reading a file.

_LATIN1_TO_CP437 = bytearray(range(256))
for _byte in range(128, 256):
    _char = bytes([_byte]).decode(ENCODING)
    if ord(_char) < 256:
        _LATIN1_TO_CP437[ord(_char)] = _byte
_LATIN1_TO_CP437 = bytes(_LATIN1_TO_CP437)


def _cp437(text: str) -> bytes:
    """text.encode('cp437'), fast when every letter is also in Latin-1 (å ä ö are)."""
    try:
        return text.encode("latin-1").translate(_LATIN1_TO_CP437)
    except UnicodeEncodeError:
        return text.encode(ENCODING)


def _first(con: duckdb.DuckDBPyConnection, sql: str) -> tuple | None:
    rows = con.execute(sql).fetchall()  # fetchall: duckdb keeps a half-read result open
    return rows[0] if rows else None


def _line_text(data: bytes, number: int) -> str:
    pos = 0
    for _ in range(number - 1):
        pos = data.index(b"\n", pos) + 1
    return data[pos : data.index(b"\n", pos)].decode(ENCODING)


_STRUCTURE = {
    "nested": "'{' inside a voucher whose block is still open (its '}' is missing)",
    "open": "'{' must follow its #VER line directly",
    "close": "'}' without an opening '{'",
    "ver_open": "#VER inside the previous voucher's { } block (its '}' is missing)",
    "outside": "{label} outside a voucher's { } block (after its #VER)",
    "unclosed": "this voucher's block is never closed ('}' missing)",
}


def _explain(path: Path, data: bytes, number: int, code: str) -> SourceFileError | None:
    """The rejection for a line the bulk checks flagged; None when the grammar finds it fine."""
    text = _line_text(data, number)
    label = ""
    try:
        kind, fields = parse_line(text)
        if kind == "record":
            label = str(fields[0])
            check_record(fields)
    except SieLineError as exc:
        return SourceFileError(path, str(exc), number)
    if code in _STRUCTURE:
        return SourceFileError(path, _STRUCTURE[code].replace("{label}", label), number)
    return None  # the fast path split the line differently: the caller reads it exactly


def _format_of(path: Path, data: bytes) -> str | None:
    """The #FORMAT value: it must be PC8 (code page 437), the only one SIE 4 has."""
    pos = data.find(b"#FORMAT")
    while pos >= 0:
        start = data.rfind(b"\n", 0, pos) + 1
        if not data[start:pos].strip(b' \t"'):
            number = data.count(b"\n", 0, start) + 1
            try:
                _, fields = parse_line(data[start : data.index(b"\n", pos)].decode(ENCODING))
            except SieLineError as exc:
                raise SourceFileError(path, str(exc), number) from None
            if fields and fields[0] == "#FORMAT":
                value = fields[1] if len(fields) > 1 else ""
                if value != "PC8":
                    raise SourceFileError(
                        path, f"#FORMAT {value!r}: SIE 4 files are PC8 (code page 437)", number
                    )
                return value
        pos = data.find(b"#FORMAT", pos + 1)
    return None


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, ending in one line end (as its lines end) after its last record."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceFileError(path, f"unreadable file: {exc.strerror or exc}") from None
    if b"\0" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\0")) + 1
        raise SourceFileError(path, "binary data (NUL bytes): not a SIE text file", line)
    head = raw[:4096].lstrip(b" \t\r\n")
    if not head:
        if not raw.strip(b" \t\r\n\x1a"):
            raise SourceFileError(path, "empty file")
        head = raw.lstrip(b" \t\r\n")
    if not head.startswith((b"#", b'"#')):
        number = raw.count(b"\n", 0, raw.index(head[:1])) + 1
        raise SourceFileError(path, "not a SIE file: it must start with a #LABEL record", number)
    first_end = raw.find(b"\n")
    end = b"\r\n" if first_end > 0 and raw[first_end - 1 : first_end] == b"\r" else b"\n"
    tail = raw[-3:]
    if raw.endswith(end) and not tail[: 3 - len(end)].endswith((b"\n", b" ", b"\t", b"\x1a")):
        return raw  # the usual case: no copy
    # Trailing blank lines and a DOS end-of-file mark (0x1A) mean nothing. DuckDB's reader wants
    # one kind of line end, so the last line ends as the first does.
    return raw.rstrip(b" \t\r\n\x1a") + end


@dataclass
class _Header:
    """The Python-read records of one file."""

    years: dict[str, tuple[int, dt.date, dt.date]] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)
    dimensions: dict[int, str] = field(default_factory=dict)
    objects: dict[tuple[int, str], str] = field(default_factory=dict)
    program: str | None = None
    company: str | None = None
    orgnr: str | None = None
    sie_type: str | None = None
    ksumma: list[tuple[int, str | None]] = field(default_factory=list)


def _date_field(path: Path, line: int, label: str, value: str | None) -> dt.date:
    if value is None or not _is_date(value):
        raise SourceFileError(path, f"{label} date {value or ''!r} is not a date YYYYMMDD", line)
    return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))


def _number_field(path: Path, line: int, label: str, value: str | None) -> int:
    if value is None or not _INTEGER.fullmatch(value):
        raise SourceFileError(path, f"{label}: {value or ''!r} is not a whole number", line)
    return int(value)


def _header(path: Path, rows: Sequence[tuple], braces_in_text: bool) -> _Header:
    header = _Header()
    for line, *cells in rows:
        values = [None if c is None else (_close_braces(c) if braces_in_text else c) for c in cells]
        label, first, second, third = (values + [None] * 4)[:4]
        if label == "#RAR":
            if first in header.years:
                raise SourceFileError(path, f"a second #RAR {first}", line)
            year_no = _number_field(path, line, label, first)
            start = _date_field(path, line, label, second)
            end = _date_field(path, line, label, third)
            if end < start:
                raise SourceFileError(path, f"#RAR {first} ends before it starts", line)
            header.years[str(year_no)] = (line, start, end)
        elif label == "#KONTO":
            if not first:
                raise SourceFileError(path, "#KONTO without an account number", line)
            header.accounts[first] = second or ""
        elif label == "#DIM":
            header.dimensions[_number_field(path, line, label, first)] = second or ""
        elif label == "#OBJEKT":
            number = _number_field(path, line, label, first)
            if not second:
                raise SourceFileError(path, "#OBJEKT without an object number", line)
            header.objects[(number, second)] = third or ""
        elif label == "#PROGRAM":
            header.program = " ".join(v for v in (first, second) if v) or None
        elif label == "#FNAMN":
            header.company = first
        elif label == "#ORGNR":
            header.orgnr = first
        elif label == "#SIETYP":
            header.sie_type = first
        elif label == "#KSUMMA":
            header.ksumma.append((line, first or None))
    return header


def _check_dimensions(dimensions: Mapping[int, str] | None) -> dict[int, str]:
    mapping = dict(DEFAULT_DIMENSIONS if dimensions is None else dimensions)
    for number, column in mapping.items():
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            raise ValueError(f"dimension number {number!r} is not a whole number >= 0")
        if column not in DIMENSION_COLUMNS:
            raise ValueError(
                f"dimension {number} maps to {column!r}, not one of {DIMENSION_COLUMNS}"
            )
    if len(set(mapping.values())) < len(mapping):
        raise ValueError("two dimensions map to the same ledger column")
    return mapping


class _Retry(Exception):
    """The fast path cannot be trusted for this file; `pad` says: retry it with blank lines
    padded, `fields` with more fields per line, neither: read it with the exact path."""

    def __init__(self, pad: bool = False, fields: int = 0) -> None:
        super().__init__()
        self.pad, self.fields = pad, fields


@dataclass
class _Stage:
    """One reading of a file into the stage table (see _stage)."""

    con: duckdb.DuckDBPyConnection
    path: Path
    data: bytes
    source: _Source
    table: str
    raw: str  # scratch table of the lines
    lines: str  # scratch relation of per-line numpy arrays

    def run(self, dimensions: Mapping[int, str], year: int, format_: str | None) -> Sie4File:
        con, source, n = self.con, self.source, self.source.fields
        try:
            con.execute(_raw_sql(self.raw, source))
        except duckdb.Error as exc:
            if source.exact:
                raise SourceFileError(
                    self.path, f"unreadable: {str(exc).splitlines()[0]}"
                ) from None
            wider = "Expected Number of Columns" in str(exc) and n < 2 * FAST_FIELDS
            raise _Retry(fields=4 * FAST_FIELDS if wider else 0) from None
        kinds = con.execute(f"SELECT k FROM {self.raw}").fetchnumpy()["k"]
        expected = self.data.count(b"\n")
        if len(kinds) != expected:
            if source.exact:
                raise AssertionError(f"{self.path}: read {len(kinds)} lines of {expected}")
            # Fewer: blank lines were skipped (padding them helps) or an unterminated quote
            # joined lines (only the exact path can say where).
            blank = b"\n\n" in self.data or b"\n\r\n" in self.data
            raise _Retry(pad=blank and len(kinds) < expected)

        structure = _structure(kinds)
        voucher = np.cumsum((kinds == VER) | (kinds == BAD_VER), dtype=np.int32)
        keep = np.isin(kinds, (TRANS, RTRANS, BTRANS)).astype(np.uint8)  # 1: a row, 2: checked only
        keep[kinds == BTRANS] = 2
        lines = {
            "line": np.arange(1, len(kinds) + 1, dtype=np.int32),
            "voucher": voucher,
            "keep": keep,
        }
        if (kinds == RTRANS).any():
            keep[_repeated_trans(con, self.raw, kinds, voucher, n)] = 2
        con.register(self.lines, lines)

        braces_in_text = source.braces_in_text
        flagged = list(structure)
        if braces_in_text is None:  # fast path: is every brace in the file an object list's?
            counted = _first(con, _braces_sql(self.raw, n))
            braces_in_text = tuple(int(x or 0) for x in counted or (0, 0)) != source.braces
            if braces_in_text:
                bad = _first(con, _brace_check_sql(self.raw, self.lines, n))
                if bad and bad[0] is not None:
                    flagged.append((int(bad[0]), "braces"))
        con.execute(_stage_sql(self.table, self.raw, self.lines, n, dimensions))
        bad = _first(con, f"SELECT min(_line) FROM {self.table} WHERE _problem")
        if bad and bad[0] is not None:
            flagged.append((int(bad[0]), "record"))
        for number, code in sorted(flagged)[:1]:
            error = _explain(self.path, self.data, number, code)
            if error is not None:
                raise error
            if source.exact:
                raise AssertionError(f"{self.path}: line {number} flagged {code!r} by SQL only")
            raise _Retry()

        header = _header(
            self.path,
            con.execute(
                f"SELECT n.line, r.f0, r.f1, r.f2, r.f3 FROM {self.raw} r "
                f"POSITIONAL JOIN {self.lines} n WHERE r.k = {HEADER} ORDER BY n.line"
            ).fetchall(),
            braces_in_text,
        )
        if "0" not in header.years:
            raise SourceFileError(self.path, "no #RAR 0: the file does not say its fiscal year")
        rar_line, start, end = header.years["0"]
        if start.year != year:
            raise SourceFileError(
                self.path,
                f"fiscal year #RAR 0 is {start:%Y%m%d}-{end:%Y%m%d}, the file name says {year}",
                rar_line,
            )
        verified = self._ksumma(header.ksumma, braces_in_text)

        table = self.table
        con.execute(f"DELETE FROM {table} WHERE _keep <> 1")
        con.execute(f"ALTER TABLE {table} DROP COLUMN _keep")
        con.execute(f"ALTER TABLE {table} DROP COLUMN _problem")
        if braces_in_text:  # undo the space the fast path put next to braces inside texts
            texts = (1, 3, 4, 5, 6, 7, 9)
            con.execute(
                f"UPDATE {table} SET "
                + ", ".join(
                    f"c{i} = replace(replace(c{i}, '{{ ', '{{'), ' }}', '}}')" for i in texts
                )
            )
        months = con.execute(f"SELECT c0, count(*) FROM {table} GROUP BY c0 ORDER BY c0").fetchall()
        return Sie4File(
            path=self.path,
            fiscal_year=year,
            start=start,
            end=end,
            rows=sum(count for _, count in months),
            vouchers=int(voucher[-1]) if len(voucher) else 0,
            format=format_,
            checksum_verified=verified,
            program=header.program,
            accounts=header.accounts,
            dimensions=header.dimensions,
            months=tuple(month for month, _ in months),
            objects=header.objects,
            company=header.company,
            orgnr=header.orgnr,
            sie_type=header.sie_type,
            exact_path=source.exact,
        )

    def _ksumma(self, marks: list[tuple[int, str | None]], braces_in_text: bool) -> bool:
        """Whether a #KSUMMA pair was checked; raises when it is incomplete or does not match."""
        if not marks:
            return False
        path = self.path
        (opening, value), *rest = marks
        if value is not None:
            raise SourceFileError(path, f"#KSUMMA {value} without the opening #KSUMMA", opening)
        if not rest:
            raise SourceFileError(path, "#KSUMMA opened but never closed (file cut off?)", opening)
        (closing, expected), *extra = rest
        if expected is None or extra:
            where = closing if expected is None else extra[0][0]
            raise SourceFileError(path, "#KSUMMA more than twice (one opening, one closing)", where)
        n = self.source.fields
        joined = _first(self.con, _ksumma_sql(self.raw, self.lines, n, opening + 1, closing - 1))
        text = (joined[0] if joined else None) or ""
        text = text.replace("\0{\0", "").replace("\0}\0", "")  # object lists' braces go
        if braces_in_text:
            text = _close_braces(text)
        crc = zlib.crc32(_cp437(text.replace("\0", "")))
        if not ksumma_matches(expected, crc):
            raise SourceFileError(
                path,
                f"#KSUMMA {expected} does not match the file's checksum {crc}: changed or damaged",
                closing,
            )
        return True


def _structure(kinds: np.ndarray) -> list[tuple[int, str]]:
    """The first line breaking each block rule ({ right after #VER, rows inside { }, ...)."""
    opens, closes = kinds == OPEN, kinds == CLOSE
    depth = np.cumsum(opens, dtype=np.int64) - np.cumsum(closes, dtype=np.int64)
    vers = (kinds == VER) | (kinds == BAD_VER)
    rows = np.isin(kinds, (TRANS, RTRANS, BTRANS))
    found: list[tuple[int, str]] = []

    def first(mask: np.ndarray, code: str) -> None:
        where = np.flatnonzero(mask)
        if where.size:
            found.append((int(where[0]) + 1, code))

    first(kinds == NOT_RECORD, "line")
    first(kinds == BAD_VER, "record")
    first(opens & (depth > 1), "nested")
    first(closes & (depth < 0), "close")
    first(vers & (depth != 0), "ver_open")
    first(rows & (depth != 1), "outside")
    single = np.flatnonzero(opens & (depth == 1))
    if single.size:  # the line before each '{' (blank lines aside) must be its #VER
        before = np.flatnonzero((kinds != BLANK) & ~opens)
        at = np.searchsorted(before, single) - 1
        previous = np.where(at >= 0, kinds[before[np.maximum(at, 0)]], BLANK)
        first(_mark(len(kinds), single[~np.isin(previous, (VER, BAD_VER))]), "open")
    if len(depth) and depth[-1] > 0:
        found.append((int(np.flatnonzero(opens)[-1]) + 1, "unclosed"))
    return found


def _mark(size: int, where: np.ndarray) -> np.ndarray:
    mask = np.zeros(size, dtype=bool)
    mask[where] = True
    return mask


def _repeated_trans(
    con: duckdb.DuckDBPyConnection, raw: str, kinds: np.ndarray, voucher: np.ndarray, n: int
) -> np.ndarray:
    """#TRANS lines that repeat the #RTRANS right before them in their voucher (not counted)."""
    rows = np.flatnonzero(np.isin(kinds, (TRANS, RTRANS, BTRANS)))
    before, after = rows[:-1], rows[1:]
    pairs = (
        (kinds[after] == TRANS) & (kinds[before] == RTRANS) & (voucher[after] == voucher[before])
    )
    if not pairs.any():
        return after[:0]
    name = f"_sie4_pairs_{os.getpid()}_{id(kinds)}"
    con.register(name, {"a": before[pairs].astype(np.int64), "b": after[pairs].astype(np.int64)})
    try:
        listed = ", ".join(f"f{i}" for i in range(1, n))
        same = con.execute(
            f"""WITH numbered AS (
                    SELECT rowid - (SELECT min(rowid) FROM {raw}) AS i, [{listed}] AS fields
                    FROM {raw} WHERE k IN ({TRANS}, {RTRANS}))
                SELECT p.b FROM {name} p JOIN numbered x ON x.i = p.a JOIN numbered y ON y.i = p.b
                WHERE x.fields IS NOT DISTINCT FROM y.fields"""
        ).fetchnumpy()["b"]
    finally:
        con.unregister(name)
    return same.astype(np.int64)


_TABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def read_sie4(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    year: int,
    dimensions: Mapping[int, str] | None = None,
    table: str = "ledger_incoming",
) -> Sie4File:
    """Read one SIE 4 file into the TEMP table `table`; raise SourceFileError if it is bad.

    The table gets c0..c9 (period, verifikation, bokforingsdatum, konto, ansvar, uppdrag,
    projekt, motpart, belopp with decimal comma, text; all VARCHAR, empty dimension NULL) and
    _line INTEGER, one row per counted #TRANS/#RTRANS in file order. `dimensions` maps SIE
    dimension numbers to ledger columns (default DEFAULT_DIMENSIONS); others are ignored.
    Voucher balance, account ranges and duplicates are left to the shared ledger checks.
    """
    return _read_sie4(con, Path(path), year, dimensions, table, exact=False)


def _read_sie4(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    year: int,
    dimensions: Mapping[int, str] | None,
    table: str,
    exact: bool,
) -> Sie4File:
    """read_sie4; `exact` skips the fast path (the tests compare the two)."""
    mapping = _check_dimensions(dimensions)
    if not _TABLE_NAME.fullmatch(table):
        raise ValueError(f"table name {table!r} is not a plain identifier")
    data = _read_bytes(path)
    format_ = _format_of(path, data)
    token = f"{os.getpid()}_{time.monotonic_ns()}"
    raw, lines = f"_sie4_raw_{token}", f"_sie4_lines_{token}"
    scratch: list[Path] = []
    # Row order is line order only while DuckDB keeps insertion order (its default).
    ordered = _first(con, "SELECT current_setting('preserve_insertion_order')")
    if ordered and not ordered[0]:
        con.execute("SET preserve_insertion_order = true")
    try:
        pad, fields = False, FAST_FIELDS
        while not exact:
            prepared = _fast_bytes(data, pad)
            if prepared is None:
                break
            source = _fast_source(*prepared, fields, scratch)
            del prepared
            try:
                return _Stage(con, path, data, source, table, raw, lines).run(
                    mapping, year, format_
                )
            except _Retry as retry:
                if not (retry.pad and not pad) and not retry.fields:
                    break
                pad, fields = pad or retry.pad, retry.fields or fields
            finally:
                _drop(con, raw, lines)
        source = _exact_source(path, data, scratch)
        try:
            return _Stage(con, path, data, source, table, raw, lines).run(mapping, year, format_)
        finally:
            _drop(con, raw, lines)
    except SourceFileError:
        with contextlib.suppress(duckdb.Error):  # in an aborted transaction the rollback drops it
            con.execute(f"DROP TABLE IF EXISTS {table}")
        raise
    finally:
        if ordered and not ordered[0]:
            with contextlib.suppress(duckdb.Error):
                con.execute("SET preserve_insertion_order = false")
        for temp in scratch:
            temp.unlink(missing_ok=True)


def _drop(con: duckdb.DuckDBPyConnection, raw: str, lines: str) -> None:
    with contextlib.suppress(duckdb.Error):
        con.execute(f"DROP TABLE IF EXISTS {raw}")
    with contextlib.suppress(Exception):  # not registered when the read stopped early
        con.unregister(lines)
