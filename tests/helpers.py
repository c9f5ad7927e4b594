"""Helpers shared by the end-to-end tests."""

from __future__ import annotations

import json
import socket
import sys
import urllib.request
from pathlib import Path

import duckdb

from orchestration.ingest.raw_store import STAMP_COLUMNS


def _data_columns(schema: str, table: str) -> str:
    # The file stamps of raw.deliveries only say when a file was last read (a copied folder
    # is read once more): not data a failed run must leave alone.
    if (schema, table) == ("raw", "deliveries"):
        return f"* EXCLUDE ({', '.join(STAMP_COLUMNS)})"
    return "*"


def table_contents(warehouse: Path) -> dict[str, list[tuple]]:
    """Every table of the warehouse, sorted rows: to prove that a failed run changed nothing."""
    if not warehouse.exists():
        return {}
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' order by 1, 2"
        ).fetchall()
        return {
            f"{schema}.{name}": sorted(
                con.execute(
                    f'select {_data_columns(schema, name)} from "{schema}"."{name}"'
                ).fetchall(),
                key=repr,
            )
            for schema, name in tables
        }
    finally:
        con.close()


def run_cli(*args: str) -> int:
    from orchestration.cli import main

    return main(list(args))


def run_args(root: Path, period: str) -> list[str]:
    """`tertial run` arguments for root/sources into root/exports and root/wh.duckdb."""
    return [
        "run",
        "--period",
        period,
        "--sources",
        str(root / "sources"),
        "--exports",
        str(root / "exports"),
        "--warehouse",
        str(root / "wh.duckdb"),
    ]


def run_period(root: Path, period: str) -> int:
    """`tertial run` in this process."""
    return run_cli(*run_args(root, period))


def run_command(root: Path, period: str) -> list[str]:
    """`tertial run` as a separate process."""
    return [sys.executable, "-m", "orchestration.cli", *run_args(root, period)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ask_graphql(port: int, query: str) -> dict:
    """POST a query to the Dagster webserver's GraphQL API."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["data"]


def redeliver_without_last_voucher(ledger: Path) -> int:
    """A corrected month: the file again without its last voucher (two rows); returns rows."""
    lines = ledger.read_bytes().splitlines(keepends=True)
    ledger.unlink()  # a new file, not the hard link's shared content
    ledger.write_bytes(b"".join(lines[:-2]))
    return len(lines) - 3
