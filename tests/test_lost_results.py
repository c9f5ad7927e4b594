"""A run never succeeds with less than it was asked for: a dbt result that did not reach
Dagster fails the build, a step Dagster skipped fails the command, and neither DuckDB nor Spark
draws a progress bar into the output dbt's results are read from."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest
import yaml

from orchestration.runtime.dbt import unreported_results
from orchestration.runtime.runner import skipped_steps
from orchestration.runtime.settings import DBT_PROJECT_DIR, connect_duckdb


def _run_results(target: Path, results: list[tuple[str, str]]) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    body = {"results": [{"unique_id": uid, "status": status} for uid, status in results]}
    (target / "run_results.json").write_text(json.dumps(body), encoding="utf-8")
    return target


def test_a_built_model_without_its_event_is_reported(tmp_path: Path):
    target = _run_results(
        tmp_path / "target",
        [
            ("model.tertial.int_forecast__in_force", "success"),
            ("model.tertial.rpt_forecast_template", "success"),
            ("seed.tertial.account_classes", "success"),
            ("test.tertial.not_null_rpt_forecast_template_uppdrag.1a2b", "pass"),
            ("test.tertial.unique_rpt_forecast_template_uppdrag.3c4d", "warn"),
            ("model.tertial.rpt_skipped_after_error", "skipped"),  # no event is due
            ("operation.tertial.tertial-on-run-end-0", "success"),  # a hook: not an asset
        ],
    )
    received = [
        "model.tertial.int_forecast__in_force",
        "seed.tertial.account_classes",
        "test.tertial.not_null_rpt_forecast_template_uppdrag.1a2b",
        None,  # an event without a unique id (a log line)
    ]
    assert unreported_results(target, received) == [
        "model.tertial.rpt_forecast_template",
        "test.tertial.unique_rpt_forecast_template_uppdrag.3c4d",
    ]
    everything = received + [
        "model.tertial.rpt_forecast_template",
        "test.tertial.unique_rpt_forecast_template_uppdrag.3c4d",
    ]
    assert unreported_results(target, everything) == []


def test_the_build_fails_naming_the_lost_nodes(tmp_path: Path):
    from orchestration.defs.dbt_models import _lost_results

    target = _run_results(
        tmp_path / "target",
        [
            ("model.tertial.rpt_forecast_template", "success"),
            ("test.tertial.relationships_dim_uppdrag_owner_key__uppdrag.a1c69c90a0", "pass"),
        ],
    )
    received = [dg.Output(None, metadata={"unique_id": "model.tertial.rpt_forecast_template"})]
    failure = _lost_results(target, received)
    assert failure is not None
    assert "1 node(s) whose result never reached Dagster " in failure.description
    assert "(relationships_dim_uppdrag_owner_key__uppdrag)" in failure.description
    missing = _lost_results(tmp_path / "nowhere", received)
    assert missing is not None and "run_results.json could not be read" in missing.description


def test_unreadable_run_results_are_an_error(tmp_path: Path):
    (tmp_path / "run_results.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError):
        unreported_results(tmp_path, [])
    with pytest.raises(FileNotFoundError):
        unreported_results(tmp_path / "missing", [])


def test_a_skipped_step_is_named():
    @dg.asset(output_required=False)
    def models():  # noqa: ANN202 - like dagster-dbt when a result line is lost: no output
        if False:
            yield dg.Output(None)

    @dg.asset(deps=[models])
    def workbook() -> None:
        raise AssertionError("never runs")

    result = dg.materialize([models, workbook])
    assert result.success
    (message,) = skipped_steps(result)
    assert message.startswith(
        "workbook was skipped: an asset it needs was not materialized in the run"
    )


def _stdout_of_a_long_statement(enable_progress_bar: bool) -> bytes:
    """What a DuckDB statement running past the progress bar's wait prints to a pipe."""
    script = (
        "import duckdb\n"
        "con = duckdb.connect()\n"
        "con.execute('SET progress_bar_time = 10')\n"  # 10 ms, not 2 s (this turns the bar on)
        f"con.execute('SET enable_progress_bar = {enable_progress_bar}')\n"
        "con.sql('select sum(a * b) from range(150000000) t(a), (select 1 b)').fetchall()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, timeout=120, check=True
    )
    return done.stdout


def test_duckdb_draws_no_progress_bar_into_an_output_dbt_shares(tmp_path: Path):
    # the bar: carriage returns on stdout; the setting that keeps it away
    assert b"\r" in _stdout_of_a_long_statement(enable_progress_bar=True)
    assert _stdout_of_a_long_statement(enable_progress_bar=False) == b""
    # is set on the connections that load and write the warehouse
    con = connect_duckdb(tmp_path / "wh.duckdb")
    assert con.execute("select current_setting('enable_progress_bar')").fetchone() == (False,)
    con.close()
    # and on dbt's (profiles.yml); Spark's bar is off too
    profiles = yaml.safe_load((DBT_PROJECT_DIR / "profiles.yml").read_text(encoding="utf-8"))
    assert profiles["tertial"]["outputs"]["dev"]["settings"]["enable_progress_bar"] is False
    spark = profiles["tertial"]["outputs"]["spark"]["server_side_parameters"]
    assert spark["spark.ui.showConsoleProgress"] == "false"
