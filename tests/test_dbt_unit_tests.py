"""dbt's unit tests (carry-over, sign rule, layout expansion) run here, not in every report run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from orchestration.settings import DBT_PROJECT_DIR


def test_dbt_unit_tests_pass(first_run: Path, tmp_path: Path):
    # on a copy of a built warehouse: dbt reads the input models' column types from it
    warehouse = tmp_path / "wh.duckdb"
    shutil.copyfile(first_run / "wh.duckdb", warehouse)
    dbt = Path(sys.executable).parent / "dbt"
    result = subprocess.run(
        [str(dbt), "test", "--select", "test_type:unit", "--profiles-dir", str(DBT_PROJECT_DIR)],
        cwd=DBT_PROJECT_DIR,
        env={
            **os.environ,
            "TERTIAL_WAREHOUSE": str(warehouse),
            "DBT_TARGET_PATH": str(tmp_path / "target"),
            "DBT_LOG_PATH": str(tmp_path / "logs"),
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "PASS=3" in result.stdout
