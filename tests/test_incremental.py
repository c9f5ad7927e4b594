"""Incremental runs: a new month and a re-delivered month give the same warehouse and workbook as
a build from an empty warehouse, while only the new deliveries' ledger rows are summed again."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import openpyxl
import pytest

from orchestration.bench.runner import link_sources
from orchestration.periods import Period
from orchestration.sample.generator import generate
from tests.helpers import redeliver_without_last_voucher, run_period

pytestmark = pytest.mark.slow  # end to end: runs the real graph

FACTS = {
    "monthly": "select * exclude (load_id) from intermediate.int_ledger__monthly",
    "outcome": "select * from marts.fct_outcome",
    "report": "select * from reports.rpt_monthly_result",
}


def _contents(warehouse: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {name: sorted(con.execute(sql).fetchall(), key=repr) for name, sql in FACTS.items()}
    finally:
        con.close()


def _cells(root: Path, period: str) -> dict[str, list[tuple]]:
    workbook = openpyxl.load_workbook(
        root / "exports" / period[:4] / f"manadsuppfoljning_{period}.xlsx"
    )
    return {
        sheet.title: list(sheet.iter_rows(values_only=True))
        for sheet in workbook.worksheets
        if sheet.title != "Om rapporten"  # run id and clock differ
    }


def test_new_and_redelivered_months_equal_a_fresh_build(tmp_path: Path):
    generate(tmp_path / "generated", Period(2024, 1), Period(2024, 3), seed=11)
    incremental, fresh = tmp_path / "incremental", tmp_path / "fresh"
    link_sources(tmp_path / "generated", incremental / "sources", Period(2024, 1), Period(2024, 2))
    assert run_period(incremental, "2024-02") == 0

    # March arrives, and February is delivered again, corrected
    link_sources(tmp_path / "generated", incremental / "sources", Period(2024, 1), Period(2024, 3))
    february = incremental / "sources" / "ledger" / "huvudbok_2024-02.csv"
    february_rows = redeliver_without_last_voucher(february)
    assert run_period(incremental, "2024-03") == 0

    shutil.copytree(incremental / "sources", fresh / "sources")
    assert run_period(fresh, "2024-03") == 0

    assert _contents(incremental / "wh.duckdb") == _contents(fresh / "wh.duckdb")
    assert _cells(incremental, "2024-03") == _cells(fresh, "2024-03")
    con = duckdb.connect(str(incremental / "wh.duckdb"), read_only=True)
    summed = dict(
        con.execute(
            "select strftime(period_month, '%Y-%m'), sum(transaction_count) "
            "from intermediate.int_ledger__monthly group by 1"
        ).fetchall()
    )
    loads = con.execute(
        "select file_name, count(*) from raw.deliveries where kind = 'ledger' group by 1 order by 1"
    ).fetchall()
    con.close()
    assert summed["2024-02"] == february_rows  # the corrected file replaced the first one
    assert loads == [
        ("huvudbok_2024-01.csv", 1),
        ("huvudbok_2024-02.csv", 2),  # both versions kept in raw
        ("huvudbok_2024-03.csv", 1),
    ]
