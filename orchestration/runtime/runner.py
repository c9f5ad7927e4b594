"""Running the report jobs through Dagster for the command line: checks before anything is
built, the runs (quiet unless asked), a short summary, or one paragraph that says what failed,
with which file or folder; the full log goes to a file."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from contextlib import nullcontext, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from orchestration.periods import Period
from orchestration.runtime import build_state
from orchestration.runtime.engine import dbt_target, engine_name
from orchestration.runtime.failures import explain
from orchestration.runtime.instance import ensure_dagster_home
from orchestration.runtime.lock import warehouse_lock
from orchestration.runtime.preflight import PreflightError, check_before_run, check_warehouse
from orchestration.runtime.settings import Paths

# job, partition (a key, or the first and last key of a range), only these assets (None: all)
Run = tuple[str, str | tuple[str, str], list[str] | None]
UNCHANGED_EXPORTS = "No export was written; exports from earlier runs are unchanged."
REBUILD_ASKED = "a rebuild was asked for (--rebuild)"


def run_config(paths: Paths, verbose: bool = False) -> dict:
    """Paths go in as resource config, so one loaded code location serves any folder; the
    console logger prints only when asked (the full log is in the log file and the UI)."""
    return {
        "resources": {
            "paths": {
                "config": {
                    "sources": str(paths.sources),
                    "exports": str(paths.exports),
                    "warehouse": str(paths.warehouse),
                }
            }
        },
        "loggers": {"console": {"config": {"log_level": "DEBUG" if verbose else "CRITICAL"}}},
    }


def failure_messages(result: Any) -> list[str]:
    """The step failures of a Dagster run, as the users should read them."""
    messages = []
    for event in result.all_events:
        if event.event_type_value != "STEP_FAILURE":
            continue
        data = event.step_failure_data
        if data.user_failure_data and data.user_failure_data.description:
            messages.append(data.user_failure_data.description)
        elif data.error:
            cause = data.error.cause or data.error
            messages.append(f"{event.step_key} failed: {cause.message.strip().splitlines()[0]}")
    return messages


def skipped_steps(result: Any) -> list[str]:
    """The steps Dagster skipped in a run that succeeded: each had an asset upstream that the
    run did not materialize, so its own asset (a workbook, say) was not made."""
    return [
        f"{event.step_key} was skipped: an asset it needs was not materialized in the run "
        "(the run's log says which); run again, and if it repeats, look at that asset's step"
        for event in result.all_events
        if event.event_type_value == "STEP_SKIPPED"
    ]


@dataclass
class Summary:
    """What the runs of one command did: files loaded, checks, workbooks written."""

    files: int = 0
    files_loaded: int = 0
    rows_loaded: int = 0
    checks_passed: int = 0
    warnings: list[str] = field(default_factory=list)
    workbooks: list[str] = field(default_factory=list)
    unchanged_since: build_state.Recorded | None = None  # nothing loaded or built
    rebuilt: bool = False  # built although nothing changed (--rebuild)

    def add(self, result: Any) -> None:
        for event in result.get_asset_materialization_events():
            materialization = event.step_materialization_data.materialization
            key, metadata = materialization.asset_key.path, materialization.metadata
            if key[0] == "raw" and "files" in metadata:
                self.files += metadata["files"].value
                self.files_loaded += metadata["files_loaded"].value
                self.rows_loaded += metadata["rows_loaded"].value
            if "path" in metadata and str(metadata["path"].value).endswith(".xlsx"):
                self.workbooks.append(str(metadata["path"].value))
        for evaluation in result.get_asset_check_evaluations():
            if evaluation.passed:
                self.checks_passed += 1
            else:
                self.warnings.append(f"{evaluation.check_name} ({evaluation.asset_key.path[-1]})")

    def text(self, period: Period, log: Path) -> str:
        rows = f"{self.rows_loaded:,}".replace(",", " ")
        loaded = (
            f"loaded {self.files_loaded} new or changed file(s), {rows} rows "
            f"({self.files - self.files_loaded} unchanged)"
            if self.files_loaded
            else f"all {self.files} source files unchanged"
        )
        checks = f"{self.checks_passed} checks passed"
        if self.warnings:
            checks += f", {len(self.warnings)} warned: {', '.join(self.warnings)}"
        if self.unchanged_since:
            built = self.unchanged_since.built_local
            lines = [
                f"Tertial {period}: nothing changed since the build of {built:%Y-%m-%d %H:%M} "
                "(sources, dbt project, settings): loading and the dbt build skipped."
            ]
        else:
            asked = "; rebuilt as asked (--rebuild)" if self.rebuilt else ""
            lines = [f"Tertial {period}: {loaded}; {checks}{asked}."]
        lines += [f"  wrote {path}" for path in self.workbooks]
        lines.append(f"  log: {log}")
        return "\n".join(lines)


def _log_file(home: Path, period: Period) -> Path:
    folder = home / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return folder / f"tertial-{period}-{stamp}.log"


def _write_run_log(instance: Any, run_id: str, log: TextIO) -> None:
    """The run's event log as text: what the UI shows, for the data team's files."""
    for entry in instance.all_logs(run_id):
        moment = dt.datetime.fromtimestamp(entry.timestamp).strftime("%Y-%m-%d %H:%M:%S")
        level = logging.getLevelName(entry.level)
        step = entry.step_key or "-"
        message = entry.user_message or (entry.dagster_event.message if entry.dagster_event else "")
        log.write(f"{moment} {level:<7} {entry.job_name} {step}: {message}\n")


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def run_reports(
    period: Period, paths: Paths, runs: list[Run], verbose: bool = False, rebuild: bool = False
) -> int:
    """Check, then run the jobs one after the other; 0 on success, 1 with a message otherwise.
    `rebuild`: load and build even when nothing changed since the last build."""
    try:
        check_before_run(paths, period)
    except PreflightError as problem:
        return _fail(f"Tertial cannot make the reports for {period}: {problem} {UNCHANGED_EXPORTS}")
    try:
        home = ensure_dagster_home()
        log_path = _log_file(home, period)
    except OSError as error:
        return _fail(
            f"Tertial cannot use its Dagster home folder (DAGSTER_HOME): {explain(error)}."
        )
    handler = logging.FileHandler(log_path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)
    try:
        return _run(period, paths, runs, verbose, log_path, rebuild)
    except PreflightError as problem:
        return _fail(f"Tertial cannot make the reports for {period}: {problem} {UNCHANGED_EXPORTS}")
    except Exception as error:  # anything else: the cause in plain words, the trace in the log
        logging.getLogger(__name__).exception("tertial run failed")
        return _fail(
            f"Tertial could not make the reports for {period}: {explain(error)}. "
            f"{UNCHANGED_EXPORTS} The full log: {log_path}"
        )
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()


def _run(
    period: Period, paths: Paths, runs: list[Run], verbose: bool, log_path: Path, rebuild: bool
) -> int:
    # Definitions read the paths from the environment when they load.
    os.environ["TERTIAL_SOURCES"] = str(paths.sources)
    os.environ["TERTIAL_EXPORTS"] = str(paths.exports)
    os.environ["TERTIAL_WAREHOUSE"] = str(paths.warehouse)
    summary = Summary()
    # The whole command holds the warehouse: a second `tertial run` waits here, then runs.
    with warehouse_lock(paths.warehouse):
        check_warehouse(paths.warehouse)
        verdict = build_state.verdict(paths.warehouse, paths.sources, engine_name())
        if rebuild and verdict.unchanged:  # otherwise the log names what changed
            verdict = build_state.Verdict(None, REBUILD_ASKED)
            summary.rebuilt = True
        skip = summary.unchanged_since = verdict.unchanged
        with log_path.open("a", encoding="utf-8") as log:
            log.write(
                f"Nothing to load or build ({verdict.reason} since run {skip.run_id}): only the "
                "exports are written.\n"
                if skip
                else f"Loading and building: {verdict.reason}.\n"
            )
        defs = _definitions(exports_only=skip is not None)
        from dagster import AssetKey, DagsterInstance

        # A run over a partition range is asked for with these tags (what Dagster's single-run
        # backfills set); not exported by `dagster`, so an upgrade that moves them fails here.
        from dagster._core.storage.tags import (
            ASSET_PARTITION_RANGE_END_TAG,
            ASSET_PARTITION_RANGE_START_TAG,
        )

        reason = skip.tags() if skip else {build_state.REASON_TAG: verdict.reason}
        with DagsterInstance.get() as instance:
            for job_name, partition, only in runs:
                tags = {"tertial/period": str(period), **reason}
                if isinstance(partition, tuple):  # a range: one run writes every report of it
                    tags[ASSET_PARTITION_RANGE_START_TAG], tags[ASSET_PARTITION_RANGE_END_TAG] = (
                        partition
                    )
                with log_path.open("a", encoding="utf-8") as log:
                    # dagster-dbt echoes dbt's output on stdout: into the log unless asked for
                    with nullcontext() if verbose else redirect_stdout(log):
                        result = defs.resolve_job_def(job_name).execute_in_process(
                            run_config=run_config(paths, verbose),
                            instance=instance,
                            partition_key=None if isinstance(partition, tuple) else partition,
                            asset_selection=[AssetKey(name) for name in only] if only else None,
                            raise_on_error=False,
                            tags=tags,
                        )
                    _write_run_log(instance, result.run_id, log)
                if result.success:  # what it wrote is named even if a step was skipped
                    summary.add(result)
                    messages = skipped_steps(result)
                else:
                    messages = failure_messages(result) or ["the run failed"]
                if messages:
                    written = (
                        f"Written: {', '.join(summary.workbooks)}; no other export was written, "
                        "exports from earlier runs are unchanged."
                        if summary.workbooks
                        else UNCHANGED_EXPORTS
                    )
                    where = partition if isinstance(partition, str) else "..".join(partition)
                    return _fail(
                        f"Tertial could not make the reports for {period} (Dagster run "
                        f"{result.run_id}, {job_name} {where}): "
                        + "\n".join(messages)
                        + f"\n{written} The full log: {log_path} (and the run in the "
                        "Dagster UI, `make ui`)."
                    )
    print(summary.text(period, log_path))
    return 0


def _definitions(exports_only: bool) -> Any:
    """The code location, or (nothing to load or build) its report jobs with exports only."""
    if exports_only:
        from orchestration.runtime.exports_only import exports_only_definitions

        return exports_only_definitions()
    from orchestration.defs.dbt_project import dbt_project

    if not dbt_project.manifest_path.exists():
        dbt_project.preparer.prepare(dbt_project)
    from orchestration.definitions import defs

    if dbt_project.target != dbt_target():  # the code location loads once per process
        raise PreflightError(
            f"this process loaded Tertial for the {dbt_project.target} dbt target; the "
            f"{engine_name()} engine needs a new process: run the command again."
        )
    return defs
