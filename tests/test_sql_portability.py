"""The portability lint of `make lint`: the project is clean, and each construct is caught."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.runtime.sql_portability import check_project, findings_in

PROJECT = Path(__file__).resolve().parents[1] / "dbt_project"


def test_no_duckdb_only_sql_outside_the_dispatch_file():
    assert [str(f) for f in check_project(PROJECT)] == []


@pytest.mark.parametrize(
    ("sql", "construct"),
    [
        ("select amount::decimal(18, 2) from t", "::"),
        ("select months // 12 as years from t", "//"),
        ("select strftime(d, '%Y') from t", "strftime"),
        ("select * exclude (a) from t", "* replace / exclude"),
        ("select arg_max(a, b) from t", "arg_max / arg_min"),
        ("select list_contains(xs, 1) from t", "list_*"),
        ("select cast(a as varchar) from t", "varchar"),
        ("select unnest(string_split(a, '+')) from t", "string_split / unnest"),
        ("select string_agg(a, ',') from t", "string_agg"),
        ("{% if target.type == 'spark' %} select 1 {% endif %}", "target.type"),
    ],
)
def test_each_duckdb_only_construct_is_named_with_its_line(sql: str, construct: str):
    (finding,) = findings_in(Path("models/x.sql"), f"-- a comment: a::b\nwith t as (\n{sql})")
    assert (finding.line, finding.construct) == (3, construct)


def test_strings_and_comments_may_say_anything():
    sql = "select 'a::b // strftime(' as note /* list_x( */ from t -- varchar\n{# glob #}"
    assert findings_in(Path("models/x.sql"), sql) == []
