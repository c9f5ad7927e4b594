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


def targets(
    floor: Fit,
    tertial: Fit,
    full_history: Result,
    incremental: Result,
    tertial_results: list[Result],
    export_seconds: dict[str, list[float]],
    code_location: Result,
) -> list[Target]:
    ratio = tertial.per_million / floor.per_million if floor.per_million else float("inf")
    share = incremental.median / full_history.median
    peak = max(r.peak_rss_bytes for r in tertial_results)
    slowest_export = max((max(s) for s in export_seconds.values()), default=0.0)
    return [
        Target(
            "cost per million rows, Tertial / floor",
            f"{tertial.per_million:.2f} s / {floor.per_million:.2f} s = {ratio:.2f}x",
            "<= 1.5x",
            ratio <= 1.5,
        ),
        Target("fixed overhead of a run", f"{tertial.fixed:.1f} s", "<= 10 s", tertial.fixed <= 10),
        Target(
            "incremental month / full rebuild of the history",
            f"{incremental.median:.1f} s / {full_history.median:.1f} s = {share:.0%}",
            "<= 25 %",
            share <= 0.25,
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
            f"{code_location.median:.1f} s",
            "< 10 s",
            code_location.median < 10,
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
    floor: Fit,
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
        f"Settings: {settings.rows_per_month:,} ledger rows a month; sizes "
        f"{settings.small_months} and {settings.months} months, both ending in the same month "
        "(same reports, only the ledger rows differ); history "
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
        f"| floor | {floor.fixed:.2f} | {floor.per_million:.2f} |",
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
