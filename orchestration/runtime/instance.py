"""The Dagster instance the CLI and `make ui` share (DAGSTER_HOME)."""

from __future__ import annotations

import os
from pathlib import Path

from orchestration.runtime import patches
from orchestration.runtime.settings import DEFAULT_DAGSTER_HOME, PROJECT_ROOT

# Warehouse writers are serialised by a file lock (runtime/lock.py), not by a Dagster pool
# limit: a run killed with SIGKILL keeps its pool slot until a daemon notices, and every later
# run would wait for it; a file lock dies with its process.
# The storages are Dagster's SQLite ones (same files under DAGSTER_HOME), keeping their
# SQLAlchemy engines between writes: see runtime/storage.py (a speed patch; with
# TERTIAL_SPEED_PATCHES=0 the instance uses Dagster's own, PLAIN_DAGSTER_YAML).
DAGSTER_YAML = """\
telemetry:
  enabled: false
run_storage:
  module: orchestration.runtime.storage
  class: TertialRunStorage
  config:
    base_dir: {home}/history
event_log_storage:
  module: orchestration.runtime.storage
  class: TertialEventLogStorage
  config:
    base_dir: {home}/history/runs
schedule_storage:
  module: dagster._core.storage.schedules
  class: SqliteScheduleStorage
  config:
    base_dir: {home}/schedules
"""
# Dagster's own storages (the same SQLite files), and what earlier versions of Tertial wrote.
PLAIN_DAGSTER_YAML = OLD_DAGSTER_YAML = """\
telemetry:
  enabled: false
"""
MOVED_STORAGE_MODULE = ("orchestration.instance_storage", "orchestration.runtime.storage")


def _written_by_tertial(text: str, home: Path) -> bool:
    current = DAGSTER_YAML.format(home=home.as_posix())
    return text in (PLAIN_DAGSTER_YAML, current, current.replace(*reversed(MOVED_STORAGE_MODULE)))


def instance_config(home: Path) -> str:
    """What dagster.yaml holds: Tertial's storages, or Dagster's own with the patches off."""
    return DAGSTER_YAML.format(home=home.as_posix()) if patches.enabled() else PLAIN_DAGSTER_YAML


def write_instance_config(home: Path) -> None:
    """The instance's dagster.yaml, unless the data team has written their own."""
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(instance_config(home), encoding="utf-8")
        return
    text = config.read_text(encoding="utf-8")
    if _written_by_tertial(text, home) and text != instance_config(home):
        config.write_text(instance_config(home), encoding="utf-8")


def ensure_dagster_home() -> Path:
    """Use DAGSTER_HOME if set, else the project's .dagster_home; create its dagster.yaml."""
    home = Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / DEFAULT_DAGSTER_HOME).resolve()
    home.mkdir(parents=True, exist_ok=True)
    write_instance_config(home)
    os.environ["DAGSTER_HOME"] = str(home)
    return home
