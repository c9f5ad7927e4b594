"""The dbt project as Dagster sees it; the manifest is prepared by `make manifest`."""

import os
import shutil
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from orchestration.runtime.engine import DBT_TARGETS, SPARK, dbt_target
from orchestration.runtime.settings import DBT_PROJECT_DIR


def _put_dbt_on_path() -> None:
    # dagster-dbt calls `dbt` from PATH (also in prepare_if_dev); use this environment's dbt
    # even when the virtual environment is not activated.
    bin_dir = Path(sys.prefix) / "bin"
    if shutil.which("dbt") is None and (bin_dir / "dbt").exists():
        os.environ["PATH"] = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"


_put_dbt_on_path()
# The target of the engine chosen for this process (runtime/engine.py): `dev` is DuckDB.
dbt_project = DbtProject(
    project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR, target=dbt_target()
)
dbt_project.prepare_if_dev()
# Fixed with the code location: the graph and the dbt target must agree for the whole process.
ENGINE_IS_SPARK = dbt_project.target == DBT_TARGETS[SPARK]
