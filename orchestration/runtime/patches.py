"""The speed patches on private APIs of Dagster, dagster-dbt and CPython, in one place.

Each saves seconds on every run (measured in DECISIONLOG.md); each relies on an API that is not
public, listed in PRIVATE_APIS, and `tests/test_runtime_patches.py` fails loudly when an upgrade
moves one. `TERTIAL_SPEED_PATCHES=0` switches them all off: a run then works the same, only
slower (and without column lineage in the asset metadata).

- runtime/dbt.py: no `dbt --version` subprocess and no in-process dbt adapter per run
  (DbtCliResource._cli_version, ._initialize_dbt_core_adapter);
- runtime/dbt_metadata.py: column lineage from the SQL dbt compiled, cached
  (dagster_dbt.core.dbt_cli_event._build_column_lineage_metadata, EventHistoryMetadata);
- runtime/storage.py: Dagster's SQLite storages keep their engines
  (SqliteEventLogStorage._connect, _initdb; SqliteRunStorage.connect);
- patches.py `exit_now` (the `tertial` command's exit): no module teardown
  (atexit._run_exitfuncs).
With the switch off, the dagster.yaml Tertial writes names Dagster's own storages, the dbt
resource is dagster-dbt's own, and the private modules are not even imported.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import NoReturn

SETTING = "TERTIAL_SPEED_PATCHES"

# (module, attribute path) of every private API a patch relies on.
PRIVATE_APIS: tuple[tuple[str, str], ...] = (
    ("dagster_dbt", "DbtCliResource._cli_version"),
    ("dagster_dbt", "DbtCliResource._initialize_dbt_core_adapter"),
    ("dagster_dbt.core.dbt_cli_event", "_build_column_lineage_metadata"),
    ("dagster_dbt.core.dbt_cli_event", "EventHistoryMetadata"),
    ("dagster._core.storage.event_log.sqlite.sqlite_event_log", "SqliteEventLogStorage._connect"),
    ("dagster._core.storage.event_log.sqlite.sqlite_event_log", "SqliteEventLogStorage._initdb"),
    ("dagster._core.storage.runs.sqlite.sqlite_run_storage", "SqliteRunStorage.connect"),
    ("dagster._core.storage.sql", "create_engine"),
    ("dagster._core.storage.sqlite", "SQLITE_BUSY_TIMEOUT_SECONDS"),
    ("atexit", "_run_exitfuncs"),
)
# Attributes the storages set on themselves (checked on a storage built in a test).
PRIVATE_STORAGE_ATTRIBUTES = {
    "SqliteEventLogStorage": ("_db_lock", "_initialized_dbs", "conn_string_for_shard"),
    "SqliteRunStorage": ("_conn_string",),
}


def enabled() -> bool:
    """Whether the speed patches apply (read each time, so a test can switch them)."""
    return os.environ.get(SETTING, "1").strip().lower() not in ("0", "false", "no", "off")


def exit_now(code: int) -> NoReturn:
    """Exit after the exit callbacks, without the interpreter's module teardown.

    Tearing down the ~3 000 modules Dagster and dbt import took 1.2 s after every `tertial`
    run, with nothing left to do: connections are closed and files written by then. The exit
    callbacks (temporary folders, logging) still run; only the teardown after them is skipped.
    """
    if not enabled():
        sys.exit(code)
    import atexit

    atexit._run_exitfuncs()  # noqa: SLF001 - what a normal exit runs first
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
