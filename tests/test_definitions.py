"""The code location loads and shows one graph from the source files to the Excel export."""

from __future__ import annotations

import dagster as dg

from orchestration.cli import latest_periodic_runs, report_runs, run_config
from orchestration.lib.periods import Period
from orchestration.settings import resolve_paths


def test_definitions_load_with_one_connected_graph():
    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    export = dg.AssetKey("monthly_report_xlsx")
    upstream = graph.upstream_key_iterator(export)
    assert dg.AssetKey(["raw", "ledger"]) in set(upstream)
    for kind in ("ledger", "budget", "forecast", "uppdrag", "report_layout", "projects"):
        assert dg.AssetKey(["raw", kind]) in graph.get_all_asset_keys()
    # dbt sources are the ingestion assets, not separate source assets
    assert (
        dg.AssetKey(["raw", "ledger"])
        in graph.get(dg.AssetKey(["staging", "stg_ledger__transactions"])).parent_keys
    )
    assert defs.resolve_job_def("monthly_report_job") is not None
    checks = graph.asset_check_keys
    assert any(check.name == "assert_report_totals_equal_sum_of_lines" for check in checks)


def test_run_config_carries_paths(tmp_path):
    paths = resolve_paths(tmp_path / "s", tmp_path / "e", tmp_path / "w.duckdb")
    config = run_config(paths)
    assert config["resources"]["paths"]["config"]["warehouse"] == str(tmp_path / "w.duckdb")


def test_report_runs_per_period():
    assert report_runs(Period(2017, 11)) == [("monthly_report_job", "2017-11", None)]
    assert report_runs(Period(2019, 8))[1] == (
        "tertial_report_job",
        "2019-T2",
        ["tertial_report_xlsx"],
    )
    assert report_runs(Period(2019, 4))[1][1] == "2019-T1"
    assert report_runs(Period(2019, 12))[1] == ("annual_report_job", "2019", ["annual_report_xlsx"])


def test_demo_also_writes_the_latest_tertial_and_annual_reports():
    assert [run[1] for run in latest_periodic_runs(Period(2026, 10))] == ["2026-T2", "2025"]
    assert [run[1] for run in latest_periodic_runs(Period(2026, 5))] == ["2026-T1", "2025"]
    assert [run[1] for run in latest_periodic_runs(Period(2026, 2))] == ["2025-T2", "2025"]
    assert [run[1] for run in latest_periodic_runs(Period(2026, 12))] == ["2026-T2", "2026"]


def test_private_hooks_that_tertial_overrides_still_exist():
    """A Dagster or dagster-dbt upgrade that renames these would silently undo the overrides."""
    from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
    from dagster._core.storage.runs.sqlite.sqlite_run_storage import SqliteRunStorage
    from dagster_dbt import DbtCliResource

    assert callable(vars(SqliteEventLogStorage)["_connect"])
    assert callable(vars(SqliteEventLogStorage)["_initdb"])
    assert callable(vars(SqliteRunStorage)["connect"])
    assert "_cli_version" in dir(DbtCliResource)
    assert callable(DbtCliResource._initialize_dbt_core_adapter)


def test_instance_storages_keep_their_engines_and_store_runs(tmp_path):
    from orchestration.instance import write_instance_config
    from orchestration.instance_storage import TertialEventLogStorage, TertialRunStorage

    write_instance_config(tmp_path)

    @dg.asset
    def figure() -> dg.MaterializeResult:
        return dg.MaterializeResult(metadata={"rows": 3})

    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert isinstance(instance.event_log_storage, TertialEventLogStorage)
        assert isinstance(instance.run_storage, TertialRunStorage)
        first = dg.materialize([figure], instance=instance)
        second = dg.materialize([figure], instance=instance)
        assert first.success and second.success
    # a new instance (another process, say the UI) reads what these engines wrote
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert {run.run_id for run in instance.get_runs()} == {first.run_id, second.run_id}
        latest = instance.get_latest_materialization_event(dg.AssetKey("figure"))
        assert latest.run_id == second.run_id
        assert latest.asset_materialization.metadata["rows"].value == 3
        steps = [e for e in instance.all_logs(first.run_id) if e.is_dagster_event]
        assert any(e.dagster_event.event_type_value == "STEP_SUCCESS" for e in steps)
