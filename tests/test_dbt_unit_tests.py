"""dbt's unit tests (carry-over, sign rule, layout expansion, the sheet-shaped models) run here,
not in every report run: on an empty warehouse (dbt needs the input models' column types)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from orchestration.ingest.raw_store import ensure_raw_tables
from orchestration.reports.models import MANIFEST
from orchestration.runtime.settings import DBT_PROJECT_DIR


def _dbt(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).parent / "dbt"), *args, "--profiles-dir", str(DBT_PROJECT_DIR)],
        cwd=DBT_PROJECT_DIR,
        env={
            **os.environ,
            "TERTIAL_WAREHOUSE": str(tmp_path / "wh.duckdb"),
            "DBT_TARGET_PATH": str(tmp_path / "target"),
            "DBT_LOG_PATH": str(tmp_path / "logs"),
        },
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_dbt_unit_tests_pass(tmp_path: Path):
    con = duckdb.connect(str(tmp_path / "wh.duckdb"))
    ensure_raw_tables(con)  # the sources, empty
    con.close()
    built = _dbt(tmp_path, "build", "--empty", "--exclude-resource-type", "test", "unit_test")
    assert built.returncode == 0, built.stdout[-3000:]
    result = _dbt(tmp_path, "test", "--select", "test_type:unit")
    assert result.returncode == 0, result.stdout[-3000:]
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    # and the project's on-run-start hook (it registers Spark's sources; empty on DuckDB)
    assert f"PASS={len(manifest['unit_tests']) + 1} " in result.stdout
    assert len(manifest["unit_tests"]) >= 9
