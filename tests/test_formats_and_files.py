"""Unit tests: value formats, encodings, file names and table reading."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from orchestration.ingest.errors import SourceFileError
from orchestration.ingest.formats import (
    control_character,
    format_decimal,
    may_hold_control_characters,
    parse_date,
    parse_decimal,
)
from orchestration.ingest.readers import read_text_table
from orchestration.ingest.source_files import classify, discover
from orchestration.ingest.validation import parse_table
from orchestration.periods import Period
from orchestration.sample.files import write_csv, write_xlsx


@pytest.mark.parametrize(
    ("text", "value"),
    [("-1234,50", Decimal("-1234.50")), ("0", Decimal(0)), ("12,5", Decimal("12.5"))],
)
def test_decimal_comma(text, value):
    assert parse_decimal(text) == value


@pytest.mark.parametrize("text", ["-1234.50", "1 234,50", "1.234,50", "12,5 kr", ""])
def test_decimal_point_and_thousands_are_errors(text):
    with pytest.raises(ValueError):
        parse_decimal(text)


def test_format_decimal_round_trips():
    for value in (Decimal("-1234.5"), Decimal("0.10"), 7):
        assert parse_decimal(format_decimal(value)) == Decimal(value)


def test_dates_and_periods():
    assert parse_date("2017-11-30").day == 30
    with pytest.raises(ValueError):
        parse_date("2017-02-30")
    assert Period.parse("2017-11").month_range_label == "jan-nov"
    assert Period.parse("2018-01").month_range_label == "jan"
    assert Period(2017, 12).next() == Period(2018, 1)
    with pytest.raises(ValueError):
        Period.parse("2017-13")


HEADER = ("Uppdrag", "Årsprognos", "Kommentar")
ROWS = [
    ("HSF14", Decimal("-884400"), "Läkemedel ökar; höga kostnader"),
    ("RSV10", Decimal("341600,5".replace(",", ".")), None),
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_both_encodings_keep_swedish_letters(tmp_path: Path, encoding: str):
    path = write_csv(tmp_path / "prognos_2017-11.csv", HEADER, ROWS, encoding)
    rows = parse_table(read_text_table(path), "forecast")
    assert rows[0]["kommentar"] == "Läkemedel ökar; höga kostnader"
    assert rows[1]["arsprognos_tkr"] == Decimal("341600.5")
    assert rows[0]["_line"] == 2


def test_xlsx_reads_like_csv(tmp_path: Path):
    path = write_xlsx(tmp_path / "prognos_2017-11.xlsx", HEADER, ROWS)
    rows = parse_table(read_text_table(path), "forecast")
    assert [r["uppdrag"] for r in rows] == ["HSF14", "RSV10"]
    assert rows[1]["arsprognos_tkr"] == Decimal("341600.5")


def test_headers_are_matched_loosely_and_extra_columns_kept(tmp_path: Path):
    path = tmp_path / "prognos_2017-11.csv"
    path.write_text("  årsprognos ;UPPDRAG;Extra\n-12,5;A1;x\n", encoding="utf-8")
    rows = parse_table(read_text_table(path), "forecast")
    assert rows[0]["uppdrag"] == "A1" and rows[0]["_extra"] == '{"Extra": "x"}'


@pytest.mark.parametrize(
    ("content", "line", "problem"),
    [
        ("Uppdrag,Årsprognos\nA,1\n", 1, "wrong separator"),
        ("Uppdrag;Årsprognoss\nA;1\n", 1, "missing required column 'Årsprognos'"),
        ("Uppdrag;Årsprognos\nA;1.5\n", 2, "not a number with decimal comma"),
        ("Uppdrag;Årsprognos\nA;1\nB\n", 3, "expected 2 fields"),
        ("", 1, "empty file"),
    ],
)
def test_bad_files_name_file_line_and_problem(tmp_path: Path, content, line, problem):
    path = tmp_path / "prognos_2017-11.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceFileError) as caught:
        parse_table(read_text_table(path), "forecast")
    assert caught.value.line == line
    assert problem in str(caught.value)
    assert "prognos_2017-11.csv" in str(caught.value)


def test_file_names_follow_the_contract(tmp_path: Path):
    assert classify(Path("huvudbok_2017-11.csv"), "ledger").key == "2017-11"
    assert classify(Path("Budget_2018.XLSX"), "budget").key == "2018"
    assert classify(Path("projekt_2020-06-30.csv"), "registers").kind == "projects"
    for name, folder in [
        ("huvudbok_2017-13.csv", "ledger"),
        ("huvudbok_201711.csv", "ledger"),
        ("huvudbok_2017-11.xlsx", "ledger"),
        ("projekt_2020-02-30.csv", "registers"),
    ]:
        with pytest.raises(SourceFileError):
            classify(Path(name), folder)
    (tmp_path / "registers").mkdir()
    (tmp_path / "registers" / "uppdrag.csv").write_text("x")
    (tmp_path / "registers" / "uppdrag.xlsx").write_text("x")
    _, errors = discover(tmp_path)
    assert any("delivered twice" in str(e) for e in errors)


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        ("Period;Text\r\n202403;Lön\tfrån Västra Götaland\n", "utf-8", False),
        ("Period;Text\r\n202403;Lön från Västra Götaland €\n", "cp1252", False),
        ("Period;Text\n202403;Lön\x0bfrån Word\n", "utf-8", True),
        ("Period;Text\n202403;x\x1f\n", "cp1252", True),
    ],
)
def test_a_byte_scan_finds_every_file_that_may_hold_a_control_character(
    tmp_path: Path, text: str, encoding: str, expected: bool
):
    path = tmp_path / "huvudbok_2024-03.csv"
    path.write_bytes(text.encode(encoding))
    assert may_hold_control_characters(path) is expected
    # the byte scan never misses what the value check finds
    assert (control_character(text) is not None) is expected
    # a file larger than one read block, the character in its last one
    path.write_bytes(b"a;b\n" * 300_000 + "x\x07\n".encode(encoding))
    assert may_hold_control_characters(path)
