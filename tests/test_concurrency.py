"""Two `tertial run` started at the same moment on one warehouse, with the Dagster UI open on
the same instance: both must finish, and the UI lists both runs."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers import ask_graphql, run_command
from tests.periodic_case import write_case

pytestmark = pytest.mark.slow  # end to end: runs the real graph


def start_run(root: Path, period: str, home: Path) -> subprocess.Popen:
    # output to a file: a pipe nobody reads would block a run that holds the warehouse
    log = (root / f"run-{period}.log").open("w")
    return subprocess.Popen(
        run_command(root, period),
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "DAGSTER_HOME": str(home)},
    )


def test_two_simultaneous_runs_both_succeed(tmp_path: Path, webserver: int, ui_home: Path):
    write_case(tmp_path / "sources", 2019, 7)
    runs = [start_run(tmp_path, period, ui_home) for period in ("2019-06", "2019-07")]
    for run in runs:
        run.wait(timeout=600)
    outputs = [(tmp_path / f"run-{p}.log").read_text() for p in ("2019-06", "2019-07")]
    for run, output in zip(runs, outputs, strict=True):
        assert run.returncode == 0, output[-3000:]
        assert "Could not set lock" not in output
    assert (tmp_path / "exports" / "2019" / "manadsuppfoljning_2019-06.xlsx").exists()
    assert (tmp_path / "exports" / "2019" / "manadsuppfoljning_2019-07.xlsx").exists()
    listed = ask_graphql(webserver, "{ runsOrError { ... on Runs { results { status } } } }")
    statuses = [run["status"] for run in listed["runsOrError"]["results"]]
    assert statuses.count("SUCCESS") >= 2
