"""Cell-by-cell snapshots of workbooks (value, number format, bold; charts, frozen panes), so a
change in any export is seen. `make golden` rewrites the snapshot after an intended change."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import openpyxl

from orchestration.cli import run_report
from orchestration.periods import Period
from orchestration.runtime.settings import resolve_paths
from orchestration.sample.generator import generate

SNAPSHOT = Path(__file__).parent / "golden" / "sample_workbooks.json"
FIRST, LAST = Period(2024, 1), Period(2025, 8)
# What a run stamps: its id and clock (Om rapporten) and the load time of each file.
VOLATILE_FACTS = {"Skapad", "Körning (Dagster run id)"}


def write_sample_workbooks(root: Path) -> Path:
    """The sample region Jan 2024 - Aug 2025: monthly 2025-08, T1 and T2 2025, annual 2024
    (its ledger an SIE 4 file, so the snapshot also proves SIE gives the CSV form's figures)."""
    generate(root / "sources", FIRST, LAST, sie_years=(FIRST.year,))  # 2024 as SIE 4
    paths = resolve_paths(root / "sources", root / "exports", root / "wh.duckdb")
    extra = [
        ("annual_report_job", "2024", ["annual_report_xlsx"]),
        ("tertial_report_job", "2025-T1", ["tertial_report_xlsx"]),
    ]
    assert run_report(LAST, paths, extra=extra) == 0
    return root / "exports"


def _value(value: object) -> object:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def dump(exports: Path) -> dict:
    result: dict = {}
    for path in sorted(exports.rglob("*.xlsx")):
        workbook = openpyxl.load_workbook(path)
        sheets = {}
        for sheet in workbook.worksheets:
            cells = [
                [cell.coordinate, _value(cell.value), cell.number_format, bool(cell.font.bold)]
                for row in sheet.iter_rows()
                for cell in row
                if cell.value is not None
            ]
            sheets[sheet.title] = {
                "cells": cells,
                "charts": len(sheet._charts),
                "freeze": sheet.freeze_panes,
            }
        result[path.relative_to(exports).as_posix()] = sheets
    return result


def _stable(sheet_name: str, cells: list) -> dict[str, tuple]:
    by_coordinate = {c[0]: tuple(c[1:]) for c in cells}
    for coordinate, (value, *_rest) in list(by_coordinate.items()):
        if coordinate.startswith("A") and value in VOLATILE_FACTS:
            by_coordinate.pop("B" + coordinate[1:], None)
    if sheet_name == "Om rapporten":
        for coordinate, (value, *_rest) in list(by_coordinate.items()):
            # the files' load times, and the hash of a generated .xlsx (its zip stamps the time)
            row = coordinate[1:]
            if coordinate.startswith("D") and isinstance(value, str) and value[:2] == "20":
                by_coordinate.pop(coordinate)
            if coordinate.startswith("A") and str(value).endswith(".xlsx"):
                by_coordinate.pop("C" + row, None)
    return by_coordinate


def differences(expected: dict, actual: dict) -> list[str]:
    """Every cell, chart count or frozen pane that differs (numbers within 1e-9)."""
    found = []
    for file in sorted(set(expected) | set(actual)):
        if file not in expected or file not in actual:
            found.append(f"{file}: only in {'actual' if file in actual else 'expected'}")
            continue
        if list(expected[file]) != list(actual[file]):
            found.append(f"{file}: sheets {list(expected[file])} != {list(actual[file])}")
        for sheet in set(expected[file]) & set(actual[file]):
            old, new = expected[file][sheet], actual[file][sheet]
            a, b = _stable(sheet, old["cells"]), _stable(sheet, new["cells"])
            for coordinate in sorted(set(a) | set(b)):
                x, y = a.get(coordinate), b.get(coordinate)
                if x == y:
                    continue
                if (
                    x
                    and y
                    and isinstance(x[0], float)
                    and isinstance(y[0], float)
                    and math.isclose(x[0], y[0], rel_tol=1e-12, abs_tol=1e-9)
                    and x[1:] == y[1:]
                ):
                    continue
                found.append(f"{file} {sheet}!{coordinate}: {x} != {y}")
            for key in ("charts", "freeze"):
                if old[key] != new[key]:
                    found.append(f"{file} {sheet}: {key} {old[key]} != {new[key]}")
    return found


def load_snapshot() -> dict:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def save_snapshot(exports: Path) -> None:
    SNAPSHOT.write_text(json.dumps(dump(exports), ensure_ascii=False, indent=0), encoding="utf-8")


if __name__ == "__main__":  # make golden
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        os.environ["DAGSTER_HOME"] = str(Path(folder) / "home")
        save_snapshot(write_sample_workbooks(Path(folder)))
    print(f"wrote {SNAPSHOT}")
