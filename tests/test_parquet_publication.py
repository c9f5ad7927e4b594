"""Publishing the raw tables in force as Parquet for Spark: one file per delivered file in force,
new versions written once, replaced ones removed, every table readable with its columns."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb

from orchestration.ingest.parquet import EMPTY_FILE, PUBLISHED_TABLES, publish
from orchestration.runtime.engine import SparkFolders
from orchestration.sample.files import write_csv
from orchestration.sample.generator import LEDGER_HEADER
from orchestration.sample.region import UPPDRAG_HEADER, uppdrag_rows
from tests.test_raw_loading import ledger_rows, load


def _folder(sources: Path) -> Path:
    write_csv(sources / "registers" / "uppdrag.csv", UPPDRAG_HEADER, uppdrag_rows(), "utf-8")
    for period in (201710, 201711):
        name = f"huvudbok_{str(period)[:4]}-{str(period)[4:]}.csv"
        write_csv(sources / "ledger" / name, LEDGER_HEADER, ledger_rows(period), "utf-8")
    return sources


def _read(folder: Path) -> list[tuple]:
    return duckdb.sql(
        f"select period, belopp, _file_name from read_parquet('{folder}/*.parquet') "
        "where konto = '5011' order by period"
    ).fetchall()


def _loaded(sources: Path) -> duckdb.DuckDBPyConnection:
    """A new in-memory warehouse with the folder's uppdrag tree and ledger loaded."""
    con = duckdb.connect()
    load(con, sources, "uppdrag")
    load(con, sources)
    return con


def test_publishes_every_source_table_by_delivery(tmp_path: Path):
    con = _loaded(_folder(tmp_path / "sources"))
    folders = SparkFolders(tmp_path / "wh.spark")
    published = folders.published
    done = publish(con, folders)
    assert done.tables == len(PUBLISHED_TABLES)

    ledger = published / "raw" / "current_ledger"
    assert sorted(p.name for p in ledger.glob("*.parquet")) == [
        "2017-10.2.parquet",
        "2017-11.3.parquet",
    ]
    assert _read(ledger) == [
        (201710, Decimal("1000.50"), "huvudbok_2017-10.csv"),
        (201711, Decimal("1000.50"), "huvudbok_2017-11.csv"),
    ]
    # a kind with no delivery is one empty file that still has the columns
    empty = published / "raw" / "current_hr" / EMPTY_FILE
    assert duckdb.sql(f"select count(*) from '{empty}'").fetchall() == [(0,)]
    columns = [d[0] for d in duckdb.sql(f"select * from '{empty}'").description]
    assert columns == [d[0] for d in con.execute("select * from raw.current_hr").description]
    assert (published / "raw" / "deliveries" / "deliveries.parquet").exists()
    assert (published / "history" / "report_figures" / EMPTY_FILE).exists()


def test_a_redelivery_replaces_its_file_and_leaves_the_others(tmp_path: Path):
    sources = _folder(tmp_path / "sources")
    con = _loaded(sources)
    folders = SparkFolders(tmp_path / "wh.spark")
    published = folders.published
    publish(con, folders)
    october = published / "raw" / "current_ledger" / "2017-10.2.parquet"
    written = october.stat().st_mtime_ns

    rows = ledger_rows(201711, amount="2000,00")
    write_csv(sources / "ledger" / "huvudbok_2017-11.csv", LEDGER_HEADER, rows, "utf-8")
    load(con, sources)
    again = publish(con, folders)

    ledger = published / "raw" / "current_ledger"
    assert sorted(p.name for p in ledger.glob("*.parquet")) == [
        "2017-10.2.parquet",
        "2017-11.4.parquet",
    ]
    assert october.stat().st_mtime_ns == written  # not written again
    assert _read(ledger)[1][1] == Decimal("2000.00")
    assert again.files_removed == 1
    # nothing half-written is ever left in a folder Spark reads
    assert not [p for p in published.rglob("*") if p.name.startswith(".")]


def test_a_spark_folder_built_from_another_warehouse_is_emptied(tmp_path: Path):
    """Load ids count per warehouse file: a new warehouse at the same path reuses them."""
    sources = _folder(tmp_path / "sources")
    folders = SparkFolders(tmp_path / "wh.spark")
    for attempt in (1, 2):
        con = _loaded(sources)  # a new warehouse each time
        spark_table = folders.table("intermediate", "int_ledger__monthly")
        if attempt == 1:
            assert publish(con, folders).reset is None
            spark_table.mkdir(parents=True)  # what Spark built from these loads
            (spark_table / "part-0.parquet").write_bytes(b"")
        else:
            assert "not in the warehouse" in (publish(con, folders).reset or "")
            assert not spark_table.exists()
            assert len(list((folders.published / "raw" / "current_ledger").glob("*.parquet"))) == 2
        con.close()
