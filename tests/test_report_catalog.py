"""The report catalogue is the one place a workbook is declared: everything else agrees with it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from orchestration.cli import latest_periodic_runs, report_runs
from orchestration.periods import Period
from orchestration.reports.catalog import (
    ANNUAL,
    FORECAST_TEMPLATE,
    MONTHLY,
    TERTIAL,
    WORKBOOKS,
    exposures_yaml,
    report_models,
    workbooks_for,
)
from orchestration.reports.models import STRUCTURAL, sheet_models
from orchestration.reports.sheets import fill
from orchestration.runtime.settings import DBT_PROJECT_DIR, PROJECT_ROOT

EXPOSURES = DBT_PROJECT_DIR / "models" / "reports" / "_reports__exposures.yml"


def test_dbt_exposures_are_the_catalogue():
    # `make exposures` writes the file from the catalogue; an edit by hand would drift
    assert EXPOSURES.read_text(encoding="utf-8") == exposures_yaml()


def test_every_sheet_is_one_contracted_report_model():
    import json

    from orchestration.reports.models import MANIFEST

    nodes = json.loads(MANIFEST.read_text(encoding="utf-8"))["nodes"].values()
    report_nodes = {
        n["name"]: n for n in nodes if n["resource_type"] == "model" and n["fqn"][1] == "reports"
    }
    assert set(report_nodes) == set(report_models()), "a report model no workbook reads, or v.v."
    for name, node in report_nodes.items():
        assert name.startswith("rpt_"), name
        assert node["config"]["contract"]["enforced"], f"{name} has no enforced contract"
        assert all(column.get("data_type") for column in node["columns"].values()), name
        for parent in node["depends_on"]["nodes"]:
            assert ".rpt_" not in parent, f"{name} reads another report model ({parent})"
    models = sheet_models()
    for workbook in WORKBOOKS:
        for sheet in workbook.sheets:
            model = models[sheet.model]
            if sheet.special:
                continue
            assert {"period_month", "row_order"} <= model.names, sheet.model
            assert model.title and model.unit, f"{sheet.model}: meta.sheet title and unit"
            assert model.shown[0].data_type == "string", f"{sheet.model}: label column first"
            assert not (model.hidden & STRUCTURAL), sheet.model
            assert model.hidden <= model.names, f"{sheet.model}: hidden column not in the model"


def test_headers_fill_in_the_period():
    models = sheet_models()
    period = Period(2019, 8)
    row = {"compared_with": "2019-05", "forecast_occasion": "2019-08"}
    forecast = models["rpt_forecast"]
    headers = [fill(c.header, period, row, forecast.names) for c in forecast.shown]
    assert headers == [
        "Uppdrag",
        "Årsprognos",
        "Årsbudget",
        "Prognostiserad avvikelse mot årsbudget",
        "Avvikelse i % av årsbudget",
        "Förändring av prognos jfr 2019-05",
    ]
    assert fill(forecast.unit, period, row, forecast.names).startswith(
        "mnkr, prognos 2019-08, period jan-aug 2019; avvikelse i % av årsbudget, för summarader"
    )
    monthly = models["rpt_monthly_result"]
    assert [fill(c.header, Period(2017, 11), None, monthly.names) for c in monthly.shown][1] == (
        "Resultat jan-nov"
    )


def test_workbooks_of_a_month_and_their_files():
    # the forecast template goes out with every monthly report, in the same run
    assert workbooks_for(Period(2017, 11)) == [MONTHLY, FORECAST_TEMPLATE]
    assert workbooks_for(Period(2019, 8)) == [MONTHLY, FORECAST_TEMPLATE, TERTIAL]
    assert workbooks_for(Period(2019, 12)) == [MONTHLY, FORECAST_TEMPLATE, ANNUAL]
    assert FORECAST_TEMPLATE.job == MONTHLY.job
    assert TERTIAL.file_for(Period(2019, 4)) == "2019/uppfoljningsrapport_2019-T1.xlsx"
    assert ANNUAL.file_for(Period(2019, 12)) == "2019/arsrapport_2019.xlsx"
    assert MONTHLY.file_for(Period(2017, 11)) == "2017/manadsuppfoljning_2017-11.xlsx"
    assert TERTIAL.name_for(Period(2019, 8)) == "Uppföljningsrapport 2 2019"
    assert [sheet.name for sheet in ANNUAL.sheets][-4:] == [
        "Projektbilaga",
        "Aktiviteter",
        "Underlag",
        "Om rapporten",
    ]
    with pytest.raises(ValueError):
        TERTIAL.partition_key(Period(2019, 9))


def test_cli_runs_come_from_the_catalogue():
    assert report_runs(Period(2017, 11)) == [("monthly_report_job", "2017-11", None)]
    assert report_runs(Period(2019, 8))[1] == (
        "tertial_report_job",
        "2019-T2",
        ["tertial_report_xlsx"],
    )
    assert report_runs(Period(2019, 4))[1][1] == "2019-T1"
    assert report_runs(Period(2019, 12))[1] == ("annual_report_job", "2019", ["annual_report_xlsx"])
    assert [run[1] for run in latest_periodic_runs(Period(2026, 10))] == ["2026-T2", "2025"]
    assert [run[1] for run in latest_periodic_runs(Period(2026, 5))] == ["2026-T1", "2025"]
    assert [run[1] for run in latest_periodic_runs(Period(2026, 2))] == ["2025-T2", "2025"]
    assert [run[1] for run in latest_periodic_runs(Period(2026, 12))] == ["2026-T2", "2026"]


REPORT_SQL = re.compile(r"\breports\s*\.\s*\"?rpt_|\bfrom\s+reports\b", re.IGNORECASE)


def test_no_sql_against_the_report_tables_outside_the_reader():
    package = PROJECT_ROOT / "orchestration"
    offenders = [
        str(path.relative_to(PROJECT_ROOT))
        for path in package.rglob("*.py")
        if path.name != "reader.py" and REPORT_SQL.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    reader = package / "reports" / "reader.py"
    assert "REPORTS_SCHEMA" in reader.read_text(encoding="utf-8")


def test_definitions_follow_the_catalogue():
    import dagster as dg

    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    for workbook in WORKBOOKS:
        key = dg.AssetKey(workbook.asset)
        parents = {k.path[-1] for k in graph.get(key).parent_keys}
        assert parents == set(workbook.models), workbook.key
        assert defs.resolve_job_def(workbook.job) is not None
        assert defs.resolve_schedule_def(workbook.schedule).execution_timezone == (
            "Europe/Stockholm"
        )


def test_every_module_says_what_it_owns():
    missing = []
    for path in (PROJECT_ROOT / "orchestration").rglob("*.py"):
        text = path.read_text(encoding="utf-8").lstrip()
        if path.name != "__init__.py" and not text.startswith('"""'):
            missing.append(str(path.relative_to(Path(PROJECT_ROOT))))
    assert missing == []
