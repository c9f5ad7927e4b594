"""The dbt models as Dagster assets: sources map to the ingestion assets, tests become checks."""

import os
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.defs.dbt_project import dbt_project
from orchestration.defs.owners import DATA_TEAM, FINANCE
from orchestration.defs.resources import TertialPaths
from orchestration.runtime.dbt import dbt_failure, dbt_target_path
from orchestration.runtime.dbt_metadata import check_description, dbt_model_metadata, failing_rows


class TertialTranslator(DagsterDbtTranslator):
    """Groups follow the model folders (staging, intermediate, marts, reports); owners by layer."""

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> list[str]:
        # finance answers for the report tables, the data team for everything before them
        return [FINANCE if dbt_resource_props["fqn"][1:2] == ["reports"] else DATA_TEAM]

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "marts"
        return dbt_resource_props["fqn"][1] if len(dbt_resource_props["fqn"]) > 2 else None

    def get_asset_check_spec(self, asset_spec, manifest, unique_id, project):  # noqa: ANN001, ANN201
        """dagster-dbt's check, with what the test checks as its description (the UI said
        "No description provided" for every generic test)."""
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None:
            return None
        return dg.AssetCheckSpec(
            name=spec.name,
            asset=spec.asset_key,
            description=check_description(manifest["nodes"][unique_id]),
            additional_deps=spec.additional_deps,
            metadata=spec.metadata,
            blocking=spec.blocking,
        )


translator = TertialTranslator()


def _unique_id(event: Any) -> str | None:
    value = getattr(event, "metadata", {}).get("unique_id")
    return getattr(value, "value", value)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=translator,
    pool="warehouse",
)
def tertial_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, paths: TertialPaths):
    # dbt reads the warehouse path from the profile's env_var.
    os.environ["TERTIAL_WAREHOUSE"] = str(paths.warehouse_file)
    with paths.lock():
        target = dbt_target_path(dbt_project, paths.warehouse_file)
        # Unit tests check the SQL, not the data: `make test` runs them, report runs skip them.
        # dbt.log in the target folder at info, not debug: every statement's SQL written to it
        # cost about 1 s a run; the compiled SQL stays in target/compiled and target/run.
        args = ["build", "--exclude-resource-type", "unit_test", "--log-level-file", "info"]
        events, failure = [], None
        try:
            for event in dbt.cli(args, context=context, target_path=target).stream():
                events.append(event)
        except Exception as error:  # keep the models that were built; fail after them
            failure = error
        # dbt has let go of the warehouse: now read columns, lineage and row counts
        built = [uid for uid in map(_unique_id, events) if uid and not uid.startswith("test.")]
        extra = (
            {}
            if failure
            else dbt_model_metadata(paths.warehouse_file, target, built, translator, dbt_project)
        )
        # a failing or warning check carries the rows that break it (codes, amounts, ...)
        failing = [
            _unique_id(event)
            for event in events
            if isinstance(event, dg.AssetCheckResult) and not event.passed
        ]
        rows = failing_rows(paths.warehouse_file, target, [uid for uid in failing if uid])
    for event in events:
        found = {**extra.get(_unique_id(event), {}), **rows.get(_unique_id(event), {})}
        yield event.with_metadata({**event.metadata, **found}) if found else event
    if failure:
        raise dg.Failure(description=dbt_failure(target, failure)) from failure
