"""The Dagster webserver on 127.0.0.1 answers for the asset graph: one path from the ledger file
to the monthly Excel export, with checks, jobs, schedules and the sensor."""

from __future__ import annotations

import pytest

from tests.helpers import ask_graphql

pytestmark = pytest.mark.slow  # end to end: runs the real graph

QUERY = """
{
  assetNodes {
    assetKey { path }
    dependencyKeys { path }
    owners { ... on TeamAssetOwner { team } }
    description
    assetChecksOrError { ... on AssetChecks { checks { name } } }
  }
  workspaceOrError { ... on Workspace { locationEntries { locationOrLoadError {
    ... on RepositoryLocation { repositories {
      jobs { name } schedules { name executionTimezone } sensors { name } } } } } } }
}
"""


def test_asset_graph_from_ledger_file_to_excel(webserver: int):
    data = ask_graphql(webserver, QUERY)
    nodes = {"/".join(n["assetKey"]["path"]): n for n in data["assetNodes"]}
    parents = {key: {"/".join(d["path"]) for d in n["dependencyKeys"]} for key, n in nodes.items()}
    # walk upstream from the export until the ledger file is reached
    frontier, seen = ["monthly_report_xlsx"], set()
    while frontier:
        key = frontier.pop()
        if key in seen:
            continue
        seen.add(key)
        frontier.extend(parents.get(key, ()))
    for step in (
        "sources/ledger",
        "raw/ledger",
        "staging/stg_ledger__transactions",
        "intermediate/int_ledger__monthly",
        "intermediate/int_ledger__signed",
        "intermediate/int_result__ytd",
        "marts/fct_report_row_figures",
        "reports/rpt_monthly_result",
    ):
        assert step in seen, step
    assert nodes["monthly_report_xlsx"]["owners"] == [{"team": "finance"}]
    assert nodes["marts/fct_report_row_figures"]["description"]
    checks = {
        c["name"] for n in nodes.values() for c in (n["assetChecksOrError"] or {}).get("checks", [])
    }
    assert "rpt_monthly_result__totals_equal_lines" in checks
    [entry] = data["workspaceOrError"]["locationEntries"]
    [repository] = entry["locationOrLoadError"]["repositories"]
    assert {"monthly_report_job", "tertial_report_job", "annual_report_job"} <= {
        job["name"] for job in repository["jobs"]
    }
    schedules = {s["name"]: s["executionTimezone"] for s in repository["schedules"]}
    assert schedules == {
        "monthly_report_schedule": "Europe/Stockholm",
        "tertial_report_schedule": "Europe/Stockholm",
        "annual_report_schedule": "Europe/Stockholm",
    }
    assert [s["name"] for s in repository["sensors"]] == ["sources_folder_sensor"]
