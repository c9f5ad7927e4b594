"""Unit tests of the SIE 4 reader and writer: small real files read into an in-memory DuckDB."""

from __future__ import annotations

import datetime as dt
import os
import random
import zlib
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from orchestration.ingest import sie4
from orchestration.ingest.errors import SourceFileError
from orchestration.ingest.sie4 import Sie4File, ksumma, ksumma_of_records, read_sie4
from orchestration.sample.sie4_writer import LedgerRow, ledger_rows, write_sie4

HEAD = """#FLAGGA 0
#PROGRAM "Testprogram" 1.0
#FORMAT PC8
#SIETYP 4
#RAR 0 20170101 20171231
#RAR -1 20160101 20161231
"""


def write(tmp_path: Path, body: str, head: str = HEAD, line_end: str = "\r\n") -> Path:
    """A SIE file (code page 437) from text written with \\n line ends."""
    path = tmp_path / "sie4_2017.se"
    path.write_bytes((head + body).replace("\n", line_end).encode("cp437"))
    return path


def grammar_rows(path: Path, dimensions=None) -> list[tuple]:
    """The stage rows of a good file by the Python grammar, line by line: the oracle the
    compiled pass (orchestration/ingest/sie4_scan.py) is compared with."""
    by_column = {c: str(n) for n, c in (dimensions or sie4.DEFAULT_DIMENSIONS).items()}
    rows, ver, previous = [], None, None
    text = sie4._read_bytes(path).decode("cp437")
    for number, line in enumerate(text.split("\n")[:-1], start=1):
        kind, fields = sie4.parse_line(line)
        if kind != "record":
            continue
        label = fields[0]
        if label == "#VER":
            ver, previous = fields, None
        if label not in sie4.TRANS_LABELS:
            continue
        again = label == "#TRANS" and previous and previous[0] == "#RTRANS"
        repeat = again and previous[1:] == fields[1:]
        previous = fields
        if label == "#BTRANS" or repeat:
            continue
        objects: dict[str, str] = {}
        for dimension, value in zip(fields[2][::2], fields[2][1::2], strict=True):
            objects.setdefault(dimension, value)
        day = fields[4] if len(fields) > 4 and fields[4] else ver[3]
        own = fields[5] if len(fields) > 5 else ""
        rows.append(
            (
                ver[3][:6],
                f"{ver[1]}-{ver[2]}",
                f"{day[:4]}-{day[4:6]}-{day[6:]}",
                fields[1],
                *(
                    objects.get(by_column[c]) or None if c in by_column else None
                    for c in sie4.DIMENSION_COLUMNS
                ),
                fields[3].replace(".", ","),
                own or (ver[4] if len(ver) > 4 else "") or None,
                number,
            )
        )
    return rows


@pytest.fixture
def read():
    """read(path, ...) -> (Sie4File, rows of the stage table); the rows are also checked
    against the Python grammar's."""

    def read(path: Path, year: int = 2017, dimensions=None) -> tuple[Sie4File, list[tuple]]:
        con = duckdb.connect()
        info = read_sie4(con, path, year, dimensions)
        rows = con.execute("SELECT * FROM ledger_incoming").fetchall()
        assert rows == grammar_rows(path, dimensions)
        return info, rows

    return read


def rejected(path: Path, year: int = 2017) -> SourceFileError:
    with pytest.raises(SourceFileError) as caught:
        read_sie4(duckdb.connect(), path, year)
    return caught.value


def row(period, ver, day, account, *dimensions, amount="0", text=None, line=0) -> tuple:
    """A stage-table row; dimensions in column order (ansvar, uppdrag, projekt, motpart)."""
    ansvar, uppdrag, projekt, motpart = (*dimensions, None, None, None, None)[:4]
    return (period, ver, day, account, ansvar, uppdrag, projekt, motpart, amount, text, line)


# --- The stage table -----------------------------------------------------------------------


def test_columns_and_a_voucher(tmp_path, read):
    path = write(
        tmp_path,
        """#KONTO 5011 "Löner"
#VER A 123 20171103 "Lön november" 20171104
{
   #TRANS 5011 {1 "RK10" 20 "RSV30"} 1234.50 20171103 "Lön"
   #TRANS 2440 {} -1234.50
}
""",
    )
    info, rows = read(path)
    assert rows == [
        row(
            "201711",
            "A-123",
            "2017-11-03",
            "5011",
            "RK10",
            "RSV30",
            amount="1234,50",
            text="Lön",
            line=10,
        ),
        row(
            "201711", "A-123", "2017-11-03", "2440", amount="-1234,50", text="Lön november", line=11
        ),
    ]
    con = duckdb.connect()
    read_sie4(con, path, 2017)
    described = con.execute("DESCRIBE ledger_incoming").fetchall()
    assert [(name, kind) for name, kind, *_ in described] == [
        *((f"c{i}", "VARCHAR") for i in range(10)),
        ("_line", "INTEGER"),
    ]
    assert info.fiscal_year == 2017 and (info.start, info.end) == (
        dt.date(2017, 1, 1),
        dt.date(2017, 12, 31),
    )
    assert (info.rows, info.vouchers, info.months) == (2, 1, ("201711",))
    assert info.format == "PC8" and info.program == "Testprogram 1.0"
    assert info.accounts == {"5011": "Löner"} and not info.checksum_verified


def test_quotes_and_escapes(tmp_path, read):
    path = write(
        tmp_path,
        r"""#VER A 1 20170105 "Faktura \"12\" från C:\\temp"
{
#TRANS 6410 {1 "R\"K" 20 "a b\\"} 100 "" "Text med \"citat\""
#TRANS 6410 {} -100 20170106 "bak\\snedstreck \\\" slut"
}
""",
    )
    _, rows = read(path)  # \" and \\ only: DuckDB's reader unescapes them as the grammar does
    assert [(r[4], r[5], r[2], r[9]) for r in rows] == [
        ('R"K', "a b\\", "2017-01-05", 'Text med "citat"'),
        (None, None, "2017-01-06", 'bak\\snedstreck \\" slut'),
    ]


def test_other_backslashes_are_kept(tmp_path, read):
    path = write(
        tmp_path,
        """#VER A 1 20170105 "C:\\temp\\x"
{
#TRANS 6410 {} 100
#TRANS 6410 {} -100 20170105 \\bar\\ord
}
""",
    )
    _, rows = read(path)
    assert [r[9] for r in rows] == ["C:\\temp\\x", "\\bar\\ord"]


def test_empty_and_spaced_object_lists(tmp_path, read):
    path = write(
        tmp_path,
        """#VER A 1 20170105 x
{
#TRANS 1930 {} 1
#TRANS 1930 { } 2
#TRANS 1930 {  1   "RK 1"  } 3
#TRANS 1930 {1 RK2} 4
#TRANS 1930 {"1" "RK3" "20" ""} -10
}
""",
    )
    _, rows = read(path)
    assert [(r[4], r[5], r[8]) for r in rows] == [
        (None, None, "1"),
        (None, None, "2"),
        ("RK 1", None, "3"),
        ("RK2", None, "4"),
        ("RK3", None, "-10"),  # an empty object is no object
    ]


def test_tabs_spaces_and_unquoted_names(tmp_path, read):
    path = write(
        tmp_path,
        "#KONTO\t1930\tBank\n#KONTO 2440   Leverantörsskulder  \n"
        "#VER\tA\t1\t20170105\tInbetalning\n{\n"
        "\t#TRANS\t1930\t{1\tRK10}\t100.5\t20170106\tInsättning\n"
        "  #TRANS  2440  {}  -100.5\n}\n",
    )
    info, rows = read(path)
    assert info.accounts == {"1930": "Bank", "2440": "Leverantörsskulder"}
    assert [(r[1], r[2], r[3], r[4], r[8], r[9]) for r in rows] == [
        ("A-1", "2017-01-06", "1930", "RK10", "100,5", "Insättning"),
        ("A-1", "2017-01-05", "2440", None, "-100,5", "Inbetalning"),
    ]


@pytest.mark.parametrize("line_end", ["\r\n", "\n"])
def test_crlf_and_lf(tmp_path, read, line_end):
    body = '#VER A 1 20170105 "Å"\n{\n#TRANS 1930 {} 1\n#TRANS 2440 {} -1\n}\n\n\n'
    _, rows = read(write(tmp_path, body, line_end=line_end))
    assert [(r[3], r[9], r[10]) for r in rows] == [("1930", "Å", 9), ("2440", "Å", 10)]


def test_blank_lines_keep_line_numbers(tmp_path, read):
    body = '\n#VER A 1 20170105 "x"\n\n{\n\n#TRANS 1930 {} 1\n\n#TRANS 2440 {} -1\n}\n'
    _, rows = read(write(tmp_path, body))
    assert [r[10] for r in rows] == [12, 14]
    _, rows = read(write(tmp_path, body, head="\n\n" + HEAD))  # blank first lines too
    assert [r[10] for r in rows] == [14, 16]


def test_rtrans_counts_once_and_btrans_not_at_all(tmp_path, read):
    path = write(
        tmp_path,
        """#VER A 1 20170105 "x"
{
#TRANS 1930 {} 100
#BTRANS 2440 {} -100 20170105 "bort"
#RTRANS 2441 {} -100 20170105 "tillagd"
#TRANS 2441 {} -100 20170105 "tillagd"
#RTRANS 2442 {} 7 20170105 "ensam"
#TRANS 2443 {} -7
}
#VER A 2 20170106 "y"
{
#RTRANS 1930 {} 5
#TRANS 1930 {} 6
#TRANS 1930 {} -11
}
""",
    )
    _, rows = read(path)
    assert [(r[3], r[8], r[10]) for r in rows] == [
        ("1930", "100", 9),
        ("2441", "-100", 11),  # the #RTRANS line; its #TRANS copy is not counted
        ("2442", "7", 13),  # no #TRANS after it: counted once anyway
        ("2443", "-7", 14),
        ("1930", "5", 18),
        ("1930", "6", 19),  # a #TRANS that differs from the #RTRANS before it counts
        ("1930", "-11", 20),
    ]


def test_an_rtrans_and_its_trans_compare_by_value(tmp_path, read):
    path = write(
        tmp_path,
        """#VER A 1 20170105 x
{
#RTRANS "1930" {"1" "RK 1"} "100" 20170105 "a\\"b"
#TRANS 1930 {1 "RK 1"} 100 20170105 a"b
#RTRANS 2440 {1 x} -100
#TRANS 2440 {1 x 20 y} -100
}
""",
    )
    _, rows = read(path)  # quoted or not, the same value: the #TRANS copy is not counted
    assert [(r[3], r[8], r[10]) for r in rows] == [
        ("1930", "100", 9),
        ("2440", "-100", 11),
        ("2440", "-100", 12),  # another object list: counted
    ]


def test_swedish_letters_in_code_page_437(tmp_path, read):
    path = write(
        tmp_path,
        """#FNAMN "Åre Älvsbyn Östersund"
#VER A 1 20170105 "åäö ÅÄÖ é ü"
{
#TRANS 1930 {1 "Kö"} 1
#TRANS 1930 {} -1 20170105 "Ärende"
}
""",
    )
    assert "å".encode("cp437") == b"\x86" and b"\x86" in path.read_bytes()
    info, rows = read(path)
    assert info.company == "Åre Älvsbyn Östersund"
    assert [(r[4], r[9]) for r in rows] == [("Kö", "åäö ÅÄÖ é ü"), (None, "Ärende")]


def test_a_file_without_format_is_read_as_code_page_437(tmp_path, read):
    head = HEAD.replace("#FORMAT PC8\n", "")
    info, rows = read(write(tmp_path, '#VER A 1 20170105 "Lön"\n{\n#TRANS 1930 {} 0\n}\n', head))
    assert info.format is None and rows[0][9] == "Lön"


def test_quoted_format_label_value(tmp_path, read):
    head = HEAD.replace("#FORMAT PC8", '#FORMAT "PC8"')
    info, _ = read(write(tmp_path, "", head))
    assert info.format == "PC8"


def test_unknown_labels_are_ignored(tmp_path, read):
    path = write(
        tmp_path,
        """#GEN 20180110 "sa"
#KPTYP EUBAS97
#IB 0 1930 1000.00
#UB 0 1930 2000.00 7
#PSALDO 0 201701 3010 {1 "RK10"} -100.00
#OBJEKT 1 "RK10" "Kansli"
#DIM 1 "Ansvar"
#UNDERDIM 21 "Underprojekt" 20
#OKAND "vad som helst" {} {x y}
#VER A 1 20170105 "x"
{
#TRANS 1930 {} 1
#FRAMTIDA 1 2 3
#TRANS 2440 {} -1
}
""",
    )
    info, rows = read(path)
    assert [r[3] for r in rows] == ["1930", "2440"]
    assert info.dimensions == {1: "Ansvar"} and info.objects == {(1, "RK10"): "Kansli"}


def test_custom_dimension_mapping(tmp_path, read):
    path = write(
        tmp_path,
        """#VER A 1 20170105 "x"
{
#TRANS 5011 {1 "RK10" 2 "KB7" 20 "RSV30" 30 "MP5"} 1
#TRANS 5011 {30 "MP6" 6 "P1"} -1
}
""",
    )
    _, rows = read(path, dimensions={2: "ansvar", 30: "uppdrag", 6: "motpart"})
    assert [r[4:8] for r in rows] == [("KB7", "MP5", None, None), (None, "MP6", None, "P1")]
    _, rows = read(path)
    assert [r[4:8] for r in rows] == [("RK10", "RSV30", None, None), (None, None, "P1", None)]


def test_dimension_mapping_is_checked():
    with pytest.raises(ValueError):
        sie4._check_dimensions({1: "konto"})
    with pytest.raises(ValueError):
        sie4._check_dimensions({1: "ansvar", 2: "ansvar"})


def test_transaction_date_and_text_fall_back_to_the_voucher(tmp_path, read):
    path = write(
        tmp_path,
        """#VER B 7 20170331 "Verifikationstext"
{
#TRANS 1930 {} 1 20170402 "Radtext"
#TRANS 1930 {} 2 "" "Radtext 2"
#TRANS 1930 {} 3 20170401 ""
#TRANS 1930 {} -6
}
#VER B 8 20170401
{
#TRANS 1930 {} 0
}
""",
    )
    _, rows = read(path)
    assert [(r[0], r[1], r[2], r[9]) for r in rows] == [
        ("201703", "B-7", "2017-04-02", "Radtext"),
        ("201703", "B-7", "2017-03-31", "Radtext 2"),
        ("201703", "B-7", "2017-04-01", "Verifikationstext"),
        ("201703", "B-7", "2017-03-31", "Verifikationstext"),
        ("201704", "B-8", "2017-04-01", None),
    ]


def test_many_dimensions_and_odd_spacing(tmp_path, read):
    pairs = " ".join(f'{d} "O{d}"' for d in range(1, 12))
    path = write(
        tmp_path,
        f"""#VER A 1 20170105 x
{{
#TRANS 1930 {{{pairs}}} 1
 #TRANS  1930   {{ 6  "P 1" }}   -1   20170105   "två  mellanslag"
}}
""",
    )
    _, rows = read(path)
    assert [(r[4], r[5], r[6], r[8], r[9]) for r in rows] == [
        ("O1", None, "O6", "1", "x"),
        (None, None, "P 1", "-1", "två  mellanslag"),
    ]


def test_amounts_become_decimal_comma(tmp_path, read):
    path = write(
        tmp_path,
        "#VER A 1 20170105 x\n{\n#TRANS 1930 {} 100\n#TRANS 1930 {} -0.5\n#TRANS 1930 {} 12.25\n"
        "#TRANS 1930 {} -111.75\n}\n",
    )
    _, rows = read(path)
    assert [r[8] for r in rows] == ["100", "-0,5", "12,25", "-111,75"]


# --- Rejections: the file, the line and the problem ------------------------------------------


@pytest.mark.parametrize(
    ("trans", "problem"),
    [
        ("#TRANS 1930 {} 12.345", "amount '12.345'"),
        ("#TRANS 1930 {} 12,34", "amount '12,34'"),
        ("#TRANS 1930 {} tolv", "amount 'tolv'"),
        ("#TRANS 1930 {} .5", "amount '.5'"),
        ("#TRANS 1930 {}", "without an amount"),
        ("#TRANS 1930 100", "without its object list"),
        ("#TRANS {} 100", "account"),
        ("#TRANS 1930 {1} 100", "pairs"),
        ("#TRANS 1930 {} 100 20170230", "date '20170230'"),
        ("#TRANS 1930 {} 100 2017-01-05", "date '2017-01-05'"),
        ("#TRANS 1930 {1 x 100", "closing '}'"),
        ('#TRANS 1930 {} 100 20170105 "text', "unterminated quoted string"),
        ("#TRANS 1930 {1 {2 x}} 100", "inside an object list"),
        ("#TRANS 1930 {} 100 20170105 {}", "object list where"),
        ('#TRANS 1930 {} 100 20170105 "t" {}', "object list where"),
        ("#TRANS 1930 {} 100 {} x", "object list where"),
        ("#TRANS 1930{} 100", "missing space"),
        ('#TRANS 1930 {} 100 "a""b"', "missing space"),
    ],
)
def test_bad_transactions_are_rejected_with_their_line(tmp_path, trans, problem):
    path = write(tmp_path, f"#VER A 1 20170105 x\n{{\n#TRANS 2440 {{}} 1\n{trans}\n}}\n")
    error = rejected(path)
    assert error.line == 10 and problem in error.problem, error
    assert error.file == str(path) and "line 10: " in str(error)


@pytest.mark.parametrize(
    ("body", "line", "problem"),
    [
        ("#TRANS 1930 {} 1\n", 7, "outside a voucher"),
        ("#VER A 1 20170105\n#TRANS 1930 {} 1\n", 8, "outside a voucher"),
        ("#VER A 1 20170105\n{\n#TRANS 1930 {} 1\n}\n#TRANS 1930 {} 1\n", 11, "outside"),
        ("#VER A 1 20170105\n{\n#TRANS 1930 {} 1\n", 8, "never closed"),
        ("#VER A 1 20170105\n{\n#TRANS 1930 {} 1\n#VER A 2 20170105\n", 10, "#VER inside"),
        ("#VER A 1 20170105\n{\n{\n", 9, "still open"),
        ("}\n", 7, "'}' without"),
        ("#VER A 1 20170105\n#KONTO 1 x\n{\n}\n", 9, "must follow its #VER"),
        ("{\n}\n", 7, "must follow its #VER"),
        ("#VER A 1\n{\n}\n", 7, "without a date"),
        ("#VER A 1 20171332\n{\n}\n", 7, "date '20171332'"),
        ("#VER A\n{\n}\n", 7, "without a voucher number"),
        ('#VER "" 1 20170105\n{\n}\n', 7, "without a series"),
        ("bara text\n", 7, "not a SIE record"),
        ('#KONTO 1930 "Bank\n', 7, "unterminated quoted string"),
        ("#PSALDO 0 201701 3010 {1 x\n", 7, "closing '}'"),
    ],
)
def test_bad_structure_is_rejected_with_its_line(tmp_path, body, line, problem):
    error = rejected(write(tmp_path, body))
    assert error.line == line and problem in error.problem, error


def test_a_fiscal_year_other_than_the_file_names_is_rejected(tmp_path):
    path = write(tmp_path, "", HEAD.replace("#RAR 0 20170101 20171231", "#RAR 0 20160101 20161231"))
    error = rejected(path)
    assert error.line == 5 and "2016" in error.problem and "2017" in error.problem
    assert rejected(write(tmp_path, "", HEAD.replace("#RAR 0 ", "#RAR 1 "))).line is None


@pytest.mark.parametrize(
    ("content", "problem", "line"),
    [
        (b"", "empty file", None),
        (b" \r\n\r\n", "empty file", None),
        (b"Period;Verifikation\r\n201701;A-1\r\n", "not a SIE file", 1),
        (b"\r\n\r\nhej\r\n#FLAGGA 0\r\n", "not a SIE file", 3),
        (b"#FLAGGA 0\r\n\x00\x01", "binary data", 2),
        (b"#FLAGGA 0\r\n#FORMAT ISO\r\n", "PC8", 2),
        ("\ufeff#FLAGGA 0\r\n".encode(), "byte order mark", 1),
    ],
)
def test_files_that_are_not_sie(tmp_path, content, problem, line):
    path = tmp_path / "sie4_2017.se"
    path.write_bytes(content)
    error = rejected(path)
    assert problem in error.problem and error.line == line


def test_an_unreadable_file(tmp_path):
    error = rejected(tmp_path / "saknas.se")
    assert "unreadable" in error.problem


def test_a_rejected_file_leaves_no_stage_table(tmp_path):
    con = duckdb.connect()
    con.execute("CREATE TEMP TABLE ledger_incoming AS SELECT 1 AS old")
    with pytest.raises(SourceFileError):
        read_sie4(con, write(tmp_path, "#TRANS 1930 {} 1\n"), 2017)
    assert not con.execute(
        "SELECT * FROM duckdb_tables() WHERE table_name = 'ledger_incoming'"
    ).fetchall()
    assert not con.execute(
        "SELECT * FROM duckdb_tables() WHERE table_name LIKE '_sie4%'"
    ).fetchall()


# --- #KSUMMA ---------------------------------------------------------------------------------

KSUMMA_BODY = """#KONTO 1930 "Bank {x}"
#VER A 1 20170105 "Text \\"med\\" {klamrar}"
{
   #TRANS 1930 {1 "RK 10" 20 "{}"} 100.00 20170105 "Rad"
   #TRANS 2440 {} -100.00
}
"""


def with_ksumma(body: str, value: int | str | None = None) -> str:
    lines = (HEAD + body).splitlines()
    crc = ksumma(lines[1:]) if value is None else value
    return "\n".join([lines[0], "#KSUMMA", *lines[1:], f"#KSUMMA {crc}"]) + "\n"


def test_ksumma_is_the_crc_of_the_field_texts():
    lines = ['#VER A 1 20170105 "a b"', "{", '   #TRANS 1930 {1 "RK10"} 1.00', "}"]
    text = "#VERA120170105a b" + "#TRANS19301RK101.00"
    assert ksumma(lines) == zlib.crc32(text.encode("cp437"))
    assert ksumma(['#X "\\"å\\\\"']) == zlib.crc32('#X"å\\'.encode("cp437"))


@pytest.mark.parametrize("signed", [False, True])
def test_a_right_ksumma_is_accepted_unsigned_or_signed(tmp_path, read, signed):
    text = with_ksumma(KSUMMA_BODY)
    crc = ksumma((HEAD + KSUMMA_BODY).splitlines()[1:])
    if signed:  # find a body whose CRC is above 2**31, printed as a negative number
        body = KSUMMA_BODY
        while crc < 1 << 31:
            body += "#X\n"
            crc = ksumma((HEAD + body).splitlines()[1:])
        text = with_ksumma(body, crc - (1 << 32))
    info, rows = read(write(tmp_path, text, head=""))
    assert info.checksum_verified and len(rows) == 2
    assert rows[0][4:6] == ("RK 10", "{}") and rows[0][9] == "Rad"
    assert info.accounts == {"1930": "Bank {x}"}


def test_a_wrong_ksumma_is_rejected_with_its_line(tmp_path):
    text = with_ksumma(KSUMMA_BODY).replace("-100.00", "-100.01")
    error = rejected(write(tmp_path, text, head=""))
    assert error.line == 14 and "#KSUMMA" in error.problem


def test_an_incomplete_ksumma_pair_is_rejected(tmp_path):
    opened = with_ksumma(KSUMMA_BODY).rsplit("#KSUMMA", 1)[0]
    assert rejected(write(tmp_path, opened, head="")).line == 2
    closed = with_ksumma(KSUMMA_BODY).replace("#KSUMMA\n", "", 1)
    assert "without the opening" in rejected(write(tmp_path, closed, head="")).problem


# --- The compiled pass and the Python grammar agree, line for line -------------------------

# What a #TRANS holds, slot by slot: pieces that fit the slot, then pieces that break a rule.
SLOTS = [
    (["#TRANS", "#RTRANS", "#BTRANS", '"#TRANS"', "#A"], ["#", "x"]),
    (["1930", '"2440"', '"a\\"b"'], ['""', "30 10", "{}"]),
    (["{}", "{1 x}", '{ 1  "RK 1" }', "{1 x 20 y}", '{"1" "" 20 "b c"}'], ["{20 {}}", "{1}", "{"]),
    (["100", "-12.50", '"7.5"'], ["12.345", ".5", "-"]),
    (["20170105", '""'], ["20170230", "{}"]),
    (
        ['"text {med} klamrar"', '"{"', '5"', 'b"c', "åäö", "\\bar", '"\\x"', '"c\\\\d"'],
        ['"oavslutad'],
    ),
    (["1", '"2.5"'], ["}"]),
]  # fmt: skip


def random_line(rng: random.Random) -> str:
    parts = [
        rng.choice(bad if rng.random() < 0.04 else good)
        for good, bad in SLOTS[: rng.randint(4, len(SLOTS)) if rng.random() < 0.9 else 3]
    ]
    line = rng.choice(["", " ", "\t"])
    for part in parts:
        line += part + ("" if rng.random() < 0.03 else rng.choice([" ", " ", "  ", "\t"]))
    return line


def test_the_pass_accepts_and_rejects_lines_as_the_grammar_does(tmp_path):
    rng = random.Random(7)
    accepted = rejected_lines = 0
    for _ in range(250):
        line = random_line(rng)
        path = write(tmp_path, f"#VER A 1 20170105 x\n{{\n#TRANS 2440 {{}} 0\n{line}\n}}\n")
        try:
            kind, fields = sie4.parse_line(line)
            if kind == "record":
                sie4.check_record(fields)
        except sie4.SieLineError as exc:
            error = rejected(path)
            assert (error.line, error.problem) == (10, str(exc)), line
            rejected_lines += 1
            continue
        con = duckdb.connect()
        read_sie4(con, path, 2017)
        assert con.execute("SELECT * FROM ledger_incoming").fetchall() == grammar_rows(path), line
        accepted += 1
    assert accepted > 100 and rejected_lines > 30  # both kinds of line were tried


def test_tricky_fields(tmp_path, read):
    path = write(
        tmp_path,
        """#VER "A B" "1\\"2" 20170105 "v {text}"
{
#TRANS "1930" {"1" "a b" 20 "{}"} "-1.5" "" "text {med} klamrar"
#TRANS 2440 {20 x 1 y 1 z} 1.5 20170106 "c\\\\d \\x" 3 "sign"
}
""",
    )
    _, rows = read(path)
    assert [r[1:10] for r in rows] == [
        ('A B-1"2', "2017-01-05", "1930", "a b", "{}", None, None, "-1,5", "text {med} klamrar"),
        ('A B-1"2', "2017-01-06", "2440", "y", "x", None, None, "1,5", "c\\d \\x"),
    ]


def test_a_carriage_return_inside_a_line_is_rejected(tmp_path):
    path = write(tmp_path, '#VER A 1 20170105 x\n{\n#TRANS 1930 {} 1 20170105 "a\rb"\n}\n')
    error = rejected(path)
    assert error.line == 9 and "carriage return" in error.problem


def test_no_room_for_the_scratch_copy_is_said_plainly(tmp_path, monkeypatch):
    path = write(tmp_path, "#VER A 1 20170105 x\n{\n#TRANS 1930 {} 0\n}\n")

    class Full:
        f_bavail, f_frsize = 1, 4096

    monkeypatch.setattr(sie4.os, "statvfs", lambda folder: Full())
    with pytest.raises(OSError, match="no room for the reader's scratch copy"):
        read_sie4(duckdb.connect(), path, 2017)


def test_scratch_files_of_killed_readers_are_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(sie4.tempfile, "gettempdir", lambda: str(tmp_path))
    orphan = tmp_path / "tertial_sie4_999999999_abc.txt"  # no such process
    orphan.write_bytes(b"x")
    mine = tmp_path / f"tertial_sie4_{os.getpid()}_abc.txt"
    mine.write_bytes(b"x")
    sie4._remove_orphans(tmp_path)
    assert not orphan.exists() and mine.exists()


# --- Large files are read in parts, side by side ---------------------------------------------


@pytest.fixture
def in_parts(monkeypatch):
    """Files of more than 2 KB are read in 3 parts."""
    monkeypatch.setattr(sie4, "_PART_BYTES", 2048)
    monkeypatch.setattr(sie4, "_PARTS", 3)


def test_parts_give_the_rows_of_one_pass(tmp_path, in_parts, read):
    rows = sample_rows(2000)
    path = write_sie4(tmp_path / "sie4_2017.se", 2017, rows, checksum=True)
    assert len(sie4._splits(sie4._read_bytes(path))) == 3
    info, read_rows = read(path)  # the same rows as the grammar's, line numbers included
    assert info.rows == 2000 and info.checksum_verified
    assert info.vouchers == len({r[1] for r in rows})
    # a damaged checksum is still found when the text comes from three parts
    damaged = path.read_bytes().replace(b"#TRANS", b"#TRANS ", 1)
    path.write_bytes(damaged.replace(b"#TRANS  ", b"#TRANS", 1).replace(b'"RK', b'"RX', 1))
    assert "does not match" in rejected(path).problem


def test_parts_name_the_line_of_a_problem_in_a_later_part(tmp_path, in_parts):
    path = write_sie4(tmp_path / "sie4_2017.se", 2017, sample_rows(2000))
    lines = path.read_bytes().split(b"\n")
    at = len(lines) * 5 // 6
    while not lines[at].lstrip().startswith(b"#TRANS"):
        at += 1
    lines[at] = lines[at].replace(b"#TRANS ", b"#TRANS {} ", 1)
    path.write_bytes(b"\n".join(lines))
    error = rejected(path)
    assert error.line == at + 1 and "account" in error.problem


def test_parts_fall_back_to_one_pass_when_a_block_spans_the_split(tmp_path, in_parts):
    path = write_sie4(tmp_path / "sie4_2017.se", 2017, sample_rows(2000))
    data = sie4._read_bytes(path)
    split = sie4._splits(data)[1]
    close = data.rfind(b"}", 0, split)  # the block before the second part is never closed
    path.write_bytes(data[:close] + b" " + data[close + 1 :])
    error = rejected(path)
    assert error.line == data.count(b"\n", 0, split) + 1 and "#VER inside" in error.problem


def test_a_voucher_repeated_in_another_part_is_found(tmp_path, in_parts):
    path = write_sie4(tmp_path / "sie4_2017.se", 2017, sample_rows(2000))
    data = sie4._read_bytes(path)
    first = data.index(b"#VER ")
    close = data.index(b"\n}", first) + 2  # the '}' line that ends the voucher's block
    block = data[first : data.index(b"\n", close) + 1]
    path.write_bytes(data + block)  # the first voucher again, at the end of the third part
    error = rejected(path)
    assert "twice" in error.problem and error.line == data.count(b"\n") + 1
    first_line = data.count(b"\n", 0, first) + 1
    assert f"also on line {first_line}" in error.problem


# --- The writer and the round trip ----------------------------------------------------------


def sample_rows(count: int, seed: int = 1) -> list[LedgerRow]:
    rows = list(ledger_rows(2017, count, seed=seed, dimensions=("ansvar", "uppdrag")))
    rng = random.Random(seed)
    return [(*r[:6], f"P{rng.randint(1, 9)}" if rng.random() < 0.3 else None, *r[7:]) for r in rows]


def test_round_trip(tmp_path, read):
    rows = sample_rows(500)
    rows[3] = (*rows[3][:9], 'Text med "citat", {klamrar} och \\')
    rows[4] = (*rows[4][:9], None)
    path = write_sie4(tmp_path / "sie4_2017.se", 2017, rows, accounts={"1930": "Bank"})
    info, read_rows = read(path)
    assert info.checksum_verified and info.rows == 500 and info.accounts["1930"] == "Bank"
    expected = [
        (str(r[0]), r[1], r[2].isoformat(), r[3], r[4], r[5], r[6], r[7], _comma(r[8]), r[9])
        for r in rows
    ]
    assert [r[:10] for r in read_rows] == expected
    assert [r[10] for r in read_rows] == sorted(r[10] for r in read_rows)
    assert info.months == tuple(sorted({r[0] for r in expected}))


def _comma(amount: Decimal) -> str:
    text = f"{amount:f}"
    return (text.rstrip("0").rstrip(".") if "." in text else text).replace(".", ",")


def test_the_writer_writes_realistic_sie(tmp_path):
    rows = sample_rows(6)
    path = write_sie4(tmp_path / "sie4_2017.se", 2017, rows, checksum=True, line_end="\r\n")
    text = path.read_bytes().decode("cp437")
    lines = text.split("\r\n")
    assert lines[:3] == ["#FLAGGA 0", "#KSUMMA", '#PROGRAM "Tertial" 1.0']
    assert "#FORMAT PC8" in lines and "#SIETYP 4" in lines and "#RAR 0 20170101 20171231" in lines
    assert any(line.startswith("#DIM 20 ") for line in lines)
    assert any(line.startswith('#OBJEKT 1 "RK') for line in lines)
    assert any(line.startswith('#KONTO 1930 "Konto 1930"') for line in lines)
    trans = next(line for line in lines if "#TRANS" in line)
    assert trans.startswith("   #TRANS ") and '{1 "RK' in trans and ' 20 "RSV' in trans
    assert lines[-2].startswith("#KSUMMA ") and lines[-1] == ""
    # the writer's checksum (from its fields) is the tokenizer's (from its lines)
    assert int(lines[-2].split()[1]) == ksumma(lines[2:-2])


def test_the_writers_checksum_helpers_agree():
    records = [["#VER", "A", "1", "20170105", 'a "b"'], ["#TRANS", "1930", ("1", "x y"), "1"]]
    assert ksumma_of_records(records) == ksumma(
        ['#VER A 1 20170105 "a \\"b\\""', '#TRANS 1930 {1 "x y"} 1']
    )
    assert sie4.ksumma_matches(str(2**32 - 5), 2**32 - 5) and sie4.ksumma_matches("-5", 2**32 - 5)
    assert not sie4.ksumma_matches("5", 2**32 - 5) and not sie4.ksumma_matches("x", 5)


def test_the_writer_refuses_what_sie_cannot_carry(tmp_path):
    rows = sample_rows(4)
    with pytest.raises(ValueError, match="two decimals"):
        write_sie4(tmp_path / "a.se", 2017, [(*rows[0][:8], Decimal("1.005"), "x")])
    with pytest.raises(ValueError, match="series-number"):
        write_sie4(tmp_path / "a.se", 2017, [(rows[0][0], "V1", *rows[0][2:])])
    with pytest.raises(ValueError, match="motpart"):
        write_sie4(tmp_path / "a.se", 2017, [(*rows[0][:7], "MP1", *rows[0][8:])])
    path = write_sie4(
        tmp_path / "b.se", 2017, [(*rows[0][:7], "MP1", *rows[0][8:])], dimension_of={"motpart": 30}
    )
    _, read_rows = read_sie4_rows(path, {30: "motpart"})
    assert read_rows[0][7] == "MP1"


def read_sie4_rows(path: Path, dimensions=None) -> tuple[Sie4File, list[tuple]]:
    con = duckdb.connect()
    info = read_sie4(con, path, 2017, dimensions)
    return info, con.execute("SELECT * FROM ledger_incoming").fetchall()


def test_a_custom_table_name_and_insertion_order_setting(tmp_path):
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET disabled_optimizers = 'filter_pullup'")
    path = write_sie4(tmp_path / "sie4_2017.se", 2017, sample_rows(50))
    info = read_sie4(con, path, 2017, table="sie_stage")
    assert con.execute("SELECT count(*) FROM sie_stage").fetchall() == [(info.rows,)]
    # the connection's settings are left as they were
    settings = "current_setting('preserve_insertion_order'), current_setting('disabled_optimizers')"
    assert con.execute(f"SELECT {settings}").fetchall() == [(False, "filter_pullup")]
    with pytest.raises(ValueError):
        read_sie4(con, path, 2017, table="drop table x")
