"""`make lint`: DuckDB-only SQL outside the dispatch file, so the models stay runnable on Spark.

Engine-specific SQL lives in dispatched macros in `dbt_project/macros/portable.sql` (`default__`
is DuckDB's form); every other model, macro and test must use those macros or SQL both engines
read the same way. Run: python -m orchestration.runtime.sql_portability [dbt project folder]
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

DISPATCH_FILE = Path("macros") / "portable.sql"
# construct -> (pattern, what to use instead)
DUCKDB_ONLY: dict[str, tuple[str, str]] = {
    "::": (r"::", "cast(x as type)"),
    "//": (r"(?<![:/])//", "floor(a / b) or a dispatched macro"),
    "strftime": (r"\bstrftime\s*\(", "the month_key macro"),
    "strptime": (r"\b(?:try_)?strptime\s*\(", "cast(... as date)"),
    "* replace / exclude": (r"\*\s*(?:replace|exclude)\s*\(|\bexclude\s*\(", "list the columns"),
    "arg_max / arg_min": (r"\barg_(?:max|min)\s*\(", "max_by / min_by"),
    "list_*": (r"\blist_\w+\s*\(", "a join, or a dispatched macro"),
    "varchar": (r"\bvarchar\b", "string (dbt.type_string())"),
    "string_split / unnest": (r"\b(?:string_split|unnest)\s*\(", "the split_into_rows macro"),
    "generate_series": (r"\bgenerate_series\s*\(", "a seed or a calendar model"),
    "format()": (r"\bformat\s*\(", "the thousands_spaced macro"),
    "string_agg": (r"\bstring_agg\s*\(", "the string_agg_ordered macro"),
    "regexp_full_match": (r"\bregexp_full_match\s*\(", "regexp_like with ^...$"),
    "printf": (r"\bprintf\s*\(", "concat"),
    "lateral": (r"\blateral\b", "a join"),
    "qualify": (r"\bqualify\b", "a filtered subquery"),
    "round_even": (r"\bround_even\s*\(", "a dispatched macro"),
    "glob": (r"\bglob\b", "like"),
    # not DuckDB's, but engine-specific all the same: a branch on the engine belongs in dispatch
    "target.type": (r"\btarget\.type\b", "a dispatched macro (adapter.dispatch)"),
}
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_STRING = re.compile(r"'(?:[^']|'')*'")


@dataclass(frozen=True)
class Finding:
    file: Path
    line: int
    construct: str
    instead: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: DuckDB-only `{self.construct}`; use {self.instead}"


def _blank(match: re.Match[str]) -> str:
    return "\n" * match.group().count("\n")  # keep the line numbers


def findings_in(path: Path, text: str) -> list[Finding]:
    text = _BLOCK_COMMENT.sub(_blank, _JINJA_COMMENT.sub(_blank, text))
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        code = _STRING.sub("''", line).split("--", 1)[0]  # a string or comment may say anything
        for construct, (pattern, instead) in DUCKDB_ONLY.items():
            if re.search(pattern, code, re.IGNORECASE):
                found.append(Finding(path, number, construct, instead))
    return found


def check_project(project: Path) -> list[Finding]:
    files = [
        path
        for folder in ("models", "macros", "tests", "analyses", "snapshots")
        for path in sorted((project / folder).rglob("*.sql"))
        if path.relative_to(project) != DISPATCH_FILE
    ]
    return [f for path in files for f in findings_in(path.relative_to(project), path.read_text())]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    project = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "dbt_project"
    found = check_project(project)
    for finding in found:
        print(finding)
    if found:
        print(
            f"{len(found)} DuckDB-only construct(s) outside {DISPATCH_FILE}: "
            "the models must run on Spark too"
        )
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
