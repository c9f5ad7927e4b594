"""The same dbt models on Spark: the 2017 case built by DuckDB and by Spark (dbt-spark's session
mode, a local Spark), every table the models build and every exported cell compared; then a
re-delivered month, which Spark's monthly ledger sums rebuild alone."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from orchestration.bench.engines import workbook_cells
from orchestration.ingest.loader import load_kind
from orchestration.ingest.parquet import publish
from orchestration.ingest.source_files import discover
from orchestration.runtime.dbt import dbt_target_path
from orchestration.runtime.engine import SPARK_DIR_VARIABLE, SparkFolders
from orchestration.runtime.mirror import spark_tables
from orchestration.runtime.settings import DBT_PROJECT_DIR
from tests.helpers import redeliver_without_last_voucher, run_args
from tests.reference_2017 import PERIOD

pytestmark = pytest.mark.slow  # two engines end to end; Spark alone takes about two minutes

WORKBOOKS = ("manadsuppfoljning", "prognosunderlag")
# Columns that belong to one run, not to the data: when a file was loaded, which run recorded
# its figures (two runs, two clocks). Every other column is compared.
RUN_COLUMNS = {"loaded_at", "recorded_at", "run_id"}


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory, reference_2017: Path) -> dict[str, Path]:
    roots = {"duckdb": reference_2017, "spark": tmp_path_factory.mktemp("spark")}
    # the very same files (an xlsx written again has other bytes: another delivery)
    shutil.copytree(reference_2017 / "sources", roots["spark"] / "sources")
    # a process of its own: the engine decides the asset graph when the code location loads
    spark = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", *run_args(roots["spark"], str(PERIOD))]
        + ["--engine", "spark"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert spark.returncode == 0, spark.stderr + spark.stdout
    return roots


def _manifest(root: Path) -> dict:
    from orchestration.defs.dbt_project import dbt_project

    target = dbt_target_path(dbt_project, root / "wh.duckdb", "spark")
    return json.loads((target / "manifest.json").read_text(encoding="utf-8"))


def _normal(value: object) -> object:
    """A value as both engines must agree on it: amounts to the öre, other doubles closely."""
    if isinstance(value, Decimal):
        return value.quantize(Decimal("0.01")) if value.as_tuple().exponent < -2 else value
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 9)
    return value


def _rows(warehouse: Path, relation: str) -> tuple[list[str], list[tuple]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cursor = con.execute(f"select * from {relation}")
        names = sorted(d[0] for d in cursor.description if d[0] not in RUN_COLUMNS)
        rows = con.execute(f"select {', '.join(names)} from {relation}").fetchall()
    finally:
        con.close()
    return names, sorted((tuple(_normal(v) for v in row) for row in rows), key=repr)


def test_spark_wrote_every_table_the_models_build(engines: dict[str, Path]):
    tables = spark_tables(_manifest(engines["spark"]))
    assert len(tables) > 50
    folders = SparkFolders.of(engines["spark"] / "wh.duckdb")
    for schema, name in tables:
        assert list(folders.table(schema, name).rglob("*.parquet")), f"{schema}.{name}"
    # and the sources Spark read are the Parquet files the run published
    assert list((folders.published / "raw" / "current_ledger").glob("2017-11.*.parquet"))


def test_every_table_is_the_same_on_both_engines(engines: dict[str, Path]):
    """All rows and all columns of every table and view the dbt project builds."""
    manifest = _manifest(engines["spark"])
    relations = sorted(
        f"{node['schema']}.{node['alias']}"
        for node in manifest["nodes"].values()
        if node["resource_type"] in ("model", "seed")
    )
    differing = []
    for relation in relations:
        duck = _rows(engines["duckdb"] / "wh.duckdb", relation)
        spark = _rows(engines["spark"] / "wh.duckdb", relation)
        if duck != spark:
            differing.append(relation)
    assert differing == []
    assert "reports.rpt_monthly_result" in relations and len(relations) > 70


@pytest.mark.parametrize("workbook", WORKBOOKS)
def test_every_exported_cell_is_the_same(engines: dict[str, Path], workbook: str):
    name = f"{PERIOD.year}/{workbook}_{PERIOD}.xlsx"
    duck = workbook_cells(engines["duckdb"] / "exports" / name)
    spark = workbook_cells(engines["spark"] / "exports" / name)
    assert spark.keys() == duck.keys()
    assert [k for k in duck if duck[k] != spark[k]] == []
    # the figures are there (mnkr in the report, whole tkr in the template)
    assert sum(isinstance(v, int | float) and v != 0 for v, _ in duck.values()) > 100


def _partition_files(folder: Path) -> dict[str, dict[str, float]]:
    return {
        part.name: {p.name: p.stat().st_mtime for p in part.glob("*.parquet")}
        for part in sorted(folder.glob("period_month=*"))
    }


def test_spark_rebuilds_only_a_redelivered_month(engines: dict[str, Path]):
    root = engines["spark"]
    warehouse = root / "wh.duckdb"
    folders = SparkFolders.of(warehouse)
    monthly = folders.table("intermediate", "int_ledger__monthly")
    before = _partition_files(monthly)
    assert len(before) == PERIOD.month

    published_ledger = folders.published / "raw" / "current_ledger"
    files_before = {p.name for p in published_ledger.glob("*.parquet")}
    march = root / "sources" / "ledger" / "huvudbok_2017-03.csv"
    redeliver_without_last_voucher(march)
    con = duckdb.connect(str(warehouse))
    try:
        found, _ = discover(root / "sources")
        loaded = load_kind(con, "ledger", found["ledger"])
        published = publish(con, folders)
        # a month's vouchers balance: its debits and rows say whether it was summed again
        expected = con.execute(
            "select sum(greatest(belopp, 0)), count(*) from raw.current_ledger "
            "where period = 201703"
        ).fetchone()
    finally:
        con.close()
    assert [item.file_name for item in loaded if item.action != "unchanged"] == [march.name]
    # the new version of March is published; the other months' files stay as they were
    files_after = {p.name for p in published_ledger.glob("*.parquet")}
    assert [name[:7] for name in files_before - files_after] == ["2017-03"]
    assert [name[:7] for name in files_after - files_before] == ["2017-03"]
    assert published.rows_written >= expected[1]

    from orchestration.defs.dbt_project import dbt_project

    dbt = Path(sys.executable).parent / "dbt"
    run = subprocess.run(
        [str(dbt), "run", "--target", "spark", "--select", "int_ledger__monthly"]
        + ["--profiles-dir", ".", "--target-path"]
        + [str(dbt_target_path(dbt_project, warehouse, "spark"))],
        cwd=DBT_PROJECT_DIR,
        env={**os.environ, SPARK_DIR_VARIABLE: str(folders.root)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    after = _partition_files(monthly)
    changed = sorted(month for month in after if after[month] != before.get(month))
    assert changed == ["period_month=2017-03-01"]
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        march = con.execute(
            "select sum(debit_sek), sum(transaction_count), count(distinct load_id) "
            "from intermediate.int_ledger__monthly where period_month = ?",
            [dt.date(2017, 3, 1)],
        ).fetchone()
    finally:
        con.close()
    assert march == (*expected, 1)
