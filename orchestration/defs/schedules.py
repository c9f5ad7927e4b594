"""Schedules on Swedish working days (Europe/Stockholm), and the sources-folder sensor."""

import datetime as dt
import hashlib
from typing import Any
from zoneinfo import ZoneInfo

import dagster as dg

from orchestration.defs.jobs import report_jobs
from orchestration.defs.partitions import PARTITIONS
from orchestration.defs.resources import TertialPaths
from orchestration.ingest.errors import SourceFileError
from orchestration.ingest.sie4 import last_voucher_month
from orchestration.ingest.source_files import FOLDERS, KINDS_BY_NAME, classify
from orchestration.reports.catalog import MONTHLY, WORKBOOKS, Workbook

TIMEZONE = "Europe/Stockholm"
RUN_AT = "0 6 * * *"  # every morning; the functions decide whether today is the day


def _today(context: dg.ScheduleEvaluationContext) -> dt.date:
    moment = context.scheduled_execution_time or dt.datetime.now(ZoneInfo(TIMEZONE))
    return moment.astimezone(ZoneInfo(TIMEZONE)).date()


def next_due(workbook: Workbook, count: int = 3) -> list[tuple[dt.date, str]]:
    """The next run dates of a workbook's schedule (from when the code location loads)."""
    day, found = dt.datetime.now(ZoneInfo(TIMEZONE)).date(), []
    for _ in range(800):
        if (period := workbook.due_on(day)) is not None:
            found.append((day, workbook.partition_key(period)))
            if len(found) == count:
                break
        day += dt.timedelta(days=1)
    return found


def working_day_schedule(workbook: Workbook, job: Any) -> dg.ScheduleDefinition:
    """A daily schedule that requests the workbook's partition on its working day, else skips.

    `job` is the workbook's asset job (define_asset_job's unresolved job).
    """

    @dg.schedule(
        name=workbook.schedule,
        job=job,
        cron_schedule=RUN_AT,
        execution_timezone=TIMEZONE,
        description=f"{workbook.title.split(' ')[0]}: 06:00 on Swedish working day "
        f"{workbook.due_working_day()} of the month {workbook.due_months_after} month(s) after "
        f"the report's month ({workbook.working_day_setting}). Next: "
        + ", ".join(f"{day} ({partition})" for day, partition in next_due(workbook)),
    )
    def _schedule(context: dg.ScheduleEvaluationContext):
        period = workbook.due_on(_today(context))
        if period is None:
            return dg.SkipReason(f"not the {workbook.key} report's working day")
        partition = workbook.partition_key(period)
        if not PARTITIONS[workbook.partition].has_partition_key(partition):
            # partitions end at the last closed period as of when the code location loaded
            return dg.SkipReason(
                f"{partition} is due today but was not closed when the code location loaded: "
                "reload it (Deployment > Reload in the UI, or restart the daemon)"
            )
        return dg.RunRequest(partition_key=partition, run_key=f"{workbook.key}-{partition}")

    return _schedule


JOBS = {job.name: job for job in report_jobs}
report_schedules = [working_day_schedule(w, JOBS[w.job]) for w in WORKBOOKS if not w.runs_with]


def sources_fingerprint(paths: TertialPaths) -> str:
    """A hash of every file's name, size and modification time."""
    digest = hashlib.sha256()
    for folder in FOLDERS:
        directory = paths.sources_dir / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            stat = path.stat()
            digest.update(f"{folder}/{path.name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def latest_ledger_month(paths: TertialPaths) -> str | None:
    """The latest month a ledger file delivers: a CSV file's name, or the last voucher date of
    an SIE 4 file (read only when the folder changed)."""
    folder = paths.sources_dir / KINDS_BY_NAME["ledger"].folder
    if not folder.is_dir():
        return None
    months = []
    for path in folder.iterdir():
        try:
            source = classify(path, folder.name)
            months.append(last_voucher_month(path) if source.is_sie4 else source.key)
        except (SourceFileError, OSError):  # the run that loads it names the problem
            continue
    return max((m for m in months if m), default=None)


@dg.sensor(
    job=JOBS[MONTHLY.job],
    minimum_interval_seconds=60,
    description="Notices new or changed files in the sources folder and rebuilds the "
    "warehouse and the latest month's follow-up.",
)
def sources_folder_sensor(context: dg.SensorEvaluationContext, paths: TertialPaths):
    fingerprint = sources_fingerprint(paths)
    if fingerprint == context.cursor:
        return dg.SkipReason("no new or changed source files")
    context.update_cursor(fingerprint)
    latest = latest_ledger_month(paths)
    if latest is None:
        return dg.SkipReason("no ledger file in the sources folder")
    return dg.RunRequest(partition_key=latest, run_key=fingerprint)
