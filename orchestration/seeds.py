"""The value lists and account classes of the dbt seeds, read for Python: one place for both.

`dbt_project/seeds/value_lists.csv` holds every list of allowed values (project statuses with
their symbols, asset classes, staff indicators, layout row types, owner types, month names);
`dbt_project/seeds/account_classes.csv` the Kommun-Bas account ranges. The models read the same
files as dbt seeds, so the loader's checks and the reports can never disagree.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent.parent / "dbt_project" / "seeds"


@dataclass(frozen=True)
class ListValue:
    value: str
    symbol: str
    sort_order: int
    label: str


@dataclass(frozen=True)
class AccountClass:
    range_from: int
    range_to: int
    account_class: str
    class_label: str
    statement: str  # balance | result
    development_line: str  # kostnader | intakter | ''
    is_investment_asset: bool


def _rows(name: str) -> list[dict[str, str]]:
    with (SEEDS_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def value_list(list_name: str) -> tuple[ListValue, ...]:
    """The values of one list in their sort order."""
    values = [
        ListValue(row["value"], row["symbol"], int(row["sort_order"]), row["label"])
        for row in _rows("value_lists.csv")
        if row["list_name"] == list_name
    ]
    if not values:
        raise KeyError(f"no value list '{list_name}' in value_lists.csv")
    return tuple(sorted(values, key=lambda v: v.sort_order))


def values(list_name: str) -> tuple[str, ...]:
    return tuple(v.value for v in value_list(list_name))


def symbols(list_name: str) -> dict[str, str]:
    """Value -> symbol (project statuses: Klar -> ✓)."""
    return {v.value: v.symbol for v in value_list(list_name)}


@cache
def account_classes() -> tuple[AccountClass, ...]:
    return tuple(
        AccountClass(
            int(row["range_from"]),
            int(row["range_to"]),
            row["account_class"],
            row["class_label"],
            row["statement"],
            row["development_line"],
            row["is_investment_asset"] == "true",
        )
        for row in _rows("account_classes.csv")
    )


def account_class_of(account: int) -> AccountClass | None:
    for account_class in account_classes():
        if account_class.range_from <= account <= account_class.range_to:
            return account_class
    return None


def account_range(statement: str | None = None) -> tuple[int, int]:
    """Lowest and highest account of all classes (or of one statement: 'result', 'balance').

    The classes of a statement are contiguous in Kommun-Bas (result: 3000-8999).
    """
    chosen = [c for c in account_classes() if statement is None or c.statement == statement]
    return min(c.range_from for c in chosen), max(c.range_to for c in chosen)
