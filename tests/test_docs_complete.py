"""Every mart and report model, and every one of its columns, is documented (dbt docs)."""

from __future__ import annotations

import json

import duckdb
import pytest

from orchestration.defs.dbt_project import dbt_project

pytestmark = pytest.mark.slow  # end to end: runs the real graph

LAYERS = ("marts", "reports")


def documented_models() -> dict[str, dict]:
    manifest = json.loads(dbt_project.manifest_path.read_text())
    return {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["fqn"][1] in LAYERS
    }


def test_every_model_and_column_in_marts_and_reports_is_described(first_run):
    models = documented_models()
    assert len(models) >= 20
    con = duckdb.connect(str(first_run / "wh.duckdb"), read_only=True)
    try:
        missing = []
        for name, node in sorted(models.items()):
            if not node["description"].strip():
                missing.append(f"{name}: no description")
            columns = [
                row[0]
                for row in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = ? and table_name = ?",
                    [node["schema"], name],
                ).fetchall()
            ]
            assert columns, f"{name} was not built"
            for column in columns:
                described = node["columns"].get(column, {}).get("description", "").strip()
                if not described:
                    missing.append(f"{name}.{column}")
    finally:
        con.close()
    assert missing == [], missing
