"""Reading SIE typ 4 voucher files (Swedish accounting exports) into the ledger stage table."""

# Design, in short (for the integrator; each step says why where it happens):
#
# * One grammar, defined once below (SPACE, QUOTED, BARE, `tokenize`, `check_record`). Python uses
#   it for #FORMAT, to name the problem of a line the bulk checks flag, for #KSUMMA of written
#   files, and for the exact path.
# * Fast path: DuckDB's CSV reader (quote-aware, parallel) splits every line into fields with
#   separator ' ', quote '"', escape '\'. The bytes are prepared for it with whole-buffer
#   operations only: indentation stripped, a space after every '{' and before every '}' (so the
#   braces of an object list are fields of their own), cp437 -> UTF-8. Where its split cannot
#   equal the grammar's (tabs between fields, backslashes other than \" and \\, a line it splits
#   or joins differently), the exact path runs: the Python tokenizer writes every line as
#   delimiter-separated fields and the same SQL reads those. The tests compare the two.
# * One parallel CREATE TABLE AS over the fields keeps every line (rowid order is line order)
#   with its kind and what is needed of it: a #TRANS's account, mapped dimensions, amount, date,
#   text and whether it breaks a rule; a #VER's fields packed in one string.
# * numpy then does what needs the order of lines, on the kind column alone: the depth of
#   braces, which #VER each row belongs to, the first line breaking a block rule.
# * A second CREATE TABLE AS writes the stage table: the rows POSITIONAL JOIN the per-line numpy
#   arrays (line, voucher number) and join their #VER's fields, with the join planned so that
#   the rows keep their order (see _planned_as_written); the result's order is checked. The
#   first statement has no join at all. No per-row Python objects anywhere.

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
import time
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np

from orchestration.ingest.errors import SourceFileError
from orchestration.sql import sql_text

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
    crc, texts = 0, []
    for fields in records:
        texts.append(fields_text(fields))
        if len(texts) == 4096:  # the CRC of a concatenation runs on: chunks, not one big text
            crc = zlib.crc32(_cp437("".join(texts)), crc)
            texts.clear()
    return zlib.crc32(_cp437("".join(texts)), crc)


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
    error: tuple[int, str] | None = None  # the exact path: the first line the tokenizer rejects

    def sql(self) -> str:
        columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(self.fields)) + "}"
        return f"read_csv({sql_text(str(self.file))}, {self.options}, columns={columns})"


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
    error: tuple[int, str] | None = None
    for number, line in enumerate(text[:-1].split("\n"), start=1):
        try:
            kind, fields = parse_line(line)
            if kind == "record":
                check_record(fields)
        except SieLineError as exc:
            # Kept until the block checks have run: an earlier line may break those.
            error = error or (number, str(exc))
            kind = "blank"
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
        f"delim={sql_text(delimiter)}, quote='', escape='', header=false, auto_detect=false, "
        f"null_padding=true, nullstr={sql_text(null)}, strict_mode=false, max_line_size=10000000"
    )
    return _Source(scratch[-1], options, True, max(widest, FAST_FIELDS), braces, error=error)


# ---------------------------------------------------------------------------------------------
# The SQL. Kinds of lines, as numbers the numpy bookkeeping reads:
BLANK, VER, TRANS, RTRANS, BTRANS, OPEN, CLOSE, HEADER, OTHER, NOT_RECORD, BAD_VER, GAP = range(12)


def _fields_sql(source: _Source, gaps: bool) -> str:
    """The lines of `source` as fields f0..f{n-1}, in line order.

    The fast path's reader gives an empty field for a second space in a row (or indentation it
    did not strip); with `gaps` such lines are compacted with list_filter. Two shapes are
    common and read as they are: a lone '}' (the space put before it) and `{}` ('{', NULL, '}').
    """
    n = source.fields
    c = [f"c{i}" for i in range(n)]
    close = "c0 IS NULL AND c1 = '}' AND c2 IS NULL"
    plain = [f"CASE WHEN {close} THEN '}}' ELSE c0 END", f"CASE WHEN {close} THEN NULL ELSE c1 END"]
    plain += c[2:]
    gap = " OR ".join(
        f"({c[k]} IS NULL AND {c[k + 1]} IS NOT NULL"
        + (f" AND NOT ({c[1]} = '}}' AND {c[2]} IS NULL)" if k == 0 else "")
        + (f" AND NOT ({c[2]} = '{{' AND {c[4]} = '}}')" if k == 3 else "")
        + ")"
        for k in range(n - 1)
    )
    if not gaps:  # flag such lines instead (kind GAP): the caller reads again with `gaps`
        fields = ", ".join(f"{x} AS f{k}" for k, x in enumerate(plain))
        return f"SELECT {fields}, {gap} AS gap FROM {source.sql()}"
    picks = ", ".join(
        f"CASE WHEN g IS NULL THEN {x} ELSE g[{k + 1}] END AS f{k}" for k, x in enumerate(plain)
    )
    return (
        f"SELECT {picks}, false AS gap FROM (SELECT *, CASE WHEN {gap} THEN "
        f"list_filter([{', '.join(c)}], lambda x: x IS NOT NULL) END AS g FROM {source.sql()})"
    )


def _valid_date(x: str) -> str:
    return (
        f"({x} GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' "
        f"AND try_strptime({x}, '%Y%m%d') IS NOT NULL)"
    )


def _empty_or_brace(x: str) -> str:
    return f"(coalesce({x}, '') = '' OR {x} = '{{' OR {x} = '}}')"


def _iso(x: str) -> str:
    return f"concat(substr({x}, 1, 4), '-', substr({x}, 5, 2), '-', substr({x}, 7, 2))"


def _raw_sql(
    raw: str,
    source: _Source,
    dimensions: Mapping[int, str],
    gaps: bool,
    ksumma: bool,
    rtrans: bool,
) -> str:
    """Every line once, in line order (rowid order), with what the later steps need of it.

    k: the kind of line. a0..a7: for a #TRANS/#RTRANS/#BTRANS its account, ledger dimensions,
    amount, date and text; for a #VER its date (8 characters), serie-vernr, NUL, text packed in
    a0; for a record Python reads its first five fields. bad: a #TRANS that breaks its rules
    or another record whose object lists do not pair up.
    braces: '{' and '}' fields of other records. ks: the #KSUMMA text (fields run together,
    object braces left out). fields: a #TRANS's fields, to find an #RTRANS repeated.
    The object list's '{' is f2 and e the field of its '}'. CASE branches, never `IN (...)`
    or list_contains: DuckDB plans those as a hash join, which would lose the line order.
    """
    n = source.fields
    f = [f"f{i}" for i in range(n)]
    ver_ok = (
        f"NOT {_empty_or_brace('f1')} AND NOT {_empty_or_brace('f2')} "
        f"AND coalesce({_valid_date('f3')}, false)"
    )
    headers = " ".join(f"WHEN f0 = {sql_text(label)} THEN {HEADER}" for label in HEADER_LABELS)
    kind = f"""CASE
        WHEN gap THEN {GAP}
        WHEN f0 IS NULL THEN {BLANK}
        WHEN f0 = '#VER' THEN CASE WHEN {ver_ok} THEN {VER} ELSE {BAD_VER} END
        WHEN f0 = '#TRANS' THEN {TRANS} WHEN f0 = '#RTRANS' THEN {RTRANS}
        WHEN f0 = '#BTRANS' THEN {BTRANS}
        WHEN f0 = '{{' AND f1 IS NULL THEN {OPEN}
        WHEN f0 = '}}' AND f1 IS NULL THEN {CLOSE}
        {headers}
        WHEN starts_with(f0, '#') THEN {OTHER}
        ELSE {NOT_RECORD} END"""
    e_cases = ["WHEN f3 = '}' THEN 3", "WHEN f3 IS NULL AND f4 = '}' THEN 4"]  # {} is {, NULL, }
    for k in range(4, n - 1):
        e_cases.append(f"WHEN {f[k]} = '}}' THEN {k if k % 2 else 'NULL'}")
    e_sql = f"""CASE WHEN k < {TRANS} OR k > {BTRANS} OR f2 IS DISTINCT FROM '{{' THEN NULL
        {" ".join(e_cases)} END"""

    def after(offset: int) -> str:  # the field `offset` places after the '}'
        whens = " ".join(f"WHEN {k} THEN {f[k + offset]}" for k in range(3, n - offset))
        return f"CASE e {whens} END"

    def dimension(number: int) -> str:  # the object of a dimension: the first pair that has it
        whens = " ".join(
            f"WHEN e > {k + 1} AND {f[k]} = '{number}' THEN {f[k + 1]}" for k in range(3, n - 2, 2)
        )
        return f"nullif(CASE {whens} END, '')"

    by_column = {column: number for number, column in dimensions.items()}
    row = f"k >= {TRANS} AND k <= {BTRANS}"
    a = [
        f"CASE WHEN {row} THEN f1 WHEN k = {VER} OR k = {BAD_VER} THEN "
        "concat(f3, f1, '-', f2, chr(0), f4) WHEN k = {HEADER} THEN f0 END".replace(
            "{HEADER}", str(HEADER)
        )
    ]
    for i, column in enumerate(DIMENSION_COLUMNS, start=1):
        value = dimension(by_column[column]) if column in by_column else "NULL"
        a.append(f"CASE WHEN k = {HEADER} THEN {f[i]} ELSE {value} END")
    a += ["amount", "transdat", "transtext"]
    listed = ", ".join(f)
    bad = f"""CASE WHEN {row} THEN {_empty_or_brace("f1")} OR e IS NULL
            OR NOT coalesce(regexp_full_match(amount, '{AMOUNT}'), false)
            OR (coalesce(transdat, '') <> '' AND NOT {_valid_date("transdat")})
            OR transtext = '{{' OR transtext = '}}'
        WHEN k = {HEADER} OR k = {OTHER} THEN NOT regexp_full_match(array_to_string(
            list_filter([{listed}], lambda x: x = '{{' OR x = '}}'), ''), '(\\{{\\}})*')
        ELSE false END"""
    extra = [
        f"CASE WHEN k = {HEADER} OR k = {OTHER} THEN "
        f"len(list_filter([{listed}], lambda x: x = '{{')) * 65536 "
        f"+ len(list_filter([{listed}], lambda x: x = '}}')) END AS braces"
    ]
    if ksumma:  # every brace left out: right unless a text holds one (see _ksumma_text_sql)
        extra.append(f"replace(replace(concat_ws('', {listed}), '{{', ''), '}}', '') AS ks")
    if rtrans:
        extra.append(f"CASE WHEN {row} THEN [{', '.join(f[1:])}] END AS fields")
    outputs = ", ".join(f"{x} AS a{i}" for i, x in enumerate(a))
    return f"""
CREATE OR REPLACE TEMP TABLE {raw} AS
SELECT k, {outputs}, {bad} AS bad, {", ".join(extra)}
FROM (
    SELECT *, {after(1)} AS amount, {after(2)} AS transdat, {after(3)} AS transtext
    FROM (
        SELECT *, {e_sql} AS e
        FROM (SELECT CAST({kind} AS UTINYINT) AS k, * FROM ({_fields_sql(source, gaps)}))))
"""


def _brace_check_sql(source: _Source, gaps: bool) -> str:
    """The first line whose braces break the grammar (for a file whose brace count is off).

    Braces inside quoted texts also make the count differ: those are fields with a space next
    to the brace (see _spread_braces), never '{' or '}' alone, so they pass this check. It
    reads the fields again (rarely needed; row_number() keeps this query on one thread).
    """
    listed = ", ".join(f"f{i}" for i in range(source.fields))
    return f"""
SELECT min(line) FROM (
    SELECT line, f0,
        array_to_string(list_filter([{listed}], lambda x: x = '{{' OR x = '}}'), '') AS braces,
        len(list_filter([{listed}], lambda x: x <> '{{' AND x <> '}}'
            AND (ends_with(x, '{{') OR starts_with(x, '}}')))) AS stuck
    FROM (SELECT row_number() OVER () AS line, * FROM ({_fields_sql(source, gaps)})))
WHERE starts_with(f0, '#') AND (stuck > 0 OR CASE
    WHEN f0 = '#TRANS' OR f0 = '#RTRANS' OR f0 = '#BTRANS' THEN braces <> '{{}}'
    WHEN f0 = '#VER' THEN braces <> ''
    ELSE NOT regexp_full_match(braces, '(\\{{\\}})*') END)
"""


def _stage_sql(table: str, raw: str, lines: str, sort: bool) -> str:
    """The stage table: the rows of #TRANS/#RTRANS/#BTRANS lines, with their #VER's fields.

    The #VER fields come by a join on the voucher number (numbered in numpy). A hash join keeps
    the order of the side it streams, when the #VER side is the one it builds (see
    _PLANNED_AS_WRITTEN); otherwise `sort` the rows by line again. (A scalar subquery would be
    a cross product, with the same problem; a list held in a variable is copied per chunk.)
    """
    vers = f"""SELECT row_number() OVER (ORDER BY rowid)::INTEGER AS voucher, left(a0, 6) AS period,
        substr(a0, 9, strpos(a0, chr(0)) - 9) AS verifikation, {_iso("left(a0, 8)")} AS day,
        nullif(substr(a0, strpos(a0, chr(0)) + 1), '') AS text
        FROM {raw} WHERE k = {VER} OR k = {BAD_VER}"""
    outputs = [
        "v.period",
        "v.verifikation",
        f"CASE WHEN coalesce(a6, '') = '' THEN v.day ELSE {_iso('a6')} END",
        "a0",
        "a1",
        "a2",
        "a3",
        "a4",
        "replace(a5, '.', ',')",
        "coalesce(nullif(a7, ''), v.text)",
    ]
    return f"""
CREATE OR REPLACE TEMP TABLE {table} AS
SELECT {", ".join(f"{out} AS c{k}" for k, out in enumerate(outputs))},
    r.line AS _line, r.keep AS _keep
FROM (
    SELECT r.a0, r.a1, r.a2, r.a3, r.a4, r.a5, r.a6, r.a7, n.line, n.keep, n.voucher
    FROM {raw} r POSITIONAL JOIN {lines} n
    WHERE n.keep > 0
) r
JOIN ({vers}) v USING (voucher)
{"ORDER BY r.line" if sort else ""}
"""


def _ksumma_sql(raw: str, lines: str, first: int, last: int) -> str:
    """The #KSUMMA texts of lines first..last run together, in chunks of lines (no big sort)."""
    return (
        f"SELECT string_agg(r.ks, '' ORDER BY n.line) FROM {raw} r POSITIONAL JOIN {lines} n "
        f"WHERE n.line BETWEEN {first} AND {last} GROUP BY n.line // 65536 ORDER BY n.line // 65536"
    )


def _ksumma_text_sql(source: _Source, gaps: bool, first: int, last: int) -> str:
    """_ksumma_sql for a file with braces inside texts: only '{' and '}' fields are left out.

    It reads the fields again (rare; row_number() keeps this query on one thread).
    """
    kept = ", ".join(
        f"CASE WHEN f{i} = '{{' OR f{i} = '}}' THEN NULL ELSE f{i} END"
        for i in range(source.fields)
    )
    return (
        f"SELECT string_agg(concat_ws('', {kept}), '' ORDER BY line) FROM (SELECT row_number() "
        f"OVER () AS line, * FROM ({_fields_sql(source, gaps)})) WHERE line BETWEEN {first} "
        f"AND {last} GROUP BY line // 65536 ORDER BY line // 65536"
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


# A field of a #VER (serie, vernr) as the grammar has it: quoted (group 1) or bare (group 2).
_VER_FIELD = rb'(?:"((?:[^"\\\n]|\\.)*)"|([^ \t\r\n"{}]+))'
# Not anchored at a line start: '^' with MULTILINE made last_voucher_month 0.61 s, now 0.29 s on
# 73 MB); a '#VER' inside a text would only add a candidate the date check or grammar rejects.
_VER_DATE = re.compile(
    rb"#VER[ \t]+" + _VER_FIELD + rb"[ \t]+" + _VER_FIELD + rb'[ \t]+"?([0-9]{8})'
)


def last_voucher_month(path: Path) -> str | None:
    """The latest month (YYYY-MM) of a #VER date in the file, without reading it into the
    warehouse: which month an SIE delivery reaches, for the sensor and the pre-flight check."""
    dates = {found[4] for found in _VER_DATE.findall(path.read_bytes())}
    for latest in sorted(dates, reverse=True):
        if _is_date(latest.decode()):  # a mistyped date is the load's to name, not a month
            return f"{latest[:4].decode()}-{latest[4:6].decode()}"
    return None


# A #VER's series and number as written, found anywhere (a text may hold '#VER', a quoted
# series may hold a space): a repeat found so is confirmed with the grammar (_VER_ID).
_VER_NUMBER = re.compile(rb'#VER[ \t]+("?[^ \t\r\n"{}]*"?)[ \t]+("?[^ \t\r\n"{}]*"?)')
_VER_ID = re.compile(rb"^[ \t]*#VER[ \t]+" + _VER_FIELD + rb"[ \t]+" + _VER_FIELD, re.MULTILINE)


def repeated_voucher(path: Path, data: bytes) -> SourceFileError | None:
    """A voucher number used twice in its series (a #VER block exported twice, which would
    balance on its own and count twice): the second one, named with both lines."""
    numbers = _VER_NUMBER.findall(data)
    if len(set(numbers)) == len(numbers):
        return None
    seen: dict[tuple[bytes, bytes], int] = {}
    for match in _VER_ID.finditer(data):
        key = (match[1] or match[2] or b"", match[3] or match[4] or b"")
        if key in seen:
            first = data.count(b"\n", 0, seen[key]) + 1
            voucher = f"{key[0].decode(ENCODING)}-{key[1].decode(ENCODING)}"
            return SourceFileError(
                path,
                f"voucher {voucher} is in the file twice (also on line {first}): a voucher "
                "number is used once in its series",
                data.count(b"\n", 0, match.start()) + 1,
            )
        seen[key] = match.start()
    return None


def _check_not_utf8(path: Path, raw: bytes) -> None:
    """Reject a file written in UTF-8: read as code page 437 its å would be '├Ñ', silently.
    Code page 437's å, ä, ö (0x86, 0x84, 0x94) alone are never valid UTF-8, so a Swedish PC8
    file fails to decode at its first letter, at once."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return
    first = next(i for i, byte in enumerate(raw) if byte >= 0x80)
    raise SourceFileError(
        path,
        "the file is UTF-8 (å, ä, ö as two bytes each), but SIE 4 files are code page 437 "
        "(#FORMAT PC8): export it again as PC8, or convert it (iconv -f utf-8 -t cp437)",
        raw.count(b"\n", 0, first) + 1,
    )


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, ending in one line end (as its lines end) after its last record."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceFileError(path, f"unreadable file: {exc.strerror or exc}") from None
    if b"\0" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\0")) + 1
        raise SourceFileError(path, "binary data (NUL bytes): not a SIE text file", line)
    if raw.startswith(b"\xef\xbb\xbf"):
        problem = "a UTF-8 byte order mark: SIE 4 files are code page 437 (#FORMAT PC8)"
        raise SourceFileError(path, problem, 1)
    if not raw.isascii():
        _check_not_utf8(path, raw)
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
    """The fast path cannot be trusted for this file as it was read. Retry it with blank lines
    padded (`pad`), more fields per line (`fields`) or empty fields compacted (`gaps`); with
    none of these, read it with the exact path."""

    def __init__(self, pad: bool = False, fields: int = 0, gaps: bool = False) -> None:
        super().__init__()
        self.pad, self.fields, self.gaps = pad, fields, gaps


@dataclass
class _Stage:
    """One reading of a file into the stage table, by the fast path or the exact one."""

    con: duckdb.DuckDBPyConnection
    path: Path
    data: bytes
    source: _Source
    table: str
    raw: str  # scratch table of the lines
    lines: str  # scratch relation of per-line numpy arrays
    gaps: bool  # the fast path's fields may have empty ones to compact (see _fields_sql)

    def run(self, dimensions: Mapping[int, str], year: int, format_: str | None) -> Sie4File:
        con, source, n = self.con, self.source, self.source.fields
        try:
            con.execute(
                _raw_sql(
                    self.raw,
                    source,
                    dimensions,
                    gaps=self.gaps,
                    ksumma=b"#KSUMMA" in self.data,
                    rtrans=b"#RTRANS" in self.data,
                )
            )
        except duckdb.Error as exc:
            if source.exact:
                raise SourceFileError(
                    self.path, f"unreadable: {str(exc).splitlines()[0]}"
                ) from None
            wider = "Expected Number of Columns" in str(exc) and n < 2 * FAST_FIELDS
            raise _Retry(fields=4 * FAST_FIELDS if wider else 0) from None
        fetched = con.execute(f"SELECT k, bad FROM {self.raw}").fetchnumpy()
        kinds, bad_lines = fetched["k"], fetched["bad"]
        if not self.gaps and (kinds == GAP).any():
            raise _Retry(gaps=True)
        expected = self.data.count(b"\n")
        if len(kinds) != expected:
            if source.exact:  # a bug: every line is written as one
                raise SourceFileError(self.path, f"read {len(kinds)} lines of {expected}")
            # Fewer: blank lines were skipped (padding them helps) or an unterminated quote
            # joined lines (only the exact path can say where).
            data = self.data
            blank = data.startswith((b"\n", b"\r\n")) or b"\n\n" in data or b"\n\r\n" in data
            raise _Retry(pad=blank and len(kinds) < expected)

        structure = _structure(kinds)
        bad = bad_lines.argmax() if len(bad_lines) else 0
        if len(bad_lines) and bad_lines[bad]:
            code = "record" if TRANS <= kinds[bad] <= BTRANS else "braces"
            structure.append((int(bad) + 1, int(bad) + 1, code))
        voucher = np.cumsum((kinds == VER) | (kinds == BAD_VER), dtype=np.int32)
        keep = np.isin(kinds, (TRANS, RTRANS, BTRANS)).astype(np.uint8)  # 1: a row, 2: checked only
        keep[kinds == BTRANS] = 2
        lines = {
            "line": np.arange(1, len(kinds) + 1, dtype=np.int32),
            "voucher": voucher,
            "keep": keep,
        }
        if (kinds == RTRANS).any():
            keep[_repeated_trans(con, self.raw, kinds, voucher)] = 2
        con.register(self.lines, lines)

        braces_in_text = source.braces_in_text
        flagged = list(structure)
        if braces_in_text is None:  # fast path: is every brace in the file an object list's?
            # Each #TRANS has one list ('}' missing is flagged with the row); braces inside texts
            # or in wrong places make the file's count higher.
            records = _first(
                con, f"SELECT sum(braces // 65536), sum(braces % 65536) FROM {self.raw}"
            ) or (0, 0)
            rows = int(np.isin(kinds, (TRANS, RTRANS, BTRANS)).sum())
            counted = (
                rows + int((kinds == OPEN).sum()) + int(records[0] or 0),
                rows + int((kinds == CLOSE).sum()) + int(records[1] or 0),
            )
            braces_in_text = counted != source.braces
            if braces_in_text:
                bad = _first(con, _brace_check_sql(source, self.gaps))
                if bad and bad[0] is not None:
                    flagged.append((int(bad[0]), int(bad[0]), "braces"))
        if source.error:
            flagged.append((source.error[0], source.error[0], "exact"))
        for _, number, code in sorted(flagged)[:1]:
            if code == "exact" and source.error:
                raise SourceFileError(self.path, source.error[1], number)
            error = _explain(self.path, self.data, number, code)
            if error is not None:
                raise error
            if source.exact:  # a bug: the grammar and the bulk checks disagree on this line
                raise SourceFileError(
                    self.path, f"the reader's checks disagree on this line ({code})", number
                )
            raise _Retry()

        with _planned_as_written(con) as planned:
            con.execute(_stage_sql(self.table, self.raw, self.lines, sort=not planned))
        header = _header(
            self.path,
            con.execute(
                f"SELECT n.line, r.a0, r.a1, r.a2, r.a3 FROM {self.raw} r "
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
        order = con.execute(f"SELECT _line FROM {table}").fetchnumpy()["_line"]
        if not (np.diff(order) > 0).all():  # only if a DuckDB plan stopped keeping the order
            con.execute(f"ALTER TABLE {table} RENAME TO {self.raw}_unsorted")
            con.execute(
                f"CREATE TEMP TABLE {table} AS SELECT * FROM {self.raw}_unsorted ORDER BY _line"
            )
            con.execute(f"DROP TABLE {self.raw}_unsorted")
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
        if braces_in_text:
            sql = _ksumma_text_sql(self.source, self.gaps, opening + 1, closing - 1)
        else:
            sql = _ksumma_sql(self.raw, self.lines, opening + 1, closing - 1)
        crc = 0
        for (text,) in self.con.execute(sql).fetchall():
            crc = zlib.crc32(_cp437(_close_braces(text) if braces_in_text else text or ""), crc)
        if not ksumma_matches(expected, crc):
            raise SourceFileError(
                path,
                f"#KSUMMA {expected} does not match the file's checksum {crc}: changed or damaged",
                closing,
            )
        return True


# DuckDB chooses which side of a join to build from its row estimates; for the positional scan
# of the lines it estimates none and builds that side, which loses the line order. With these
# two optimizers off for one statement, it builds the right-hand side as written (the #VER one).
_PLANNED_AS_WRITTEN = ("join_order", "build_side_probe_side")


@contextlib.contextmanager
def _planned_as_written(con: duckdb.DuckDBPyConnection) -> Iterator[bool]:
    """Joins planned as written while inside; yields False if DuckDB does not allow it."""
    before = _first(con, "SELECT current_setting('disabled_optimizers')")
    earlier = str(before[0]) if before and before[0] else ""
    wanted = ",".join(x for x in (earlier, *_PLANNED_AS_WRITTEN) if x)
    try:
        con.execute(f"SET disabled_optimizers = {sql_text(wanted)}")
    except duckdb.Error:
        yield False
        return
    try:
        yield True
    finally:
        con.execute(f"SET disabled_optimizers = {sql_text(earlier)}")


def _structure(kinds: np.ndarray) -> list[tuple[int, int, str]]:
    """The first line breaking each block rule ({ right after #VER, rows inside { }, ...), as
    (line where it shows, line to name, problem): an unclosed block shows at the file's end."""
    opens, closes = kinds == OPEN, kinds == CLOSE
    depth = np.cumsum(opens.view(np.int8), dtype=np.int32)
    depth -= np.cumsum(closes.view(np.int8), dtype=np.int32)
    vers = (kinds == VER) | (kinds == BAD_VER)
    rows = (kinds >= TRANS) & (kinds <= BTRANS)
    found: list[tuple[int, int, str]] = []

    def first(mask: np.ndarray, code: str) -> None:
        at = int(mask.argmax())
        if mask[at]:
            found.append((at + 1, at + 1, code))

    first(kinds == NOT_RECORD, "line")
    first(kinds == BAD_VER, "record")
    first(opens & (depth > 1), "nested")
    first(closes & (depth < 0), "close")
    first(vers & (depth != 0), "ver_open")
    first(rows & (depth != 1), "outside")
    single = np.flatnonzero(opens)
    if single.size:  # the line before each '{' (blank lines aside) must be its #VER
        before = np.flatnonzero((kinds != BLANK) & ~opens)
        at = np.searchsorted(before, single) - 1
        previous = np.where(at >= 0, kinds[before[np.maximum(at, 0)]], BLANK)
        first(_mark(len(kinds), single[(previous != VER) & (previous != BAD_VER)]), "open")
    if len(depth) and depth[-1] > 0:
        found.append((len(kinds) + 1, int(single[-1]) + 1, "unclosed"))
    return found


def _mark(size: int, where: np.ndarray) -> np.ndarray:
    mask = np.zeros(size, dtype=bool)
    mask[where] = True
    return mask


def _repeated_trans(
    con: duckdb.DuckDBPyConnection, raw: str, kinds: np.ndarray, voucher: np.ndarray
) -> np.ndarray:
    """#TRANS lines that repeat the #RTRANS right before them in their voucher (not counted)."""
    rows = np.flatnonzero(np.isin(kinds, (TRANS, RTRANS, BTRANS)))
    before, after = rows[:-1], rows[1:]
    pairs = (
        (kinds[after] == TRANS) & (kinds[before] == RTRANS) & (voucher[after] == voucher[before])
    )
    if not pairs.any():
        return after[:0]
    name = f"_sie4_pairs_{os.getpid()}_{time.monotonic_ns()}"
    con.register(name, {"a": before[pairs].astype(np.int64), "b": after[pairs].astype(np.int64)})
    try:
        same = con.execute(
            f"""WITH numbered AS (
                    SELECT rowid - (SELECT min(rowid) FROM {raw}) AS i, fields
                    FROM {raw} WHERE k = {TRANS} OR k = {RTRANS})
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
    repeated = repeated_voucher(path, data)
    if repeated is not None:
        raise repeated
    token = f"{os.getpid()}_{time.monotonic_ns()}"
    raw, lines = f"_sie4_raw_{token}", f"_sie4_lines_{token}"
    scratch: list[Path] = []
    # Row order is line order only while DuckDB keeps insertion order (its default).
    ordered = _first(con, "SELECT current_setting('preserve_insertion_order')")
    if ordered and not ordered[0]:
        con.execute("SET preserve_insertion_order = true")
    try:
        pad, fields, gaps = False, FAST_FIELDS, False
        while not exact:
            prepared = _fast_bytes(data, pad)
            if prepared is None:
                break
            text, braces = prepared
            del prepared
            source = _fast_source(text, braces, fields, scratch)
            del text
            try:
                stage = _Stage(con, path, data, source, table, raw, lines, gaps)
                return stage.run(mapping, year, format_)
            except _Retry as retry:
                if not (retry.pad and not pad) and not retry.fields and not retry.gaps:
                    break
                pad, fields, gaps = pad or retry.pad, retry.fields or fields, gaps or retry.gaps
            finally:
                _drop(con, raw, lines)
        source = _exact_source(path, data, scratch)
        try:
            stage = _Stage(con, path, data, source, table, raw, lines, gaps=True)
            return stage.run(mapping, year, format_)
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
