"""Writing ledger rows as a realistic SIE typ 4 export (tests, the demo and the benchmark)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from itertools import groupby
from pathlib import Path

from orchestration.ingest.readers import decode
from orchestration.ingest.sie4 import BARE, ENCODING, Field, ksumma_of_records

# A ledger row as the CSV sample has it: (period YYYYMM, voucher id, booking date, account,
# ansvar, uppdrag, projekt, motpart, amount, text). A voucher's rows come one after the other.
LedgerRow = tuple[
    int, str, dt.date, str, str | None, str | None, str | None, str | None, Decimal, str | None
]
LEDGER_COLUMNS = (
    "period",
    "verifikation",
    "bokföringsdatum",
    "konto",
    "ansvar",
    "uppdrag",
    "projekt",
    "motpart",
    "belopp",
    "text",
)
COLUMN_INDEX = {"ansvar": 4, "uppdrag": 5, "projekt": 6, "motpart": 7}
# The inverse of the reader's default mapping; motpart has no dimension unless given one.
DEFAULT_DIMENSION_OF: Mapping[str, int] = {"ansvar": 1, "projekt": 6, "uppdrag": 20}
DIMENSION_NAMES = {1: "Ansvar", 2: "Kostnadsbärare", 6: "Projekt", 20: "Uppdrag", 30: "Motpart"}
_PLAIN = re.compile(BARE)


def render(value: Field) -> str:
    """A field as SIE writes it: a plain word bare, anything else quoted; lists in braces."""
    if isinstance(value, tuple):  # dimension numbers bare, objects quoted: {1 "RK10" 20 "X"}
        pairs = zip(value[::2], value[1::2], strict=False)
        return "{" + " ".join(f"{render(d)} {_quoted(o)}" for d, o in pairs) + "}"
    if _PLAIN.fullmatch(value) and '"' not in value and "\\" not in value:
        return value
    return _quoted(value)


def _transaction(fields: Sequence[Field]) -> str:
    """render() of a #TRANS record, quicker: its account, amount and date are plain words."""
    label, account, objects, amount, day, *rest = fields
    assert isinstance(account, str) and isinstance(objects, tuple)
    line = f"{label} {render(account)} {render(objects)} {amount} {day}"
    return line + "".join(" " + render(f) for f in rest)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _amount(value: Decimal) -> str:
    """The CSV sample's digits (format_decimal: no trailing zeros) with a decimal point."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if len(text.partition(".")[2]) > 2:
        raise ValueError(f"amount {value} has more than two decimals")
    return text


def _vouchers(
    rows: Iterable[LedgerRow], dimension_of: Mapping[str, int]
) -> Iterator[tuple[list[Field], list[list[Field]]]]:
    """(the #VER record, its #TRANS records) per voucher."""
    columns = sorted(dimension_of.items(), key=lambda item: item[1])
    for voucher, group in groupby(rows, key=lambda row: row[1]):
        lines = list(group)
        if "-" not in voucher:
            raise ValueError(f"voucher {voucher!r} is not series-number (e.g. A-123)")
        series, number = voucher.rsplit("-", 1)
        period, day = lines[0][0], lines[0][2]
        for row in lines:
            if row[0] != period or day.year * 100 + day.month != period:
                raise ValueError(f"voucher {voucher}: its rows are not all in period {period}")
        texts = [row[9] or "" for row in lines]
        # The voucher's text is its rows' text when every row has one; a row says its own
        # text only when it differs (as exporting programs do).
        heading = texts[0] if all(texts) else ""
        ver: list[Field] = ["#VER", series, number, f"{day:%Y%m%d}", heading]
        transactions: list[list[Field]] = []
        for row, text in zip(lines, texts, strict=True):
            if row[7] and "motpart" not in dimension_of:
                raise ValueError(f"voucher {voucher}: motpart {row[7]} needs a dimension")
            objects: list[str] = []
            for column, dimension in columns:
                value = row[COLUMN_INDEX[column]]
                if value:
                    objects += [str(dimension), value]
            fields: list[Field] = ["#TRANS", row[3], tuple(objects), _amount(row[8])]
            fields.append(f"{row[2]:%Y%m%d}")
            if text != heading:
                fields.append(text)
            transactions.append(fields)
        yield ver, transactions


def write_sie4(
    path: Path,
    year: int,
    rows: Iterable[LedgerRow],
    accounts: Mapping[str, str] | None = None,
    objects: Mapping[tuple[int, str], str] | None = None,
    dimension_of: Mapping[str, int] | None = None,
    *,
    dimension_names: Mapping[int, str] | None = None,
    program: tuple[str, str] = ("Tertial", "1.0"),
    orgnr: str = "232100-0140",
    company: str = "Region Halland",
    generated: dt.date | None = None,
    checksum: bool = True,
    signed_checksum: bool = False,
    line_end: str = "\r\n",
    indent: str = "   ",
) -> Path:
    """Write `rows` (the CSV sample's shape, grouped by voucher) as SIE 4 in code page 437.

    Accounts and objects the rows use get #KONTO/#OBJEKT lines, named from `accounts` and
    `objects` ({(dimension, object): name}) or after themselves. `dimension_of` maps ledger
    columns to SIE dimensions (default DEFAULT_DIMENSION_OF). With `checksum` the records from
    #PROGRAM on are covered by a #KSUMMA pair, printed unsigned or, `signed_checksum`, as a
    signed 32-bit number as some programs do.
    """
    dimension_of = dict(DEFAULT_DIMENSION_OF if dimension_of is None else dimension_of)
    names = {**DIMENSION_NAMES, **(dimension_names or {})}
    vouchers = list(_vouchers(rows, dimension_of))
    used_accounts = sorted({str(t[1]) for _, ts in vouchers for t in ts})
    used_objects = sorted(
        {
            (int(t[2][i]), str(t[2][i + 1]))
            for _, ts in vouchers
            for t in ts
            for i in range(0, len(t[2]), 2)
        }
    )
    head: list[list[Field]] = [
        ["#PROGRAM", program[0], program[1]],
        ["#FORMAT", "PC8"],
        ["#GEN", f"{generated or dt.date(year + 1, 1, 15):%Y%m%d}"],
        ["#SIETYP", "4"],
        ["#ORGNR", orgnr],
        ["#FNAMN", company],
        ["#RAR", "0", f"{year}0101", f"{year}1231"],
        ["#RAR", "-1", f"{year - 1}0101", f"{year - 1}1231"],
        *(["#KONTO", a, (accounts or {}).get(a, f"Konto {a}")] for a in used_accounts),
        *(["#DIM", str(d), names.get(d, f"Dimension {d}")] for d in sorted(dimension_of.values())),
        *(["#OBJEKT", str(d), o, (objects or {}).get((d, o), o)] for d, o in used_objects),
    ]
    records: list[list[Field]] = list(head)
    # Names and object numbers quoted, as exporting programs write them.
    quoted = {"#PROGRAM": (1,), "#FNAMN": (1,), "#KONTO": (2,), "#DIM": (2,), "#OBJEKT": (2, 3)}
    lines = [
        " ".join(
            _quoted(str(f)) if i in quoted.get(str(fields[0]), ()) else render(f)
            for i, f in enumerate(fields)
        )
        for fields in head
    ]
    for ver, transactions in vouchers:
        records.append(ver)
        lines.append(" ".join(render(f) for f in ver))
        lines.append("{")
        for fields in transactions:
            records.append(fields)
            lines.append(indent + _transaction(fields))
        lines.append("}")
    if checksum:
        crc = ksumma_of_records(records)
        if signed_checksum and crc >= 1 << 31:
            crc -= 1 << 32
        lines = ["#KSUMMA", *lines, f"#KSUMMA {crc}"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((line_end.join(["#FLAGGA 0", *lines]) + line_end).encode(ENCODING))
    return path


def ledger_rows(
    year: int, count: int, seed: int = 4, dimensions: Sequence[str] = ("ansvar", "uppdrag")
) -> Iterator[LedgerRow]:
    """`count` balanced ledger rows over the year: vouchers of 2-6 rows, Swedish texts."""
    rng = random.Random(seed)
    texts = ("Löner månadsavlönade", "Köpt vård från annan region", "Lokalhyra och städning")
    made = 0
    voucher = 0
    while made < count:
        voucher += 1
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        size = min(rng.randint(2, 6), count - made) if count - made > 1 else 1
        amounts = [Decimal(rng.randint(-99_999_999, 99_999_999)) / 100 for _ in range(size - 1)]
        amounts.append(-sum(amounts, Decimal(0)))
        text = rng.choice(texts)
        for amount in amounts:
            ansvar = f"RK{rng.randint(1000, 1400)}" if "ansvar" in dimensions else None
            uppdrag = f"RSV{rng.randint(10, 99)}" if "uppdrag" in dimensions else None
            yield (
                day.year * 100 + day.month,
                f"A-{voucher}",
                day,
                str(rng.choice((4010, 5011, 5611, 6410, 7010, 1930))),
                ansvar,
                uppdrag,
                None,
                None,
                amount,
                text,
            )
        made += size


def _cells(header: list[str], row: list[str]) -> dict[str, str | None]:
    """A CSV row by lower-case column name; missing or empty cells are None."""
    cells: dict[str, str | None] = dict.fromkeys(LEDGER_COLUMNS)
    cells.update({name: (value.strip() or None) for name, value in zip(header, row, strict=False)})
    return cells


def csv_ledger_rows(paths: Iterable[Path]) -> Iterator[LedgerRow]:
    """The rows of ledger CSV files (the contract's columns, in any order), as LedgerRow."""
    for path in paths:
        text, _ = decode(path, path.read_bytes())
        lines = csv.reader(io.StringIO(text), delimiter=";")
        header = [cell.strip().lower() for cell in next(lines)]
        for row in lines:
            if not row:
                continue
            cell = _cells(header, row)
            yield (
                int(cell["period"] or 0),
                cell["verifikation"] or "",
                dt.date.fromisoformat(cell["bokföringsdatum"] or ""),
                cell["konto"] or "",
                cell["ansvar"],
                cell["uppdrag"],
                cell["projekt"],
                cell["motpart"],
                Decimal((cell["belopp"] or "0").replace(",", ".")),
                cell["text"],
            )


def sie4_from_csv(ledger: Path, year: int, **options: object) -> Path:
    """Replace the year's huvudbok_YYYY-MM.csv files in `ledger` by one sie4_YYYY.se holding
    the same rows (the demo's SIE unit; the tests' SIE form of a CSV case). `options` go to
    write_sie4 (a dimension mapping, line ends, ...)."""
    paths = sorted(ledger.glob(f"huvudbok_{year}-[0-9][0-9].csv"))
    if not paths:
        raise FileNotFoundError(f"no huvudbok_{year}-MM.csv in {ledger}")
    written = write_sie4(ledger / f"sie4_{year}.se", year, csv_ledger_rows(paths), **options)  # type: ignore[arg-type]
    for path in paths:
        path.unlink()
    return written
