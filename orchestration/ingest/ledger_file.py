"""Loading one ledger file with DuckDB's own CSV reader, validated in SQL (no Python row loops)."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import duckdb

from orchestration.ingest.columns import SCHEMAS
from orchestration.ingest.errors import SourceFileError
from orchestration.ingest.formats import (
    ACCOUNT_RE,
    AMOUNT_RE,
    CONTROL_CHARACTERS_RE,
    DATE_RE,
    YYYYMM_RE,
    may_hold_control_characters,
)
from orchestration.ingest.raw_store import RAW_SCHEMA, LoadedFile, current_view
from orchestration.ingest.readers import SEPARATOR, check_header_separator, decode
from orchestration.ingest.sie4 import STAGE_COLUMNS as SIE_STAGE_COLUMNS
from orchestration.ingest.sie4 import read_sie4
from orchestration.ingest.source_files import SourceFile
from orchestration.ingest.validation import MAX_TEXT_LENGTH, map_header
from orchestration.periods import Period
from orchestration.seeds import account_range
from orchestration.sql import sql_text

COLUMNS = SCHEMAS["ledger"]
# Every account of the account classes (seed account_classes.csv), and a cheap superset of them.
LOWEST, HIGHEST = account_range()
ACCOUNT_GLOB = f"[{LOWEST // 1000}-{HIGHEST // 1000}][0-9][0-9][0-9]"
STAGE = "ledger_incoming"


HEAD_BYTES = 1 << 16
INVALID_ENCODING = "INVALID ENCODING"


def _header(path: Path) -> tuple[list[str], bool]:
    """The header cells, and whether the file must be transcoded from Windows-1252 first.

    Only the first line is decoded here; DuckDB checks the rest is UTF-8 as it reads (a file
    it finds is not gets transcoded and read again), so a UTF-8 file is never decoded in Python.
    """
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    if not head.strip() and path.stat().st_size <= HEAD_BYTES:
        raise SourceFileError(path, "empty file: no header row", 1)
    text, encoding = decode(path, head.split(b"\n", 1)[0])
    header = [cell.strip() for cell in text.rstrip("\r").split(SEPARATOR)]
    check_header_separator(path, header)
    return header, encoding == "cp1252"


def _utf8_copy(path: Path) -> Path:
    """A temporary UTF-8 copy of a Windows-1252 file, for DuckDB's reader."""
    text, _ = decode(path, path.read_bytes())
    fd, name = tempfile.mkstemp(suffix=".csv", prefix="tertial_ledger_")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
        out.write(text)
    return Path(name)


def _read_into_stage(
    con: duckdb.DuckDBPyConnection, path: Path, readable: Path, columns: int
) -> tuple | None:
    """Every cell as text into the stage; the first line DuckDB rejected, if any."""
    columns_sql = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(columns)) + "}"
    con.execute(f"DROP TABLE IF EXISTS {STAGE}")
    con.execute("DROP TABLE IF EXISTS reject_errors; DROP TABLE IF EXISTS reject_scans")
    # Rejects are kept, never raised: a refused statement would abort the load's transaction.
    try:
        con.execute(
            f"CREATE TEMP TABLE {STAGE} AS SELECT * FROM read_csv({sql_text(str(readable))}, "
            f"delim=';', quote='\"', escape='\"', header=true, auto_detect=false, "
            f"columns={columns_sql}, store_rejects=true, max_line_size=1000000)"
        )
    except duckdb.Error as exc:
        raise SourceFileError(path, f"unreadable CSV: {str(exc).splitlines()[0]}") from None
    return _first(
        con, "SELECT line, error_type, error_message FROM reject_errors ORDER BY line LIMIT 1"
    )


def _first(con: duckdb.DuckDBPyConnection, sql: str) -> tuple | None:
    # fetchall, not fetchone: duckdb 2 keeps a half-read result open on the connection
    rows = con.execute(sql).fetchall()
    return rows[0] if rows else None


@dataclass(frozen=True)
class StagedLedger:
    rows: int
    line_sql: str  # the stage row's line in its file, as SQL
    header: list[str]
    mapping: dict[str, int]
    months: tuple[str, ...] = ()  # YYYYMM the file holds (an SIE file: every month it reaches)
    table: str = STAGE  # the temp table holding the rows
    # Two identical CSV lines are a file delivered twice over; two SIE #TRANS records that map
    # to the same row differ in what the ledger does not keep (an employee dimension, a
    # quantity) and both count.
    rows_may_repeat: bool = False


@dataclass(frozen=True)
class PeriodRule:
    """Which Period values a ledger file may hold: its own month (huvudbok_YYYY-MM.csv) or any
    month of its fiscal year (sie4_YYYY.se), said in the file's own terms."""

    condition: str  # SQL on the period column `{p}` that marks a bad row
    problem: str  # with {v} for the value


def month_rule(period: Period) -> PeriodRule:
    return PeriodRule(
        f"{{p}} <> '{period.yyyymm}'",
        f"Period '{{v}}' differs from the file name's period {period.yyyymm}",
    )


def year_rule(year: int, start: dt.date, end: dt.date) -> PeriodRule:
    """An SIE file's months: those of its year YYYY (the file name) within its #RAR 0."""
    first = max(f"{year}01", f"{start:%Y%m}")
    last = min(f"{year}12", f"{end:%Y%m}")
    return PeriodRule(
        f"NOT {{p}} BETWEEN '{first}' AND '{last}'",
        f"the voucher date's month {{v}} is outside the file's year: sie4_{year}.se holds "
        f"{first}-{last} (#RAR 0 {start:%Y%m%d}-{end:%Y%m%d})",
    )


def stage_ledger_file(con: duckdb.DuckDBPyConnection, path: Path, period: Period) -> StagedLedger:
    """Read and validate one file into the temp table `ledger_incoming`."""
    header, transcode = _header(path)
    mapping = map_header(path, header, COLUMNS)
    reject = None if transcode else _read_into_stage(con, path, path, len(header))
    if transcode or (reject and reject[1] == INVALID_ENCODING):
        readable = _utf8_copy(path)
        try:
            reject = _read_into_stage(con, path, readable, len(header))
        finally:
            readable.unlink(missing_ok=True)
    if reject:
        raise SourceFileError(
            path, f"{reject[2]} (wrong separator or a line cut off)", int(reject[0])
        )

    rows, base = _first(con, f"SELECT count(*), coalesce(min(rowid), 0) FROM {STAGE}")
    if rows == 0:
        raise SourceFileError(path, "header only: the file has no data rows", 2)
    # rowids of a table made inside a transaction do not start at 0; line 1 is the header
    line_sql = f"CAST(rowid - {base} + 2 AS INTEGER)"
    rule, control = month_rule(period), may_hold_control_characters(path)
    check_staged_rows(con, path, mapping, len(header), rule, line_sql, control=control)
    return StagedLedger(int(rows), line_sql, header, mapping, (period.yyyymm,))


def stage_sie4_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    year: int,
    dimensions: dict[int, str] | None,
    table: str = STAGE,
) -> StagedLedger:
    """Read one SIE 4 file into a stage shaped like a CSV ledger's (read_sie4) and put its rows
    through the same checks, with the SIE file's line numbers. Call it outside a transaction:
    the reader retries a read DuckDB refused, which would abort one."""
    read = read_sie4(con, path, year, dimensions, table=table)
    if read.rows == 0:
        con.execute(f"DROP TABLE IF EXISTS {table}")
        raise SourceFileError(path, "the file holds no #TRANS rows", 1)
    mapping = {name: index for index, name in enumerate(SIE_STAGE_COLUMNS)}
    header = [column.header for column in COLUMNS]
    try:
        rule = year_rule(year, read.start, read.end)
        check_staged_rows(con, path, mapping, len(header), rule, "_line", table)
    except SourceFileError:
        con.execute(f"DROP TABLE IF EXISTS {table}")
        raise
    return StagedLedger(
        read.rows, "_line", header, mapping, tuple(read.months), table, rows_may_repeat=True
    )


def use_staged(con: duckdb.DuckDBPyConnection, staged: StagedLedger) -> StagedLedger:
    """A stage read ahead under its own name becomes the stage insert_staged_ledger reads."""
    if staged.table == STAGE:
        return staged
    con.execute(f"DROP TABLE IF EXISTS {STAGE}")
    con.execute(f"ALTER TABLE {staged.table} RENAME TO {STAGE}")
    return replace(staged, table=STAGE)


def check_staged_rows(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    mapping: dict[str, int],
    columns: int,
    period_rule: PeriodRule,
    line_sql: str,
    table: str = STAGE,
    control: bool = True,
) -> None:
    """Every row rule of the ledger on the stage (one validation for every format): the first
    bad row, in file order, rejects the file with its line and the problem. `control=False`:
    the file holds no control character at all (formats.may_hold_control_characters)."""

    def col(name: str) -> str:
        index = mapping.get(name)
        return f"c{index}" if index is not None else "NULL"

    wrong_period = period_rule.condition.format(p=col("period"))
    # Each check: a condition that marks a bad row, and the problem it describes.
    all_columns = ", ".join(f"c{i}" for i in range(columns))
    every_value = f"concat_ws('', {all_columns})"
    control_found = f"regexp_matches({every_value}, '{CONTROL_CHARACTERS_RE}')"
    lengths = ", ".join(f"length(coalesce(c{i}, ''))" for i in range(columns))
    checks = [
        (
            f"NOT regexp_full_match(coalesce({col('period')}, ''), '{YYYYMM_RE}')",
            "Period '{v}' is not YYYYMM",
            col("period"),
        ),
        (wrong_period, period_rule.problem, col("period")),
        (f"nullif(trim({col('verifikation')}), '') IS NULL", "Verifikation is empty", "''"),
        (
            f"NOT regexp_full_match(coalesce({col('bokforingsdatum')}, ''), '{DATE_RE}') "
            f"OR try_strptime({col('bokforingsdatum')}, '%Y-%m-%d') IS NULL",
            "Bokföringsdatum '{v}' is not a date YYYY-MM-DD",
            col("bokforingsdatum"),
        ),
        (
            f"NOT regexp_full_match(coalesce({col('konto')}, ''), '{ACCOUNT_RE}')",
            "account '{v}' is not four digits",
            col("konto"),
        ),
        (
            f"NOT try_cast({col('konto')} AS INTEGER) BETWEEN {LOWEST} AND {HIGHEST}",
            f"account '{{v}}' is outside the Kommun-Bas classes {LOWEST}-{HIGHEST}",
            col("konto"),
        ),
        (
            f"NOT regexp_full_match(coalesce({col('belopp')}, ''), '{AMOUNT_RE}')",
            "Belopp '{v}' is not an amount with decimal comma and at most two decimals",
            col("belopp"),
        ),
        (
            f"greatest({lengths}) > {MAX_TEXT_LENGTH}",
            f"a value is longer than {MAX_TEXT_LENGTH} characters ('{{v}}...')",
            f"left(concat_ws(';', {all_columns}), 40)",
        ),
        (
            control_found,
            "a value holds a control character ({v}), e.g. pasted from Word; remove it",
            f"printf('U+%04X', unicode(regexp_extract({every_value}, '{CONTROL_CHARACTERS_RE}')))",
        ),
    ]
    # Every row passes one scan of cheap conditions that flag at least every row a check above
    # rejects (strlen >= length, a period in range is six digits, 1000-8999 is [1-8]xxx, ...).
    # Only a flagged row is then put through the precise checks, in order.
    cheap = [
        f"{col('period')} IS NULL OR {wrong_period}",
        f"{col('verifikation')} IS NULL OR trim({col('verifikation')}) = ''",
        f"try_cast({col('bokforingsdatum')} AS DATE) IS NULL "
        f"OR NOT regexp_full_match({col('bokforingsdatum')}, '{DATE_RE}')",
        f"{col('konto')} IS NULL OR NOT ({col('konto')} GLOB '{ACCOUNT_GLOB}')",
        f"NOT regexp_full_match(coalesce({col('belopp')}, ''), '{AMOUNT_RE}')",
        f"greatest({', '.join(f'strlen(c{i})' for i in range(columns))}) > {MAX_TEXT_LENGTH}",
        *([control_found] if control else []),
    ]
    flagged = " OR ".join(f"({condition})" for condition in cheap)
    rowid = _first(con, f"SELECT min(rowid) FROM {table} WHERE {flagged}")[0]
    while rowid is not None:
        for condition, problem, value in checks:
            bad = _first(
                con,
                f"SELECT {value}, {line_sql} FROM {table} WHERE rowid = {rowid} AND ({condition})",
            )
            if bad:
                shown = bad[0] if bad[0] is not None else ""
                raise SourceFileError(path, problem.format(v=shown), int(bad[1]))
        rowid = _first(
            con, f"SELECT min(rowid) FROM {table} WHERE rowid > {rowid} AND ({flagged})"
        )[0]


def insert_staged_ledger(
    con: duckdb.DuckDBPyConnection, path: Path, staged: StagedLedger, load_id: int
) -> Decimal:
    """Move the checked stage into raw.ledger, typed (extra columns kept as JSON), then check
    what needs whole vouchers on the typed rows: no row delivered twice, every voucher balances.

    Returns the file's control total, the sum of its debits. On a SourceFileError the caller
    rolls the load back, so rows of a rejected file never stay.
    """
    typed = []
    for column in COLUMNS:
        index = staged.mapping.get(column.name)
        source = f"c{index}" if index is not None else "NULL"
        if column.type == "amount":
            source = f"replace({source}, ',', '.')"
        typed.append(f"CAST({source} AS {column.sql_type})")
    used = set(staged.mapping.values())
    extras = [(i, h) for i, h in enumerate(staged.header) if i not in used and h]
    extra_sql = (
        "to_json({" + ", ".join(f"{sql_text(h)}: c{i}" for i, h in extras) + "})::VARCHAR"
        if extras
        else "NULL"
    )
    con.execute(
        f"INSERT INTO {RAW_SCHEMA}.ledger SELECT {load_id}, {staged.line_sql}, "
        f"{', '.join(typed)}, {extra_sql} FROM {STAGE}"  # scanned in rowid (file) order
    )
    con.execute(f"DROP TABLE IF EXISTS {STAGE}")
    rows = f"{RAW_SCHEMA}.ledger WHERE _load_id = {load_id}"
    values = ", ".join([*(column.name for column in COLUMNS), "_extra"])
    # Exact duplicates by a row hash first: one 64-bit key instead of every column.
    if not staged.rows_may_repeat and _first(
        con, f"SELECT 1 FROM {rows} GROUP BY hash({values}) HAVING count(*) > 1 LIMIT 1"
    ):
        duplicate = _first(
            con,
            f"SELECT min(_line), max(_line), any_value(verifikation) FROM {rows} "
            f"GROUP BY {values} HAVING count(*) > 1 ORDER BY 1 LIMIT 1",
        )
        if duplicate:
            raise SourceFileError(
                path,
                f"voucher {duplicate[2]}: line {duplicate[1]} repeats line {duplicate[0]} "
                "exactly (delivered twice?)",
                int(duplicate[1]),
            )
    unbalanced = _first(
        con,
        f"SELECT min(_line), verifikation, sum(belopp) AS total FROM {rows} "
        "GROUP BY verifikation HAVING abs(total) >= 0.005 ORDER BY 1 LIMIT 1",
    )
    if unbalanced:
        raise SourceFileError(
            path,
            f"voucher {unbalanced[1]} does not balance "
            f"(sum {str(unbalanced[2]).replace('.', ',')}, must be 0,00)",
            int(unbalanced[0]),
        )
    debits = _first(con, f"SELECT coalesce(sum(greatest(belopp, 0)), 0) FROM {rows}")
    return debits[0]


@dataclass(frozen=True)
class SieMapping:
    """SIE dimension number -> ledger column from registers/siedimensioner (None: the
    contract's defaults), and the load that delivered it: an SIE file read before that load is
    read again."""

    columns: dict[int, str] | None
    load_id: int | None

    @classmethod
    def from_warehouse(cls, con: duckdb.DuckDBPyConnection) -> SieMapping:
        rows = con.execute(
            f"SELECT dimension, lower(kolumn), _load_id FROM {current_view('sie_dimensions')}"
        ).fetchall()
        if not rows:
            return cls(None, None)
        return cls({int(r[0]): r[1] for r in rows}, max(int(r[2]) for r in rows))

    def newer_than(self, load_id: int) -> bool:
        return self.load_id is not None and self.load_id > load_id


def _month_text(yyyymm: int) -> str:
    return f"{yyyymm // 100}-{yyyymm % 100:02d}"


def check_one_format_per_month(
    con: duckdb.DuckDBPyConnection, sources: list[SourceFile]
) -> tuple[list[LoadedFile], list[SourceFileError]]:
    """A month comes from one format only: after this load, no current huvudbok_YYYY-MM.csv may
    hold a month that a current sie4_YYYY.se covers (from its first voucher month to its last;
    checked inside the load's transaction).

    A CSV file still in the folder is a conflict that rejects the load, both files named (every
    such file). A CSV file that is no longer in the folder, whose month the SIE file in the
    folder now covers, is a switch of format: its version is retired (the SIE file replaces it).
    Returns the retired files and the conflicts.
    """
    deliveries = con.execute(
        f"SELECT load_id, file_name, file_key, content_hash FROM {RAW_SCHEMA}.deliveries "
        "WHERE kind = 'ledger' AND is_current ORDER BY file_key, file_name"
    ).fetchall()
    sie = {d[0]: d for d in deliveries if d[1].lower().endswith(".se")}
    if not sie:
        return [], []
    spans = con.execute(
        f"SELECT _load_id, min(period), max(period) FROM {RAW_SCHEMA}.ledger "
        f"WHERE _load_id IN ({', '.join(str(i) for i in sie)}) GROUP BY _load_id"
    ).fetchall()
    in_folder = {source.name: source.path for source in sources}
    folder = next(iter(in_folder.values())).parent if in_folder else Path("ledger")
    retired: list[LoadedFile] = []
    conflicts: list[SourceFileError] = []
    for load_id, name, key, digest in deliveries:
        if load_id in sie:
            continue
        year, month = (int(part) for part in key.split("-"))
        covering = [
            (sie[span[0]][1], span[1], span[2])
            for span in spans
            if span[1] <= year * 100 + month <= span[2]
        ]
        if not covering:
            continue
        sie_name, first, last = covering[0]
        if name in in_folder or sie_name not in in_folder:
            conflicts.append(
                SourceFileError(
                    in_folder.get(name, folder / name),
                    f"month {key} comes from two formats: this file and "
                    f"{folder.name}/{sie_name}, which covers {_month_text(first)} to "
                    f"{_month_text(last)}. A month may come from one format only: remove "
                    f"{name} (the SIE file replaces it), or deliver an SIE file that ends "
                    "before that month",
                )
            )
            continue
        con.execute(
            f"UPDATE {RAW_SCHEMA}.deliveries SET is_current = false WHERE load_id = ?", [load_id]
        )
        retired.append(LoadedFile(name, digest, 0, f"retired (its month is in {sie_name})"))
    return retired, conflicts
