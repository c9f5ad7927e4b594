"""Måluppfyllelse and Prognoskommentarer end to end on the small known region with a business
plan, and the plan register's bad deliveries."""

from __future__ import annotations

import openpyxl
import pytest

from orchestration.sample.files import write_csv
from tests.helpers import run_period
from tests.periodic_case import write_case

pytestmark = pytest.mark.slow  # end to end: runs the real graph

PLAN_HEADER = (
    "Uppdragsnr",
    "Verksamhetsuppdrag",
    "Område",
    "Fokusområde",
    "Sortering",
    "Årsprognos",
    "Kommentar",
)
PLAN = [
    (
        7,
        "Stärka besöksnäringen",
        "Regional tillväxt och utveckling",
        "Hög attraktivitet",
        2,
        "■",
        "Pandemin slog ut säsongen",
    ),
    (
        2,
        "Leda och driva hälsoinnovation",
        "Regional tillväxt och utveckling",
        "Hög attraktivitet",
        1,
        "Uppfylls",
        None,
    ),
    (
        5,
        "Leda, driva och förvalta företagsstödet",
        "Hälsa- och sjukvård",
        "God och nära vård",
        None,
        "Uppfylls delvis",
        "Två projekt försenade",
    ),
]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("goals")
    write_case(root / "sources", 2019, 8)
    write_csv(root / "sources" / "registers" / "verksamhetsplan_2019-06-30.csv", PLAN_HEADER, PLAN)
    assert run_period(root, "2019-08") == 0
    return openpyxl.load_workbook(root / "exports" / "2019" / "uppfoljningsrapport_2019-T2.xlsx")


def _rows(sheet) -> list[list]:
    return [[c.value for c in row][:4] for row in sheet.iter_rows(min_row=3)]


def test_goal_fulfilment_per_omrade_and_focus_area(workbook):
    assert "Måluppfyllelse" in workbook.sheetnames
    rows = _rows(workbook["Måluppfyllelse"])
    assert rows == [
        ["Regional tillväxt och utveckling", None, None, None],
        [
            None,
            "Uppdrag inom Regional tillväxt och utveckling",
            "Prognostiserad måluppfyllelse",
            None,
        ],
        [None, "Leda och driva hälsoinnovation", "●", None],
        [None, "Stärka besöksnäringen", "■", None],
        [None, None, None, None],
        ["Hög attraktivitet", None, None, None],
        ["Årsprognos", "Förvaltningens uppdrag", "Kommentar", "Aktivitet"],
        ["●", "Leda och driva hälsoinnovation", None, "▶ Testmiljö Halland"],
        ["■", "Stärka besöksnäringen", "Pandemin slog ut säsongen", None],  # no activities
        [None, None, None, None],
        ["Hälsa- och sjukvård", None, None, None],
        [None, "Uppdrag inom Hälsa- och sjukvård", "Prognostiserad måluppfyllelse", None],
        [None, "Leda, driva och förvalta företagsstödet", "◆", None],
        [None, None, None, None],
        ["God och nära vård", None, None, None],
        ["Årsprognos", "Förvaltningens uppdrag", "Kommentar", "Aktivitet"],
        # the uppdrag's cells on its first activity row only, activities by name
        [
            "◆",
            "Leda, driva och förvalta företagsstödet",
            "Två projekt försenade",
            "● Suicidprevention",
        ],
        [None, None, None, "! Timbanken"],
    ]
    sheet = workbook["Måluppfyllelse"]
    assert sheet.column_dimensions["A"].width <= 14  # the symbols' own narrow column


def test_forecast_comments_beside_their_lines(workbook):
    rows = [
        [c.value for c in row][:3] for row in workbook["Prognoskommentarer"].iter_rows(min_row=4)
    ]
    by_label = {row[0]: row for row in rows if row[0]}
    assert by_label["Drift A"][2] == "A1: Högre lönekostnader"
    assert by_label["Avgifter B"][2] == "B2: Oförändrat (från prognosen 2019-05)"  # carried over
    assert by_label["Bidrag A"][2] is None
    assert by_label["Drift A"][1] == pytest.approx(-0.2)
    assert workbook.sheetnames.index("Prognoskommentarer") == 1  # beside Prognos
