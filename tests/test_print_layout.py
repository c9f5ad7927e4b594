"""The workbooks as a controller prints them: every sheet set up for A4, one page wide, header
repeated, a footer; the monthly main table on one page (rendered to PDF by LibreOffice); files
readable by the team (the umask's mode, not a temporary file's 0600)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import openpyxl
import pytest

pytestmark = pytest.mark.slow

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFINFO = shutil.which("pdfinfo")


def _workbooks(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.xlsx"))


def test_every_sheet_prints_on_a4_one_page_wide_with_a_footer(sample_workbooks: Path):
    for path in _workbooks(sample_workbooks):
        workbook = openpyxl.load_workbook(path)
        for sheet in workbook.worksheets:
            where = f"{path.name} {sheet.title}"
            assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4), where
            assert sheet.sheet_properties.pageSetUpPr.fitToPage, where
            assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0, where
            assert "period" in sheet.oddFooter.left.text and "&P" in sheet.oddFooter.right.text
            # the header on every page, but not above a chart's page or another table's header
            if sheet._charts or sheet.title in ("Om rapporten", "Måluppfyllelse", "Investeringar"):
                assert sheet.print_title_rows is None, where
            else:  # the forecast template's form has its header in row 1, to read back
                form = path.name.startswith("prognosunderlag") and sheet.title == "Prognos"
                assert sheet.print_title_rows == ("$1:$1" if form else "$3:$3"), where
            widths = [d.width for d in sheet.column_dimensions.values() if d.width]
            if sum(widths) > 95:
                assert sheet.page_setup.orientation == "landscape", where


def test_columns_fit_their_content_and_headers_their_rows(sample_workbooks: Path):
    monthly = openpyxl.load_workbook(next(sample_workbooks.rglob("manadsuppfoljning_*.xlsx")))
    sheet = monthly.worksheets[0]
    labels = [c.value for c in sheet["A"][3:] if c.value]
    assert sheet.column_dimensions["A"].width >= max(len(label) for label in labels)
    assert sheet.row_dimensions[3].height >= 30  # two-line headers get two lines
    annual = openpyxl.load_workbook(next(sample_workbooks.rglob("arsrapport_*.xlsx")))
    assert annual["Investeringar"]["A3"].value == "Objekt"
    assert annual["Medarbetare"]["A3"].value == "Indikator"
    assert annual["Kostnads- och intäktsutveckling"]["A3"].value == "Slag"
    chart_sheet = annual["Diagram"]
    assert chart_sheet.row_breaks.brk, "the chart prints on its own page"
    [chart] = chart_sheet._charts
    assert all(not series.smooth for series in chart.series)
    assert chart.x_axis.tickLblPos == "low" and chart.x_axis.delete is False


def test_exports_are_readable_by_the_team(sample_workbooks: Path):
    mask = os.umask(0)
    os.umask(mask)
    for path in _workbooks(sample_workbooks):
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask, path.name


@pytest.mark.skipif(not (SOFFICE and PDFINFO), reason="LibreOffice and poppler (.ci/run installs)")
def test_the_monthly_main_table_prints_on_one_page(sample_workbooks: Path, tmp_path: Path):
    source = next(sample_workbooks.rglob("manadsuppfoljning_*.xlsx"))
    workbook = openpyxl.load_workbook(source)
    for sheet in workbook.worksheets[1:]:
        workbook.remove(sheet)
    first = tmp_path / "main_table.xlsx"
    workbook.save(first)
    pages = {}
    for path in (first, source):
        subprocess.run(
            [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
            check=True,
            capture_output=True,
            timeout=180,
            env={**os.environ, "HOME": str(tmp_path)},  # LibreOffice's profile goes here
        )
        info = subprocess.run(
            [PDFINFO, str(tmp_path / f"{path.stem}.pdf")], capture_output=True, text=True
        ).stdout
        pages[path.name] = int(
            next(line for line in info.splitlines() if line.startswith("Pages")).split()[-1]
        )
    assert pages["main_table.xlsx"] == 1
    # every sheet on a page or two, but Underlag: a table to filter, about 50 rows a page
    underlag = openpyxl.load_workbook(source)["Underlag"].max_row // 45 + 1
    assert pages[source.name] <= len(openpyxl.load_workbook(source).worksheets) + 1 + underlag
