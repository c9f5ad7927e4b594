"""Running dbt for Dagster: the dbt CLI resource and the target folder of a warehouse."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject
from dbt.version import __version__ as dbt_version
from packaging import version

from orchestration.runtime import patches
from orchestration.runtime.failures import explain

# The build of a run. Unit tests check the SQL, not the data: `make test` runs them, report runs
# skip them. dbt.log in the target folder at info, not debug: every statement's SQL written to it
# cost about 1 s a run; the compiled SQL stays in target/compiled and target/run.
DBT_BUILD_ARGS = ("build", "--exclude-resource-type", "unit_test", "--log-level-file", "info")


class TertialDbtCli(DbtCliResource):
    """dagster-dbt's dbt CLI without two fixed costs of every run (about 6 s together).

    A speed patch (runtime/patches.py): dagster-dbt asks a `dbt --version` subprocess for the
    version of the dbt installed in this environment, and builds an in-process dbt adapter that
    only its row-count and column-metadata fetchers use (we query those ourselves after the
    build, see runtime/dbt_metadata.py).
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(dbt_version)

    def _initialize_dbt_core_adapter(self, args):  # noqa: ANN001, ANN202 - dagster-dbt's hook
        return None


def dbt_cli_resource(project: DbtProject, target: str | None = None) -> DbtCliResource:
    """The patched resource, or dagster-dbt's own when the speed patches are off (`target`:
    another target of the profile than the project's)."""
    resource = TertialDbtCli if patches.enabled() else DbtCliResource
    return resource(project_dir=project, target=target or project.target)


def dbt_target_path(project: DbtProject, warehouse: Path, target: str | None = None) -> Path:
    """One dbt target folder per warehouse, kept between runs so that dbt parses partially.

    dagster-dbt's default is a new folder per run, and the profile (it holds the warehouse path)
    decides whether dbt may reuse a parse: both made every run parse the project from scratch.
    Runs on one warehouse are serialised by its lock, so they never share the folder at once.
    """
    digest = hashlib.sha256(str(warehouse.resolve()).encode()).hexdigest()[:12]
    target = target or project.target or "dev"
    suffix = "" if target == "dev" else f"-{target}"  # each target parses on its own
    return Path(project.project_dir) / "target" / f"warehouse-{digest}{suffix}"


def _run_results(target: Path) -> list[dict]:
    """The results of the latest dbt command in `target` (OSError, ValueError, KeyError when
    run_results.json cannot be read)."""
    return json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]


def node_name(unique_id: str) -> str:
    """A node's name from its unique id: `model.tertial.<name>`, `test.tertial.<name>.<hash>`."""
    parts = unique_id.split(".")
    return parts[2] if len(parts) > 2 else unique_id


def dbt_failure(target: Path, error: BaseException) -> str:
    """What failed in a dbt build, in plain words, from dbt's run_results.json: each model that
    could not be built (with the database's message) and each error-level check that failed
    (with what it checks and how many rows broke it)."""
    try:
        results = _run_results(target)
        nodes = json.loads((target / "manifest.json").read_text(encoding="utf-8"))["nodes"]
    except (OSError, ValueError, KeyError):
        return f"the dbt build failed: {explain(error)}"
    problems = []
    for result in results:
        status, unique_id = result.get("status"), result.get("unique_id", "")
        node = nodes.get(unique_id, {})
        name = node.get("name") or node_name(unique_id)
        message = (result.get("message") or "").strip().splitlines()
        if status == "error":
            problems.append(f"{name} could not be built: {message[0] if message else 'error'}")
        elif status == "fail":
            what = node.get("description") or ""
            on = node.get("attached_node", "").split(".")[-1]
            problems.append(
                f"the check {name}{f' on {on}' if on else ''} failed "
                f"({result.get('failures')} row(s) break it){f': {what}' if what else ''}"
            )
    if not problems:
        return f"the dbt build failed: {explain(error)}"
    return "the dbt build failed: " + "; ".join(problems)


# Results of dbt's that become Dagster events: a built model or seed, an evaluated test.
_REPORTED = {"success", "pass", "warn", "fail"}


def unreported_results(target: Path, reported: Iterable[str | None]) -> list[str]:
    """The nodes dbt's run_results.json says were built or checked, whose result never reached
    Dagster (`reported`: the unique ids of the events received). OSError, ValueError or
    KeyError when run_results.json cannot be read.

    dagster-dbt reads dbt's results from its output, one JSON line each, with the output of
    everything dbt starts mixed in (it merges stderr). A line another writer broke is echoed
    as text, and that node's event is lost: its asset shows as not materialized in the run,
    and an export that needs it is skipped while the run still succeeds. Spark's console
    progress bar did this (no newline, written between dbt's lines; profiles.yml turns it off).
    """
    seen = set(reported)
    return [
        result["unique_id"]
        for result in _run_results(target)
        if result.get("status") in _REPORTED
        and result.get("unique_id", "").split(".")[0] in ("model", "seed", "snapshot", "test")
        and result["unique_id"] not in seen
    ]


def lost_results_problem(target: Path, reported: Iterable[str | None]) -> str | None:
    """Why a build whose results did not all reach Dagster fails, in plain words; None when
    every result arrived (see unreported_results)."""
    try:
        lost = unreported_results(target, reported)
    except (OSError, ValueError, KeyError) as error:
        return (
            f"dbt's run_results.json could not be read ({explain(error)}), so whether every "
            "model and check of the build reached Dagster is unknown. The build is not "
            "recorded as complete: the next run builds again."
        )
    if not lost:
        return None
    names = ", ".join(map(node_name, lost[:10])) + (", ..." if len(lost) > 10 else "")
    return (
        f"dbt built or checked {len(lost)} node(s) whose result never reached Dagster "
        f"({names}): a line of dbt's output was not dbt's (another program's output mixed "
        "into it, or dbt's log settings, e.g. DBT_QUIET or DBT_LOG_LEVEL, in the environment); "
        "such lines are in the run's log. The nodes that did report stay materialized; the "
        "build is not recorded as complete, so the next run builds again."
    )
