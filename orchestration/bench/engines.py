"""The same `tertial run` on DuckDB and on Spark (local, this machine), side by side.

python -m orchestration.bench.engines [--rows-per-month N] [--months N] [--work DIR] [--keep]

Generates the benchmark's region (the months of one year at region scale), runs each engine once
from an empty warehouse and checks that both wrote the same monthly workbook cells (the run's
own id and clock aside). Part of `make bench`; it prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from pathlib import Path

import openpyxl

from orchestration.bench.measure import Measurement, measure
from orchestration.bench.region_scale import generate_region
from orchestration.bench.runner import Settings, nth_month
from orchestration.runtime.engine import ENGINES
from orchestration.runtime.settings import PROJECT_ROOT

# Om rapporten's cells that belong to one run: its id and the clock (run time, load times).
RUN_CELL = re.compile(
    r"^(?:\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})? CES?T|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-"
    r"[0-9a-f]{4}-[0-9a-f]{12})$"
)


def workbook_cells(path: Path) -> dict[tuple[str, str], tuple[object, str]]:
    """(sheet, cell) -> (value, number format) of every cell, a run's own cells blanked: what
    two runs of the same data on two engines must agree on."""
    cells = {}
    for sheet in openpyxl.load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if sheet.title == "Om rapporten" and RUN_CELL.match(str(value)):
                    value = None
                cells[(sheet.title, cell.coordinate)] = (value, cell.number_format)
    return cells


def main(argv: list[str] | None = None) -> int:
    defaults = Settings()
    parser = argparse.ArgumentParser(
        prog="python -m orchestration.bench.engines", description=__doc__
    )
    parser.add_argument("--rows-per-month", type=int, default=defaults.rows_per_month)
    parser.add_argument("--months", type=int, default=defaults.months)
    parser.add_argument("--work", type=Path, default=PROJECT_ROOT / ".bench-engines")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args(argv)

    work = args.work.resolve()
    shutil.rmtree(work, ignore_errors=True)
    sources = work / "sources"
    counts = generate_region(sources, defaults.first, args.months, args.rows_per_month)
    last = nth_month(defaults.first, args.months)
    env = {**os.environ, "DAGSTER_HOME": str(work / "dagster_home")}
    tertial = str(Path(sys.executable).parent / "tertial")
    timings: dict[str, Measurement] = {}
    try:
        for engine in ENGINES:
            print(f"- tertial run --engine {engine}, {args.months} months ...", flush=True)
            timings[engine] = measure(
                [tertial, "run", "--period", str(last), "--engine", engine]
                + ["--sources", str(sources), "--exports", str(work / f"exports_{engine}")]
                + ["--warehouse", str(work / engine / "tertial.duckdb")],
                env=env,
            )
            print(f"  {timings[engine].seconds:.1f} s", flush=True)
        name = f"{last.year}/manadsuppfoljning_{last}.xlsx"
        cells = [workbook_cells(work / f"exports_{engine}" / name) for engine in ENGINES]
        differing = [key for key in cells[0] if cells[0][key] != cells[1].get(key)]
        rows = f"{counts['ledger_rows']:,}".replace(",", " ")
        print(f"\n| engine | {args.months} months, {rows} ledger rows | peak memory |")
        print("| --- | --- | --- |")
        for engine, timing in timings.items():
            print(
                f"| {engine} | {timing.seconds:.1f} s | {timing.peak_rss_bytes / 2**30:.1f} GiB |"
            )
        print(
            f"\nThe monthly workbooks of {last}: {len(cells[0])} cells, "
            f"{len(differing)} differing{': ' + str(differing[:5]) if differing else ''}."
        )
        return 1 if differing or cells[0].keys() != cells[1].keys() else 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
