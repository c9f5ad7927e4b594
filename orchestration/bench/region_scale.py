"""Region-scale sources for the benchmark: the sample region, its ledger multiplied in DuckDB.

Every voucher of the sample ledger is copied `k` times under new voucher ids and its amounts are
split over the copies to the öre (the split depends on |amount| only, so the two rows of a voucher
stay exact opposites). Monthly totals per uppdrag and account are therefore the sample's to the
öre, and a region-scale run must print the same reports as a run on the small sample.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import duckdb

from orchestration.ingest.readers import decode
from orchestration.periods import Period
from orchestration.sample.generator import LEDGER_HEADER, generate


def _sql_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def copies_for(sample_rows: int, rows_per_month: int) -> int:
    """How many copies of a sample month give about `rows_per_month` rows."""
    return max(1, math.ceil(rows_per_month / max(sample_rows, 1)))


def scale_ledger_file(
    con: duckdb.DuckDBPyConnection, path: Path, rows_per_month: int, working: Path
) -> int:
    """Rewrite one sample ledger file (any contract encoding) at region scale, UTF-8; its rows."""
    text, _ = decode(path, path.read_bytes())
    utf8 = working / f"{path.stem}.utf8.csv"
    utf8.write_text(text, encoding="utf-8")
    sample_rows = con.execute(
        f"SELECT count(*) FROM read_csv({_sql_path(utf8)}, delim=';', header=true, "
        "all_varchar=true)"
    ).fetchall()[0][0]
    k = copies_for(sample_rows, rows_per_month)
    period, voucher, date, account, ansvar, uppdrag, projekt, motpart, amount, text_col = (
        f'"{name}"' for name in LEDGER_HEADER
    )
    con.execute(f"""
        COPY (
            WITH sample AS (
                SELECT *, CAST(round(CAST(replace({amount}, ',', '.') AS DECIMAL(18, 2)) * 100)
                              AS BIGINT) AS cents
                FROM read_csv({_sql_path(utf8)}, delim=';', header=true, all_varchar=true)
            ),
            copies AS (
                SELECT sample.*, copy_no,
                       sign(cents) * (abs(cents) // {k} + CAST(copy_no < abs(cents) % {k} AS INT))
                           AS share
                FROM sample CROSS JOIN range({k}) AS copy(copy_no)
            )
            SELECT {period}, {voucher} || '-' || lpad(CAST(copy_no AS VARCHAR), 4, '0')
                       AS {voucher},
                   {date}, {account}, {ansvar}, {uppdrag}, {projekt}, {motpart},
                   replace(CAST(CAST(share / 100 AS DECIMAL(18, 2)) AS VARCHAR), '.', ',')
                       AS {amount},
                   {text_col}
            FROM copies
            ORDER BY {date}, {voucher}, copy_no
        ) TO {_sql_path(path)} (FORMAT csv, DELIMITER ';', HEADER true)
    """)
    utf8.unlink()
    return sample_rows * k


def generate_region(
    folder: Path, first: Period, months: int, rows_per_month: int, seed: int = 2017
) -> dict[str, int]:
    """A complete sources folder for `months` months from `first`; the ledger at region scale."""
    last = first
    for _ in range(months - 1):
        last = last.next()
    counts = generate(folder, first, last, seed=seed)
    ledger_rows = 0
    with tempfile.TemporaryDirectory(prefix="tertial_bench_") as working:
        con = duckdb.connect()
        try:
            for path in sorted((folder / "ledger").glob("huvudbok_*.csv")):
                ledger_rows += scale_ledger_file(con, path, rows_per_month, Path(working))
        finally:
            con.close()
    counts["ledger_rows"] = ledger_rows
    return counts
