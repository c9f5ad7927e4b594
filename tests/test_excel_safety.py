"""Excel safety: source text is text, never a formula, whatever it starts with."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from orchestration.reports.excel import save_atomically, set_text

DANGEROUS = [
    "=SUMMA(A1:A9)",
    "+46 35 13 00 00",
    "-1+2",
    "@styrgrupp",
    "\tindraget",
    "\rRad",
    '=HYPERLINK("http://example.invalid","klicka")',
]


def formula_cells(path: Path) -> list[str]:
    """Every formula cell of every sheet (the project writes none on purpose)."""
    workbook = openpyxl.load_workbook(path)
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


@pytest.mark.parametrize("text", DANGEROUS)
def test_source_text_is_never_a_formula(tmp_path: Path, text: str):
    workbook = openpyxl.Workbook()
    set_text(workbook.active["A1"], text)
    path = save_atomically(workbook, tmp_path / "x.xlsx")
    assert formula_cells(path) == []
    value = openpyxl.load_workbook(path).active["A1"].value
    assert value.replace("\n", "\r") == text.replace("\n", "\r")  # XML keeps CR as a line end


def test_atomic_save_leaves_no_temporary_file(tmp_path: Path):
    save_atomically(openpyxl.Workbook(), tmp_path / "r.xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]
