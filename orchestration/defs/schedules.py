"""Schedules on Swedish working days (Europe/Stockholm), and the sources-folder sensor."""

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import dagster as dg

from orchestration.defs.jobs import annual_report_job, monthly_report_job, tertial_report_job
from orchestration.defs.resources import TertialPaths
from orchestration.lib.report_calendar import ReportDays, annual_due, monthly_due, tertial_due
from orchestration.lib.source_files import FOLDERS, KINDS_BY_NAME
from orchestration.settings import report_days

TIMEZONE = "Europe/Stockholm"
RUN_AT = "0 6 * * *"  # every morning; the functions decide whether today is the day


def _today(context: dg.ScheduleEvaluationContext) -> dt.date:
    moment = context.scheduled_execution_time or dt.datetime.now(ZoneInfo(TIMEZONE))
    return moment.astimezone(ZoneInfo(TIMEZONE)).date()


def working_day_schedule(
    job: Any,  # the asset job define_asset_job returns
    report: str,
    due: Callable[[dt.date, ReportDays], object | None],
    description: str,
) -> dg.ScheduleDefinition:
    """A daily schedule that requests the report's partition on its working day, else skips."""

    @dg.schedule(
        name=f"{report}_report_schedule",
        job=job,
        cron_schedule=RUN_AT,
        execution_timezone=TIMEZONE,
        description=description,
    )
    def _schedule(context: dg.ScheduleEvaluationContext):
        partition = due(_today(context), report_days())
        if partition is None:
            return dg.SkipReason(f"not the {report} report's working day")
        return dg.RunRequest(partition_key=str(partition), run_key=f"{report}-{partition}")

    return _schedule


monthly_report_schedule = working_day_schedule(
    monthly_report_job,
    "monthly",
    monthly_due,
    "Monthly follow-up on the n-th Swedish working day after month end "
    "(TERTIAL_MONTHLY_WORKING_DAY, default 6).",
)
tertial_report_schedule = working_day_schedule(
    tertial_report_job,
    "tertial",
    tertial_due,
    "Tertial reports on the n-th working day of May (T1) and September (T2) "
    "(TERTIAL_TERTIAL_WORKING_DAY, default 8).",
)
annual_report_schedule = working_day_schedule(
    annual_report_job,
    "annual",
    annual_due,
    "Annual report on the n-th working day of February (TERTIAL_ANNUAL_WORKING_DAY, default 10).",
)


def sources_fingerprint(paths: TertialPaths) -> tuple[str, str | None]:
    """A hash of every file's name, size and modification time, and the latest ledger month."""
    digest, latest = hashlib.sha256(), None
    for folder in FOLDERS:
        directory = paths.sources_dir / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            stat = path.stat()
            digest.update(f"{folder}/{path.name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
            match = KINDS_BY_NAME["ledger"].pattern.fullmatch(path.name)
            if folder == "ledger" and match and (latest is None or match["key"] > latest):
                latest = match["key"]
    return digest.hexdigest(), latest


@dg.sensor(
    job=monthly_report_job,
    minimum_interval_seconds=60,
    description="Notices new or changed files in the sources folder and rebuilds the "
    "warehouse and the latest month's follow-up.",
)
def sources_folder_sensor(context: dg.SensorEvaluationContext, paths: TertialPaths):
    fingerprint, latest = sources_fingerprint(paths)
    if fingerprint == context.cursor:
        return dg.SkipReason("no new or changed source files")
    context.update_cursor(fingerprint)
    if latest is None:
        return dg.SkipReason("no ledger file in the sources folder")
    return dg.RunRequest(partition_key=latest, run_key=fingerprint)
