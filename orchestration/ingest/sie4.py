"""Reading SIE typ 4 voucher files (Swedish accounting exports) into the ledger stage table."""

# Design, in short:
#
# * One grammar, defined once below (SPACE, QUOTED, BARE, `tokenize`, `check_record`) and used
#   by Python for #FORMAT, the header records (#RAR, #KONTO, #DIM, #OBJEKT...), to name the
#   problem of a line the pass stops at, and for the #KSUMMA of written files.
# * The rows: one pass over the bytes, compiled with numba (sie4_scan.scan), implements the same
#   grammar and block rules byte by byte and writes each counted row with its #VER's fields as
#   delimited UTF-8 into a scratch file that DuckDB's CSV reader loads into the stage table, in
#   line order. Large files are read in parts, side by side (see _splits). No Python object per
#   row; the tests compare the pass with the Python grammar line for line.

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import os
import re
import tempfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

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


def _check_not_utf8(path: Path, raw: bytes) -> None:
    """Reject a file written in UTF-8: read as code page 437 its å would be '├Ñ', silently.
    Code page 437's å, ä, ö (0x86, 0x84, 0x94) alone are never valid UTF-8, so a Swedish PC8
    file fails to decode at its first letter, at once."""
    decoder = codecs.getincrementaldecoder("utf-8")()  # stops at the first non-UTF-8 byte
    try:
        for at in range(0, len(raw), 1 << 16):
            decoder.decode(raw[at : at + (1 << 16)])
        decoder.decode(b"", final=True)
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


def _header(path: Path, records: Sequence[tuple[int, list[Field]]]) -> _Header:
    header = _Header()
    for line, fields in records:
        # An object list where a header wants a value counts as a missing value.
        values = [f if isinstance(f, str) else None for f in fields]
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


# ---------------------------------------------------------------------------------------------
# The pass (sie4_scan) and loading its rows.

_CONTROLS = bytes((0x1F, 0x1E, 0x1D, 0x1C, 0x1B, 0x1A, 0x19, 0x18, 0x17, 0x16))
# Labels the pass tells apart, in the order sie4_scan.scan expects them.
_SCAN_LABELS = ("#VER", "#TRANS", "#RTRANS", "#BTRANS", "#KSUMMA") + tuple(
    label for label in HEADER_LABELS if label != "#KSUMMA"
)


def _compiled() -> ModuleType:
    """The compiled pass (sie4_scan), imported when a file is read: numba takes about 0.3 s to
    import, which the sensor and the pre-flight check (users of this module too) need not pay."""
    from orchestration.ingest import sie4_scan

    return sie4_scan


def _word_table(words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    width = max([len(w) for w in words] + [1])
    table = np.zeros((len(words), width), dtype=np.uint8)
    for row, word in enumerate(words):
        table[row, : len(word)] = np.frombuffer(word.encode("ascii"), dtype=np.uint8)
    return table, np.array([len(w) for w in words], dtype=np.int64)


def _utf8_table() -> np.ndarray:
    table = np.zeros((256, 4), dtype=np.uint8)
    for byte in range(256):
        encoded = bytes([byte]).decode(ENCODING).encode("utf-8")
        table[byte, 0] = len(encoded)
        table[byte, 1 : 1 + len(encoded)] = list(encoded)
    return table


_LABELS, _LABEL_LENGTHS = _word_table(_SCAN_LABELS)
_UTF8 = _utf8_table()


@dataclass(frozen=True)
class _Part:
    """The pass over one part of the file (a whole number of vouchers)."""

    start: int  # byte offset in the file
    ksumma0: int  # #KSUMMA lines before it (assumed; checked against the previous part)
    status: np.ndarray
    rows_file: Path  # the rows, as the pass writes them (mapped to `out`)
    out: np.ndarray
    ks: np.ndarray
    headers: np.ndarray
    ver_lines: np.ndarray
    ver_hashes: np.ndarray

    def value(self, slot: int) -> int:
        return int(self.status[slot])


@dataclass(frozen=True)
class _Scanned:
    """What the pass found in a good file."""

    parts: list[_Part]
    delimiter: str
    rows: int
    vouchers: int
    longest: int  # bytes of the longest row
    ksumma_crc: int | None  # CRC-32 of the #KSUMMA text, None when the file has none
    headers: list[tuple[int, list[Field]]]
    ver_lines: np.ndarray
    ver_hashes: np.ndarray

    def rows_files(self) -> list[Path]:
        return [part.rows_file for part in self.parts]


# A file this large is read in parts, one per core (up to four), each starting at a #VER at
# the start of a line; the pass runs without Python's lock, so the parts run side by side.
_PART_BYTES = 4 << 20
_PARTS = min(os.cpu_count() or 1, 4)


def _splits(data: bytes) -> list[int]:
    """Byte offsets where parts start: at a '#VER' line near each equal share of the file."""
    parts = min(_PARTS, max(len(data) // _PART_BYTES, 1))
    starts = [0]
    for i in range(1, parts):
        at = data.find(b"\n#VER ", max(len(data) * i // parts, starts[-1]))
        if at < 0:
            break
        starts.append(at + 1)
    return starts


def _scan_part(
    view: np.ndarray, start: int, end: int, line0: int, lines: int, ksumma0: int,
    delimiter: int, dims: np.ndarray, dim_lengths: np.ndarray, collect: bool,
    scratch: list[Path],
) -> _Part:  # fmt: skip
    """The pass over view[start:end]; `lines` (its line count) bounds its header and #VER lines."""
    kernel = _compiled()
    piece = view[start:end]
    size = 2 * len(piece) + (1 << 20)  # rows repeat their #VER's text: grown if it is not enough
    while True:
        rows_file = _scratch_file(scratch, size)
        part = _Part(
            start, ksumma0, np.zeros(kernel.SLOTS, dtype=np.int64), rows_file,
            _mapped(rows_file, size), np.empty(len(piece) if collect else 0, dtype=np.uint8),
            np.empty((lines + 1, 3), dtype=np.int64), np.empty(lines + 1, dtype=np.int64),
            np.empty(lines + 1, dtype=np.uint64),
        )  # fmt: skip
        kernel.scan(
            piece, _LABELS, _LABEL_LENGTHS, dims, dim_lengths, _UTF8, delimiter, part.out,
            part.ks, part.headers, part.ver_lines, part.ver_hashes, line0, ksumma0, part.status,
        )  # fmt: skip
        if part.value(kernel.S_CODE) != kernel.FULL:
            part.out.flush()
            os.truncate(rows_file, part.value(kernel.S_OUT))  # the rows, nothing after them
            return part
        rows_file.unlink()
        size *= 2


_SCRATCH_PREFIX = "tertial_sie4_"


def _scratch_file(scratch: list[Path], size: int) -> Path:
    """An empty scratch file for `size` bytes, listed for removal: in memory (/dev/shm) when it
    has room, else in the temporary folder. The pass writes into it through a mapping, which
    would die of SIGBUS on a full file system: so the room is checked first."""
    folders = _scratch_folders()
    for folder in folders:
        stat = os.statvfs(folder)
        if stat.f_bavail * stat.f_frsize > size + (64 << 20):
            break
    else:
        raise OSError(
            f"no room for the reader's scratch copy ({size / 1e6:.0f} MB) in "
            + " or ".join(str(f) for f in folders)
        )
    fd, name = tempfile.mkstemp(
        suffix=".txt", prefix=f"{_SCRATCH_PREFIX}{os.getpid()}_", dir=folder
    )
    os.close(fd)
    scratch.append(Path(name))
    return scratch[-1]


def _scratch_folders() -> list[Path]:
    shm = Path("/dev/shm")
    folders = [shm] if shm.is_dir() and os.access(shm, os.W_OK) else []
    return [*folders, Path(tempfile.gettempdir())]


def _remove_orphans(folder: Path) -> None:
    """Scratch files of reader processes that were killed (their process is gone)."""
    for orphan in folder.glob(f"{_SCRATCH_PREFIX}*_*.txt"):
        pid = orphan.name[len(_SCRATCH_PREFIX) :].split("_", 1)[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists() and Path("/proc/self").exists():
            with contextlib.suppress(OSError):
                orphan.unlink()


def _mapped(file: Path, size: int) -> np.memmap:
    """`file` grown to `size` bytes and mapped: the pass writes the rows straight into it."""
    try:
        os.truncate(file, size)
        return np.memmap(file, dtype=np.uint8, mode="r+", shape=(size,))
    except OSError as exc:
        raise OSError(f"cannot write the scratch file {file}: {exc.strerror or exc}") from exc


def _scan(path: Path, data: bytes, dimensions: Mapping[int, str], scratch: list[Path]) -> _Scanned:
    """Run the pass; raise SourceFileError naming the first line it stops at."""
    kernel = _compiled()
    delimiter = next((c for c in _CONTROLS if bytes([c]) not in data), None)
    if delimiter is None:
        raise SourceFileError(path, "control characters throughout: not a SIE text file")
    by_column = {column: str(number) for number, column in dimensions.items()}
    dims, dim_lengths = _word_table([by_column.get(c, "") for c in DIMENSION_COLUMNS])
    view = np.frombuffer(data, dtype=np.uint8)
    collect = b"#KSUMMA" in data
    starts = _splits(data)
    ends = [*starts[1:], len(data)]
    line0 = [data.count(b"\n", 0, start) for start in starts]
    lines = [data.count(b"\n", start, end) for start, end in zip(starts, ends, strict=True)]
    # The #KSUMMA lines before each part, as the pass will count them (checked below): the
    # opening one is near the top; a file where that is not so is read again in one part.
    head = int(collect and len(starts) > 1 and 0 <= data.find(b"#KSUMMA") < starts[1])
    ksumma0 = [0] + [head] * (len(starts) - 1)

    for folder in _scratch_folders():
        _remove_orphans(folder)

    def run(span: tuple[int, int, int, int, int]) -> _Part:  # start, end, line0, lines, ksumma0
        start, end, before, count, ksumma = span
        return _scan_part(
            view, start, end, before, count, ksumma, delimiter, dims, dim_lengths, collect,
            scratch,
        )  # fmt: skip

    spans = list(zip(starts, ends, line0, lines, ksumma0, strict=True))
    if len(spans) > 1:
        with ThreadPoolExecutor(max_workers=len(spans)) as pool:
            parts = list(pool.map(run, spans))
    else:
        parts = [run(spans[0])]
    for i, part in enumerate(parts[:-1]):
        # A part that ends inside a block or with another count of #KSUMMA lines than the next
        # one assumed: the split was wrong for this file; read it in one part.
        code = part.value(kernel.S_CODE)
        if code == kernel.UNCLOSED or (
            code == kernel.OK and part.value(kernel.S_KSUMMA) != parts[i + 1].ksumma0
        ):
            parts = [run((0, len(data), 0, sum(lines), 0))]
            break
    for part in parts:
        _raise_stop(path, data, part)
    records = []
    for part in parts:
        for line, start, end in part.headers[: part.value(kernel.S_HEADERS)].tolist():
            text = data[part.start + start : part.start + end].decode(ENCODING)
            records.append((line, parse_line(text)[1]))
    crc = None
    if collect:
        crc = 0
        for part in parts:
            crc = zlib.crc32(memoryview(part.ks[: part.value(kernel.S_KS)]), crc)
    counts = [part.value(kernel.S_VERS) for part in parts]
    return _Scanned(
        parts=parts,
        delimiter=chr(delimiter),
        rows=sum(part.value(kernel.S_ROWS) for part in parts),
        vouchers=sum(counts),
        longest=max(part.value(kernel.S_LONGEST) for part in parts),
        ksumma_crc=crc,
        headers=records,
        ver_lines=np.concatenate([p.ver_lines[:c] for p, c in zip(parts, counts, strict=True)]),
        ver_hashes=np.concatenate([p.ver_hashes[:c] for p, c in zip(parts, counts, strict=True)]),
    )


def _raise_stop(path: Path, data: bytes, part: _Part) -> None:
    """The rejection of the line where the pass stopped, if it did."""
    kernel = _compiled()
    code, number = part.value(kernel.S_CODE), part.value(kernel.S_LINE)
    if code == kernel.OK:
        return
    if code == kernel.CR:
        raise SourceFileError(
            path, "a carriage return (CR) inside the line: lines end in CR LF or LF", number
        )
    if code == kernel.WIDE:
        raise SourceFileError(path, f"more than {kernel.MAX_TOKENS} fields on one line", number)
    error = _explain(path, data, number, kernel.PROBLEMS.get(code, "record"))
    raise error or SourceFileError(path, "the reader's checks disagree on this line", number)


def _ver_key(data: bytes, line: int) -> tuple[str, str]:
    fields = parse_line(_line_text(data, line))[1]
    return str(fields[1]), str(fields[2])


def _repeated_voucher(path: Path, data: bytes, scanned: _Scanned) -> None:
    """A voucher number used twice in its series (a #VER block exported twice, which would
    balance on its own and count twice): the second one, named with both lines."""
    hashes = scanned.ver_hashes
    ordered = np.sort(hashes)
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    if not len(repeated):
        return
    candidates = sorted(int(x) for x in scanned.ver_lines[np.isin(hashes, repeated)])
    for line in candidates:  # confirmed by the grammar: two keys may share a hash
        key = _ver_key(data, line)
        same = [int(x) for x in scanned.ver_lines[hashes == hashes[scanned.ver_lines == line]]]
        earlier = [x for x in same if x < line and _ver_key(data, x) == key]
        if earlier:
            raise SourceFileError(
                path,
                f"voucher {key[0]}-{key[1]} is in the file twice (also on line {earlier[0]}): a "
                "voucher number is used once in its series",
                line,
            )


def _load_rows(con: duckdb.DuckDBPyConnection, table: str, scanned: _Scanned) -> None:
    columns = ", ".join(
        [f"'c{i}': 'VARCHAR'" for i in range(len(STAGE_COLUMNS))] + ["'_line': 'INTEGER'"]
    )
    files = ", ".join(sql_text(str(file)) for file in scanned.rows_files())
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM read_csv([{files}], "
        f"delim={sql_text(scanned.delimiter)}, quote='', escape='', header=false, "
        # A larger buffer than needed slows the reader down: only as large as the rows.
        f"auto_detect=false, max_line_size={max(scanned.longest + 1, 1 << 21)}, "
        f"columns={{{columns}}})"
    )


def _ksumma(path: Path, marks: list[tuple[int, str | None]], crc: int | None) -> bool:
    """Whether a #KSUMMA pair was checked; raises when it is incomplete or does not match."""
    if not marks:
        return False
    (opening, value), *rest = marks
    if value is not None:
        raise SourceFileError(path, f"#KSUMMA {value} without the opening #KSUMMA", opening)
    if not rest:
        raise SourceFileError(path, "#KSUMMA opened but never closed (file cut off?)", opening)
    (closing, expected), *extra = rest
    if expected is None or extra:
        where = closing if expected is None else extra[0][0]
        raise SourceFileError(path, "#KSUMMA more than twice (one opening, one closing)", where)
    crc = crc or 0
    if not ksumma_matches(expected, crc):
        raise SourceFileError(
            path,
            f"#KSUMMA {expected} does not match the file's checksum {crc}: changed or damaged",
            closing,
        )
    return True


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
    path = Path(path)
    mapping = _check_dimensions(dimensions)
    if not _TABLE_NAME.fullmatch(table):
        raise ValueError(f"table name {table!r} is not a plain identifier")
    scratch: list[Path] = []
    try:
        data = _read_bytes(path)
        format_ = _format_of(path, data)
        return _read(con, path, year, table, data, format_, _scan(path, data, mapping, scratch))
    except SourceFileError:
        # A table left from an earlier file must not pass for this one's rows.
        with contextlib.suppress(duckdb.Error):  # in an aborted transaction the rollback drops it
            con.execute(f"DROP TABLE IF EXISTS {table}")
        raise
    finally:
        for file in scratch:
            file.unlink(missing_ok=True)


def _read(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    year: int,
    table: str,
    data: bytes,
    format_: str | None,
    scanned: _Scanned,
) -> Sie4File:
    _repeated_voucher(path, data, scanned)
    header = _header(path, scanned.headers)
    if "0" not in header.years:
        raise SourceFileError(path, "no #RAR 0: the file does not say its fiscal year")
    rar_line, start, end = header.years["0"]
    if start.year != year:
        raise SourceFileError(
            path,
            f"fiscal year #RAR 0 is {start:%Y%m%d}-{end:%Y%m%d}, the file name says {year}",
            rar_line,
        )
    verified = _ksumma(path, header.ksumma, scanned.ksumma_crc)
    # Row order is line order only while DuckDB keeps insertion order (its default).
    ordered = con.execute("SELECT current_setting('preserve_insertion_order')").fetchall()[0][0]
    if not ordered:
        con.execute("SET preserve_insertion_order = true")
    try:
        _load_rows(con, table, scanned)
    finally:
        if not ordered:
            with contextlib.suppress(duckdb.Error):
                con.execute("SET preserve_insertion_order = false")
    months = con.execute(f"SELECT c0, count(*) FROM {table} GROUP BY c0 ORDER BY c0").fetchall()
    return Sie4File(
        path=path,
        fiscal_year=year,
        start=start,
        end=end,
        rows=scanned.rows,
        vouchers=scanned.vouchers,
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
    )
