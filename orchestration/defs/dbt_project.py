"""The dbt project as Dagster sees it; the manifest is prepared by `make manifest`."""

from dagster_dbt import DbtProject

from orchestration.settings import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR, target="dev")
dbt_project.prepare_if_dev()
