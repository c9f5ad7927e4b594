"""Column schema, column-level lineage and row counts of the dbt assets, read after dbt ends.

dagster-dbt's own fetchers open the warehouse through an in-process dbt adapter while dbt still
holds it from its subprocess; DuckDB allows one writing process at a time, so we wait for dbt
to finish and read everything in one read-only connection (tables only are counted: counting a
view over the ledger would read every ledger row). Lineage uses dagster-dbt's sqlglot builder on
the SQL dbt compiled in this run, with the column types DuckDB reports.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import DagsterDbtTranslator, DbtProject

from orchestration.runtime import patches

logger = logging.getLogger(__name__)

Columns = dict[str, dict[str, Any]]
LINEAGE_CACHE = "column_lineage_cache.json"


def _lineage_key(target: Path, props: dict[str, Any], own: Columns, parents: dict) -> str:
    """What the lineage depends on: the compiled SQL and the columns of the model and parents."""
    compiled = target / "compiled" / props["package_name"] / props["original_file_path"]
    sql = compiled.read_text(encoding="utf-8") if compiled.exists() else ""
    blob = json.dumps([sql, own, parents], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def _column_lineage(
    target: Path,
    props: dict[str, Any],
    own: Columns,
    parents: dict,
    manifest: dict[str, Any],
    translator: DagsterDbtTranslator,
    project: DbtProject,
    cache: dict[str, Any],
) -> dict[str, Any]:
    """dagster-dbt's sqlglot lineage (about 0.1 s a model), cached per SQL and schemas."""
    key = _lineage_key(target, props, own, parents)
    cached = cache.get(props["unique_id"])
    if cached and cached["key"] == key:
        deps = {
            column: [dg.TableColumnDep(dg.AssetKey(path), name) for path, name in found]
            for column, found in cached["deps"].items()
        }
        return {"dagster/column_lineage": dg.TableColumnLineage(deps_by_column=deps)}
    # a private builder (runtime/patches.py), imported only when the patches apply
    from dagster_dbt.core.dbt_cli_event import EventHistoryMetadata, _build_column_lineage_metadata

    built = _build_column_lineage_metadata(
        event_history_metadata=EventHistoryMetadata(columns=own, parents=parents),
        dbt_resource_props=props,
        manifest=manifest,
        dagster_dbt_translator=translator,
        target_path=target,
        project=project,
    )
    lineage = built.get("dagster/column_lineage")
    if lineage is not None:
        cache[props["unique_id"]] = {
            "key": key,
            "deps": {
                column: [[dep.asset_key.path, dep.column_name] for dep in found]
                for column, found in lineage.deps_by_column.items()
            },
        }
    return built


def lineage_markdown(lineage: dg.TableColumnLineage) -> dg.MetadataValue:
    """Column lineage as a table the open-source UI shows (it draws `dagster/column_lineage`
    only in Dagster+): each column and the upstream columns it is computed from."""
    lines = ["| column | computed from |", "|---|---|"]
    for column, deps in sorted(lineage.deps_by_column.items()):
        sources = ", ".join(f"`{d.asset_key.to_user_string()}.{d.column_name}`" for d in deps)
        lines.append(f"| `{column}` | {sources or '(a constant or an expression)'} |")
    return dg.MetadataValue.md("\n".join(lines))


def _warehouse_columns(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], Columns]:
    columns: dict[tuple[str, str], Columns] = defaultdict(dict)
    for schema, table, column, data_type in con.execute(
        "SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns "
        "ORDER BY table_schema, table_name, ordinal_position"
    ).fetchall():
        columns[(schema, table)][column] = {"data_type": data_type}
    return columns


def _location(props: dict[str, Any]) -> tuple[str, str]:
    if props["resource_type"] == "source":
        return props["schema"], props["identifier"]
    return props["schema"], props["alias"]


def _props(manifest: dict[str, Any], unique_id: str) -> dict[str, Any] | None:
    return manifest["nodes"].get(unique_id) or manifest["sources"].get(unique_id)


def dbt_model_metadata(
    warehouse: Path,
    target: Path,
    unique_ids: list[str],
    translator: DagsterDbtTranslator,
    project: DbtProject,
) -> dict[str, dict[str, Any]]:
    """Materialization metadata per dbt unique_id: column schema (with DuckDB's types and the
    documented descriptions), column lineage and, for tables, the row count."""
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        columns = _warehouse_columns(con)
        tables = set(con.execute("SELECT schema_name, table_name FROM duckdb_tables()").fetchall())
        counts = {}
        for unique_id in unique_ids:
            props = _props(manifest, unique_id)
            if props and _location(props) in tables:
                schema, table = _location(props)
                counts[unique_id] = con.execute(
                    f'SELECT count(*) FROM "{schema}"."{table}"'
                ).fetchall()[0][0]
    finally:
        con.close()

    cache_file = target / LINEAGE_CACHE
    cache = json.loads(cache_file.read_text(encoding="utf-8")) if cache_file.exists() else {}
    metadata: dict[str, dict[str, Any]] = {}
    for unique_id in unique_ids:
        props = _props(manifest, unique_id)
        if props is None:
            continue
        own = columns.get(_location(props), {})
        entry: dict[str, Any] = {}
        if own:
            documented = props.get("columns", {})
            entry["dagster/column_schema"] = dg.TableSchema(
                columns=[
                    dg.TableColumn(
                        name=name,
                        type=info["data_type"],
                        description=documented.get(name, {}).get("description") or None,
                    )
                    for name, info in own.items()
                ]
            )
            parents = {}
            for parent_id in manifest["parent_map"].get(unique_id, []):
                parent = _props(manifest, parent_id)
                if parent and parent.get("relation_name"):
                    parents[parent["relation_name"]] = columns.get(_location(parent), {})
            try:
                if patches.enabled():  # a private builder: see runtime/patches.py
                    entry.update(
                        _column_lineage(
                            target, props, own, parents, manifest, translator, project, cache
                        )
                    )
            except Exception:  # lineage is a help for readers; never fail a build over it
                logger.debug("no column lineage for %s", unique_id, exc_info=True)
            if "dagster/column_lineage" in entry:
                entry["column_lineage"] = lineage_markdown(entry["dagster/column_lineage"])
        if unique_id in counts:
            entry["dagster/row_count"] = counts[unique_id]
        metadata[unique_id] = entry
    cache_file.write_text(json.dumps(cache), encoding="utf-8")
    return metadata


# What a generic test checks, for the check's description in the Dagster UI.
GENERIC_TESTS = {
    "primary_key": "{column} is a primary key of {model}: never empty, never twice",
    "not_null": "{column} of {model} is never empty",
    "unique": "{column} of {model} never occurs twice",
    "relationships": "every {column} of {model} is in {to} ({field})",
    "accepted_values": "{column} of {model} is one of {values}",
    "unique_combination": "the combination {columns} is unique in {model}",
    "in_value_list": "{column} of {model} is in the value list {list_name} (seed value_lists)",
    "sum_matches": "{column} of {model} sums to the same as {compare_model}, per group",
}


def check_description(test: dict[str, Any]) -> str:
    """The test's own description, else what its generic test checks in words."""
    if test.get("description"):
        return test["description"]
    metadata = test.get("test_metadata") or {}
    template = GENERIC_TESTS.get(metadata.get("name", ""))
    if template is None:
        return f"dbt test {test['name']}"
    kwargs = {key: value for key, value in (metadata.get("kwargs") or {}).items()}
    kwargs.update(kwargs.pop("arguments", None) or {})
    fields = {
        "model": (test.get("attached_node") or "").split(".")[-1],
        "column": kwargs.get("column_name", ""),
        "to": str(kwargs.get("to", "")).replace("ref(", "").strip("')\""),
        "field": kwargs.get("field", ""),
        "values": ", ".join(map(str, kwargs.get("values", []))),
        "columns": ", ".join(kwargs.get("columns", [])),
        "list_name": kwargs.get("list_name", ""),
        "compare_model": str(kwargs.get("compare_model", "")).replace("ref(", "").strip("')\""),
    }
    return template.format(**fields)


FAILING_ROWS_SHOWN = 20


def failing_rows(warehouse: Path, target: Path, unique_ids: list[str]) -> dict[str, dict]:
    """For each failing or warning test: the first rows its query returns, as a Markdown table
    (the data team sees which codes and amounts, not just a count). Read after dbt has ended."""
    if not unique_ids:
        return {}
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    found: dict[str, dict] = {}
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for unique_id in unique_ids:
            compiled = manifest["nodes"].get(unique_id, {}).get("compiled_path")
            if not compiled or not Path(compiled).exists():
                continue
            sql = Path(compiled).read_text(encoding="utf-8")
            try:
                cursor = con.execute(f"select * from ({sql}) limit {FAILING_ROWS_SHOWN}")
            except duckdb.Error:
                logger.debug("failing rows of %s not read", unique_id, exc_info=True)
                continue
            names = [description[0] for description in cursor.description]
            rows = cursor.fetchall()
            table = "| " + " | ".join(names) + " |\n|" + "---|" * len(names) + "\n"
            table += "\n".join("| " + " | ".join(map(str, row)) + " |" for row in rows)
            found[unique_id] = {"failing_rows": dg.MetadataValue.md(table)}
    finally:
        con.close()
    return found
