"""The region-scale benchmark: its generator keeps the sample's figures, and `make bench` runs.

Timing is never asserted here (it belongs to `make bench` on a quiet machine); the tiny run checks
that every scenario works and that Tertial and the DuckDB floor agree on every figure.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.bench.region_scale import generate_region
from orchestration.ingest.readers import decode
from orchestration.periods import Period
from orchestration.runtime.settings import PROJECT_ROOT
from orchestration.sample.generator import generate

pytestmark = pytest.mark.slow  # end to end: runs the real graph


def _totals(path: Path) -> list[tuple]:
    text, _ = decode(path, path.read_bytes())
    utf8 = path.with_suffix(".utf8")
    utf8.write_text(text, encoding="utf-8")
    return duckdb.sql(
        f"SELECT Uppdrag, Konto, sum(CAST(replace(Belopp, ',', '.') AS DECIMAL(18, 2))), count(*) "
        f"FROM read_csv('{utf8}', delim=';', header=true, all_varchar=true) "
        "GROUP BY ALL ORDER BY ALL"
    ).fetchall()


def test_region_scale_ledger_keeps_every_total_and_balances(tmp_path: Path):
    generate(tmp_path / "sample", Period(2024, 1), Period(2024, 2))
    counts = generate_region(tmp_path / "region", Period(2024, 1), 2, rows_per_month=20_000)
    sample = tmp_path / "sample" / "ledger" / "huvudbok_2024-02.csv"
    region = tmp_path / "region" / "ledger" / "huvudbok_2024-02.csv"
    sample_totals, region_totals = _totals(sample), _totals(region)
    # same amount per uppdrag and account to the öre, on many more rows
    assert [row[:3] for row in region_totals] == [row[:3] for row in sample_totals]
    assert sum(r[3] for r in region_totals) >= 20_000 > sum(r[3] for r in sample_totals)
    assert counts["ledger_rows"] >= 40_000
    unbalanced = duckdb.sql(
        f"SELECT Verifikation FROM read_csv('{region}', delim=';', header=true, all_varchar=true) "
        "GROUP BY 1 HAVING sum(CAST(replace(Belopp, ',', '.') AS DECIMAL(18, 2))) <> 0"
    ).fetchall()
    assert unbalanced == []


def test_tiny_benchmark_runs_every_scenario(tmp_path: Path):
    output = tmp_path / "benchmarks.md"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "orchestration.bench",
            "--rows-per-month",
            "5000",
            "--months",
            "2",
            "--small-rows-per-month",
            "1250",
            "--history-months",
            "2",
            "--repeats",
            "1",
            "--tiny-rows",
            "1000",
            "--work",
            str(tmp_path / "work"),
            "--output",
            str(output),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    text = output.read_text(encoding="utf-8")
    for scenario in (
        "floor: DuckDB load + aggregate, 2 months of 1,250 rows",
        "floor: DuckDB load + aggregate, 2 months of 5,000 rows",
        "validated floor: DuckDB with the contract's checks, 2 months of 5,000 rows",
        "Tertial full run from an empty warehouse, 2 months of 1,250 rows",
        "Tertial full run from an empty warehouse, 2 months of 5,000 rows",
        "Tertial rerun with nothing changed, 2 months of 5,000 rows",
        "Tertial incremental: one new month on the history",
        "Tertial rebuild with nothing new (--rebuild), 3 months",
        "dbt build alone (no Dagster): a rebuild of the tiny warehouse",
        "Tertial backfill (--from --to) from an empty warehouse of 2 months",
        "pandas: read_csv + groupby, 2 months",
        "cost per million rows, Tertial / validated floor",
        "no-op rerun",
        "fixed overhead of a run (full run on tiny sources)",
        "a new month beyond a build with nothing new (`--rebuild`)",
        "monthly_report_xlsx",
        "code location load",
    ):
        assert scenario in text, scenario
    # the bench itself fails when they disagree; here: it compared a real number of figures
    agreement = next(line for line in text.splitlines() if line.startswith("Same figures"))
    groups = int(agreement.split("in all ")[1].split(" ")[0].replace(",", ""))
    assert groups > 40
    assert not (tmp_path / "work").exists()  # generated files are removed unless --keep
