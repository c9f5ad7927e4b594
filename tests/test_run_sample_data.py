"""End to end on generated sample data: the default layout, unknown uppdrag codes, and a bad
delivery that must be rejected with file and line while warehouse and exports stay as they were."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from orchestration.sample.files import write_csv
from orchestration.sample.generator import LEDGER_HEADER, UNKNOWN_UPPDRAG
from tests.conftest import SAMPLE_LAST
from tests.helpers import run_period, table_contents

pytestmark = pytest.mark.slow  # end to end: runs the real graph

LAST = SAMPLE_LAST


def export_of(root: Path) -> Path:
    return root / "exports" / "2025" / f"manadsuppfoljning_{LAST}.xlsx"


def test_default_layout_with_unknown_uppdrag_line(first_run: Path):
    workbook = openpyxl.load_workbook(export_of(first_run))
    sheet = workbook["Resultat per uppdrag"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    labels = [r[0] for r in rows]
    assert labels[-1] == "Totalt"
    assert labels[-2] == f"Okänt uppdrag {UNKNOWN_UPPDRAG}"
    for group in ("RSV", "HSF", "RGK"):
        assert f"Totalt {group}" in labels
    group_totals = [r for r in rows if r[0] in ("Totalt RSV", "Totalt HSF", "Totalt RGK")]
    unknown = rows[-2]
    assert unknown[1] == pytest.approx(-0.0125)  # 12 500 SEK cost, report sign, mnkr
    for column in range(1, 7):
        expected = sum(r[column] for r in group_totals) + unknown[column]
        assert rows[-1][column] == pytest.approx(expected, abs=1e-9)
        # each group total is the sum of its lines
    lines_rsv = rows[: labels.index("Totalt RSV")]
    assert rows[labels.index("Totalt RSV")][1] == pytest.approx(sum(r[1] for r in lines_rsv))
    about = workbook["Om rapporten"]
    texts = [c.value for row in about.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(t.startswith(f"Okänt uppdrag {UNKNOWN_UPPDRAG}") for t in texts)
    # source text that looks like a formula stays text
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"


def test_bad_delivery_is_rejected_and_nothing_changes(
    first_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture
):
    root = tmp_path / "copy"
    shutil.copytree(first_run, root)
    before_tables = table_contents(root / "wh.duckdb")
    before_export = export_of(root).read_bytes()
    # a corrected March that does not balance, on line 3
    bad = root / "sources" / "ledger" / f"huvudbok_{LAST}.csv"
    write_csv(
        bad,
        LEDGER_HEADER,
        [
            (
                LAST.yyyymm,
                "V1",
                LAST.first_day,
                "5011",
                "RK1",
                "RSV30",
                None,
                None,
                "100,00",
                "Lön",
            ),
            (LAST.yyyymm, "V1", LAST.first_day, "2440", "RK9", None, None, None, "-90,00", "Lön"),
        ],
    )
    code = run_period(root, str(LAST))
    assert code != 0
    message = capsys.readouterr().err
    assert f"huvudbok_{LAST}.csv: line 2: voucher V1 does not balance" in message
    assert table_contents(root / "wh.duckdb") == before_tables
    assert export_of(root).read_bytes() == before_export
    assert not [p for p in export_of(root).parent.iterdir() if p.name.startswith(".")]
