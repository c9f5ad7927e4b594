"""The raw layer: every delivered version of every file, with name, content hash and load time.

`raw.deliveries` has one row per loaded version; `is_current` marks the version models use. A
re-delivered file (same name, any extension) replaces the earlier one; identical content is skipped.
`raw.current_<kind>` (a view per kind) is the one definition of "the current delivery": the dbt
sources are these views, and the loader reads the current uppdrag tree through them too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple, dataclass
from pathlib import Path

import duckdb

from orchestration.ingest.columns import SCHEMAS
from orchestration.ingest.source_files import SourceFile

RAW_SCHEMA = "raw"
# What every report run wrote: its figures, append-only (dbt source history.report_figures),
# so Om rapporten can list what changed since the previous version of the same report.
HISTORY_SCHEMA = "history"
REPORT_FIGURES_DDL = f"""
    CREATE TABLE IF NOT EXISTS {HISTORY_SCHEMA}.report_figures (
        run_id VARCHAR NOT NULL,
        recorded_at TIMESTAMP NOT NULL,
        report VARCHAR NOT NULL,
        period_month DATE NOT NULL,
        sheet VARCHAR NOT NULL,
        sheet_order INTEGER NOT NULL,
        row_key VARCHAR NOT NULL,
        row_order INTEGER NOT NULL,
        row_label VARCHAR,
        column_name VARCHAR NOT NULL,
        column_order INTEGER NOT NULL,
        column_header VARCHAR NOT NULL,
        number_format VARCHAR NOT NULL,
        value DOUBLE
    )"""


@dataclass(frozen=True)
class LoadedFile:
    file_name: str
    content_hash: str
    rows: int
    action: str  # loaded | replaced | unchanged


def ensure_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {RAW_SCHEMA}")
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {HISTORY_SCHEMA}")
    con.execute(REPORT_FIGURES_DDL)
    con.execute(f"""
        CREATE TABLE IF NOT EXISTS {RAW_SCHEMA}.deliveries (
            load_id BIGINT PRIMARY KEY,
            kind VARCHAR NOT NULL,
            delivery VARCHAR NOT NULL,
            file_name VARCHAR NOT NULL,
            file_key VARCHAR NOT NULL,
            content_hash VARCHAR NOT NULL,
            row_count BIGINT NOT NULL,
            loaded_at TIMESTAMP NOT NULL,
            is_current BOOLEAN NOT NULL
        )""")
    # Control total of a ledger file (sum of its debits, "omslutning"), reconciled by a dbt test.
    con.execute(
        f"ALTER TABLE {RAW_SCHEMA}.deliveries "
        "ADD COLUMN IF NOT EXISTS control_debit_sek DECIMAL(18,2)"
    )
    # The file's stamp when it was hashed: an unchanged stamp spares reading the file again.
    for column in STAMP_COLUMNS:
        con.execute(f"ALTER TABLE {RAW_SCHEMA}.deliveries ADD COLUMN IF NOT EXISTS {column} BIGINT")
    for kind, columns in SCHEMAS.items():
        column_ddl = ",\n".join(f"{c.name} {c.sql_type}" for c in columns)
        con.execute(f"""
            CREATE TABLE IF NOT EXISTS {RAW_SCHEMA}.{kind} (
                _load_id BIGINT NOT NULL,
                _line INTEGER NOT NULL,
                {column_ddl},
                _extra VARCHAR
            )""")
        # replaced every time (half a millisecond): a view bound to an older table shape fails
        con.execute(f"""
            CREATE OR REPLACE VIEW {current_view(kind)} AS
            SELECT rows.*, deliveries.file_key AS _file_key, deliveries.file_name AS _file_name
            FROM {RAW_SCHEMA}.{kind} AS rows
            INNER JOIN {RAW_SCHEMA}.deliveries AS deliveries
                ON deliveries.load_id = rows._load_id
                AND deliveries.is_current
                AND deliveries.kind = '{kind}'""")


def current_view(kind: str) -> str:
    """The rows of the current delivery of every file of a kind, with the file's key and name."""
    return f"{RAW_SCHEMA}.current_{kind}"


# raw.deliveries columns holding a FileStamp, in its field order
STAMP_COLUMNS = ("file_size", "file_mtime_ns", "file_ctime_ns")


@dataclass(frozen=True)
class FileStamp:
    """Size and change times of a file. Any write changes mtime or ctime (ctime cannot be set
    back, not even by `cp -p` or `touch -d`), so an equal stamp means the content hashed then."""

    size: int
    mtime_ns: int
    ctime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileStamp:
        stat = path.stat()
        return cls(stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


@dataclass(frozen=True)
class CurrentVersion:
    """The current delivery of a file: its load, content hash and the stamp it was hashed at
    (None for a delivery loaded before stamps were recorded)."""

    load_id: int
    content_hash: str
    stamp: FileStamp | None
    file_name: str


def current_version(con: duckdb.DuckDBPyConnection, source: SourceFile) -> CurrentVersion | None:
    rows = con.execute(
        f"SELECT load_id, content_hash, file_name, {', '.join(STAMP_COLUMNS)} "
        f"FROM {RAW_SCHEMA}.deliveries WHERE kind = ? AND delivery = ? AND is_current",
        [source.kind, source.delivery],
    ).fetchall()  # fetchall, not fetchone: duckdb 2 keeps a half-read result open
    if not rows:
        return None
    load_id, digest, file_name, *stamp = rows[0]
    return CurrentVersion(
        load_id, digest, FileStamp(*stamp) if None not in stamp else None, file_name
    )


def record_stamp(con: duckdb.DuckDBPyConnection, load_id: int, stamp: FileStamp) -> None:
    assignments = ", ".join(f"{column} = ?" for column in STAMP_COLUMNS)
    con.execute(
        f"UPDATE {RAW_SCHEMA}.deliveries SET {assignments} WHERE load_id = ?",
        [*astuple(stamp), load_id],
    )


def register_delivery(
    con: duckdb.DuckDBPyConnection,
    source: SourceFile,
    content_hash: str,
    rows: int,
    load_id: int,
    stamp: FileStamp,
    control_debit_sek: object = None,
) -> str:
    """Mark the new version current; returns 'loaded' or 'replaced'."""
    previous = con.execute(
        f"UPDATE {RAW_SCHEMA}.deliveries SET is_current = false "
        "WHERE kind = ? AND delivery = ? AND is_current RETURNING load_id",
        [source.kind, source.delivery],
    ).fetchall()
    con.execute(
        f"INSERT INTO {RAW_SCHEMA}.deliveries (load_id, kind, delivery, file_name, file_key, "
        f"content_hash, row_count, loaded_at, is_current, control_debit_sek, "
        f"{', '.join(STAMP_COLUMNS)}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, true, ?, ?, ?, ?)",
        [
            load_id,
            source.kind,
            source.delivery,
            source.name,
            source.key,
            content_hash,
            rows,
            utc_now(),
            control_debit_sek,
            *astuple(stamp),
        ],
    )
    return "replaced" if previous else "loaded"


def utc_now() -> dt.datetime:
    """Load times are stored in UTC without a zone (raw.deliveries.loaded_at); reports show them
    in Swedish time."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def next_load_id(con: duckdb.DuckDBPyConnection) -> int:
    rows = con.execute(
        f"SELECT coalesce(max(load_id), 0) + 1 FROM {RAW_SCHEMA}.deliveries"
    ).fetchall()  # fetchall, not fetchone: duckdb 2 keeps a half-read result open
    return int(rows[0][0])


def insert_rows(con: duckdb.DuckDBPyConnection, kind: str, load_id: int, rows: list[dict]) -> None:
    """Insert parsed rows of a small source; values travel as text and are cast by DuckDB."""
    columns = SCHEMAS[kind]
    names = ["_line", *(c.name for c in columns), "_extra"]
    casts = ", ".join(f"CAST(? AS {c.sql_type})" for c in columns)
    con.executemany(
        f"INSERT INTO {RAW_SCHEMA}.{kind} VALUES ({load_id}, CAST(? AS INTEGER), {casts}, ?)",
        [[None if row.get(n) is None else str(row[n]) for n in names] for row in rows],
    )


def current_row_count(con: duckdb.DuckDBPyConnection, kind: str) -> int:
    """Rows of the current deliveries of a kind (what the models read), from raw.deliveries."""
    rows = con.execute(
        f"SELECT coalesce(sum(row_count), 0) FROM {RAW_SCHEMA}.deliveries "
        "WHERE kind = ? AND is_current",
        [kind],
    ).fetchall()
    return int(rows[0][0])
