"""The benchmark's scenarios: floor, Tertial full run at two sizes, incremental month, pandas.

Every scenario runs as its own process (what a user would start), at least `repeats` times; the
median wall time and the largest peak memory are kept. Sources at each size are hard links into
one generated folder, so every scenario reads the very same files.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.bench.floor import RESULT_TABLE
from orchestration.bench.measure import Measurement, measure
from orchestration.bench.region_scale import generate_region
from orchestration.ingest.source_files import discover
from orchestration.periods import Period

EXPORT_STEPS = ("monthly_report_xlsx", "tertial_report_xlsx", "annual_report_xlsx")


@dataclass(frozen=True)
class Settings:
    rows_per_month: int = 1_000_000
    months: int = 12
    small_rows_per_month: int = 0  # the small size; 0: a quarter of rows_per_month
    history_months: int = 24
    repeats: int = 3
    tiny_rows: int = 2_000  # ledger rows of the tiny sources (one month)
    first: Period = Period(2023, 1)
    work: Path = Path(".bench")

    @property
    def small_rows(self) -> int:
        return self.small_rows_per_month or self.rows_per_month // 4


@dataclass
class Result:
    name: str
    rows: int
    seconds: list[float] = field(default_factory=list)
    peak_rss_bytes: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.median if self.median else 0.0

    def add(self, measurement: Measurement) -> None:
        self.seconds.append(measurement.seconds)
        self.peak_rss_bytes = max(self.peak_rss_bytes, measurement.peak_rss_bytes)


def nth_month(first: Period, count: int) -> Period:
    last = first
    for _ in range(count - 1):
        last = last.next()
    return last


def _in_window(key: str, first: Period, last: Period) -> bool:
    # keys are YYYY (budget), YYYY-MM (ledger, forecast, hr, investments), YYYY-MM-DD (projects)
    # or a register name
    if not key[:4].isdigit():
        return True
    if len(key) == 4:
        return str(first.year) <= key <= str(last.year)
    return str(first) <= key[:7] <= str(last)


def link_sources(everything: Path, target: Path, first: Period, last: Period) -> int:
    """Hard-link the files of months `first` to `last` into `target`; returns ledger rows."""
    shutil.rmtree(target, ignore_errors=True)
    files, errors = discover(everything)
    if errors:
        raise RuntimeError(f"generated sources are not valid: {errors[0]}")
    for sources in files.values():
        for source in sources:
            if _in_window(source.key, first, last):
                destination = target / source.path.relative_to(everything)
                destination.parent.mkdir(parents=True, exist_ok=True)
                os.link(source.path, destination)
    rows = 0
    for ledger in (target / "ledger").glob("huvudbok_*.csv"):
        with ledger.open("rb") as handle:  # lines minus the header; any encoding
            rows += sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 24), b"")) - 1
    return rows


class Bench:
    def __init__(self, settings: Settings, log: Callable[[str], None] = print) -> None:
        self.settings = settings
        self.work = settings.work.resolve()
        self.log = log
        self.python = sys.executable
        self.tertial = str(Path(sys.executable).parent / "tertial")
        self.env = {**os.environ, "DAGSTER_HOME": str(self.work / "dagster_home")}
        self.export_seconds: dict[str, list[float]] = {}
        self._recorded_runs: set[str] = set()

    # ---- data ---------------------------------------------------------------------------
    def prepare(self) -> dict[str, tuple[Path, Period, int]]:
        """Generate history + 1 months once and link each size: name -> (folder, last, rows)."""
        s = self.settings
        everything = self.work / "generated"
        shutil.rmtree(self.work, ignore_errors=True)
        self.log(
            f"Generating {s.history_months + 1} months x {s.rows_per_month:,} rows in {everything}"
        )
        generate_region(everything, s.first, s.history_months + 1, s.rows_per_month)
        sizes: dict[str, tuple[Path, Period, int]] = {}
        large_last = nth_month(s.first, s.months)
        # The small size: the same months and vouchers split into fewer rows (region_scale.py).
        # Both runs then write the same reports from the same monthly sums and differ only in
        # ledger rows, so the fit from the two splits fixed and per-row cost cleanly.
        small_generated = self.work / "generated_small"
        generate_region(small_generated, s.first, s.months, s.small_rows)
        small = self.work / "sources_small"
        sizes["small"] = (
            small,
            large_last,
            link_sources(small_generated, small, s.first, large_last),
        )
        # Tiny sources: a full run on them is the fixed overhead, measured.
        tiny_generated = self.work / "generated_tiny"
        generate_region(tiny_generated, large_last, 1, s.tiny_rows)
        tiny = self.work / "sources_tiny"
        sizes["tiny"] = (
            tiny,
            large_last,
            link_sources(tiny_generated, tiny, large_last, large_last),
        )
        for name, first, last in (
            ("large", s.first, large_last),
            ("history", s.first, nth_month(s.first, s.history_months)),
            ("history_plus_one", s.first, nth_month(s.first, s.history_months + 1)),
        ):
            folder = self.work / f"sources_{first}_{last}"
            sizes[name] = (folder, last, link_sources(everything, folder, first, last))
        return sizes

    # ---- scenarios ----------------------------------------------------------------------
    def floor(self, folder: Path, rows: int, label: str) -> Result:
        result = Result(f"floor: DuckDB load + aggregate, {label}", rows)
        for _ in range(self.settings.repeats):
            database = self.work / "floor.duckdb"
            database.unlink(missing_ok=True)
            command = [self.python, "-m", "orchestration.bench.floor", str(folder / "ledger")]
            result.add(measure([*command, str(database)], env=self.env))
        return result

    def validated_floor(self, folder: Path, rows: int, label: str) -> Result:
        result = Result(f"validated floor: DuckDB with the contract's checks, {label}", rows)
        for _ in range(self.settings.repeats):
            database = self.work / "floor_validated.duckdb"
            database.unlink(missing_ok=True)
            module = "orchestration.bench.floor_validated"
            command = [self.python, "-m", module, str(folder / "ledger"), str(database)]
            result.add(measure(command, env=self.env))
        return result

    def pandas(self, folder: Path, rows: int, label: str) -> Result:
        result = Result(f"pandas: read_csv + groupby, {label}", rows)
        command = [self.python, "-m", "orchestration.bench.pandas_baseline", str(folder / "ledger")]
        for _ in range(self.settings.repeats):
            result.add(measure(command, env=self.env))
        return result

    def code_location(self) -> Result:
        """Loading the Dagster definitions, as `dagster dev` and every run do."""
        result = Result("Dagster code location load (definitions + asset graph)", 0)
        command = [
            self.python,
            "-c",
            "from orchestration.definitions import defs; defs.resolve_asset_graph()",
        ]
        for _ in range(self.settings.repeats):
            result.add(measure(command, env=self.env))
        return result

    def tertial_run(
        self,
        folder: Path,
        last: Period,
        warehouse: Path,
        first: Period | None = None,
        rebuild: bool = False,
    ) -> Measurement:
        months = ["--period", str(last)]
        if first is not None:
            months = ["--from", str(first), "--to", str(last)]
        measurement = measure(
            [
                self.tertial,
                "run",
                *months,
                *(["--rebuild"] if rebuild else []),
                "--sources",
                str(folder),
                "--warehouse",
                str(warehouse),
                "--exports",
                str(self.work / "exports"),
            ],
            env=self.env,
        )
        self._record_export_steps()
        return measurement

    def full_run(self, folder: Path, last: Period, rows: int, label: str) -> Result:
        result = Result(f"Tertial full run from an empty warehouse, {label}", rows)
        for _ in range(self.settings.repeats):
            result.add(self.tertial_run(folder, last, self.fresh_warehouse()))
        return result

    @property
    def warehouse(self) -> Path:
        """The warehouse every Tertial scenario runs on."""
        return self.work / "warehouse" / "tertial.duckdb"

    def noop(self, folder: Path, last: Period, rows: int, label: str) -> Result:
        """Runs again on the warehouse the last full run left, nothing changed."""
        result = Result(f"Tertial rerun with nothing changed, {label}", rows)
        for _ in range(self.settings.repeats):
            result.add(self.tertial_run(folder, last, self.warehouse))
        return result

    def rebuild(self, folder: Path, last: Period, rows: int, built: Path, label: str) -> Result:
        """Runs with nothing new on a copy of `built` (the warehouse after the incremental
        month), building all the same (`--rebuild`): what a build costs without new rows. A fresh
        copy each time, as the incremental scenario starts from one."""
        result = Result(f"Tertial rebuild with nothing new (--rebuild), {label}", rows)
        for _ in range(self.settings.repeats):
            warehouse = self.fresh_warehouse(copy_of=built)
            result.add(self.tertial_run(folder, last, warehouse, rebuild=True))
        return result

    def dbt_alone(self, warehouse: Path) -> Result:
        """The `dbt build` a Tertial run starts, as dagster-dbt starts it (same command line,
        environment and target folder, so dbt parses partially as in a run), without Dagster:
        a rebuild of `warehouse`."""
        from orchestration.defs.dbt_project import dbt_project
        from orchestration.runtime.dbt import DBT_BUILD_ARGS, dbt_target_path

        result = Result("dbt build alone (no Dagster): a rebuild of the tiny warehouse", 0)
        project = Path(dbt_project.project_dir)
        target = str(dbt_target_path(dbt_project, warehouse))
        # `--select fqn:*`: what dagster-dbt selects for a whole @dbt_assets build
        command = [
            str(Path(sys.executable).parent / "dbt"),
            *DBT_BUILD_ARGS,
            *["--target", dbt_project.target, "--select", "fqn:*"],
        ]
        env = {
            **self.env,
            "TERTIAL_WAREHOUSE": str(warehouse),
            # dagster-dbt's environment for the dbt process (DbtCliResource.cli)
            "DAGSTER_DBT_CLI": "true",
            "PYTHONUNBUFFERED": "1",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "DBT_LOG_FORMAT": "json",
            "DBT_TARGET_PATH": target,
            "DBT_LOG_PATH": target,
            "DBT_PROFILES_DIR": str(dbt_project.profiles_dir),
            "DBT_PROJECT_DIR": str(project),
        }
        for _ in range(self.settings.repeats):
            result.add(measure(command, env=env, cwd=project))
        return result

    def backfill(self, folder: Path, first: Period, last: Period, rows: int, label: str) -> Result:
        result = Result(f"Tertial backfill (--from --to) from an empty warehouse of {label}", rows)
        for _ in range(self.settings.repeats):
            result.add(self.tertial_run(folder, last, self.fresh_warehouse(), first=first))
        return result

    def incremental(self, folder: Path, last: Period, rows: int, history: Path) -> Result:
        result = Result("Tertial incremental: one new month on the history", rows)
        for _ in range(self.settings.repeats):
            result.add(self.tertial_run(folder, last, self.fresh_warehouse(copy_of=history)))
        return result

    def snapshot(self, name: str) -> Path:
        """A copy of the warehouse as the last run left it, for scenarios to start from."""
        copy = self.work / f"{name}.duckdb"
        shutil.copyfile(self.warehouse, copy)
        return copy

    def fresh_warehouse(self, copy_of: Path | None = None) -> Path:
        """The scenarios' warehouse, empty or a copy of `copy_of` (a snapshot)."""
        self.warehouse.parent.mkdir(parents=True, exist_ok=True)
        for stale in self.warehouse.parent.glob("tertial.duckdb*"):
            stale.unlink()
        if copy_of is not None:
            shutil.copyfile(copy_of, self.warehouse)
        return self.warehouse

    def _record_export_steps(self) -> None:
        """Seconds of each Excel export step of the latest runs, from the Dagster instance."""
        os.environ["DAGSTER_HOME"] = self.env["DAGSTER_HOME"]
        from dagster import DagsterInstance

        # the tag of a run over a partition range, as `tertial run --from --to` sets it
        from dagster._core.storage.tags import ASSET_PARTITION_RANGE_START_TAG

        with DagsterInstance.get() as instance:
            for run in instance.get_runs(limit=5):
                if run.run_id in self._recorded_runs:
                    continue
                self._recorded_runs.add(run.run_id)
                # a backfill's step writes many workbooks: its own scenario
                if ASSET_PARTITION_RANGE_START_TAG in run.tags:
                    continue
                for step in instance.get_run_step_stats(run.run_id):
                    if step.step_key in EXPORT_STEPS and step.end_time and step.start_time:
                        seconds = step.end_time - step.start_time
                        self.export_seconds.setdefault(step.step_key, []).append(seconds)

    def check_same_figures(self, warehouse: Path) -> int:
        """The floor's result per uppdrag and month equals Tertial's outcome; returns groups."""
        con = duckdb.connect(str(self.work / "floor.duckdb"), read_only=True)
        try:
            con.execute(f"ATTACH '{warehouse}' AS tertial (READ_ONLY)")
            differences = con.execute(f"""
                WITH floor AS (
                    SELECT CAST(period AS VARCHAR) AS period, coalesce(uppdrag, '') AS uppdrag,
                           round(sum(amount_sek), 2) AS amount
                    FROM {RESULT_TABLE} GROUP BY ALL
                ),
                tertial AS (
                    SELECT strftime(period_month, '%Y%m') AS period,
                           CASE WHEN uppdrag_code = '(saknas)' THEN '' ELSE uppdrag_code END
                               AS uppdrag,
                           sum(amount_sek) AS amount
                    FROM tertial.marts.fct_outcome WHERE is_result_account GROUP BY ALL
                )
                SELECT count(*) FILTER (WHERE floor.amount IS DISTINCT FROM tertial.amount),
                       count(*)
                FROM floor FULL JOIN tertial USING (period, uppdrag)
            """).fetchall()[0]
        finally:
            con.close()
        if differences[0]:
            raise RuntimeError(
                f"Tertial and the floor disagree on {differences[0]} of {differences[1]} "
                "uppdrag-months"
            )
        return int(differences[1])
