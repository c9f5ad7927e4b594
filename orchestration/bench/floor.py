"""The floor: DuckDB alone loads the ledger CSV files into a table and aggregates the result.

Two statements, no validation, types auto-detected: what no pipeline can beat on this machine.
Run as `python -m orchestration.bench.floor LEDGER_FOLDER DATABASE`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

RESULT_TABLE = "result_per_uppdrag_month"


def run_floor(ledger_folder: Path, database: Path) -> int:
    """Load and aggregate; returns the number of ledger rows."""
    pattern = str(ledger_folder / "huvudbok_*.csv").replace("'", "''")
    con = duckdb.connect(str(database))
    try:
        con.execute(
            f"CREATE TABLE ledger AS SELECT * FROM read_csv('{pattern}', delim=';', "
            "decimal_separator=',', header=true)"
        )
        con.execute(
            f"CREATE TABLE {RESULT_TABLE} AS SELECT Period AS period, Uppdrag AS uppdrag, "
            "sum(Belopp) AS amount_sek FROM ledger WHERE Konto BETWEEN 3000 AND 8999 GROUP BY ALL"
        )
        return int(con.execute("SELECT count(*) FROM ledger").fetchall()[0][0])
    finally:
        con.close()


if __name__ == "__main__":
    print(run_floor(Path(sys.argv[1]), Path(sys.argv[2])))
