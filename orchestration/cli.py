"""`tertial run` and `tertial demo`: the command line of the contract, running through Dagster."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from orchestration.periods import Period
from orchestration.reports.catalog import MONTHLY, WORKBOOKS, latest_period_for, workbooks_for
from orchestration.runtime import patches
from orchestration.runtime.instance import ensure_dagster_home
from orchestration.runtime.lock import warehouse_lock
from orchestration.runtime.settings import Paths, resolve_paths

SAMPLE_MARKER = ".tertial-sample-data"
DEMO_YEARS_OF_HISTORY = 2


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _prepare_environment(paths: Paths) -> None:
    # Definitions read the paths from the environment when they load.
    os.environ["TERTIAL_SOURCES"] = str(paths.sources)
    os.environ["TERTIAL_EXPORTS"] = str(paths.exports)
    os.environ["TERTIAL_WAREHOUSE"] = str(paths.warehouse)
    ensure_dagster_home()
    from orchestration.defs.dbt_project import dbt_project

    if not dbt_project.manifest_path.exists():
        dbt_project.preparer.prepare(dbt_project)


def failure_messages(result) -> list[str]:
    """The step failures of a Dagster run, as the users should read them."""
    messages = []
    for event in result.all_events:
        if event.event_type_value != "STEP_FAILURE":
            continue
        data = event.step_failure_data
        if data.user_failure_data and data.user_failure_data.description:
            messages.append(data.user_failure_data.description)
        elif data.error:
            messages.append(f"{event.step_key}: {data.error.message.strip()}")
    return messages


def run_config(paths: Paths) -> dict:
    """Paths go in as resource config, so one loaded code location serves any folder."""
    return {
        "resources": {
            "paths": {
                "config": {
                    "sources": str(paths.sources),
                    "exports": str(paths.exports),
                    "warehouse": str(paths.warehouse),
                }
            }
        }
    }


Run = tuple[str, str, list[str] | None]  # job, partition, only these assets (None: all)


def report_runs(period: Period) -> list[Run]:
    """The runs for a closed month (report catalogue): the monthly follow-up, which loads and
    builds everything, then any other workbook of the month from the fresh warehouse."""
    runs: list[Run] = []
    for index, workbook in enumerate(workbooks_for(period)):
        only = None if index == 0 else [workbook.asset]
        runs.append((workbook.job, workbook.partition_key(period), only))
    return runs


def latest_periodic_runs(last: Period) -> list[Run]:
    """The latest report on or before `last` of every workbook but the monthly one (the demo)."""
    return [
        (workbook.job, workbook.partition_key(latest_period_for(workbook, last)), [workbook.asset])
        for workbook in WORKBOOKS
        if workbook is not MONTHLY
    ]


def run_report(
    period: Period, paths: Paths, extra: list[tuple[str, str, list[str] | None]] | None = None
) -> int:
    """Load the sources folder, build the models and write the reports of `period` (and any
    extra export-only runs on the same fresh warehouse)."""
    _prepare_environment(paths)
    from dagster import AssetKey, DagsterInstance

    from orchestration.definitions import defs

    # The whole run holds the warehouse: a second `tertial run` waits here, then runs.
    with warehouse_lock(paths.warehouse), DagsterInstance.get() as instance:
        runs = report_runs(period)
        runs += [run for run in extra or [] if run not in runs]
        for job_name, partition, only in runs:
            result = defs.resolve_job_def(job_name).execute_in_process(
                run_config=run_config(paths),
                instance=instance,
                partition_key=partition,
                asset_selection=[AssetKey(name) for name in only] if only else None,
                raise_on_error=False,
                tags={"tertial/period": str(period)},
            )
            if not result.success:
                messages = failure_messages(result) or [
                    "the run failed; see the Dagster UI for the log"
                ]
                print(
                    f"Tertial run {result.run_id} ({job_name} {partition}) failed; no export "
                    "was written. " + " ".join(messages),
                    file=sys.stderr,
                )
                return 1
            print(
                f"Tertial run {result.run_id} ({job_name} {partition}): written to {paths.exports}"
            )
    return 0


def generate_demo_sources(sources: Path, last: Period) -> dict[str, int]:
    """Write sample data for two years and the months of this year up to `last`."""
    from orchestration.sample.generator import generate

    foreign = [p for p in sources.glob("*") if p.name not in (SAMPLE_MARKER, "README.md")]
    if foreign and not (sources / SAMPLE_MARKER).exists():
        raise SystemExit(
            f"{sources} holds files that the demo did not write; give another --sources folder"
        )
    for child in sources.glob("*"):
        if child.is_dir():
            shutil.rmtree(child)
    sources.mkdir(parents=True, exist_ok=True)
    (sources / SAMPLE_MARKER).write_text("Generated by `tertial demo`; safe to delete.\n")
    first = Period(last.year - DEMO_YEARS_OF_HISTORY, 1)
    return generate(sources, first, last)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tertial", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="load sources, build models, write the period's reports")
    run.add_argument("--period", required=True, type=_period, help="closed month, YYYY-MM")
    demo = commands.add_parser("demo", help="generate sample sources and write their reports")
    demo.add_argument(
        "--period",
        type=_period,
        default=None,
        help="latest closed month of the sample (default: last month)",
    )
    for command in (run, demo):
        command.add_argument("--sources", help="sources folder (TERTIAL_SOURCES, sources/)")
        command.add_argument("--exports", help="exports folder (TERTIAL_EXPORTS, exports/)")
        command.add_argument(
            "--warehouse", help="DuckDB file (TERTIAL_WAREHOUSE, warehouse/tertial.duckdb)"
        )
    args = parser.parse_args(argv)
    paths = resolve_paths(args.sources, args.exports, args.warehouse)
    if args.command == "demo":
        from orchestration.sample.generator import latest_closed_month

        last = args.period or latest_closed_month()
        counts = generate_demo_sources(paths.sources, last)
        print(f"Sample data in {paths.sources}: {counts}")
        return run_report(last, paths, extra=latest_periodic_runs(last))
    return run_report(args.period, paths)


def console() -> None:
    """The `tertial` command (see runtime/patches.py for its quick exit)."""
    patches.exit_now(main())


if __name__ == "__main__":
    console()
