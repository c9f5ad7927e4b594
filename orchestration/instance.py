"""The Dagster instance the CLI and `make ui` share (DAGSTER_HOME)."""

from __future__ import annotations

import os
from pathlib import Path

from orchestration.settings import DEFAULT_DAGSTER_HOME, PROJECT_ROOT

# Warehouse writers are serialised by a file lock (lib/warehouse_lock.py), not by a Dagster pool
# limit: a run killed with SIGKILL keeps its pool slot until a daemon notices, and every later
# run would wait for it; a file lock dies with its process.
DAGSTER_YAML = """\
telemetry:
  enabled: false
"""


def ensure_dagster_home() -> Path:
    """Use DAGSTER_HOME if set, else the project's .dagster_home; create its dagster.yaml."""
    home = Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / DEFAULT_DAGSTER_HOME).resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML, encoding="utf-8")
    os.environ["DAGSTER_HOME"] = str(home)
    return home
