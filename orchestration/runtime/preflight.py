"""Checks before a run builds anything: the period, the folders, the month's ledger, the
warehouse file; each problem is one sentence naming the folder or file and what to do."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path

import duckdb

from orchestration.ingest.sie4 import last_voucher_month
from orchestration.ingest.source_files import KINDS_BY_NAME, ledger_file_for
from orchestration.periods import Period
from orchestration.reports.calendar import FIRST_PERIOD, last_closed_period
from orchestration.runtime.failures import explain
from orchestration.runtime.settings import Paths


class PreflightError(Exception):
    """A run that cannot start; the message says why in plain words."""


def check_period(period: Period, today: dt.date | None = None) -> None:
    last = last_closed_period(today)
    if period > last:
        raise PreflightError(
            f"{period} is not closed yet: a report is made for a month that has ended "
            f"(the latest is {last})."
        )
    if period < FIRST_PERIOD:
        raise PreflightError(
            f"{period} is before {FIRST_PERIOD}, the first month Tertial's reports cover."
        )


def _readable_folder(folder: Path, what: str, option: str) -> None:
    if not folder.exists():
        hint = " (a link to a folder that does not exist)" if folder.is_symlink() else ""
        raise PreflightError(
            f"The {what} {folder} does not exist{hint}. Give the right folder with {option}."
        )
    if not folder.is_dir():
        raise PreflightError(f"The {what} {folder} is a file, not a folder ({option}).")
    if not os.access(folder, os.R_OK | os.X_OK):
        raise PreflightError(f"The {what} {folder} cannot be read: permission denied.")


def check_sources(sources: Path, period: Period) -> None:
    _readable_folder(sources, "sources folder", "--sources or TERTIAL_SOURCES")
    for kind in ("ledger", "uppdrag"):
        folder = sources / KINDS_BY_NAME[kind].folder
        if not folder.is_dir():
            raise PreflightError(
                f"The sources folder {sources} has no {KINDS_BY_NAME[kind].folder}/ folder; "
                "the contract requires it."
            )
    found = ledger_file_for(sources, period)
    reached = None
    if found and found.suffix.lower() == ".se":
        with contextlib.suppress(OSError):  # unreadable: the load names the problem
            reached = last_voucher_month(found)
    if found and reached is not None and reached < str(period):
        raise PreflightError(
            f"The ledger for {period} is missing: {found} reaches {reached}, and there is no "
            f"ledger/huvudbok_{period}.csv. A report needs its month's ledger."
        )
    if found is None:
        expected = sources / "ledger" / f"huvudbok_{period}.csv"
        raise PreflightError(
            f"The ledger file for {period} is missing: {expected} (or an SIE 4 file "
            f"ledger/sie4_{period.year}.se that reaches {period}). A report needs its month's "
            "ledger."
        )


def _writable_folder(folder: Path, what: str, option: str) -> None:
    if folder.exists() and not folder.is_dir():
        raise PreflightError(f"The {what} {folder} is a file, not a folder ({option}).")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise PreflightError(f"The {what} {folder} cannot be created: {explain(error)}.") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PreflightError(f"The {what} {folder} cannot be written: permission denied.")


def check_exports(exports: Path) -> None:
    _writable_folder(exports, "exports folder", "--exports or TERTIAL_EXPORTS")


def check_warehouse(warehouse: Path) -> None:
    """The warehouse's folder is writable and the file, if there, is a DuckDB database.

    Call it holding the warehouse lock: a writer of our own would hold DuckDB's lock.
    """
    if warehouse.exists() and warehouse.is_dir():
        raise PreflightError(
            f"The warehouse {warehouse} is a folder; give a file (--warehouse or "
            "TERTIAL_WAREHOUSE), e.g. warehouse/tertial.duckdb."
        )
    _writable_folder(warehouse.parent, "warehouse folder", "--warehouse or TERTIAL_WAREHOUSE")
    if not warehouse.exists():
        return
    if not os.access(warehouse, os.R_OK | os.W_OK):
        raise PreflightError(
            f"The warehouse file {warehouse} cannot be written: permission denied."
        )
    try:
        duckdb.connect(str(warehouse), read_only=True).close()
    except duckdb.Error as error:
        raise PreflightError(
            f"The warehouse file {warehouse} cannot be opened: {explain(error)}."
        ) from None


def check_before_run(paths: Paths, period: Period) -> None:
    """Everything that can be known before loading: raises PreflightError."""
    check_period(period)
    check_sources(paths.sources, period)
    check_exports(paths.exports)
