"""Voucher drill-down: the ledger rows behind a figure, as a workbook of its own.

`tertial drill --period 2026-08 --uppdrag HSF13 [--konto 4610] [--ansvar RK6310]` and the
Dagster job `ledger_drill_job` write `exports/YYYY/drill/verifikationer_...xlsx`: every ledger
row of the year to the month that rolls up to the uppdrag, with its voucher and its source file
and line, a Summa row equal to Resultat in the reports, and `Om uttaget` with the selection, the
same figure on the Underlag sheet and the ledger files it came from.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from orchestration.reports.about import Provenance, write_about
from orchestration.reports.catalog import DRILL_MODEL, SOURCES_MODEL
from orchestration.reports.excel import SEK_FORMAT, ReportWorkbook, save_atomically
from orchestration.reports.models import sheet_models
from orchestration.reports.reader import (
    DrillFigures,
    DrillFilter,
    drill_ansvar,
    drill_codes,
    drill_figures,
    read_drill_rows,
    read_sheet_rows,
)
from orchestration.reports.sheets import write_sheet
from orchestration.seeds import account_classes

MAX_ROWS = 1_000_000  # an Excel sheet holds 1 048 576 rows
_UNSAFE_IN_FILE_NAME = re.compile(r"[^0-9A-Za-zÅÄÖåäö_.-]+")


class DrillError(Exception):
    """A drill that cannot be made, said in one sentence for the person who asked for it."""


@dataclass(frozen=True)
class Drill:
    path: Path
    figures: DrillFigures
    selection: DrillFilter  # the code as the tree spells it


def drill_file(drill: DrillFilter) -> str:
    """exports-relative file name: YYYY/drill/verifikationer_YYYY-MM_CODE[_konto-N][_ansvar-X]."""
    parts = [f"verifikationer_{drill.period}", drill.uppdrag]
    if drill.account:
        parts.append(f"konto-{drill.account}")
    if drill.ansvar:
        parts.append(f"ansvar-{drill.ansvar}")
    name = _UNSAFE_IN_FILE_NAME.sub("-", "_".join(parts)).strip("-")
    return f"{drill.period.year}/drill/{name}.xlsx"


def kronor(value: float) -> str:
    """Swedish kronor: -1 234 567,89 kr."""
    return f"{value:,.2f} kr".replace(",", " ").replace(".", ",").replace("-", "−")


def _check_account(account: str | None) -> None:
    if account is None:
        return
    if not re.fullmatch(r"\d{4}", account):
        raise DrillError(f"--konto '{account}' is not an account: four digits, e.g. 4610")
    number = int(account)
    for account_class in account_classes():
        if account_class.range_from <= number <= account_class.range_to:
            if account_class.statement != "result":
                raise DrillError(
                    f"account {account} ({account_class.class_label}) is a balance account: "
                    "the reports' figures are on the result accounts 3000-8999 only"
                )
            return
    raise DrillError(f"account {account} is in no account class of the chart of accounts")


def selection_text(drill: DrillFilter) -> str:
    parts = [f"uppdrag {drill.uppdrag} (med uppdragen under)"]
    if drill.account:
        parts.append(f"konto {drill.account}")
    if drill.ansvar:
        parts.append(f"ansvar {drill.ansvar}")
    months = f"{drill.period.month_range_label} {drill.period.year}"
    return ", ".join(parts) + f"; resultatkonton, {months}"


def _known_code(con: duckdb.DuckDBPyConnection, code: str) -> str:
    """The code as the ledger and tree spell it (hsf13 is HSF13), or a DrillError that names
    the codes most like it."""
    codes = drill_codes(con)
    if code in codes:
        return code
    same = [known for known in codes if known.casefold() == code.casefold()]
    if len(same) == 1:
        return same[0]
    typed = code.upper()
    starting = [known for known in codes if known.upper().startswith(typed)]
    near = [*starting, *difflib.get_close_matches(typed, codes, n=3, cutoff=0.5)]
    near = list(dict.fromkeys(near))[:3]  # codes that start so first, then the most alike
    hint = f"; the nearest are {', '.join(near)}" if near else ""
    raise DrillError(
        f"no ledger row of any year rolls up to uppdrag '{code}': it is not in the uppdrag "
        f"tree and nothing is booked on it{hint}"
    )


def _check_ansvar(con: duckdb.DuckDBPyConnection, drill: DrillFilter) -> None:
    """An ansvar with no rows: a mistyped one is named with the ansvar the uppdrag has."""
    used = drill_ansvar(con, drill)
    if drill.ansvar in used:
        return
    near = difflib.get_close_matches(drill.ansvar or "", used, n=3, cutoff=0.5)
    shown = near or used[:5]
    hint = f"; it has {', '.join(shown)}{' ...' if len(used) > len(shown) else ''}" if used else ""
    raise DrillError(
        f"uppdrag {drill.uppdrag} has no ledger row on ansvar '{drill.ansvar}' in "
        f"{drill.period.month_range_label} {drill.period.year}{hint}"
    )


def write_drill(
    con: duckdb.DuckDBPyConnection,
    drill: DrillFilter,
    exports: Path,
    provenance: Provenance,
) -> Drill:
    """Write the drill workbook; raises DrillError for a request that cannot be answered.
    The file is named for the code as the tree spells it."""
    _check_account(drill.account)
    sources = read_sheet_rows(
        con, SOURCES_MODEL, drill.period, {"kind": ("ledger",), "is_comparison_year": (False,)}
    )
    if not sources.rows:
        raise DrillError(f"{drill.period} is not a closed month: no ledger is loaded for it")
    drill = replace(drill, uppdrag=_known_code(con, drill.uppdrag))
    figures = drill_figures(con, drill)
    if figures.rows == 0 and drill.ansvar is not None:
        _check_ansvar(con, drill)
    if figures.rows > MAX_ROWS:
        raise DrillError(
            f"{figures.rows:,} ledger rows are behind this figure, more than an Excel sheet "
            "holds: narrow it with --konto or --ansvar".replace(",", " ")
        )
    rows = read_drill_rows(con, drill)
    total = {
        "uppdrag": "Summa",
        "is_total": True,
        "amount_sek": figures.amount_sek,
        "result_sek": figures.result_sek,
    }
    model = sheet_models()[DRILL_MODEL]
    book = ReportWorkbook()
    footer = f"Verifikationer, {selection_text(drill)} ({drill.period})"  # printed on every page
    shown = [*rows.rows, total] if rows.rows else []
    write_sheet(book.sheet("Verifikationer"), model, shown, drill.period, footer)
    provenance.files = list(sources.rows)
    provenance.title = "Om uttaget"
    provenance.amounts = (
        "kr: Belopp som bokat (debet positivt), Resultat med resultattecken (intäkt positiv, "
        "kostnad negativ) på resultatkonton; summan av Resultat är figuren i rapporterna"
    )
    provenance.facts = [
        ("Urval", selection_text(drill)),
        ("Rader", figures.rows),
        ("Summa Resultat", float(figures.result_sek)),
        (
            "Samma urval på Underlag",
            "kan inte delas per ansvar (Underlag är aggregerat)"
            if figures.underlag_mnkr is None
            else float(figures.underlag_mnkr * 1_000_000),
        ),
    ]
    provenance.number_formats = {
        "Rader": "#,##0",
        "Summa Resultat": SEK_FORMAT,
        "Samma urval på Underlag": SEK_FORMAT,
    }
    write_about(book.sheet(provenance.title), provenance, footer)
    return Drill(save_atomically(book.workbook, exports / drill_file(drill)), figures, drill)
