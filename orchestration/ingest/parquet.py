"""Publishing the raw tables in force (and the report history) as Parquet, for Spark's dbt.

One folder per dbt source table, `<published>/<schema>/<table>/`, one file per partition:
a file of a kind per delivered file in force (`<file key>.<load id>.parquet`: by kind and period,
month or year as the file name says), the report history per report run, `raw.deliveries` whole.
A partition is written once, as a load never changes; a run writes the new ones and removes
those no longer in force, so a new month costs its own rows. Each file is written under a
hidden name and renamed into place: Spark never sees half a file (it skips names starting with
'.' or '_'). A table with no rows gets one empty file, so that Spark still knows its columns;
a table whose columns changed is published again whole.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.ingest.columns import SCHEMAS
from orchestration.ingest.raw_store import HISTORY_SCHEMA, RAW_SCHEMA, current_view
from orchestration.runtime.engine import SparkFolders
from orchestration.sql import sql_text

SCHEMA_MARKER = "_columns"  # the table's columns when its files were written
EMPTY_FILE = "empty.parquet"


@dataclass(frozen=True)
class PublishedTable:
    """A dbt source table as Parquet: which relation, and which columns make a partition."""

    schema: str
    name: str
    asset_name: str  # the ingestion asset it comes from (the graph's lineage)
    partition: tuple[str, ...]  # () : the whole table is one file
    kind: str | None = None  # a source kind: its partitions are its deliveries in force

    @property
    def relation(self) -> str:
        return f"{self.schema}.{self.name}"

    def folder(self, published: Path) -> Path:
        return published / self.schema / self.name


_BY_DELIVERY = ("_file_key", "_load_id")  # a delivered file in force: its key and version
PUBLISHED_TABLES: tuple[PublishedTable, ...] = (
    *(
        PublishedTable(RAW_SCHEMA, current_view(kind).split(".")[1], kind, _BY_DELIVERY, kind)
        for kind in SCHEMAS
    ),
    PublishedTable(RAW_SCHEMA, "deliveries", "deliveries", ()),
    PublishedTable(HISTORY_SCHEMA, "report_figures", "report_figures", ("run_id",)),
)


@dataclass
class Publication:
    files_written: int = 0
    files_removed: int = 0
    rows_written: int = 0
    tables: int = 0
    reset: str | None = None  # why the Spark folder was emptied first, if it was


_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def _file_name(values: Iterable[object]) -> str:
    return ".".join(_UNSAFE.sub("-", str(v)) for v in values) + ".parquet"


def _write(con: duckdb.DuckDBPyConnection, query: str, params: list, target: Path) -> int:
    """COPY the query's rows to `target` under a hidden name, then rename it into place."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        copied = con.execute(
            f"COPY ({query}) TO {sql_text(str(temporary))} (FORMAT parquet, COMPRESSION zstd)",
            params,
        ).fetchall()  # COPY answers with the rows it wrote
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return int(copied[0][0])


def _columns(con: duckdb.DuckDBPyConnection, table: PublishedTable) -> str:
    described = con.execute(f"DESCRIBE SELECT * FROM {table.relation}").fetchall()
    return "\n".join(f"{name} {kind}" for name, kind, *_ in described)


def publish_table(
    con: duckdb.DuckDBPyConnection, table: PublishedTable, published: Path, done: Publication
) -> None:
    folder = table.folder(published)
    folder.mkdir(parents=True, exist_ok=True)
    for left in folder.glob(".*.tmp"):  # a publication killed while writing
        left.unlink()
    columns = _columns(con, table)
    marker = folder / SCHEMA_MARKER
    existing = {p.name for p in folder.glob("*.parquet")}
    if marker.exists() and marker.read_text(encoding="utf-8") != columns:
        for name in existing:  # other columns: every file again (Spark reads one file's schema)
            (folder / name).unlink()
        done.files_removed += len(existing)
        existing = set()
    if table.partition:
        keys = ", ".join(table.partition)
        partitions = (
            con.execute(  # the deliveries in force: no scan of their rows
                f"SELECT file_key, load_id FROM {RAW_SCHEMA}.deliveries "
                "WHERE kind = ? AND is_current ORDER BY file_key, load_id",
                [table.kind],
            )
            if table.kind
            else con.execute(f"SELECT DISTINCT {keys} FROM {table.relation} ORDER BY {keys}")
        ).fetchall()
        wanted = {_file_name(values): values for values in partitions}
        where = " AND ".join(f"{column} = ?" for column in table.partition)
        for name, values in wanted.items():
            if name not in existing:
                query = f"SELECT * FROM {table.relation} WHERE {where}"
                done.rows_written += _write(con, query, list(values), folder / name)
                done.files_written += 1
        if not wanted:
            wanted = {EMPTY_FILE: ()}
            if EMPTY_FILE not in existing:
                _write(con, f"SELECT * FROM {table.relation} LIMIT 0", [], folder / EMPTY_FILE)
                done.files_written += 1
    else:  # small (one row per delivered file): written whole every time
        name = _file_name([table.name])
        wanted = {name: ()}
        done.rows_written += _write(con, f"SELECT * FROM {table.relation}", [], folder / name)
        done.files_written += 1
    for name in existing - set(wanted):
        (folder / name).unlink()
        done.files_removed += 1
    marker.write_text(columns, encoding="utf-8")
    done.tables += 1


LOADS_MARKER = "_loads.json"  # load id -> load time of every load published so far


def _loads(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    rows = con.execute(f"SELECT load_id, loaded_at FROM {RAW_SCHEMA}.deliveries").fetchall()
    return {str(load_id): str(loaded_at) for load_id, loaded_at in rows}


def _foreign_loads(folders: SparkFolders, loads: dict[str, str]) -> str | None:
    """Why the Spark folder holds loads that are not this warehouse's, or None.

    Load ids count up per warehouse file: a warehouse restored from a backup, or a new one at
    the same path, gives the same ids to other files. Spark's tables (the monthly sums keep
    load ids) would then keep the figures of the old loads."""
    marker = folders.published / LOADS_MARKER
    if not marker.exists():
        return None
    try:
        published = json.loads(marker.read_text(encoding="utf-8"))
    except ValueError:
        return f"{marker} is damaged"
    other = sorted(k for k, at in published.items() if loads.get(k) != at)
    if other:
        return (
            f"{len(other)} load(s) in {folders.root} are not in the warehouse (restored from a "
            "backup, or a new warehouse at the same path): Spark's folder is built again"
        )
    return None


def publish(con: duckdb.DuckDBPyConnection, folders: SparkFolders) -> Publication:
    """Bring the published folder in line with the warehouse's raw tables in force and report
    history; Spark's folder is emptied first when it was built from other loads."""
    done = Publication()
    loads = _loads(con)
    done.reset = _foreign_loads(folders, loads)
    if done.reset:
        shutil.rmtree(folders.root)
    for table in PUBLISHED_TABLES:
        publish_table(con, table, folders.published, done)
    (folders.published / LOADS_MARKER).write_text(json.dumps(loads), encoding="utf-8")
    return done
