"""The benchmark's table and targets, printed and written as Markdown."""

from __future__ import annotations

import datetime as dt
import os
import platform
from dataclasses import dataclass

from orchestration.bench.runner import Result, Settings

MIB = 1024 * 1024


@dataclass(frozen=True)
class Fit:
    """Wall time = fixed + per_million x million rows, from two sizes."""

    fixed: float
    per_million: float

    @classmethod
    def of(cls, small: Result, large: Result) -> Fit:
        millions = (large.rows - small.rows) / 1e6
        per_million = (large.median - small.median) / millions if millions else 0.0
        return cls(small.median - per_million * small.rows / 1e6, per_million)


@dataclass(frozen=True)
class Target:
    name: str
    measured: str
    limit: str
    met: bool


@dataclass(frozen=True)
class Measured:
    """The scenarios the targets are judged on."""

    validated_floor: Fit  # a DuckDB script doing the contract's checks, from the two sizes
    tertial: Fit  # Tertial's full run, from the two sizes
    tiny: Result  # a full run on tiny sources: the fixed overhead, measured
    dbt_alone: Result  # the same run's `dbt build` without Dagster: the floor of that overhead
    noop: Result  # a rerun with nothing changed
    rebuild: Result  # a run on the history + 1 month asked to build with nothing new
    full_history: Result  # one run building the whole history
    incremental: Result  # one new month on the history
    backfill: Result  # every month of the history in one command, from an empty warehouse
    tertial_results: list[Result]
    export_seconds: dict[str, list[float]]
    code_location: Result


def targets(m: Measured) -> list[Target]:
    ratio = (
        m.tertial.per_million / m.validated_floor.per_million
        if m.validated_floor.per_million > 0
        else float("inf")
    )
    # The "beyond the no-op" was written when a rerun with nothing changed still built
    # everything: that run is now `--rebuild`, and the no-op builds nothing.
    new_month = m.incremental.median - m.rebuild.median
    rows_cost = m.tertial.per_million * m.incremental.rows / 1e6
    backfill = m.backfill.median / m.full_history.median
    peak = max(r.peak_rss_bytes for r in m.tertial_results)
    slowest_export = max((max(s) for s in m.export_seconds.values()), default=0.0)
    return [
        Target(
            "cost per million rows, Tertial / validated floor",
            f"{m.tertial.per_million:.2f} s / {m.validated_floor.per_million:.2f} s = {ratio:.2f}x",
            "<= 1.3x",
            ratio <= 1.3,
        ),
        Target("no-op rerun", f"{m.noop.median:.1f} s", "<= 4 s", m.noop.median <= 4),
        Target(
            "fixed overhead of a run (full run on tiny sources)",
            f"{m.tiny.median:.1f} s (fit from the two sizes: {m.tertial.fixed:.1f} s; its dbt "
            f"build alone, without Dagster: {m.dbt_alone.median:.1f} s)",
            "<= 8 s",
            m.tiny.median <= 8,
        ),
        Target(
            "a new month beyond a build with nothing new (`--rebuild`) / its rows' cost",
            f"{new_month:.1f} s / {rows_cost:.1f} s = {new_month / rows_cost:.2f}x "
            f"(beyond the no-op: {m.incremental.median - m.noop.median:.1f} s)"
            if rows_cost > 0
            else f"{new_month:.1f} s",
            "<= 1.5x",
            rows_cost > 0 and new_month <= 1.5 * rows_cost,
        ),
        Target(
            f"backfill of {m.backfill.name.split(' of ')[-1]} / one run",
            f"{m.backfill.median:.1f} s / {m.full_history.median:.1f} s = {backfill:.2f}x",
            "<= 2x",
            backfill <= 2,
        ),
        Target(
            "peak RSS of any Tertial run",
            f"{peak / MIB:,.0f} MiB",
            "<= 2 048 MiB",
            peak <= 2 * 1024 * MIB,
        ),
        Target("slowest Excel export step", f"{slowest_export:.2f} s", "< 5 s", slowest_export < 5),
        Target(
            "code location load",
            f"{m.code_location.median:.1f} s",
            "< 10 s",
            m.code_location.median < 10,
        ),
    ]


def _machine() -> str:
    memory = ""
    try:
        with open("/proc/meminfo") as handle:
            total_kib = int(handle.readline().split()[1])
        memory = f", {total_kib / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    system = f"{platform.system()} {platform.machine()}"
    return f"{system}, {os.cpu_count()} cores{memory}, Python {platform.python_version()}"


def markdown(
    settings: Settings,
    results: list[tuple[Result, Result | None]],
    floors: dict[str, Fit],
    tertial: Fit,
    checks: list[Target],
    export_seconds: dict[str, list[float]],
    agreement: str,
) -> str:
    """The whole report; `results` pairs each result with the floor at the same size (or None)."""
    lines = [
        "# Benchmarks",
        "",
        f"Measured {dt.date.today().isoformat()} by `make bench` on {_machine()}.",
        f"Settings: sizes {settings.months} months of {settings.small_rows:,} and of "
        f"{settings.rows_per_month:,} ledger rows a month (the same vouchers split into more "
        "rows: the same monthly sums and reports, only the ledger rows differ); history "
        f"{settings.history_months} months; every scenario {settings.repeats} times, median "
        "wall time, largest peak RSS (sum over the process tree).",
        "",
        "| scenario | rows | median s | min-max s | rows/s | peak RSS MiB | x floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result, floor_result in results:
        ratio = f"{result.median / floor_result.median:.1f}" if floor_result else ""
        rows = f"{result.rows:,}" if result.rows else ""
        speed = f"{result.rows_per_second:,.0f}" if result.rows else ""
        lines.append(
            f"| {result.name} | {rows} | {result.median:.2f} | "
            f"{min(result.seconds):.2f}-{max(result.seconds):.2f} | {speed} | "
            f"{result.peak_rss_bytes / MIB:,.0f} | {ratio} |"
        )
    lines += [
        "",
        "Fixed overhead and cost per million rows, from the two sizes:",
        "",
        "| | fixed s | s per million rows |",
        "| --- | ---: | ---: |",
        *(f"| {name} | {fit.fixed:.2f} | {fit.per_million:.2f} |" for name, fit in floors.items()),
        f"| Tertial full run | {tertial.fixed:.2f} | {tertial.per_million:.2f} |",
        "",
        "Excel export steps (seconds, every run): "
        + "; ".join(
            f"{step} median {sorted(s)[len(s) // 2]:.2f}, max {max(s):.2f}"
            for step, s in sorted(export_seconds.items())
        ),
        "",
        f"Same figures: {agreement}",
        "",
        "| target | measured | limit | met |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| {t.name} | {t.measured} | {t.limit} | {'yes' if t.met else 'NO'} |" for t in checks
    ]
    return "\n".join(lines) + "\n"
