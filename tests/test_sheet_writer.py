"""The generic sheet writer on a tiny in-memory DuckDB: any sheet-shaped model becomes a sheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import openpyxl
import pytest

from orchestration.periods import Period
from orchestration.reports.excel import ReportWorkbook, save_atomically
from orchestration.reports.models import SheetColumn, SheetModel, sheet_models
from orchestration.reports.reader import read_sheet_rows
from orchestration.reports.sheets import write_model_sheets

PERIOD = Period(2019, 8)


def _model(name: str, columns: list[tuple[str, str, str]], **sheet) -> SheetModel:
    specs = tuple(SheetColumn(n, header, t) for n, header, t in columns)
    return SheetModel(name=name, columns=specs, names=frozenset(c.name for c in specs), **sheet)


@pytest.fixture
def con():
    con = duckdb.connect()
    con.execute("create schema reports")
    yield con
    con.close()


def _written(tmp_path: Path, con, model: SheetModel, name: str | None = "Blad"):
    book = ReportWorkbook()
    write_model_sheets(book, model, read_sheet_rows(con, model.name, PERIOD), PERIOD, name)
    path = save_atomically(book.workbook, tmp_path / "t.xlsx")
    return openpyxl.load_workbook(path)


def test_title_unit_headers_formats_and_bold_totals(tmp_path: Path, con):
    con.execute("""
        create table reports.rpt_t as select * from (values
            (date '2019-08-01', 2, 'Totalt', true, -3.25, 12.5, '2019-05', 1.0),
            (date '2019-08-01', 1, '=SUMMA(A1)', false, -1.05, 3.333, '2019-05', 2.0),
            (date '2019-07-01', 1, 'annan månad', false, 9.0, 9.0, '2019-05', 3.0)
        ) as t(period_month, row_order, label, is_total, outcome_mnkr, share_percent,
               compared_with, budget_tkr)""")
    model = _model(
        "rpt_t",
        [
            ("period_month", "", "date"),
            ("row_order", "", "integer"),
            ("label", "Uppdrag", "varchar"),
            ("is_total", "", "boolean"),
            ("outcome_mnkr", "Resultat {months}", "double"),
            ("share_percent", "Andel {year}", "double"),
            ("compared_with", "", "varchar"),
            ("budget_tkr", "Jfr {compared_with}", "double"),
        ],
        title="Tabell",
        unit="mnkr, {months} {year} ({period}), mot {compared_with}",
        hidden=frozenset({"compared_with"}),
    )
    sheet = _written(tmp_path, con, model)["Blad"]
    assert sheet["A1"].value == "Tabell" and sheet["A1"].font.bold
    assert sheet["A2"].value == "mnkr, jan-aug 2019 (2019-08), mot 2019-05"
    headers = ["Uppdrag", "Resultat jan-aug", "Andel 2019", "Jfr 2019-05"]
    assert [c.value for c in sheet[3]] == headers
    assert [c.value for c in sheet[4]] == ["=SUMMA(A1)", -1.05, 3.333, 2.0]
    assert sheet["A4"].data_type == "s"  # source text is never a formula
    assert [c.value for c in sheet[5]] == ["Totalt", -3.25, 12.5, 1.0]
    assert sheet.max_row == 5  # the other month's row is not written
    assert sheet["B4"].number_format == "#,##0.0" and sheet["C4"].number_format == "0.0"
    assert sheet["D4"].number_format == "#,##0"
    assert sheet["A5"].font.bold and sheet["B5"].font.bold and not sheet["A4"].font.bold
    assert sheet.freeze_panes == "B4"


def test_sections_sheet_names_empty_text_and_chart(tmp_path: Path, con):
    con.execute("""
        create table reports.rpt_s as select * from (values
            (date '2019-08-01', 'Första', null, 1, 'a', false, 1.0),
            (date '2019-08-01', 'Första', null, 2, 'Totalt', true, 1.0),
            (date '2019-08-01', 'Första', 'Per slag', 3, 'b', false, 2.0),
            (date '2019-08-01', 'Andra', null, 4, 'c', false, 3.0)
        ) as t(period_month, sheet_name, section, row_order, label, is_total, value_tkr)""")
    model = _model(
        "rpt_s",
        [
            ("period_month", "", "date"),
            ("sheet_name", "", "varchar"),
            ("section", "", "varchar"),
            ("row_order", "", "integer"),
            ("label", "Objekt", "varchar"),
            ("is_total", "", "boolean"),
            ("value_tkr", "Värde", "double"),
        ],
        title="{sheet_name}",
        unit="tkr",
        chart={"title": "Värde", "anchor": "E3"},
    )
    workbook = _written(tmp_path, con, model, name=None)
    assert workbook.sheetnames == ["Första", "Andra"]
    first = workbook["Första"]
    rows = [[c.value for c in row] for row in first.iter_rows(min_row=3)]
    assert rows == [
        ["Objekt", "Värde"],
        ["a", 1.0],
        ["Totalt", 1.0],
        [None, None],
        ["Per slag", None],
        ["Objekt", "Värde"],
        ["b", 2.0],
    ]
    assert first["A8"].font.bold
    assert len(first._charts) == 1
    assert workbook["Andra"]["A1"].value == "Andra"

    con.execute("create table reports.rpt_e (period_month date, row_order int, label varchar)")
    empty = _model(
        "rpt_e",
        [("period_month", "", "date"), ("row_order", "", "integer"), ("label", "X", "varchar")],
        title="Tom",
        unit="uppgifter för {label}",
        empty="Inga rader.",
    )
    sheet = _written(tmp_path, con, empty)["Blad"]
    assert sheet["A2"].value == "uppgifter för saknas"
    assert sheet["A4"].value == "Inga rader."


def test_dates_are_dates_and_missing_values_leave_cells_empty(tmp_path: Path, con):
    con.execute("""
        create table reports.rpt_d as select * from (values
            (date '2019-08-01', 1, 'P1', date '2020-06-30', null::double, null::varchar)
        ) as t(period_month, row_order, label, end_date, rh_kr, comment)""")
    model = _model(
        "rpt_d",
        [
            ("period_month", "", "date"),
            ("row_order", "", "integer"),
            ("label", "Aktivitet", "varchar"),
            ("end_date", "Slutdatum", "date"),
            ("rh_kr", "RH-medel (kr)", "double"),
            ("comment", "Kommentar", "varchar"),
        ],
        title="D",
        unit="u",
    )
    sheet = _written(tmp_path, con, model)["Blad"]
    assert sheet["B4"].value == dt.datetime(2020, 6, 30) and sheet["B4"].number_format == (
        "yyyy-mm-dd"
    )
    assert sheet["C4"].value is None and sheet["D4"].value is None


def test_a_template_field_that_does_not_exist_is_an_error(tmp_path: Path, con):
    con.execute("create table reports.rpt_x (period_month date, row_order int, label varchar)")
    model = _model(
        "rpt_x",
        [("period_month", "", "date"), ("row_order", "", "integer"), ("label", "X", "varchar")],
        title="{nonsense}",
        unit="u",
    )
    with pytest.raises(KeyError, match="nonsense"):
        _written(tmp_path, con, model)


def test_the_manifest_describes_every_catalogue_sheet():
    models = sheet_models()
    investments = models["rpt_investments"]
    assert investments.has_sections and investments.shown[0].header == "{label_header}"
    assert [c.number_format for c in investments.shown[1:]] == ["#,##0"] * 4
    assert models["rpt_monthly_result"].has_sheet_names
    assert models["rpt_cumulative_result"].chart["anchor"] == "E3"
