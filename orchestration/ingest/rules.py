"""Row rules of each source kind beyond cell types (the contract's table of rejected cases)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb

from orchestration.ingest.errors import SourceFileError
from orchestration.ingest.raw_store import current_view
from orchestration.ingest.source_files import SourceFile
from orchestration.ingest.validation import check_unique, require_rows
from orchestration.periods import Period
from orchestration.seeds import account_range

Rows = list[dict[str, Any]]


@dataclass
class TreeContext:
    """The current uppdrag tree as loaded in the warehouse (what budgets and forecasts must fit)."""

    codes: set[str] = field(default_factory=set)
    leaves: set[str] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)

    @classmethod
    def from_warehouse(cls, con: duckdb.DuckDBPyConnection) -> TreeContext:
        rows = con.execute(
            f"SELECT uppdrag, foralder, rapportgrupp FROM {current_view('uppdrag')}"
        ).fetchall()
        return cls.from_rows(
            [{"uppdrag": r[0], "foralder": r[1], "rapportgrupp": r[2]} for r in rows]
        )

    @classmethod
    def from_rows(cls, rows: Rows) -> TreeContext:
        codes = {row["uppdrag"] for row in rows}
        parents = {row["foralder"] for row in rows if row["foralder"]}
        groups = {row["rapportgrupp"] for row in rows if row["rapportgrupp"]}
        return cls(codes, codes - parents, groups)


def _leaf_rule(source: SourceFile, rows: Rows, tree: TreeContext) -> None:
    if not tree.codes:
        raise SourceFileError(
            source.path, "no uppdrag register is loaded: deliver registers/uppdrag first"
        )
    for row in rows:
        if row["uppdrag"] not in tree.leaves:
            what = "a parent, not a leaf" if row["uppdrag"] in tree.codes else "not in the tree"
            raise SourceFileError(
                source.path,
                f"uppdrag '{row['uppdrag']}' is {what} of the uppdrag tree",
                row["_line"],
            )


def check_budget(source: SourceFile, rows: Rows, tree: TreeContext) -> None:
    require_rows(source.path, rows)
    year = int(source.key)
    first, last = account_range("result")
    for row in rows:
        if row["ar"] != year:
            raise SourceFileError(
                source.path, f"År {row['ar']} is not the file's year {year}", row["_line"]
            )
        if not first <= int(row["konto"]) <= last:
            raise SourceFileError(
                source.path,
                f"account {row['konto']} is not a result account ({first}-{last})",
                row["_line"],
            )
    _leaf_rule(source, rows, tree)


def check_forecast(source: SourceFile, rows: Rows, tree: TreeContext) -> None:
    require_rows(source.path, rows)
    check_unique(source.path, rows, "uppdrag", "uppdrag")
    _leaf_rule(source, rows, tree)


def check_uppdrag(source: SourceFile, rows: Rows, tree: TreeContext) -> None:
    require_rows(source.path, rows)
    check_unique(source.path, rows, "uppdrag", "uppdrag code")
    by_code = {row["uppdrag"]: row for row in rows}
    for row in rows:
        parent = row["foralder"]
        if parent and parent not in by_code:
            raise SourceFileError(
                source.path,
                f"parent '{parent}' of uppdrag '{row['uppdrag']}' is not in the register",
                row["_line"],
            )
        if not parent and not row["rapportgrupp"]:
            raise SourceFileError(
                source.path,
                f"top-level uppdrag '{row['uppdrag']}' has no Rapportgrupp",
                row["_line"],
            )
    for row in rows:
        seen = [row["uppdrag"]]
        current = row["foralder"]
        while current:
            if current in seen:
                cycle = " -> ".join([*seen, current])
                raise SourceFileError(source.path, f"the tree has a cycle: {cycle}", row["_line"])
            seen.append(current)
            current = by_code[current]["foralder"]


def check_layout(source: SourceFile, rows: Rows, tree: TreeContext) -> None:
    require_rows(source.path, rows)
    seen: dict[tuple[str, int], int] = {}
    for row in rows:
        key = (row["tabell"], row["rad"])
        if key in seen:
            raise SourceFileError(
                source.path,
                f"table '{row['tabell']}' has row {row['rad']} twice (also line {seen[key]})",
                row["_line"],
            )
        seen[key] = row["_line"]
        tokens = [t.strip() for t in row["omfattar"].split("+")]
        if row["typ"] != "summa" and len(tokens) != 1:
            raise SourceFileError(
                source.path, f"'{row['typ']}' takes one code in Omfattar", row["_line"]
            )
        if row["typ"] == "summa" and not row["etikett"]:
            raise SourceFileError(source.path, "a summa row needs an Etikett", row["_line"])
        for token in tokens:
            known = {"grupp": tree.groups, "noder": tree.codes}.get(
                row["typ"], tree.groups | tree.codes
            )
            if token not in known:
                raise SourceFileError(
                    source.path,
                    f"Omfattar '{token}' is not a known "
                    f"{'group' if row['typ'] == 'grupp' else 'group or uppdrag'}",
                    row["_line"],
                )


def check_projects(source: SourceFile, rows: Rows, tree: TreeContext) -> None:
    require_rows(source.path, rows)
    check_unique(source.path, rows, "projekt_id", "Projekt-ID")
    for row in rows:
        start, end = row["startdatum"], row["slutdatum"]
        if start and end and end < start:
            raise SourceFileError(
                source.path, f"Slutdatum {end} is before Startdatum {start}", row["_line"]
            )


def check_business_plan(source: SourceFile, rows: Rows, tree: TreeContext) -> None:
    require_rows(source.path, rows)
    check_unique(source.path, rows, "uppdragsnr", "Uppdragsnr")


def check_sie_dimensions(source: SourceFile, rows: Rows, tree: TreeContext) -> None:
    """One column per dimension and one dimension per column: a second one would make it
    ambiguous which object of a row fills the column."""
    require_rows(source.path, rows)
    check_unique(source.path, rows, "dimension", "Dimension")
    check_unique(source.path, rows, "kolumn", "Kolumn")
    for row in rows:
        if row["dimension"] < 1:
            raise SourceFileError(
                source.path,
                f"Dimension {row['dimension']} is not an SIE dimension number (1 or more)",
                row["_line"],
            )


def check_investments(source: SourceFile, rows: Rows, tree: TreeContext) -> None:
    require_rows(source.path, rows)
    check_unique(source.path, rows, "objekt", "Objekt")


def check_hr(source: SourceFile, rows: Rows, tree: TreeContext) -> None:
    require_rows(source.path, rows)
    check_unique(source.path, rows, "indikator", "Indikator")


RULES: dict[str, Callable[[SourceFile, Rows, TreeContext], None]] = {
    "budget": check_budget,
    "forecast": check_forecast,
    "uppdrag": check_uppdrag,
    "report_layout": check_layout,
    "projects": check_projects,
    "business_plan": check_business_plan,
    "sie_dimensions": check_sie_dimensions,
    "investments": check_investments,
    "hr": check_hr,
}


def period_of(source: SourceFile) -> Period:
    return Period.parse(source.key)


def check_leaves_in_use(
    con: duckdb.DuckDBPyConnection, source: SourceFile, rows: Rows, old: TreeContext
) -> None:
    """A new uppdrag register may not turn a leaf that carries postings, budget or forecasts
    into a parent: reject the register, naming the code and every file that uses it.

    Budget and forecast files are read from the sources folder (what will be in force after
    this run, unchanged files included); postings from the loaded ledger (result accounts).
    """
    parents = {row["foralder"]: row for row in rows if row["foralder"]}
    former_leaves = sorted(code for code in parents if code in old.leaves)
    if not former_leaves:
        return
    from orchestration.ingest.readers import read_text_table
    from orchestration.ingest.source_files import discover
    from orchestration.ingest.validation import parse_table

    # per code and kind: the files (first line) that use it as a leaf
    users: dict[str, dict[str, list[str]]] = {code: {} for code in former_leaves}
    sources = source.path.parent.parent
    found, _ = discover(sources)
    for kind in ("budget", "forecast"):
        for delivered in found[kind]:
            try:
                delivered_rows = parse_table(read_text_table(delivered.path), kind)
            except (SourceFileError, OSError):
                continue  # rejected on its own, with its own message
            name = str(delivered.path.relative_to(sources))
            for row in delivered_rows:
                files = users.get(row["uppdrag"], {}).setdefault(kind, [])
                if not any(used.startswith(name) for used in files):
                    files.append(f"{name} line {row['_line']}")
    first, last = account_range("result")
    placeholders = ", ".join("?" for _ in former_leaves)
    for code, files, first_file, last_file, count in con.execute(
        f"SELECT uppdrag, count(DISTINCT _file_name), min(_file_name), max(_file_name), count(*) "
        f"FROM {current_view('ledger')} WHERE uppdrag IN ({placeholders}) "
        f"AND CAST(konto AS INTEGER) BETWEEN {first} AND {last} GROUP BY 1",
        former_leaves,
    ).fetchall():
        span = first_file if files == 1 else f"{files} files from {first_file} to {last_file}"
        users[code]["ledger"] = [f"the ledger: {span} ({count} rows)"]
    for code, by_kind in users.items():
        used = [_some(files) for files in by_kind.values() if files]
        if used:
            child = parents[code]
            raise SourceFileError(
                source.path,
                f"uppdrag '{code}' would become a parent (of '{child['uppdrag']}'), but it is "
                f"used as a leaf in {'; '.join(used)}: move those to a leaf first, or deliver "
                "them again with the new codes",
                child["_line"],
            )


def _some(files: list[str], shown: int = 1) -> str:
    more = len(files) - shown
    return ", ".join(files[:shown]) + (
        f" and {more} more file{'s' * (more > 1)}" if more > 0 else ""
    )
