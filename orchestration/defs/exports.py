"""Excel export assets: the workbooks finance downloads, one partition per report period."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb

from orchestration.defs.owners import FINANCE
from orchestration.defs.partitions import annual_partitions, monthly_partitions, tertial_partitions
from orchestration.defs.resources import TertialPaths
from orchestration.lib.errors import SourceFileError
from orchestration.lib.monthly_report import REPORT_NAME, write_monthly_report
from orchestration.lib.periodic_report import PeriodicReport, write_periodic_report
from orchestration.lib.periods import Period
from orchestration.lib.report_calendar import period_of_tertial_key
from orchestration.lib.report_sheets import Provenance

STOCKHOLM = ZoneInfo("Europe/Stockholm")
COMMON_REPORTS = ("rpt_activities", "rpt_warnings")
PERIODIC_REPORTS = (
    "rpt_tertial_result",
    "rpt_cost_development",
    "rpt_investments",
    "rpt_staff_indicators",
    "rpt_cumulative_result",
    *COMMON_REPORTS,
)
Writer = Callable[[duckdb.DuckDBPyConnection, Path, Period, Provenance], Path]


def _deps(names: tuple[str, ...]) -> list[dg.AssetKey]:
    return [dg.AssetKey(["reports", name]) for name in names]


def export_workbook(
    context: dg.AssetExecutionContext,
    paths: TertialPaths,
    period: Period,
    report_name: str,
    writer: Writer,
) -> dg.MaterializeResult:
    """Write one workbook from the warehouse (read-only) and describe it as metadata."""
    provenance = Provenance(report_name, period, context.run_id, dt.datetime.now(STOCKHOLM))
    with paths.lock():  # a read-only open also fails while another process writes
        con = paths.connect(read_only=True)
        try:
            path = writer(con, paths.exports_dir, period, provenance)
        except SourceFileError as error:
            raise dg.Failure(description=str(error)) from None
        finally:
            con.close()
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


@dg.asset(
    group_name="exports",
    partitions_def=monthly_partitions,
    description="Månadsuppföljning: exports/YYYY/manadsuppfoljning_YYYY-MM.xlsx with one sheet "
    "per layout table, Aktiviteter and Om rapporten.",
    deps=_deps(("rpt_monthly_result", *COMMON_REPORTS)),
    kinds={"excel"},
    owners=[FINANCE],
)
def monthly_report_xlsx(
    context: dg.AssetExecutionContext, paths: TertialPaths
) -> dg.MaterializeResult:
    period = Period.parse(context.partition_key)
    return export_workbook(context, paths, period, REPORT_NAME, write_monthly_report)


@dg.asset(
    group_name="exports",
    partitions_def=tertial_partitions,
    description="Uppföljningsrapport T1 (jan-apr) and T2 (jan-aug): "
    "exports/YYYY/uppfoljningsrapport_YYYY-T1.xlsx / -T2.xlsx.",
    deps=_deps(PERIODIC_REPORTS),
    kinds={"excel"},
    owners=[FINANCE],
)
def tertial_report_xlsx(
    context: dg.AssetExecutionContext, paths: TertialPaths
) -> dg.MaterializeResult:
    period = period_of_tertial_key(context.partition_key)
    return export_workbook(
        context, paths, period, PeriodicReport(period).name, write_periodic_report
    )


@dg.asset(
    group_name="exports",
    partitions_def=annual_partitions,
    description="Årsrapport: exports/YYYY/arsrapport_YYYY.xlsx, the tertial sheets for jan-dec "
    "plus Projektbilaga.",
    deps=_deps((*PERIODIC_REPORTS, "rpt_project_annex")),
    kinds={"excel"},
    owners=[FINANCE],
)
def annual_report_xlsx(
    context: dg.AssetExecutionContext, paths: TertialPaths
) -> dg.MaterializeResult:
    period = Period(int(context.partition_key), 12)
    return export_workbook(
        context, paths, period, PeriodicReport(period).name, write_periodic_report
    )
