"""The dbt models as Dagster assets: sources map to the ingestion assets, tests become checks."""

import os
from collections.abc import Mapping
from contextlib import closing
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.defs.dbt_project import ENGINE_IS_SPARK, dbt_project
from orchestration.defs.owners import DATA_TEAM, FINANCE
from orchestration.defs.resources import TertialPaths
from orchestration.ingest.parquet import PUBLISHED_TABLES
from orchestration.runtime import build_state
from orchestration.runtime.dbt import (
    DBT_BUILD_ARGS,
    dbt_cli_resource,
    dbt_failure,
    dbt_target_path,
    lost_results_problem,
)
from orchestration.runtime.dbt_metadata import check_description, dbt_model_metadata, failing_rows
from orchestration.runtime.engine import (
    DBT_TARGETS,
    DUCKDB,
    SPARK,
    SPARK_DIR_VARIABLE,
    SparkFolders,
)
from orchestration.runtime.mirror import drop_mirrored_tables, mirror_spark_tables

# On Spark, dbt's sources are the published Parquet tables (defs/parquet.py), keyed so.
_PUBLISHED = {(t.schema, t.name): dg.AssetKey(["parquet", t.asset_name]) for t in PUBLISHED_TABLES}


class TertialTranslator(DagsterDbtTranslator):
    """Groups follow the model folders (staging, intermediate, marts, reports); owners by layer."""

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> list[str]:
        # finance answers for the report tables, the data team for everything before them
        return [FINANCE if dbt_resource_props["fqn"][1:2] == ["reports"] else DATA_TEAM]

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        props = dbt_resource_props
        if props["resource_type"] == "source" and ENGINE_IS_SPARK:
            found = _PUBLISHED.get((props["source_name"], props["name"]))
            if found is not None:
                return found
        return super().get_asset_key(props)

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
    # dbt reads the warehouse path (and Spark's folder) from the profile's env_var.
    os.environ["TERTIAL_WAREHOUSE"] = str(paths.warehouse_file)
    spark = ENGINE_IS_SPARK
    if spark:
        os.environ[SPARK_DIR_VARIABLE] = str(SparkFolders.of(paths.warehouse_file).root)
    # Only a build of the whole project may be relied on by a later run (runtime/build_state.py).
    whole = context.selected_asset_keys == context.assets_def.keys
    if reason := context.run.tags.get(build_state.REASON_TAG):
        context.log.info(f"Building the models: {reason}.")
    with paths.lock():
        with closing(paths.connect()) as con:
            build_state.forget(con)  # a failed or partial build leaves no record
        if not spark:  # views a Spark run left over Spark's tables: DuckDB builds them again
            drop_mirrored_tables(paths.warehouse_file)
        target = dbt_target_path(dbt_project, paths.warehouse_file)
        events, failure = [], None
        try:
            invocation = dbt.cli(list(DBT_BUILD_ARGS), context=context, target_path=target)
            for event in invocation.stream():  # one by one: a failure keeps what came before
                events.append(event)
        except Exception as error:  # keep the models that were built; fail after them
            failure = error
        if not failure:
            failure = _lost_results(target, events)
        if spark and not failure:
            failure = _mirror_spark_build(context, paths, target)
        if whole and not failure:
            with closing(paths.connect()) as con:
                build_state.record(con, SPARK if spark else DUCKDB, context.run_id)
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
    if isinstance(failure, dg.Failure):
        raise failure
    if failure:
        raise dg.Failure(description=dbt_failure(target, failure)) from failure


def _lost_results(target: Path, events: list[Any]) -> dg.Failure | None:
    """A build whose results did not all reach Dagster fails: its assets would show as not
    materialized and the exports that need them would be skipped without a word."""
    problem = lost_results_problem(target, map(_unique_id, events))
    return dg.Failure(description=problem) if problem else None


def _mirror_spark_build(
    context: dg.AssetExecutionContext, paths: TertialPaths, target: Path
) -> dg.Failure | None:
    """Spark's tables as DuckDB views, then dbt's view models in DuckDB (runtime/mirror.py)."""
    views = dbt_target_path(dbt_project, paths.warehouse_file, DBT_TARGETS[DUCKDB])
    try:
        mirrored = mirror_spark_tables(paths.warehouse_file, target)
        dbt_cli_resource(dbt_project, DBT_TARGETS[DUCKDB]).cli(
            ["run", "--select", "config.materialized:view", "--log-level-file", "info"],
            manifest=dbt_project.manifest_path,
            target_path=views,
        ).wait()
    except Exception as error:
        return dg.Failure(
            description="after the Spark build, making its tables readable in "
            f"{paths.warehouse_file} failed: {dbt_failure(views, error)}"
        )
    context.log.info(f"{mirrored} Spark tables readable in {paths.warehouse_file} as views")
    return None
