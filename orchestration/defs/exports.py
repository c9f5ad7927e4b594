"""Excel export assets: one per workbook of the report catalogue, one partition per report."""

import datetime as dt
from zoneinfo import ZoneInfo

import dagster as dg

from orchestration.defs.owners import FINANCE
from orchestration.defs.partitions import PARTITIONS
from orchestration.defs.resources import TertialPaths
from orchestration.reports.about import Provenance
from orchestration.reports.catalog import WORKBOOKS, Workbook
from orchestration.reports.workbook import ReportNotReady, write_workbook
from orchestration.runtime.failures import explained

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def build_export_asset(workbook: Workbook) -> dg.AssetsDefinition:
    @dg.asset(
        name=workbook.asset,
        group_name="exports",
        partitions_def=PARTITIONS[workbook.partition],
        description=workbook.description,
        deps=[dg.AssetKey(["reports", model]) for model in workbook.models],
        kinds={"excel"},
        owners=[FINANCE],
    )
    def _export(context: dg.AssetExecutionContext, paths: TertialPaths) -> dg.MaterializeResult:
        period = workbook.period_of(context.partition_key)
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
        return dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(str(path)),
                "period": str(period),
                "warnings": len(provenance.warnings),
                "source_files": len(provenance.files),
                "size_bytes": path.stat().st_size,
            }
        )

    return _export


export_assets = [build_export_asset(workbook) for workbook in WORKBOOKS]
