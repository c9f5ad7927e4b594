"""Resources: the contract's paths (sources, exports, warehouse) and the dbt CLI."""

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.runtime.lock import warehouse_lock
from orchestration.runtime.settings import connect_duckdb, resolve_paths


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
        return connect_duckdb(self.warehouse_file, read_only)

    @contextmanager
    def opened(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """The warehouse open under the lock (a read-only open also fails while another
        process writes), closed afterwards."""
        with self.lock():
            con = self.connect(read_only=read_only)
            try:
                yield con
            finally:
                con.close()


def paths_resource() -> TertialPaths:
    """The paths resource, resolved now, so TERTIAL_* variables set by the CLI apply."""
    paths = resolve_paths()
    return TertialPaths(
        sources=str(paths.sources), exports=str(paths.exports), warehouse=str(paths.warehouse)
    )


@dg.definitions
def resources() -> dg.Definitions:
    # dbt (and dagster-dbt) load with the whole code location only: a run that only writes
    # exports (runtime/exports_only.py) needs the paths, not ~2.5 s of dbt imports.
    from orchestration.defs.dbt_project import dbt_project
    from orchestration.runtime.dbt import dbt_cli_resource

    return dg.Definitions(
        resources={"paths": paths_resource(), "dbt": dbt_cli_resource(dbt_project)}
    )
