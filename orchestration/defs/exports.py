"""Excel export assets: the workbooks finance downloads."""

import datetime as dt
from zoneinfo import ZoneInfo

import dagster as dg

from orchestration.defs.resources import TertialPaths
from orchestration.lib.errors import SourceFileError
from orchestration.lib.monthly_report import REPORT_NAME, write_monthly_report
from orchestration.lib.periods import Period
from orchestration.lib.report_sheets import Provenance

STOCKHOLM = ZoneInfo("Europe/Stockholm")


class ReportPeriodConfig(dg.Config):
    period: str  # YYYY-MM, the closed month the report is for


@dg.asset(
    group_name="exports",
    description="Månadsuppföljning: exports/YYYY/manadsuppfoljning_YYYY-MM.xlsx with one sheet per "
    "layout table, Aktiviteter and Om rapporten.",
    deps=[
        dg.AssetKey(["reports", name])
        for name in ("rpt_monthly_result", "rpt_activities", "rpt_warnings")
    ],
    kinds={"excel"},
)
def monthly_report_xlsx(
    context: dg.AssetExecutionContext, config: ReportPeriodConfig, paths: TertialPaths
) -> dg.MaterializeResult:
    period = Period.parse(config.period)
    provenance = Provenance(REPORT_NAME, period, context.run_id, dt.datetime.now(STOCKHOLM))
    con = paths.connect(read_only=True)
    try:
        path = write_monthly_report(con, paths.exports_dir, period, provenance)
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
