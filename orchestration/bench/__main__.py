"""`make bench`: region-scale benchmark of Tertial against the DuckDB floor and pandas.

python -m orchestration.bench [--rows-per-month N] [--months N] [--small-rows-per-month N]
                              [--history-months N] [--repeats N] [--work DIR] [--output FILE]
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from orchestration.bench.report import Fit, Measured, markdown, targets
from orchestration.bench.runner import Bench, Settings
from orchestration.runtime.settings import PROJECT_ROOT


def main(argv: list[str] | None = None) -> int:
    defaults = Settings()
    parser = argparse.ArgumentParser(prog="python -m orchestration.bench", description=__doc__)
    parser.add_argument("--rows-per-month", type=int, default=defaults.rows_per_month)
    parser.add_argument("--months", type=int, default=defaults.months, help="the large size")
    parser.add_argument(
        "--small-rows-per-month",
        type=int,
        default=0,
        help="rows a month of the small size (default: a quarter of --rows-per-month)",
    )
    parser.add_argument("--history-months", type=int, default=defaults.history_months)
    parser.add_argument("--repeats", type=int, default=defaults.repeats)
    parser.add_argument("--tiny-rows", type=int, default=defaults.tiny_rows)
    parser.add_argument("--work", type=Path, default=PROJECT_ROOT / ".bench")
    parser.add_argument("--output", type=Path, default=PROJECT_ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args(argv)
    if not 0 <= args.small_rows_per_month < args.rows_per_month:
        parser.error("--small-rows-per-month must be below --rows-per-month")
    settings = Settings(
        rows_per_month=args.rows_per_month,
        months=args.months,
        small_rows_per_month=args.small_rows_per_month,
        history_months=args.history_months,
        repeats=max(1, args.repeats),
        tiny_rows=args.tiny_rows,
        work=args.work,
    )
    bench = Bench(settings, log=lambda text: print(text, flush=True))
    sizes = bench.prepare()
    (small_dir, small_last, small_rows) = sizes["small"]
    (large_dir, large_last, large_rows) = sizes["large"]
    (history_dir, history_last, history_rows) = sizes["history"]
    (plus_dir, plus_last, plus_rows) = sizes["history_plus_one"]
    small = f"{settings.months} months of {settings.small_rows:,} rows"
    large = f"{settings.months} months of {settings.rows_per_month:,} rows"

    def step(label: str, scenario, *args):
        print(f"- {label} ...", flush=True)
        result = scenario(*args)
        print(f"  median {result.median:.2f} s over {len(result.seconds)} runs", flush=True)
        return result

    (tiny_dir, tiny_last, tiny_rows) = sizes["tiny"]
    floor_small = step("floor, small", bench.floor, small_dir, small_rows, small)
    floor_large = step("floor, large", bench.floor, large_dir, large_rows, large)
    checked_small = step(
        "validated floor, small", bench.validated_floor, small_dir, small_rows, small
    )
    checked_large = step(
        "validated floor, large", bench.validated_floor, large_dir, large_rows, large
    )
    tiny = step(
        "full run, tiny", bench.full_run, tiny_dir, tiny_last, tiny_rows, f"{tiny_rows:,} rows"
    )
    # right after the tiny runs: their warehouse (and its dbt target folder) is the tiny one
    dbt_alone = step("dbt build alone, tiny", bench.dbt_alone, bench.warehouse)
    full_small = step("full run, small", bench.full_run, small_dir, small_last, small_rows, small)
    full_large = step("full run, large", bench.full_run, large_dir, large_last, large_rows, large)
    # the floor database and the warehouse both hold the large size now: same figures?
    groups = bench.check_same_figures(bench.warehouse)
    agreement = (
        f"the floor's result per uppdrag and month equals Tertial's fct_outcome in all {groups:,} "
        f"uppdrag-months of the {large} run."
    )
    noop = step("no-op rerun", bench.noop, large_dir, large_last, large_rows, large)
    months = f"{settings.history_months} months"
    history = step(
        "full run, history", bench.full_run, history_dir, history_last, history_rows, months
    )
    snapshot = bench.snapshot("history")
    incremental = step(
        "incremental month",
        bench.incremental,
        plus_dir,
        plus_last,
        plus_rows - history_rows,
        snapshot,
    )
    with_new_month = bench.snapshot("history_plus_one")
    rebuild = step(
        "rebuild with nothing new",
        bench.rebuild,
        plus_dir,
        plus_last,
        plus_rows,
        with_new_month,
        f"{settings.history_months + 1} months",
    )
    backfill = step(
        "backfill, history",
        bench.backfill,
        history_dir,
        settings.first,
        history_last,
        history_rows,
        f"{months} ({settings.history_months} monthly reports)",
    )
    pandas = step("pandas, large", bench.pandas, large_dir, large_rows, large)
    code_location = step("code location load", bench.code_location)

    floor_fit, tertial_fit = Fit.of(floor_small, floor_large), Fit.of(full_small, full_large)
    checked_fit = Fit.of(checked_small, checked_large)
    tertial_results = [tiny, full_small, full_large, noop, history, incremental, rebuild, backfill]
    checks = targets(
        Measured(
            validated_floor=checked_fit,
            tertial=tertial_fit,
            tiny=tiny,
            dbt_alone=dbt_alone,
            noop=noop,
            rebuild=rebuild,
            full_history=history,
            incremental=incremental,
            backfill=backfill,
            tertial_results=tertial_results,
            export_seconds=bench.export_seconds,
            code_location=code_location,
        )
    )
    text = markdown(
        settings,
        [
            (floor_small, None),
            (floor_large, None),
            (checked_small, floor_small),
            (checked_large, floor_large),
            (tiny, None),
            (dbt_alone, None),
            (full_small, floor_small),
            (full_large, floor_large),
            (noop, None),
            (history, None),
            (incremental, None),
            (rebuild, None),
            (backfill, None),
            (pandas, floor_large),
            (code_location, None),
        ],
        {"floor": floor_fit, "validated floor": checked_fit},
        tertial_fit,
        checks,
        bench.export_seconds,
        agreement,
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(text)
    print(f"Written to {args.output}")
    if not args.keep:
        shutil.rmtree(bench.work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
