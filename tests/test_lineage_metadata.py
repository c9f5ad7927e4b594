"""What a run records for the data team: column types, column lineage and row counts on the dbt
assets, file hashes and row counts on the raw assets, the workbook's path on the export."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest

pytestmark = pytest.mark.slow  # end to end: runs the real graph


def _of_run(instance: dg.DagsterInstance, run_id: str, *key: str) -> dict:
    """The materialization of an asset by one run (the session instance holds many runs)."""
    records = instance.fetch_materializations(dg.AssetKey(list(key)), limit=1000).records
    return next(r.asset_materialization.metadata for r in records if r.run_id == run_id)


def _first_run_id(instance: dg.DagsterInstance, root: Path) -> str:
    records = instance.fetch_materializations(dg.AssetKey("monthly_report_xlsx"), limit=1000)
    return next(
        r.run_id
        for r in records.records
        if r.asset_materialization.metadata["path"].value.startswith(str(root))
    )


def test_dbt_assets_carry_columns_lineage_and_row_counts(first_run: Path):
    with dg.DagsterInstance.get() as instance:
        run_id = _first_run_id(instance, first_run)
        outcome = _of_run(instance, run_id, "marts", "fct_outcome")
        report = _of_run(instance, run_id, "reports", "rpt_monthly_result")
        raw_ledger = _of_run(instance, run_id, "raw", "ledger")
        export = _of_run(instance, run_id, "monthly_report_xlsx")
    con = duckdb.connect(str(first_run / "wh.duckdb"), read_only=True)
    outcome_rows = con.execute("select count(*) from marts.fct_outcome").fetchall()[0][0]
    ledger_rows = con.execute("select count(*) from staging.stg_ledger__transactions").fetchall()
    con.close()

    columns = {c.name: c for c in outcome["dagster/column_schema"].schema.columns}
    assert columns["result_sek"].type.startswith("DECIMAL")
    assert columns["result_sek"].description  # the documented description travels along
    assert outcome["dagster/row_count"].value == outcome_rows > 0

    lineage = outcome["dagster/column_lineage"].column_lineage.deps_by_column
    assert {(d.asset_key.to_user_string(), d.column_name) for d in lineage["result_sek"]} == {
        ("intermediate/int_ledger__signed", "result_sek")
    }
    assert ("intermediate/int_ledger__signed", "is_known_uppdrag") in {
        (d.asset_key.to_user_string(), d.column_name) for d in lineage["is_known_uppdrag"]
    }
    assert "dagster/column_lineage" in report and report["dagster/row_count"].value > 0

    assert raw_ledger["dagster/row_count"].value == ledger_rows[0][0]
    assert "sha256" in raw_ledger["source_files"].value
    assert export["path"].value.endswith("manadsuppfoljning_2025-03.xlsx")


def test_cached_column_lineage_equals_a_fresh_one(first_run: Path):
    from orchestration.defs.dbt_models import translator
    from orchestration.defs.dbt_project import dbt_project
    from orchestration.runtime.dbt import dbt_target_path
    from orchestration.runtime.dbt_metadata import LINEAGE_CACHE, dbt_model_metadata

    warehouse = first_run / "wh.duckdb"
    target = dbt_target_path(dbt_project, warehouse)
    models = ["model.tertial.fct_outcome", "model.tertial.rpt_monthly_result"]
    (target / LINEAGE_CACHE).unlink()
    fresh = dbt_model_metadata(warehouse, target, models, translator, dbt_project)
    cached = dbt_model_metadata(warehouse, target, models, translator, dbt_project)
    assert (target / LINEAGE_CACHE).exists()
    for model in models:
        assert cached[model]["dagster/column_lineage"] == fresh[model]["dagster/column_lineage"]
        assert fresh[model]["dagster/column_lineage"].deps_by_column
