"""The contract's paths (sources, exports, warehouse) from arguments, environment or defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"

DEFAULT_SOURCES = "sources"
DEFAULT_EXPORTS = "exports"
DEFAULT_WAREHOUSE = "warehouse/tertial.duckdb"
DEFAULT_DAGSTER_HOME = ".dagster_home"
# DuckDB's memory cap for the loader and dbt (profiles.yml reads the same variable).
DUCKDB_MEMORY_LIMIT = os.environ.get("TERTIAL_DUCKDB_MEMORY_LIMIT", "1GB")


def connect_duckdb(
    database: str | os.PathLike, read_only: bool = False
) -> duckdb.DuckDBPyConnection:
    """A warehouse connection that loads or writes: DuckDB's memory cap, and no progress bar.
    DuckDB draws one on stdout for a statement running over 2 s, with `\\r` and no newline: in
    a run's log it is noise, in dbt's output it spoils the result line it lands on (profiles.yml
    turns it off for dbt too)."""
    con = duckdb.connect(
        str(database), read_only=read_only, config={"memory_limit": DUCKDB_MEMORY_LIMIT}
    )
    con.execute("SET enable_progress_bar = false")  # per connection: not a global option
    return con


@dataclass(frozen=True)
class Paths:
    sources: Path
    exports: Path
    warehouse: Path


def _resolve(value: str | os.PathLike | None, env: str, default: str) -> Path:
    chosen = value if value else os.environ.get(env) or str(PROJECT_ROOT / default)
    return Path(chosen).expanduser().resolve()


def resolve_paths(
    sources: str | os.PathLike | None = None,
    exports: str | os.PathLike | None = None,
    warehouse: str | os.PathLike | None = None,
) -> Paths:
    """Arguments win over TERTIAL_* environment variables, which win over the defaults."""
    return Paths(
        sources=_resolve(sources, "TERTIAL_SOURCES", DEFAULT_SOURCES),
        exports=_resolve(exports, "TERTIAL_EXPORTS", DEFAULT_EXPORTS),
        warehouse=_resolve(warehouse, "TERTIAL_WAREHOUSE", DEFAULT_WAREHOUSE),
    )
