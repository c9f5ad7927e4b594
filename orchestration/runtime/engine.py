"""Which engine builds the dbt models: DuckDB (the default, in the warehouse file) or Spark.

The engine is chosen once per process, before the code location loads (`tertial run --engine`
or TERTIAL_ENGINE), because it changes the asset graph: on Spark the raw tables in force are
published as Parquet first (ingest/parquet.py) and dbt runs on the `spark` target.

Whatever the engine, the DuckDB warehouse file keeps the raw layer and the report history, and
the exports read the report tables through it: after a Spark build every table Spark wrote is
a DuckDB view over Spark's Parquet files (runtime/mirror.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DUCKDB, SPARK = "duckdb", "spark"
ENGINES = (DUCKDB, SPARK)
ENGINE_VARIABLE = "TERTIAL_ENGINE"
# dbt's profile (dbt_project/profiles.yml) reads the Spark folder from this variable.
SPARK_DIR_VARIABLE = "TERTIAL_SPARK_DIR"
DBT_TARGETS = {DUCKDB: "dev", SPARK: "spark"}


class EngineError(ValueError):
    """An engine name that is not one of ENGINES."""


def engine_name(value: str | None = None) -> str:
    """`value`, else TERTIAL_ENGINE, else duckdb; checked."""
    chosen = (value or os.environ.get(ENGINE_VARIABLE) or DUCKDB).strip().lower()
    if chosen not in ENGINES:
        raise EngineError(
            f"unknown engine {chosen!r} ({ENGINE_VARIABLE} or --engine): use "
            + " or ".join(ENGINES)
        )
    return chosen


def dbt_target() -> str:
    return DBT_TARGETS[engine_name()]


@dataclass(frozen=True)
class SparkFolders:
    """Beside the warehouse file `x.duckdb`, the folder `x.spark/`: what Spark reads and writes."""

    root: Path

    @classmethod
    def of(cls, warehouse: Path) -> SparkFolders:
        return cls(warehouse.parent / f"{warehouse.stem}.spark")

    @property
    def published(self) -> Path:
        """The raw tables in force and the report history as Parquet (Spark's dbt sources)."""
        return self.root / "published"

    @property
    def warehouse(self) -> Path:
        """spark.sql.warehouse.dir: the tables dbt builds, <schema>.db/<table>/ in Parquet."""
        return self.root / "warehouse"

    def table(self, schema: str, name: str) -> Path:
        return self.warehouse / f"{schema}.db" / name


def check_engine_installed(engine: str) -> None:
    """Raise EngineError, saying what to install, when the engine cannot run here."""
    if engine != SPARK:
        return
    import importlib.util
    import shutil

    missing = [m for m in ("pyspark", "dbt.adapters.spark") if importlib.util.find_spec(m) is None]
    if missing:
        raise EngineError(
            "the Spark engine needs the optional `spark` extra (dbt-spark and pyspark), which "
            "is not installed: run `.venv/bin/pip install -e '.[spark]'`"
        )
    java_home = os.environ.get("JAVA_HOME")
    if not shutil.which("java") and not (java_home and (Path(java_home) / "bin/java").exists()):
        raise EngineError(
            "the Spark engine needs a Java runtime (17 or newer) and finds none: install one "
            "(Debian: `apt install openjdk-17-jre-headless`) or set JAVA_HOME"
        )
