"""The ledger as an SIE 4 file: loaded through the same checks as the CSV ledger, the dimension
mapping, the one-format-per-month rule, and what the sensor and pre-flight make of it."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from orchestration.defs.resources import TertialPaths
from orchestration.defs.schedules import latest_ledger_month
from orchestration.ingest.errors import RejectedFiles
from orchestration.ingest.loader import load_kind
from orchestration.ingest.sie4 import last_voucher_month
from orchestration.ingest.source_files import discover
from orchestration.periods import Period
from orchestration.runtime.preflight import PreflightError, check_sources
from orchestration.sample.files import write_csv
from orchestration.sample.generator import LEDGER_HEADER
from orchestration.sample.region import UPPDRAG_HEADER, uppdrag_rows
from orchestration.sample.sie4_writer import LedgerRow, write_sie4

LEDGER_COLUMNS = (
    "period, verifikation, bokforingsdatum, konto, ansvar, uppdrag, projekt, motpart, belopp, text"
)


def vouchers(period: int, amount: str = "1000.50", number: int | None = None) -> list[LedgerRow]:
    """Two balanced vouchers of a month (the second with its own row texts and a project),
    numbered by the month unless told (a number is used once in its series)."""
    number = period % 100 if number is None else number
    day = dt.date(period // 100, period % 100, 3)
    money = Decimal(amount)
    return [
        (period, f"A-{number}", day, "5011", "RK1", "RSV30", None, None, money, "Lön för åren"),
        (period, f"A-{number}", day, "2440", "RK9", None, None, None, -money, "Lön för åren"),
        (period, f"B-{number}", day, "8910", "RK1", "RSV10", "P7", None, Decimal("-20"), "Bidrag"),
        (period, f"B-{number}", day, "1930", "RK9", None, None, None, Decimal("20"), "Bank"),
    ]


def csv_cells(rows: list[LedgerRow]) -> list[tuple]:
    return [(*row[:8], f"{row[8]:.2f}".replace(".", ","), row[9]) for row in rows]


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    write_csv(folder / "registers" / "uppdrag.csv", UPPDRAG_HEADER, uppdrag_rows(), "cp1252")
    (folder / "ledger").mkdir(parents=True)
    return folder


def load(con: duckdb.DuckDBPyConnection, folder: Path, kind: str = "ledger"):
    found, errors = discover(folder)
    assert not errors
    return load_kind(con, kind, found[kind])


def rejection(con: duckdb.DuckDBPyConnection, folder: Path, kind: str = "ledger"):
    with pytest.raises(RejectedFiles) as caught:
        load(con, folder, kind)
    (error,) = caught.value.errors
    return error


def lines_of(path: Path, pattern: str) -> list[int]:
    lines = path.read_bytes().decode("cp437").splitlines()
    return [i for i, line in enumerate(lines, 1) if re.search(pattern, line)]


def line_of(path: Path, pattern: str) -> int:
    return lines_of(path, pattern)[0]


def test_sie_file_gives_the_rows_of_its_csv_form(sources: Path, tmp_path: Path):
    rows = vouchers(201710) + vouchers(201711, "77.25", number=2)
    sie = write_sie4(sources / "ledger" / "sie4_2017.se", 2017, rows)
    csv_folder = tmp_path / "csv"
    for month in (201710, 201711):
        write_csv(
            csv_folder / "ledger" / f"huvudbok_2017-{month % 100:02d}.csv",
            LEDGER_HEADER,
            csv_cells([r for r in rows if r[0] == month]),
        )
    from_sie, from_csv = duckdb.connect(), duckdb.connect()
    (loaded,) = load(from_sie, sources)
    assert (loaded.file_name, loaded.rows, loaded.action) == ("sie4_2017.se", 8, "loaded")
    load(from_csv, csv_folder)
    query = f"SELECT {LEDGER_COLUMNS} FROM raw.ledger ORDER BY ALL"
    assert from_sie.execute(query).fetchall() == from_csv.execute(query).fetchall()
    # one delivery keyed by its year, with the control total (debits) of both months
    assert from_sie.execute(
        "SELECT file_key, row_count, control_debit_sek FROM raw.deliveries"
    ).fetchall() == [("2017", 8, Decimal("1117.75"))]
    # each row keeps its line in the SIE file
    lines = from_sie.execute("SELECT _line FROM raw.ledger WHERE konto = '8910'").fetchall()
    assert [line for (line,) in lines] == lines_of(sie, r"#TRANS 8910 ")
    assert {f.action for f in load(from_sie, sources)} == {"unchanged"}


def test_an_unbalanced_voucher_is_named_serie_vernr_with_its_sie_line(sources: Path):
    rows = vouchers(201711)
    rows[1] = (*rows[1][:8], Decimal("-1000.00"), rows[1][9])
    sie = write_sie4(sources / "ledger" / "sie4_2017.se", 2017, rows)
    error = rejection(duckdb.connect(), sources)
    assert error.file.endswith("sie4_2017.se")
    assert "voucher A-11 does not balance (sum 0,50" in error.problem
    assert error.line == line_of(sie, r"#TRANS 5011")


def test_an_account_outside_the_classes_is_rejected_with_its_sie_line(sources: Path):
    rows = vouchers(201711)
    rows[3] = (rows[3][0], rows[3][1], rows[3][2], "9930", *rows[3][4:])
    sie = write_sie4(sources / "ledger" / "sie4_2017.se", 2017, rows)
    error = rejection(duckdb.connect(), sources)
    assert "account '9930' is outside the Kommun-Bas classes" in error.problem
    assert error.line == line_of(sie, r"#TRANS 9930")


def test_a_wrong_checksum_and_another_fiscal_year_are_rejected(sources: Path):
    sie = write_sie4(sources / "ledger" / "sie4_2017.se", 2017, vouchers(201711))
    text = sie.read_bytes()
    crc = re.search(rb"#KSUMMA (\d+)\r\n$", text)
    assert crc
    sie.write_bytes(text[: crc.start(1)] + str(int(crc[1]) ^ 1).encode() + b"\r\n")
    con = duckdb.connect()
    error = rejection(con, sources)
    assert "KSUMMA" in error.problem and error.file.endswith("sie4_2017.se")
    write_sie4(sie, 2016, vouchers(201611))
    error = rejection(con, sources)
    assert "2016" in error.problem and "2017" in error.problem
    assert con.execute("SELECT count(*) FROM raw.ledger").fetchone() == (0,)


def test_a_month_from_two_formats_is_rejected_naming_both_files(sources: Path):
    write_sie4(sources / "ledger" / "sie4_2017.se", 2017, vouchers(201710) + vouchers(201711))
    write_csv(
        sources / "ledger" / "huvudbok_2017-11.csv", LEDGER_HEADER, csv_cells(vouchers(201711))
    )
    con = duckdb.connect()
    error = rejection(con, sources)
    assert error.file.endswith("huvudbok_2017-11.csv")
    assert "month 2017-11 comes from two formats" in error.problem
    assert "ledger/sie4_2017.se" in error.problem and "2017-10 to 2017-11" in error.problem
    assert con.execute("SELECT count(*) FROM raw.deliveries").fetchone() == (0,)


def test_every_csv_month_the_sie_file_covers_is_named(sources: Path):
    """Covered: from the SIE file's first voucher month to its last, gaps included; a month
    before or after it may come as CSV."""
    rows = vouchers(201703) + vouchers(201710)
    write_sie4(sources / "ledger" / "sie4_2017.se", 2017, rows)
    for month in (2, 3, 6, 11):
        write_csv(
            sources / "ledger" / f"huvudbok_2017-{month:02d}.csv",
            LEDGER_HEADER,
            csv_cells(vouchers(201700 + month)),
        )
    with pytest.raises(RejectedFiles) as caught:
        load(duckdb.connect(), sources)
    named = [Path(e.file).name for e in caught.value.errors]
    assert named == ["huvudbok_2017-03.csv", "huvudbok_2017-06.csv"]
    assert "covers 2017-03 to 2017-10" in caught.value.errors[1].problem


def test_the_sie_file_may_end_before_a_csv_month(sources: Path):
    write_sie4(sources / "ledger" / "sie4_2017.se", 2017, vouchers(201710))
    write_csv(
        sources / "ledger" / "huvudbok_2017-11.csv", LEDGER_HEADER, csv_cells(vouchers(201711))
    )
    con = duckdb.connect()
    assert [f.action for f in load(con, sources)] == ["loaded", "loaded"]
    assert con.execute("SELECT DISTINCT period FROM raw.ledger ORDER BY 1").fetchall() == [
        (201710,),
        (201711,),
    ]


def test_switching_a_month_from_csv_to_sie_retires_the_csv_delivery(sources: Path):
    con = duckdb.connect()
    csv = write_csv(
        sources / "ledger" / "huvudbok_2017-10.csv", LEDGER_HEADER, csv_cells(vouchers(201710))
    )
    load(con, sources)
    csv.unlink()  # the unit now exports SIE 4 for the whole year
    write_sie4(sources / "ledger" / "sie4_2017.se", 2017, vouchers(201710) + vouchers(201711))
    actions = {f.file_name: f.action for f in load(con, sources)}
    assert actions == {
        "sie4_2017.se": "loaded",
        "huvudbok_2017-10.csv": "retired (its month is in sie4_2017.se)",
    }
    assert con.execute("SELECT file_name FROM raw.deliveries WHERE is_current").fetchall() == [
        ("sie4_2017.se",)
    ]


def test_dimensions_map_by_the_register_and_a_new_mapping_reads_the_file_again(sources: Path):
    sie = write_sie4(
        sources / "ledger" / "sie4_2017.se",
        2017,
        vouchers(201711),
        dimension_of={"ansvar": 7, "uppdrag": 2, "projekt": 6},
    )
    mapping = sources / "registers" / "siedimensioner.csv"
    write_csv(mapping, ("Dimension", "Kolumn"), [(7, "Ansvar"), (2, "uppdrag"), (6, "Projekt")])
    con = duckdb.connect()
    load(con, sources, "uppdrag")
    load(con, sources, "sie_dimensions")
    load(con, sources)
    query = "SELECT konto, ansvar, uppdrag, projekt FROM raw.current_ledger ORDER BY _line"
    assert con.execute(query).fetchall()[:3] == [
        ("5011", "RK1", "RSV30", None),
        ("2440", "RK9", None, None),
        ("8910", "RK1", "RSV10", "P7"),
    ]
    # the mapping changes (dimension 2 is now Ansvar): the unchanged SIE file is read again
    write_csv(mapping, ("Dimension", "Kolumn"), [(2, "Ansvar")])
    load(con, sources, "sie_dimensions")
    assert [f.action for f in load(con, sources)] == ["replaced"]
    assert con.execute(query).fetchall()[:3] == [
        ("5011", "RSV30", None, None),
        ("2440", None, None, None),
        ("8910", "RSV10", None, None),
    ]
    assert sie.exists()


@pytest.mark.parametrize(
    ("rows", "problem", "line"),
    [
        ([(1, "Ansvar"), (1, "Uppdrag")], "duplicate Dimension '1' (also on line 2)", 3),
        ([(1, "Ansvar"), (3, "Ansvar")], "duplicate Kolumn 'Ansvar' (also on line 2)", 3),
        ([(1, "Konto")], "'Konto' in column 'Kolumn' is not one of Ansvar, Uppdrag", 2),
        ([(0, "Ansvar")], "Dimension 0 is not an SIE dimension number", 2),
    ],
)
def test_a_bad_dimension_register_is_rejected(sources: Path, rows, problem, line):
    write_csv(sources / "registers" / "siedimensioner.csv", ("Dimension", "Kolumn"), rows)
    error = rejection(duckdb.connect(), sources, "sie_dimensions")
    assert problem in error.problem and error.line == line


def test_sensor_and_preflight_know_the_month_an_sie_file_reaches(sources: Path, tmp_path: Path):
    paths = TertialPaths(
        sources=str(sources), exports=str(tmp_path / "e"), warehouse=str(tmp_path / "w.duckdb")
    )
    write_sie4(sources / "ledger" / "sie4_2018.se", 2018, vouchers(201801) + vouchers(201803))
    write_csv(
        sources / "ledger" / "huvudbok_2017-12.csv", LEDGER_HEADER, csv_cells(vouchers(201712))
    )
    assert latest_ledger_month(paths) == "2018-03"
    check_sources(sources, Period.parse("2018-03"))
    with pytest.raises(PreflightError, match="sie4_2018.se reaches 2018-03"):
        check_sources(sources, Period.parse("2018-04"))


def test_a_file_written_in_utf8_is_rejected_not_misread(sources: Path):
    sie = write_sie4(sources / "ledger" / "sie4_2017.se", 2017, vouchers(201711), checksum=False)
    sie.write_bytes(sie.read_bytes().decode("cp437").encode("utf-8"))
    error = rejection(duckdb.connect(), sources)
    assert "the file is UTF-8" in error.problem
    assert error.line == line_of(sie, "Lön för åren".encode().decode("cp437"))


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp437"))
    return path


WIDE_VOUCHER = [
    "#FORMAT PC8",
    "#RAR 0 20170101 20171231",
    '#VER A 1 20170510 "Löner maj"',
    "{",
    '#TRANS 5011 { 1 RK1 20 RSV30 6 P1 7 "1001" } 100.00 20170510 "t" 0 "x"',
    "#TRANS 2440 {} -100.00",
    "}",
]


def test_wide_rows_with_spaced_object_lists_load_inside_the_transaction(sources: Path):
    """A row the reader's first split cannot hold is read again: inside the loader's
    transaction too (a refused statement must not abort it)."""
    write_lines(sources / "ledger" / "sie4_2017.se", WIDE_VOUCHER)
    write_csv(
        sources / "ledger" / "huvudbok_2017-06.csv", LEDGER_HEADER, csv_cells(vouchers(201706))
    )
    con = duckdb.connect()
    assert [f.action for f in load(con, sources)] == ["loaded", "loaded"]
    assert con.execute(
        "SELECT ansvar, uppdrag, projekt, belopp, text, _line FROM raw.ledger "
        "WHERE konto = '5011' AND period = 201705"
    ).fetchall() == [("RK1", "RSV30", "P1", Decimal("100.00"), "t", 5)]


def test_a_broken_line_is_named_inside_the_transaction(sources: Path):
    broken = [*WIDE_VOUCHER[:2], '#VER A 1 20170510 "V', *WIDE_VOUCHER[3:]]
    write_lines(sources / "ledger" / "sie4_2017.se", broken)
    con = duckdb.connect()
    error = rejection(con, sources)
    assert (error.line, error.problem) == (3, 'unterminated quoted string: "V')
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchone() == (0,)


def test_rows_that_differ_only_in_an_unmapped_dimension_both_count(sources: Path):
    salaries = [
        *WIDE_VOUCHER[:4],
        '#TRANS 5011 {1 RK1 20 RSV30 7 "1001"} 25000.00',
        '#TRANS 5011 {1 RK1 20 RSV30 7 "1002"} 25000.00',
        "#TRANS 2440 {} -50000.00",
        "}",
    ]
    write_lines(sources / "ledger" / "sie4_2017.se", salaries)
    con = duckdb.connect()
    load(con, sources)
    assert con.execute(
        "SELECT count(*), sum(belopp) FROM raw.ledger WHERE konto = '5011'"
    ).fetchone() == (
        2,
        Decimal("50000.00"),
    )


def test_a_voucher_outside_the_rar_year_is_rejected_with_its_line(sources: Path):
    short_year = [
        "#RAR 0 20170101 20170630",
        '#VER A 1 20171110 "Sent"',
        "{",
        "#TRANS 5011 {} 10.00",
        "#TRANS 2440 {} -10.00",
        "}",
    ]
    write_lines(sources / "ledger" / "sie4_2017.se", short_year)
    error = rejection(duckdb.connect(), sources)
    assert error.line == 4
    assert error.problem == (
        "the voucher date's month 201711 is outside the file's year: sie4_2017.se holds "
        "201701-201706 (#RAR 0 20170101-20170630)"
    )


def test_a_month_after_an_sie_file_in_capitals_comes_from_its_csv(sources: Path):
    write_sie4(sources / "ledger" / "SIE4_2018.SE", 2018, vouchers(201801) + vouchers(201803))
    write_csv(
        sources / "ledger" / "huvudbok_2018-04.csv", LEDGER_HEADER, csv_cells(vouchers(201804))
    )
    check_sources(sources, Period.parse("2018-04"))  # the month's CSV, not the SIE file


def test_the_month_an_sie_file_reaches_skips_a_mistyped_date(sources: Path):
    lines = [*WIDE_VOUCHER[:-1], "}", '#VER A 2 20171310 "Fel"', "{", "}"]
    sie = write_lines(sources / "ledger" / "sie4_2017.se", lines)
    assert last_voucher_month(sie) == "2017-05"


def test_a_voucher_exported_twice_is_rejected_with_both_lines(sources: Path):
    block = ['#VER A 1 20170510 "Lön"', "{", "#TRANS 5011 {} 10.00", "#TRANS 2440 {} -10.00", "}"]
    write_lines(sources / "ledger" / "sie4_2017.se", ["#RAR 0 20170101 20171231", *block, *block])
    error = rejection(duckdb.connect(), sources)
    assert (error.line, error.problem) == (
        7,
        "voucher A-1 is in the file twice (also on line 2): a voucher number is used once in "
        "its series",
    )
