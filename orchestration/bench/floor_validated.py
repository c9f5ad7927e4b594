"""The validated floor: a plain DuckDB script doing the contract's checks on the ledger files.

What the per-row cost of a Tertial run is measured against (the plain floor, floor.py, checks
nothing). Per file: SHA-256 of the bytes, every cell read as text, then the contract's checks
in bulk: period (six digits, the file's month), date (YYYY-MM-DD and a real date), account
(four digits within the Kommun-Bas classes), amount (decimal comma, at most two decimals),
every voucher balancing; the rows typed into one table and the result per uppdrag and month
aggregated. No lineage, no history, no reports. The patterns and the account range are the
loader's own (ingest/formats.py). Run as
`python -m orchestration.bench.floor_validated LEDGER_FOLDER DATABASE`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from orchestration.bench.floor import RESULT_TABLE
from orchestration.ingest.formats import ACCOUNT_RE, AMOUNT_RE, DATE_RE, YYYYMM_RE
from orchestration.ingest.ledger_file import HIGHEST, LOWEST
from orchestration.ingest.readers import content_hash
from orchestration.sql import sql_text

COLUMNS = ("period", "verifikation", "datum", "konto", "ansvar", "uppdrag", "projekt",
           "motpart", "belopp", "text")  # fmt: skip


def check_file(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Read and check one file into `ledger`; raises ValueError naming the first bad row."""
    content_hash(path)  # what the loader keeps of every delivery
    month = path.stem.split("_")[-1].replace("-", "")
    types = ", ".join(f"'{c}': 'VARCHAR'" for c in COLUMNS)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE staged AS SELECT * FROM read_csv({sql_text(str(path))}, "
        f"delim=';', header=true, auto_detect=false, quote='\"', columns={{{types}}})"
    )
    bad = con.execute(f"""
        SELECT count(*) FROM staged WHERE
            NOT regexp_full_match(coalesce(period, ''), '{YYYYMM_RE}') OR period <> '{month}'
            OR NOT regexp_full_match(coalesce(datum, ''), '{DATE_RE}')
            OR try_cast(datum AS DATE) IS NULL
            OR NOT regexp_full_match(coalesce(konto, ''), '{ACCOUNT_RE}')
            OR NOT CAST(konto AS INTEGER) BETWEEN {LOWEST} AND {HIGHEST}
            OR NOT regexp_full_match(coalesce(belopp, ''), '{AMOUNT_RE}')""").fetchall()[0][0]
    if bad:
        raise ValueError(f"{path}: {bad} rows break the contract")
    con.execute("""
        INSERT INTO ledger SELECT period, verifikation, CAST(datum AS DATE), konto, ansvar,
            uppdrag, projekt, motpart, CAST(replace(belopp, ',', '.') AS DECIMAL(18, 2)), text
        FROM staged""")
    unbalanced = con.execute(
        "SELECT count(*) FROM (SELECT verifikation FROM ledger WHERE period = ? "
        "GROUP BY verifikation HAVING sum(belopp) <> 0)",
        [month],
    ).fetchall()[0][0]
    if unbalanced:
        raise ValueError(f"{path}: {unbalanced} vouchers do not balance")
    return int(con.execute("SELECT count(*) FROM staged").fetchall()[0][0])


def run_validated_floor(ledger_folder: Path, database: Path) -> int:
    """Check and load every ledger file, then aggregate; returns the number of ledger rows."""
    con = duckdb.connect(str(database))
    try:
        con.execute(
            "CREATE TABLE ledger (period VARCHAR, verifikation VARCHAR, datum DATE, konto VARCHAR, "
            "ansvar VARCHAR, uppdrag VARCHAR, projekt VARCHAR, motpart VARCHAR, "
            "belopp DECIMAL(18, 2), text VARCHAR)"
        )
        rows = sum(check_file(con, path) for path in sorted(ledger_folder.glob("huvudbok_*.csv")))
        con.execute(
            f"CREATE TABLE {RESULT_TABLE} AS SELECT period, uppdrag, sum(belopp) AS amount_sek "
            "FROM ledger WHERE CAST(konto AS INTEGER) BETWEEN 3000 AND 8999 GROUP BY ALL"
        )
        return rows
    finally:
        con.close()


if __name__ == "__main__":
    print(run_validated_floor(Path(sys.argv[1]), Path(sys.argv[2])))
