"""End to end on the November 2017 case: the Underlag sheet adds up to every line of the first
table, a drill returns the voucher rows behind a printed figure, and Om rapporten lists what a
corrected ledger month moved since the previous version of the report."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import dagster as dg
import openpyxl
import pytest

from orchestration.defs.drill import ledger_drill_xlsx
from orchestration.defs.resources import TertialPaths
from orchestration.sample.region import TABLE_RS
from tests.helpers import run_cli, run_period
from tests.reference_2017 import LEAVES, PERIOD, write_reference_sources

pytestmark = pytest.mark.slow  # end to end: runs the real graph

MONTHLY = Path("2017") / "manadsuppfoljning_2017-11.xlsx"
MNKR = 1_000_000


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("drill2017")
    write_reference_sources(root / "sources")
    assert run_period(root, str(PERIOD)) == 0
    return root


def _rows(sheet, header_row: int = 3) -> list[dict]:
    headers = [c.value for c in sheet[header_row]]
    return [
        dict(zip(headers, values, strict=False))
        for values in sheet.iter_rows(min_row=header_row + 1, values_only=True)
        if any(v is not None for v in values)
    ]


def _about_section(workbook, title: str) -> list[tuple]:
    sheet = workbook["Om rapporten"]
    start = next(c.row for c in sheet["A"] if c.value == title)
    return [row for row in sheet.iter_rows(min_row=start, values_only=True)]


def test_underlag_adds_up_to_every_line_of_the_first_table(case: Path):
    workbook = openpyxl.load_workbook(case / "exports" / MONTHLY)
    assert workbook.sheetnames[-2:] == ["Underlag", "Om rapporten"]
    sheet = workbook["Underlag"]
    assert list(sheet.tables) == ["rpt_underlag"]  # an Excel table: filter buttons, bands
    assert sheet.tables["rpt_underlag"].ref.startswith("A3:J")
    underlag = _rows(sheet)
    assert [c.value for c in sheet[3]][:6] == [
        "Uppdrag",
        "Benämning",
        "Rapportrad",
        "Konto",
        "Kontoklass",
        "Ansvar",
    ]
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for row in underlag:
        figures = sums[row["Rapportrad"]]
        figures[0] += row["Resultat jan-nov"]
        figures[1] += row["Budget jan-nov"]
        figures[2] += row["Budget 2017"]
    first = next(ws for ws in workbook.worksheets if ws["A1"].value == TABLE_RS)
    lines = [
        row
        for row, cells in zip(_rows(first), first.iter_rows(min_row=4), strict=True)
        if not cells[0].font.bold
    ]
    assert len(lines) == 12
    # Regionbidrag is a line under three groups: Underlag names each with its code
    regionbidrag = iter(("RSV10", "HSF10", "RGK10"))
    for line in lines:
        label = line["Uppdrag"]
        key = f"{label} ({next(regionbidrag)})" if label == "Regionbidrag" else label
        outcome, budget, year = sums.pop(key)
        assert abs(outcome - line["Resultat jan-nov"]) < 1e-6, label
        assert abs(budget - line["Budget jan-nov"]) < 1e-6, label
        assert abs(year - line["Budget 2017"]) < 1e-6, label
    assert not sums  # every Underlag row is on a line of the first table
    # budget without ansvar stands on its own row; outcome keeps the ledger's ansvar
    ansvar = {row["Ansvar"] for row in underlag}
    assert ansvar == {"(ej fördelad på ansvar)", "RK1000"}
    assert all(row["Konto"][0] in "3456789" for row in underlag)  # result accounts only


def test_a_drill_returns_the_voucher_rows_behind_a_printed_figure(case: Path):
    exports = case / "exports"
    code = run_cli(
        "drill",
        "--period",
        str(PERIOD),
        "--uppdrag",
        "rsv30",  # as a person types it
        "--exports",
        str(exports),
        "--warehouse",
        str(case / "wh.duckdb"),
    )
    assert code == 0
    path = exports / "2017" / "drill" / "verifikationer_2017-11_RSV30.xlsx"
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Verifikationer", "Om uttaget"]
    rows = _rows(workbook["Verifikationer"])
    *vouchers, total = rows
    assert total["Uppdrag"] == "Summa"
    # Förtroendevalda (RSV30) prints -30,1 mnkr jan-nov: the rows add up to it exactly
    result = sum(row["Resultat"] for row in vouchers)
    assert abs(result - LEAVES["RSV30"][0] * MNKR) < 0.005
    assert abs(total["Resultat"] - result) < 0.005
    assert {row["Konto"] for row in vouchers} == {"3010", "5011"}
    assert all(row["Uppdrag"] == "RSV30" for row in vouchers)
    # every row names its file and line, and that line of the file is the voucher row
    row = vouchers[len(vouchers) // 2]
    ledger = case / "sources" / "ledger" / row["Fil"]
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            lines = ledger.read_text(encoding=encoding).splitlines()
            break
        except UnicodeDecodeError:
            continue
    fields = next(csv.reader([lines[row["Rad"] - 1]], delimiter=";"))
    assert fields[1] == row["Verifikation"] and fields[3] == row["Konto"]
    about = dict((r[0], r[1]) for r in workbook["Om uttaget"].iter_rows(values_only=True) if r[0])
    assert about["Summa Resultat"] == about["Samma urval på Underlag"]
    assert about["Urval"].startswith("uppdrag RSV30")


def test_a_drill_of_a_parent_with_account_and_from_the_dagster_job(case: Path):
    paths = TertialPaths(
        sources=str(case / "sources"),
        exports=str(case / "exports"),
        warehouse=str(case / "wh.duckdb"),
    )
    config = {"period": str(PERIOD), "uppdrag": "RSV40", "konto": "5011"}
    result = dg.materialize(
        [ledger_drill_xlsx],
        resources={"paths": paths},
        run_config={"ops": {"ledger_drill_xlsx": {"config": config}}},
    )
    assert result.success
    [materialization] = result.asset_materializations_for_node("ledger_drill_xlsx")
    path = Path(materialization.metadata["path"].value)
    assert path.name == "verifikationer_2017-11_RSV40_konto-5011.xlsx"
    rows = _rows(openpyxl.load_workbook(path)["Verifikationer"])
    *vouchers, total = rows
    assert {row["Uppdrag"] for row in vouchers} == {"RSV41", "RSV42", "RSV43"}
    assert {row["Konto"] for row in vouchers} == {"5011"}
    assert abs(total["Resultat"] - materialization.metadata["result_sek"].value) < 0.005


def test_drill_mistakes_get_one_sentence(case: Path, capsys: pytest.CaptureFixture[str]):
    base = ["--exports", str(case / "exports"), "--warehouse", str(case / "wh.duckdb")]
    asks = {
        ("--uppdrag", "RSV3"): "the nearest are RSV30",
        ("--uppdrag", "RSV30", "--konto", "2440"): "is a balance account",
        ("--uppdrag", "RSV30", "--konto", "50"): "four digits",
        ("--uppdrag", "RSV30", "--ansvar", "RK0000"): "has no ledger row on ansvar 'RK0000'",
    }
    for ask, words in asks.items():
        assert run_cli("drill", "--period", str(PERIOD), *ask, *base) == 1
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err, err
    assert run_cli("drill", "--period", "2017-12", "--uppdrag", "RSV30", *base) == 1
    assert "not a closed month" in capsys.readouterr().err


def test_what_changed_since_the_last_version(case: Path):
    # the first run of the module fixture made the first version
    first = openpyxl.load_workbook(case / "exports" / MONTHLY)
    assert _about_section(first, "Ändringar sedan förra versionen")[1][0] == (
        "Första versionen av rapporten för perioden."
    )
    # nothing changed: the same report again says so
    assert run_period(case, str(PERIOD)) == 0
    again = openpyxl.load_workbook(case / "exports" / MONTHLY)
    section = _about_section(again, "Ändringar sedan förra versionen")
    assert section[1][0] == "Förra versionen" and section[2][0] == "Inga ändringar."
    # March is re-delivered with one salary row moved from RSV30 to RSV20 (a correction)
    ledger = case / "sources" / "ledger" / "huvudbok_2017-03.csv"
    encoding = "cp1252"  # month 3 of the reference case is written in Windows-1252
    lines = ledger.read_text(encoding=encoding).splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if ";5011;RK1000;RSV30;" in line)
    fields = lines[index].split(";")
    moved = float(fields[8].replace(",", "."))
    lines[index] = lines[index].replace(";RSV30;", ";RSV20;")
    ledger.write_text("".join(lines), encoding=encoding)
    assert run_period(case, str(PERIOD)) == 0
    corrected = openpyxl.load_workbook(case / "exports" / MONTHLY)
    section = _about_section(corrected, "Ändringar sedan förra versionen")
    delivered = next(row for row in section if row[0] == "huvudbok_2017-03.csv")
    assert delivered[1] == "Huvudbok"
    previous = section[section.index(delivered) + 1]
    assert previous[0].strip() == "förra versionens hash" and previous[2] != delivered[2]
    start = next(i for i, row in enumerate(section) if row[0] == "Blad")
    changed = {(row[1], row[2]): row[3:6] for row in section[start + 1 :] if row[0]}
    # result = -(ledger amount): RSV30 gains the cost it lost, RSV20 bears it; nothing else
    # moved but the deviations (the budget is the same)
    assert set(changed) == {
        ("Förtroendevalda", "Resultat jan-nov"),
        ("Förtroendevalda", "Avvikelse mot budget jan-nov"),
        ("E-plan utveckling", "Resultat jan-nov"),
        ("E-plan utveckling", "Avvikelse mot budget jan-nov"),
    }
    old, new, difference = changed[("Förtroendevalda", "Resultat jan-nov")]
    assert abs(difference - moved / MNKR) < 1e-9 and abs(new - old - difference) < 1e-9
    assert abs(changed[("E-plan utveckling", "Resultat jan-nov")][2] + moved / MNKR) < 1e-9
