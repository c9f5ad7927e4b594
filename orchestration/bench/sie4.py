"""Micro-benchmark of read_sie4 against DuckDB's read_csv of the same rows as ledger CSV."""

# python -m orchestration.bench.sie4 [--rows N] [--repeats N] [--no-checksum]
#                                    [--work DIR [--reuse]]

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from orchestration.ingest import sie4
from orchestration.sample.files import write_csv
from orchestration.sample.generator import LEDGER_HEADER
from orchestration.sample.sie4_writer import ledger_rows, write_sie4

YEAR = 2017
CSV_COLUMNS = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(10)) + "}"


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (this process, DuckDB's threads included) of one run."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def prepare(folder: Path, rows: int, checksum: bool) -> tuple[Path, Path]:
    """The same ledger rows as SIE 4 (code page 437) and as the contract's CSV (UTF-8)."""
    ledger = list(ledger_rows(YEAR, rows))
    sie_file = write_sie4(folder / f"sie4_{YEAR}.se", YEAR, ledger, checksum=checksum)
    csv_file = write_csv(folder / f"huvudbok_{YEAR}.csv", LEDGER_HEADER, ledger, "utf-8")
    return sie_file, csv_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration.bench.sie4", description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000, help="#TRANS rows (default 1e6)")
    parser.add_argument("--repeats", type=int, default=3, help="timings per reader; the median")
    parser.add_argument("--no-checksum", action="store_true", help="write no #KSUMMA pair")
    parser.add_argument("--work", type=Path, default=None, help="folder for the files (temp)")
    parser.add_argument("--reuse", action="store_true", help="use the files already in --work")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="tertial_bench_sie4_") as temp:
        folder = args.work or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        sie_file, csv_file = folder / f"sie4_{YEAR}.se", folder / f"huvudbok_{YEAR}.csv"
        reused = args.reuse and sie_file.exists() and csv_file.exists()
        if not reused:
            sie_file, csv_file = prepare(folder, args.rows, checksum=not args.no_checksum)
        print(
            f"{'reused' if reused else 'wrote'} files in {time.perf_counter() - started:.1f} s: "
            f"{sie_file.name} {sie_file.stat().st_size / 1e6:.0f} MB, "
            f"{csv_file.name} {csv_file.stat().st_size / 1e6:.0f} MB",
            flush=True,
        )
        con = duckdb.connect()
        con.execute("SET enable_progress_bar = false")
        csv_sql = (
            f"CREATE OR REPLACE TEMP TABLE ledger_csv AS SELECT * FROM read_csv("
            f"'{csv_file}', delim=';', header=true, auto_detect=false, columns={CSV_COLUMNS})"
        )
        result: list[sie4.Sie4File] = []

        def read_sie() -> None:
            result[:] = [sie4.read_sie4(con, sie_file, YEAR, None, "ledger_incoming")]

        # Timed separately, one after the other in turns, so that other load on the machine
        # falls on both alike; the median of each.
        sie_times, csv_times = [], []
        for _ in range(args.repeats):
            sie_times.append(timed(read_sie))
            csv_times.append(timed(lambda: con.execute(csv_sql)))
        sie_seconds, sie_cpu = (statistics.median(t) for t in zip(*sie_times, strict=True))
        csv_seconds, csv_cpu = (statistics.median(t) for t in zip(*csv_times, strict=True))

        # Not timed: both readers must give the same rows in the same (file) order.
        differing = con.execute(
            "SELECT count(*) FROM (SELECT * EXCLUDE (_line) FROM ledger_incoming) s "
            "POSITIONAL JOIN (SELECT * FROM ledger_csv) c "
            f"WHERE ({', '.join(f's.c{i}' for i in range(10))}) IS DISTINCT FROM "
            f"({', '.join(f'c.c{i}' for i in range(10))})"
        ).fetchall()[0][0]
        read = result[0]
        print(
            f"rows: {read.rows:,} in {read.vouchers:,} vouchers, #KSUMMA verified: "
            f"{read.checksum_verified}, rows differing from CSV: {differing}"
        )
        print(
            f"read_sie4:        {sie_seconds:.3f} s, cpu {sie_cpu:.3f} s (median of {args.repeats})"
        )
        print(
            f"duckdb read_csv:  {csv_seconds:.3f} s, cpu {csv_cpu:.3f} s (median of {args.repeats})"
        )
        print(f"ratio:            {sie_seconds / csv_seconds:.2f}x (cpu {sie_cpu / csv_cpu:.2f}x)")
        con.close()
    return 0 if differing == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
