"""Resources: the contract's paths (sources, exports, warehouse) and the dbt CLI."""

import hashlib
from contextlib import AbstractContextManager
from functools import cached_property
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource
from dbt.version import __version__ as dbt_version
from packaging import version

from orchestration.defs.dbt_project import dbt_project
from orchestration.lib.warehouse_lock import warehouse_lock
from orchestration.settings import DUCKDB_MEMORY_LIMIT, resolve_paths


class TertialPaths(dg.ConfigurableResource):
    """Where the sources folder, the exports folder and the DuckDB warehouse are."""

    sources: str
    exports: str
    warehouse: str

    @property
    def sources_dir(self) -> Path:
        return Path(self.sources)

    @property
    def exports_dir(self) -> Path:
        return Path(self.exports)

    @property
    def warehouse_file(self) -> Path:
        return Path(self.warehouse)

    def lock(self) -> AbstractContextManager[None]:
        """Hold while using the warehouse: one run at a time across processes."""
        return warehouse_lock(self.warehouse_file)

    def connect(self, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        """Open the warehouse; callers close it promptly (one writer at a time)."""
        if not read_only:
            self.warehouse_file.parent.mkdir(parents=True, exist_ok=True)
        return duckdb.connect(
            str(self.warehouse_file),
            read_only=read_only,
            config={"memory_limit": DUCKDB_MEMORY_LIMIT},
        )


class TertialDbtCli(DbtCliResource):
    """dagster-dbt's dbt CLI without two fixed costs of every run (about 6 s together).

    dagster-dbt asks a `dbt --version` subprocess for the version of the dbt installed in this
    environment, and builds an in-process dbt adapter that only row-count and column-metadata
    fetching use (we query those ourselves after the build, see dbt_models.py).
    `tests/test_definitions.py` fails if a dagster-dbt upgrade drops these two hooks.
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(dbt_version)

    def _initialize_dbt_core_adapter(self, args):  # noqa: ANN001, ANN202 - dagster-dbt's hook
        return None


def dbt_target_path(warehouse: Path) -> Path:
    """One dbt target folder per warehouse, kept between runs so that dbt parses partially.

    dagster-dbt's default is a new folder per run, and the profile (it holds the warehouse path)
    decides whether dbt may reuse a parse: both made every run parse the project from scratch.
    Runs on one warehouse are serialised by its lock, so they never share the folder at once.
    """
    digest = hashlib.sha256(str(warehouse.resolve()).encode()).hexdigest()[:12]
    return dbt_project.project_dir / "target" / f"warehouse-{digest}"


@dg.definitions
def resources() -> dg.Definitions:
    # Resolved when the code location loads, so TERTIAL_* variables set by the CLI apply.
    paths = resolve_paths()
    return dg.Definitions(
        resources={
            "paths": TertialPaths(
                sources=str(paths.sources),
                exports=str(paths.exports),
                warehouse=str(paths.warehouse),
            ),
            "dbt": TertialDbtCli(project_dir=dbt_project),
        }
    )
