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
- cli.py: exit without the interpreter's module teardown (atexit._run_exitfuncs).
"""

from __future__ import annotations

import os

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


def enabled() -> bool:
    """Whether the speed patches apply (read each time, so a test can switch them)."""
    return os.environ.get(SETTING, "1").strip().lower() not in ("0", "false", "no", "off")
