"""End to end: the tertial report T2 (two years) and the annual report, every figure known."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.helpers import run_period
from tests.periodic_case import write_case
from tests.test_excel_safety import formula_cells

pytestmark = pytest.mark.slow  # end to end: runs the real graph

ROWS = ["Drift A", "Bidrag A", "Totalt GA", "Drift B", "Avgifter B", "Totalt GB", "Totalt"]
# Prognos: Årsprognos, Årsbudget, avvikelse, % av årsbudget, förändring jfr YYYY-05 (mnkr)
PROGNOS = [
    (-12.5, -12.3, -0.2, -0.2 / 12.3 * 100, -0.5),
    (13.3, 12.3, 1.0, 1.0 / 12.3 * 100, 0.3),
    (0.8, 0.0, 0.8, 0.8 / 12.3 * 100, -0.2),  # a total: of its lines' negative budgets (-12,3)
    (-5.5, -5.4, -0.1, -0.1 / 5.4 * 100, 0.1),
    (2.4, 2.4, 0.0, 0.0, 0.0),  # no row in August: May's forecast carried over
    (-3.1, -3.0, -0.1, -0.1 / 5.4 * 100, 0.1),  # Drift B's -5,4, not the net -3,0
    (-2.3, -3.0, 0.7, 0.7 / 17.7 * 100, -0.1),  # Drift A + Drift B
]
# Resultaträkning: ack. resultat förra året, i år, ack. budget, avvikelse, prognosavvikelse
RESULTAT = [
    (-7.2, -8.0, -8.2, 0.2, -0.2),
    (8.0, 8.8, 8.2, 0.6, 1.0),
    (0.8, 0.8, 0.0, 0.8, 0.8),
    (-3.2, -4.0, -3.6, -0.4, -0.1),
    (1.6, 2.0, 1.6, 0.4, 0.0),
    (-1.6, -2.0, -2.0, 0.0, -0.1),
    (-0.8, -1.2, -2.0, 0.8, 0.7),
]
COSTS = (
    "Verksamhetens kostnader",
    -10_400,
    -12_000,
    -1_600,
    -11_800,
    -200,
    (12_000 / 10_400 - 1) * 100,
    (11_800 / 10_400 - 1) * 100,
    (11_800 / 10_400 - 12_000 / 10_400) * 100,
)
REVENUE = ("Verksamhetens intäkter", 1_600, 2_000, 400, 1_600, 400, 25.0, 0.0, 25.0)
INVESTMENTS = [
    ("INV1 Datorer", 800, 900, 1000, 100),
    ("INV2 System", 400, 600, 500, -100),
    ("Totalt", 1200, 1500, 1500, 0),
    ("Investeringar per tillgångsslag", None, None, None, None),
    ("Tillgångsslag", "Ack. utfall", "Årsprognos", "Årsbudget", "Avvikelse mot årsbudget"),
    ("Utrustning/inventarier", 800, 900, 1000, 100),
    ("Immateriella tillgångar", 400, 600, 500, -100),
    ("Fastigheter", 0, 0, 0, 0),
    ("Totalt", 1200, 1500, 1500, 0),
]


def run_case(root: Path, year: int, last_month: int) -> Path:
    write_case(root / "sources", year, last_month)
    code = run_period(root, f"{year}-{last_month:02d}")
    assert code == 0
    return root / "exports" / str(year)


def body(sheet, first_row: int = 4) -> list[list]:
    return [
        [c.value for c in row]
        for row in sheet.iter_rows(min_row=first_row)
        if any(c.value is not None for c in row)
    ]


def assert_rows(actual: list[list], labels: list[str], expected: list[tuple]) -> None:
    assert [row[0] for row in actual] == labels
    for row, figures in zip(actual, expected, strict=True):
        assert row[1:] == pytest.approx(list(figures), abs=1e-9), row[0]


@pytest.mark.parametrize("year", [2019, 2023])
def test_t2_report_every_figure(tmp_path: Path, year: int):
    folder = run_case(tmp_path, year, 8)
    workbook = openpyxl.load_workbook(folder / f"uppfoljningsrapport_{year}-T2.xlsx")
    assert workbook.sheetnames == [
        "Prognos",
        "Prognoskommentarer",
        "Resultaträkning",
        "Kostnads- och intäktsutveckling",
        "Investeringar",
        "Medarbetare",
        "Diagram",
        "Aktiviteter",
        "Underlag",
        "Om rapporten",
    ]
    prognos = workbook["Prognos"]
    assert [c.value for c in prognos[3]] == [
        "Uppdrag",
        "Årsprognos",
        "Årsbudget",
        "Prognostiserad avvikelse mot årsbudget",
        "Avvikelse i % av årsbudget",
        f"Förändring av prognos jfr {year}-05",
    ]
    assert_rows(body(prognos), ROWS, PROGNOS)
    resultat = workbook["Resultaträkning"]
    assert [c.value for c in resultat[3]][1:3] == [
        f"Ack. resultat {year - 1}",
        f"Ack. resultat {year}",
    ]
    assert_rows(body(resultat), ROWS, RESULTAT)
    costs = body(workbook["Kostnads- och intäktsutveckling"])
    assert costs[0] == pytest.approx(list(COSTS)) and costs[1] == pytest.approx(list(REVENUE))
    assert workbook["Investeringar"]["A3"].value == "Objekt"
    assert workbook["Medarbetare"]["A3"].value == "Indikator"
    assert workbook["Kostnads- och intäktsutveckling"]["A3"].value == "Slag"
    investments = body(workbook["Investeringar"])
    assert len(investments) == len(INVESTMENTS)
    for row, expected in zip(investments, INVESTMENTS, strict=True):
        assert row[0] == expected[0]
        assert row[1:] == (
            list(expected[1:])
            if expected[1] is None or isinstance(expected[1], str)
            else pytest.approx(list(expected[1:]), abs=1e-9)
        )
    assert body(workbook["Medarbetare"]) == [
        ["Personalomsättning", 9.5, 10],
        ["Sjukfrånvaro", 4.8, 5],
    ]
    chart_sheet = workbook["Diagram"]
    assert len(chart_sheet._charts) == 1
    assert [row[0] for row in body(chart_sheet)] == [
        "jan",
        "feb",
        "mar",
        "apr",
        "maj",
        "jun",
        "jul",
        "aug",
    ]
    assert body(chart_sheet)[-1][1:] == pytest.approx([-1.2, -2.0])
    activities = body(workbook["Aktiviteter"])
    assert [(r[2], r[4], r[5]) for r in activities] == [
        ("Timbanken", "Kommentar saknas", "Försenat slutdatum"),  # not to plan comes first
        ("Suicidprevention", "=SUMMA(A1)", None),
    ]
    assert workbook["Aktiviteter"]["E5"].data_type == "s"
    texts = [
        c.value
        for row in workbook["Om rapporten"].iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]
    assert any("B2" in t and f"{year}-05" in t for t in texts)
    assert f"investeringar_{year}-08.csv" in texts and f"hr_{year}-08.csv" in texts


def test_annual_report_with_project_annex(tmp_path: Path):
    folder = run_case(tmp_path, 2021, 12)
    workbook = openpyxl.load_workbook(folder / "arsrapport_2021.xlsx")
    assert workbook.sheetnames[-4:] == ["Projektbilaga", "Aktiviteter", "Underlag", "Om rapporten"]
    resultat = body(workbook["Resultaträkning"])
    assert resultat[0][:3] == pytest.approx(["Drift A", -10.8, -12.0], abs=1e-9)
    annex = body(workbook["Projektbilaga"])
    assert [row[0] for row in annex] == [
        "2 Leda och driva hälsoinnovation",
        "▶",
        "5 Leda, driva och förvalta företagsstödet",
        "●",
        "!",
    ]  # by project name
    testmiljo, suicid, timbanken = annex[1], annex[3], annex[4]
    assert testmiljo[1] == "Testmiljö Halland"
    assert testmiljo[3] == (
        "Ägare: Högskolan i Halmstad RH medel: 18 900 000 kr Beskrivning: Testbädd"
    )
    assert timbanken[3] == (
        "Ägare: Region Halland RH medel: 10 000 000 kr Beskrivning: Tidbank för företag"
    )
    # booked to date: 12 x 10 000 last year + 12 x 20 000 this year
    assert timbanken[5:] == [10_000_000, 360_000]
    assert suicid[3] == "Ägare: Region Halland RH medel: saknas"
    assert suicid[4] == "=SUMMA(A1)" and testmiljo[4] == "+46 35 enligt plan"
    for export in folder.glob("*.xlsx"):
        assert formula_cells(export) == [], export.name
