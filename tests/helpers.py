"""Helpers shared by the end-to-end tests."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb


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
                con.execute(f'select * from "{schema}"."{name}"').fetchall(), key=repr
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
