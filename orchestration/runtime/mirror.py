"""After a Spark build: the tables Spark wrote, as DuckDB views over their Parquet files.

The exports, `tertial drill` and the Dagster metadata read the warehouse file whatever the
engine; on Spark they read through these views, so every exported figure comes from a table
Spark built. dbt's view models (staging, the drill, the report changes over the history) are
then created in DuckDB as well, by dbt on the DuckDB target: views cost nothing to build, and
the history they read is written by the exports into the warehouse file.
"""

from __future__ import annotations

import json
from pathlib import Path

from orchestration.runtime.engine import SparkFolders
from orchestration.runtime.settings import connect_duckdb
from orchestration.sql import sql_text

TABLE_MATERIALIZATIONS = ("table", "incremental", "seed")


def spark_tables(manifest: dict) -> list[tuple[str, str]]:
    """(schema, table) of every model and seed that Spark stores as a table."""
    found = []
    for node in manifest["nodes"].values():
        if node["resource_type"] not in ("model", "seed"):
            continue
        materialized = "seed" if node["resource_type"] == "seed" else node["config"]["materialized"]
        if materialized in TABLE_MATERIALIZATIONS:
            found.append((node["schema"], node["alias"]))
    return sorted(found)


def _parquet_files(folder: Path) -> list[Path]:
    """Spark's data files of a table: a Spark job killed mid-write leaves `.spark-staging-*`
    and `_temporary` folders, which Spark itself skips, and so does this."""
    return [
        path
        for path in folder.rglob("*.parquet")
        if not any(part.startswith((".", "_")) for part in path.relative_to(folder).parts)
    ]


def mirror_spark_tables(warehouse: Path, target: Path) -> int:
    """Create or replace a DuckDB view per table of the Spark build; returns how many.

    A table Spark has not written (a partial materialization from the UI) is left out."""
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    folders = SparkFolders.of(warehouse)
    con = connect_duckdb(warehouse)
    mirrored = 0
    try:
        existing = set(
            con.execute(
                "SELECT schema_name, table_name FROM duckdb_tables() "
                "WHERE database_name = current_database()"
            ).fetchall()
        )
        con.begin()
        for schema, name in spark_tables(manifest):
            folder = folders.table(schema, name)
            files = _parquet_files(folder)
            if not files:
                continue
            partitioned = any("=" in p.parent.name for p in files)
            con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            if (schema, name) in existing:  # built by the DuckDB engine before: Spark's now
                con.execute(f'DROP TABLE "{schema}"."{name}"')
            pattern = sql_text(str(folder / ("*=*/*.parquet" if partitioned else "*.parquet")))
            con.execute(
                f'CREATE OR REPLACE VIEW "{schema}"."{name}" AS SELECT * FROM read_parquet('
                f"{pattern}, hive_partitioning = {str(partitioned).lower()})"
            )
            mirrored += 1
        con.commit()
    finally:
        con.close()
    return mirrored


def drop_mirrored_tables(warehouse: Path) -> int:
    """Before a DuckDB build: drop the views a Spark run left (dbt cannot seed over a view, and
    the DuckDB engine builds every table itself). Nothing to do without a Spark folder."""
    folders = SparkFolders.of(warehouse)
    if not folders.root.exists() or not warehouse.exists():
        return 0
    con = connect_duckdb(warehouse)
    try:
        views = con.execute(
            "SELECT schema_name, view_name FROM duckdb_views() "
            "WHERE database_name = current_database() AND NOT internal "
            "AND contains(sql, 'read_parquet(') AND contains(sql, ?)",
            [str(folders.warehouse)],
        ).fetchall()
        for schema, name in views:
            con.execute(f'DROP VIEW "{schema}"."{name}"')
    finally:
        con.close()
    return len(views)
