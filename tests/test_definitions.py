"""The code location loads and shows one graph from the source files to the Excel export."""

from __future__ import annotations

import dagster as dg

from orchestration.runtime.runner import run_config
from orchestration.runtime.settings import resolve_paths


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
    assert any(check.name == "rpt_monthly_result__totals_equal_lines" for check in checks)


def test_run_config_carries_paths(tmp_path):
    paths = resolve_paths(tmp_path / "s", tmp_path / "e", tmp_path / "w.duckdb")
    config = run_config(paths)
    assert config["resources"]["paths"]["config"]["warehouse"] == str(tmp_path / "w.duckdb")


def test_instance_storages_keep_their_engines_and_store_runs(tmp_path):
    from orchestration.runtime.instance import write_instance_config
    from orchestration.runtime.storage import TertialEventLogStorage, TertialRunStorage

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


def test_an_instance_config_written_by_an_earlier_tertial_is_brought_up_to_date(tmp_path):
    from orchestration.runtime.instance import (
        DAGSTER_YAML,
        MOVED_STORAGE_MODULE,
        write_instance_config,
    )

    config = tmp_path / "dagster.yaml"
    earlier = DAGSTER_YAML.format(home=tmp_path.as_posix()).replace(
        MOVED_STORAGE_MODULE[1], MOVED_STORAGE_MODULE[0]
    )
    config.write_text(earlier)
    write_instance_config(tmp_path)
    assert MOVED_STORAGE_MODULE[1] in config.read_text()
    config.write_text("telemetry:\n  enabled: true\n")  # the data team's own: kept
    write_instance_config(tmp_path)
    assert config.read_text() == "telemetry:\n  enabled: true\n"
