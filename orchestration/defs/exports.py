"""Excel export assets: one per workbook of the report catalogue, one partition per report."""

import datetime as dt
import warnings
from collections.abc import Mapping

import dagster as dg

from orchestration.defs.owners import FINANCE
from orchestration.defs.partitions import PARTITIONS
from orchestration.defs.resources import TertialPaths
from orchestration.reports.about import STOCKHOLM, Provenance
from orchestration.reports.catalog import WORKBOOKS, Workbook
from orchestration.reports.workbook import ReportNotReady, write_workbook
from orchestration.runtime.build_state import BUILD_TAG, BUILT_AT_TAG, BUILT_BY_TAG, SKIPPED
from orchestration.runtime.failures import explained


def build_export_asset(workbook: Workbook) -> dg.AssetsDefinition:
    with warnings.catch_warnings():  # backfill_policy is "beta" in Dagster 1.13, stable in use
        warnings.simplefilter("ignore", dg.BetaWarning)
        return _export_asset(workbook)


def _export_asset(workbook: Workbook) -> dg.AssetsDefinition:
    @dg.asset(
        name=workbook.asset,
        group_name="exports",
        partitions_def=PARTITIONS[workbook.partition],
        # A backfill of many reports is one run: the models are built once (they hold every
        # closed period), then every report of the range is written.
        backfill_policy=dg.BackfillPolicy.single_run(),
        description=workbook.description,
        deps=[dg.AssetKey(["reports", model]) for model in workbook.models],
        kinds={"excel"},
        owners=[FINANCE],
    )
    def _export(context: dg.AssetExecutionContext, paths: TertialPaths) -> None:
        build = skipped_build(context.run.tags)
        if build:
            context.log.info(build)
        for key in context.partition_keys:
            metadata = _write(context, paths, workbook, key)
            if build:
                metadata["build"] = build
            context.add_asset_metadata(metadata, partition_key=key)

    return _export


def skipped_build(tags: Mapping[str, str]) -> str | None:
    """Why this run built nothing (an export-only run of `tertial run`), in words; or None."""
    if tags.get(BUILD_TAG) != SKIPPED:
        return None
    built = dt.datetime.fromisoformat(tags[BUILT_AT_TAG])  # Swedish time
    return (
        "Nothing was loaded or built: the sources folder, the dbt project and the settings are "
        f"unchanged since the build of run {tags[BUILT_BY_TAG]} ({built:%Y-%m-%d %H:%M}), so "
        "the report tables are current."
    )


def _write(
    context: dg.AssetExecutionContext, paths: TertialPaths, workbook: Workbook, key: str
) -> dict[str, object]:
    period = workbook.period_of(key)
    provenance = Provenance(
        workbook.name_for(period), period, context.run_id, dt.datetime.now(STOCKHOLM)
    )
    with (
        explained(f"Writing {workbook.file_for(period)} in {paths.exports_dir}"),
        paths.opened() as con,
    ):
        try:
            path = write_workbook(con, workbook, period, paths.exports_dir, provenance)
        except ReportNotReady as error:
            raise dg.Failure(description=str(error)) from None
    for warning in provenance.warnings:
        context.log.warning(warning)
    return {
        "path": dg.MetadataValue.path(str(path)),
        "period": str(period),
        "warnings": len(provenance.warnings),
        "source_files": len(provenance.files),
        "size_bytes": path.stat().st_size,
    }


export_assets = [build_export_asset(workbook) for workbook in WORKBOOKS]
