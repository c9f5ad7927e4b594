"""A run never succeeds with less than it was asked for: a dbt result that did not reach
Dagster fails the build, and a step Dagster skipped fails the command."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg

from orchestration.runtime.dbt import unreported_results
from orchestration.runtime.runner import skipped_steps


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


def test_unreadable_run_results_count_as_lost(tmp_path: Path):
    (tmp_path / "run_results.json").write_text("{not json", encoding="utf-8")
    lost = unreported_results(tmp_path, [])
    assert len(lost) == 1 and lost[0].startswith("run_results.json (")


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
    assert skipped_steps(result) == [
        "workbook was skipped: an asset it needs was not materialized in the run"
    ]
