"""Loading one ledger file with DuckDB's own CSV reader, validated in SQL (no Python row loops)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.lib.errors import SourceFileError
from orchestration.lib.formats import ACCOUNT_RE, AMOUNT_RE, DATE_RE, YYYYMM_RE
from orchestration.lib.periods import Period
from orchestration.lib.raw_store import RAW_SCHEMA
from orchestration.lib.schemas import SCHEMAS
from orchestration.lib.text_tables import SEPARATOR, check_header_separator, decode
from orchestration.lib.validation import MAX_TEXT_LENGTH, map_header

COLUMNS = SCHEMAS["ledger"]
STAGE = "ledger_incoming"


def _utf8_copy(path: Path) -> tuple[Path, list[str], bool]:
    """A UTF-8 file DuckDB can read, the header cells, and whether the copy is temporary.

    Only Windows-1252 files are transcoded; UTF-8 (with or without BOM) is read in place.
    """
    data = path.read_bytes()
    if not data or data.isspace():
        raise SourceFileError(path, "empty file: no header row", 1)
    text, encoding = decode(path, data)  # one read and one decode of the whole file
    header = [cell.strip() for cell in text.split("\n", 1)[0].rstrip("\r").split(SEPARATOR)]
    check_header_separator(path, header)
    if encoding != "cp1252":
        return path, header, False
    fd, name = tempfile.mkstemp(suffix=".csv", prefix="tertial_ledger_")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
        out.write(text)
    return Path(name), header, True


def _first(con: duckdb.DuckDBPyConnection, sql: str) -> tuple | None:
    # fetchall, not fetchone: duckdb 2 keeps a half-read result open on the connection
    rows = con.execute(sql).fetchall()
    return rows[0] if rows else None


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class StagedLedger:
    rows: int
    first_rowid: int  # rowids of a table made inside a transaction do not start at 0
    header: list[str]
    mapping: dict[str, int]


def stage_ledger_file(con: duckdb.DuckDBPyConnection, path: Path, period: Period) -> StagedLedger:
    """Read and validate one file into the temp table `ledger_incoming`."""
    readable, header, temporary = _utf8_copy(path)
    try:
        mapping = map_header(path, header, COLUMNS)
        positional = {f"c{i}": "VARCHAR" for i in range(len(header))}
        con.execute(f"DROP TABLE IF EXISTS {STAGE}")
        con.execute("DROP TABLE IF EXISTS reject_errors; DROP TABLE IF EXISTS reject_scans")
        columns_sql = "{" + ", ".join(f"'{k}': '{v}'" for k, v in positional.items()) + "}"
        try:
            con.execute(
                f"CREATE TEMP TABLE {STAGE} AS SELECT * FROM read_csv({_sql_text(str(readable))}, "
                f"delim=';', quote='\"', escape='\"', header=true, auto_detect=false, "
                f"columns={columns_sql}, store_rejects=true, max_line_size=1000000)"
            )
        except duckdb.Error as exc:
            raise SourceFileError(path, f"unreadable CSV: {str(exc).splitlines()[0]}") from None
        reject = _first(
            con, "SELECT line, error_type, error_message FROM reject_errors ORDER BY line LIMIT 1"
        )
        if reject:
            raise SourceFileError(
                path, f"{reject[2]} (wrong separator or a line cut off)", int(reject[0])
            )
    finally:
        if temporary:
            readable.unlink(missing_ok=True)

    def col(name: str) -> str:
        index = mapping.get(name)
        return f"c{index}" if index is not None else "NULL"

    rows, base = _first(con, f"SELECT count(*), coalesce(min(rowid), 0) FROM {STAGE}")
    if rows == 0:
        raise SourceFileError(path, "header only: the file has no data rows", 2)

    # Each check: a condition that marks a bad row, and the problem it describes.
    all_columns = ", ".join(f"c{i}" for i in range(len(header)))
    lengths = ", ".join(f"length(coalesce(c{i}, ''))" for i in range(len(header)))
    checks = [
        (
            f"NOT regexp_full_match(coalesce({col('period')}, ''), '{YYYYMM_RE}')",
            "Period '{v}' is not YYYYMM",
            col("period"),
        ),
        (
            f"{col('period')} <> '{period.yyyymm}'",
            f"Period '{{v}}' differs from the file name's period {period.yyyymm}",
            col("period"),
        ),
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
            f"NOT cast({col('konto')} AS INTEGER) BETWEEN 1000 AND 8999",
            "account '{v}' is outside the Kommun-Bas classes 1000-8999",
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
    ]
    for condition, problem, value in checks:
        bad = _first(
            con,
            f"SELECT rowid - {base} + 2, {value} FROM {STAGE} WHERE {condition} "
            "ORDER BY rowid LIMIT 1",
        )
        if bad:
            raise SourceFileError(
                path, problem.format(v=bad[1] if bad[1] is not None else ""), int(bad[0])
            )
    duplicate = _first(
        con,
        f"""
        SELECT min(rowid) - {base} + 2, max(rowid) - {base} + 2, {col("verifikation")}
        FROM {STAGE} GROUP BY {all_columns} HAVING count(*) > 1 ORDER BY 1 LIMIT 1""",
    )
    if duplicate:
        raise SourceFileError(
            path,
            f"voucher {duplicate[2]}: line {duplicate[1]} repeats line {duplicate[0]} exactly "
            "(delivered twice?)",
            int(duplicate[1]),
        )
    unbalanced = _first(
        con,
        f"""
        SELECT min(rowid) - {base} + 2, {col("verifikation")},
               sum(CAST(replace({col("belopp")}, ',', '.') AS DECIMAL(18,2))) AS total
        FROM {STAGE} GROUP BY {col("verifikation")}
        HAVING abs(total) >= 0.005 ORDER BY 1 LIMIT 1""",
    )
    if unbalanced:
        raise SourceFileError(
            path,
            f"voucher {unbalanced[1]} does not balance (sum {unbalanced[2]}, must be 0,00)",
            int(unbalanced[0]),
        )
    return StagedLedger(int(rows), int(base), header, mapping)


def insert_staged_ledger(
    con: duckdb.DuckDBPyConnection, staged: StagedLedger, load_id: int
) -> None:
    """Move the validated stage into raw.ledger, typed; extra columns kept as JSON."""
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
        "to_json({" + ", ".join(f"{_sql_text(h)}: c{i}" for i, h in extras) + "})::VARCHAR"
        if extras
        else "NULL"
    )
    con.execute(
        f"INSERT INTO {RAW_SCHEMA}.ledger SELECT {load_id}, "
        f"CAST(rowid - {staged.first_rowid} + 2 AS INTEGER), "
        f"{', '.join(typed)}, {extra_sql} FROM {STAGE} ORDER BY rowid"
    )
    con.execute(f"DROP TABLE IF EXISTS {STAGE}")
