"""The dbt models as Dagster assets: sources map to the ingestion assets, tests become checks."""

import os
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.defs.dbt_project import dbt_project
from orchestration.defs.owners import DATA_TEAM, FINANCE
from orchestration.defs.resources import TertialPaths, dbt_target_path


class TertialTranslator(DagsterDbtTranslator):
    """Groups follow the model folders (staging, intermediate, marts, reports); owners by layer."""

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> list[str]:
        # finance answers for the report tables, the data team for everything before them
        return [FINANCE if dbt_resource_props["fqn"][1:2] == ["reports"] else DATA_TEAM]

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "marts"
        return dbt_resource_props["fqn"][1] if len(dbt_resource_props["fqn"]) > 2 else None


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=TertialTranslator(),
    pool="warehouse",
)
def tertial_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, paths: TertialPaths):
    # dbt reads the warehouse path from the profile's env_var.
    os.environ["TERTIAL_WAREHOUSE"] = str(paths.warehouse_file)
    with paths.lock():
        target = dbt_target_path(paths.warehouse_file)
        # Unit tests check the SQL, not the data: `make test` runs them, report runs skip them.
        args = ["build", "--exclude-resource-type", "unit_test"]
        yield from dbt.cli(args, context=context, target_path=target).stream()
