"""Om rapporten's change section lists the deliveries among the files the report lists, each
with its kind as the file list shows it."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook

from orchestration.periods import Period
from orchestration.reports.about import CHANGES_TITLE, Provenance, write_about

LOADED = dt.datetime(2018, 5, 3, 8, 0)


def _file(name: str, label: str, comparison: bool) -> dict:
    return {
        "file_name": name,
        "kind": "ledger",
        "kind_label": label,
        "is_comparison_year": comparison,
        "content_hash": "new" + name,
        "loaded_at": LOADED,
        "row_count": 10,
    }


def _delivery(name: str) -> dict:
    return {
        "change_kind": "delivery",
        "file_name": name,
        "kind": "ledger",
        "content_hash": "new" + name,
        "previous_content_hash": "old" + name,
        "loaded_at": LOADED,
        "row_count": 10,
    }


def _changes_section(files: list[dict]) -> list[tuple]:
    version = {
        "change_kind": "version",
        "previous_run_id": "run-1",
        "previous_recorded_at": LOADED - dt.timedelta(days=1),
    }
    provenance = Provenance("Test", Period(2018, 4), "run-2", LOADED, files=files)
    provenance.changes = [
        version,
        _delivery("huvudbok_2018-04.csv"),
        _delivery("huvudbok_2017-04.csv"),
    ]
    sheet = Workbook().active
    write_about(sheet, provenance)
    rows = [row for row in sheet.iter_rows(values_only=True) if any(row)]
    return rows[[row[0] for row in rows].index(CHANGES_TITLE) :]


def test_a_report_comparing_with_last_year_labels_each_file_as_listed():
    section = _changes_section(
        [
            _file("huvudbok_2018-04.csv", "Huvudbok", False),
            _file("huvudbok_2017-04.csv", "Huvudbok (jämförelseår)", True),
        ]
    )
    shown = {row[0]: row[1] for row in section if str(row[0]).startswith("huvudbok")}
    assert shown == {
        "huvudbok_2018-04.csv": "Huvudbok",
        "huvudbok_2017-04.csv": "Huvudbok (jämförelseår)",
    }


def test_a_report_not_using_last_year_does_not_list_its_changes():
    section = _changes_section([_file("huvudbok_2018-04.csv", "Huvudbok", False)])
    names = [row[0] for row in section]
    assert "huvudbok_2018-04.csv" in names and "huvudbok_2017-04.csv" not in names
