"""Forecast proposals, their back-tests, the template's round trip and forecast accuracy, end to
end on a case whose every figure is computed here by hand (tests/forecast_case.py)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from orchestration.periods import Period
from tests.forecast_case import A1_BUDGET, A2_MONTH, FORECASTS, a1_cost, write_forecast_case
from tests.helpers import run_period

pytestmark = pytest.mark.slow  # end to end: runs the real graph


def _ytd(year: int, month: int) -> Decimal:
    """A1's outcome to date, report sign, SEK."""
    return -sum(a1_cost(year, m) for m in range(1, month + 1))


def _forecast_in_force(year: int, month: int) -> Decimal:
    occasions = [o for o in FORECASTS if o.startswith(f"{year}-") and o <= f"{year}-{month:02d}"]
    return (
        Decimal(FORECASTS[max(occasions)] * 1000) if occasions else -12 * Decimal(A1_BUDGET[year])
    )


def proposals(year: int, month: int) -> dict[str, Decimal]:
    """A1's proposal by every method at a month, as the README defines them."""
    budget_year = -12 * Decimal(A1_BUDGET[year])
    budget_ytd = -month * Decimal(A1_BUDGET[year])
    found = {
        "Budget": budget_year,
        "Utfall + återstående budget": _ytd(year, month) + budget_year - budget_ytd,
        "Årstakt": _ytd(year, month) * 12 / month,
        "Gällande prognos": _forecast_in_force(year, month),
    }
    earlier = [y for y in range(2017, year)]
    if earlier:
        share = sum(_ytd(y, month) for y in earlier) / sum(_ytd(y, 12) for y in earlier)
        found["Säsongsprofil"] = _ytd(year, month) / share
    return found


def back_test(year: int, month: int) -> dict[str, tuple[int, Decimal]]:
    """Per method: the years tried and the mean absolute error against those years' outcome."""
    errors: dict[str, list[Decimal]] = {}
    for earlier in range(2017, year):
        for method, value in proposals(earlier, month).items():
            errors.setdefault(method, []).append(abs(value - _ytd(earlier, 12)))
    return {method: (len(e), sum(e) / len(e)) for method, e in errors.items()}


def test_the_hand_computation_is_what_the_case_says():
    # the numbers a reader can check on paper: A1 at June 2019
    assert proposals(2019, 6) == {
        "Budget": -1_416_000,
        "Utfall + återstående budget": -1_428_000,
        "Årstakt": -1_440_000,
        "Gällande prognos": -1_500_000,
        "Säsongsprofil": -1_500_000,
    }
    assert back_test(2019, 6) == {
        "Budget": (2, 20_500),
        "Utfall + återstående budget": (2, 31_500),
        "Årstakt": (2, 52_500),
        "Gällande prognos": (2, 2_500),
        "Säsongsprofil": (1, 0),
    }


def _rows(path: Path, sheet: str, header_row: int) -> list[dict]:
    worksheet = openpyxl.load_workbook(path)[sheet]
    header = [c.value for c in worksheet[header_row]]
    return [
        dict(zip(header, (c.value for c in row), strict=True))
        for row in worksheet.iter_rows(min_row=header_row + 1)
        if row[0].value
    ]


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """May 2019 is reported; its template, saved unchanged as June's forecast, goes in; June."""
    root = tmp_path_factory.mktemp("forecast_case")
    write_forecast_case(root / "sources", Period(2019, 6))
    june = root / "sources" / "ledger" / "huvudbok_2019-06.csv"
    kept = june.read_bytes()
    june.unlink()
    assert run_period(root, "2019-05") == 0
    template = root / "exports" / "2019" / "prognosunderlag_2019-05.xlsx"
    shutil.copyfile(template, root / "sources" / "forecast" / "prognos_2019-06.xlsx")
    june.write_bytes(kept)
    assert run_period(root, "2019-06") == 0
    return root


def test_proposals_and_the_chosen_method(round_trip: Path):
    rows = {
        r["Uppdrag"]: r
        for r in _rows(round_trip / "exports/2019/prognosunderlag_2019-06.xlsx", "Prognos", 1)
    }
    a1, a2 = rows["A1"], rows["A2"]
    # by owner (Adam before Berit), then code
    assert list(rows) == ["A2", "A1"]
    assert a1["Metod"] == "Säsongsprofil"  # the lowest back-test error (0 on 2018)
    assert a1["Förslag"] == pytest.approx(float(proposals(2019, 6)["Säsongsprofil"]) / 1000)
    assert a1["Årsprognos"] == a1["Förslag"]
    assert a1["Utfall jan-jun"] == pytest.approx(float(_ytd(2019, 6)) / 1000)
    assert a1["Budget jan-jun"] == pytest.approx(-6 * A1_BUDGET[2019] / 1000)
    assert a1["Årsbudget"] == pytest.approx(-12 * A1_BUDGET[2019] / 1000)
    # A2 books exactly its budget: every method is exact, a tie, so the default method
    assert a2["Metod"] == "Utfall + återstående budget"
    assert a2["Förslag"] == pytest.approx(12 * A2_MONTH / 1000)
    methods = _rows(round_trip / "exports/2019/prognosunderlag_2019-06.xlsx", "Metoder", 3)
    expected = back_test(2019, 6)
    for row in (r for r in methods if r["Uppdrag"] == "A1"):
        years, error = expected[row["Metod"]]
        assert row["Prövade år"] == years
        assert row["Medelfel (tkr)"] == pytest.approx(float(error) / 1000), row["Metod"]
        assert (row["Vald"] == "✓") == (row["Metod"] == "Säsongsprofil")


def test_the_template_saved_unchanged_is_the_next_forecast(round_trip: Path):
    may = {
        r["Uppdrag"]: r
        for r in _rows(round_trip / "exports/2019/prognosunderlag_2019-05.xlsx", "Prognos", 1)
    }
    assert may["A1"]["Förslag"] == pytest.approx(float(proposals(2019, 5)["Säsongsprofil"]) / 1000)
    report = openpyxl.load_workbook(round_trip / "exports/2019/manadsuppfoljning_2019-06.xlsx")
    sheet = report["Resultat"]
    assert sheet["F3"].value == "Prognostiserat resultat 2019"
    figures = {row[0].value: row[5].value for row in sheet.iter_rows(min_row=4) if row[0].value}
    assert figures["Drift"] == pytest.approx(may["A1"]["Årsprognos"] / 1000)
    assert figures["Bidrag"] == pytest.approx(may["A2"]["Årsprognos"] / 1000)
    about = [c.value for row in report["Om rapporten"].iter_rows() for c in row]
    assert "prognos_2019-06.xlsx" in about


@pytest.fixture(scope="module")
def annual_2018(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("forecast_accuracy")
    write_forecast_case(root / "sources", Period(2018, 12))
    assert run_period(root, "2018-12") == 0
    return root / "exports" / "2018" / "arsrapport_2018.xlsx"


def test_forecast_accuracy_of_every_occasion(annual_2018: Path):
    workbook = openpyxl.load_workbook(annual_2018)
    assert workbook.sheetnames[:3] == ["Prognos", "Prognossäkerhet", "Prognoskommentarer"]
    sheet = workbook["Prognossäkerhet"]
    header = [c.value for c in sheet[3]]
    assert header == [
        "Uppdrag",
        "Årsbudget",
        "Utfall 2018",
        "Prognos 2018-04",
        "Prognosavvikelse 2018-04",
        "Prognos 2018-08",
        "Prognosavvikelse 2018-08",
    ]
    rows = [[c.value for c in row][:7] for row in sheet.iter_rows(min_row=4, max_row=6)]
    outcome = float(_ytd(2018, 12)) / 1e6  # -1,375
    grant = 12 * A2_MONTH / 1e6
    expected = [
        ["Drift", -12 * A1_BUDGET[2018] / 1e6, outcome, -1.38, outcome + 1.38, -1.4, outcome + 1.4],
        ["Bidrag", grant, grant, grant, 0.0, grant, 0.0],  # never delivered: its budget
        [
            "Totalt",
            -12 * A1_BUDGET[2018] / 1e6 + grant,
            outcome + grant,
            -1.38 + grant,
            outcome + 1.38,
            -1.4 + grant,
            outcome + 1.4,
        ],
    ]
    for row, want in zip(rows, expected, strict=True):
        assert row[0] == want[0]
        assert row[1:] == pytest.approx(want[1:], abs=1e-9), row[0]
    summary_start = next(
        r
        for r in range(7, sheet.max_row + 1)
        if sheet.cell(r, 1).value == "Träffsäkerhet per prognostillfälle"
    )
    assert [c.value for c in sheet[summary_start + 2]][:4] == [
        "Prognostillfälle",
        "Prognosavvikelse totalt",
        "Summa absoluta avvikelser",
        "I % av budgeterad nettokostnad",
    ]
    net_cost = 12 * A1_BUDGET[2018]
    occasions = [
        [c.value for c in row][:4]
        for row in sheet.iter_rows(min_row=summary_start + 3, max_row=summary_start + 4)
    ]
    assert occasions[0][0] == "2018-04" and occasions[1][0] == "2018-08"
    assert occasions[0][1:] == pytest.approx([0.005, 0.005, 5_000 / net_cost * 100], abs=1e-9)
    assert occasions[1][1:] == pytest.approx([0.025, 0.025, 25_000 / net_cost * 100], abs=1e-9)
    assert len(sheet._charts) == 1
