"""The bad-input catalogue: a real file for each case, the outcome the contract gives it, and a
warehouse whose tables are exactly as before whenever a file is rejected."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from orchestration.ingest.errors import RejectedFiles, SourceFileError
from orchestration.ingest.loader import load_kind
from orchestration.ingest.source_files import KINDS, discover
from tests.helpers import table_contents
from tests.periodic_case import write_case

YEAR = 2019
HEADER = "Period;Verifikation;Bokföringsdatum;Konto;Ansvar;Uppdrag;Projekt;Motpart;Belopp;Text"
ROW = "201904;V1;2019-04-02;5011;RK10;A1;;;{amount};{text}"
COUNTER = "201904;V1;2019-04-02;2440;RK90;;;;-{amount};{text}"
UPPDRAG = "Uppdrag;Benämning;Förälder;Rapportgrupp;Sortering\n"
PLAN = "Uppdragsnr;Verksamhetsuppdrag;Område;Fokusområde;Sortering;Årsprognos;Kommentar\n"
PROJECTS = "Projekt-ID;Projektnamn;Uppdragsnr;Verksamhetsuppdrag;Ägare;RH-medel;Slutdatum;Status\n"
BUDGET_HEADER = "År;Uppdrag;Konto;" + ";".join(
    ["Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec"]
)


def ledger(*lines: str, header: str = HEADER) -> str:
    return "\n".join([header, *lines]) + "\n"


def voucher(amount: str = "100,00", text: str = "Lön") -> list[str]:
    return [ROW.format(amount=amount, text=text), COUNTER.format(amount=amount, text=text)]


LEDGER = "ledger/huvudbok_2019-04.csv"
Content = str | bytes | Callable[[Path], None]

# (case, file, content, line or None, problem); problem None means accepted
CASES: list[tuple[str, str, Content, int | None, str | None]] = [
    (
        "missing column",
        LEDGER,
        ledger("201904;V1;2019-04-02;5011;RK10;A1;;;Lön", header=HEADER.replace(";Belopp", "")),
        1,
        "missing required column 'Belopp'",
    ),
    (
        "misspelt header",
        LEDGER,
        ledger(*voucher(), header=HEADER.replace("Belopp", "Bellopp")),
        1,
        "missing required column 'Belopp' (found 'Bellopp': misspelt?)",
    ),
    (
        "wrong separator",
        LEDGER,
        ledger(*(r.replace(";", ",") for r in voucher()), header=HEADER.replace(";", ",")),
        1,
        "wrong separator",
    ),
    ("decimal point", LEDGER, ledger(*voucher("100.00")), 2, "decimal comma"),
    ("thousands separator", LEDGER, ledger(*voucher("1 000,00")), 2, "decimal comma"),
    ("non-numeric amount", LEDGER, ledger(*voucher("etthundra")), 2, "decimal comma"),
    ("empty file", LEDGER, "", 1, "empty file"),
    ("header only", LEDGER, ledger(), 2, "header only"),
    ("cut off mid-line", LEDGER, ledger(*voucher())[:-25], 3, "line cut off"),
    (
        "unbalanced voucher",
        LEDGER,
        ledger(ROW.format(amount="100,00", text="x"), COUNTER.format(amount="99,00", text="x")),
        2,
        "voucher V1 does not balance",
    ),
    (
        "period differs from name",
        LEDGER,
        ledger(*voucher()).replace("\n201904;", "\n201903;", 1),
        2,
        "differs from the file name's period 201904",
    ),
    (
        "file name outside the contract",
        "ledger/huvudbok_2019-13.csv",
        ledger(*voucher()),
        None,
        "month 13",
    ),
    (
        "account not four digits",
        LEDGER,
        ledger(*voucher()).replace(";5011;", ";501;"),
        2,
        "not four digits",
    ),
    (
        "cost on an unknown account",
        LEDGER,
        ledger(*voucher()).replace(";5011;", ";9110;"),
        2,
        "outside the Kommun-Bas classes",
    ),
    ("duplicate voucher rows", LEDGER, ledger(*voucher(), *voucher()), 4, "repeats line 2"),
    ("extremely long text", LEDGER, ledger(*voucher(text="x" * 5000)), 2, "longer than 4000"),
    (
        "Windows-1252 read right",
        LEDGER,
        ledger(*voucher(text="Lön för åäö ÅÄÖ")).encode("cp1252"),
        None,
        None,
    ),
    (
        # the header's ö is UTF-8, the rows' letters Windows-1252: one file, two encodings
        "UTF-8 header, Windows-1252 rows",
        LEDGER,
        ledger().encode("utf-8")
        + "\n".join(voucher(text="Lön för åäö ÅÄÖ")).encode("cp1252")
        + b"\n",
        2,
        "mixes encodings: line 1 is UTF-8 but line 2 is not",
    ),
    (
        "UTF-8 with BOM read right",
        LEDGER,
        ("\ufeff" + ledger(*voucher(text="Lön för åäö ÅÄÖ"))).encode("utf-8"),
        None,
        None,
    ),
    (
        "budget without December",
        "budget/budget_2020.csv",
        BUDGET_HEADER.replace(";Dec", "") + "\n2020;A1;5011" + ";1000" * 11 + "\n",
        1,
        "missing required column 'Dec'",
    ),
    (
        "budget year not the file's",
        "budget/budget_2020.csv",
        BUDGET_HEADER + "\n2021;A1;5011" + ";1000" * 12 + "\n",
        2,
        "not the file's year 2020",
    ),
    (
        "budget for a parent uppdrag",
        "budget/budget_2020.csv",
        BUDGET_HEADER + "\n2020;A;5011" + ";1000" * 12 + "\n",
        2,
        "a parent, not a leaf",
    ),
    (
        "forecast for an unknown uppdrag",
        f"forecast/prognos_{YEAR}-09.csv",
        "Uppdrag;Årsprognos\nA1;-100\nX9;-5\n",
        3,
        "'X9' is not in the tree",
    ),
    (
        "uppdrag tree with a cycle",
        "registers/uppdrag.csv",
        UPPDRAG + "A;Topp;;GA;1\nB;Barn;C;;1\nC;Barnbarn;B;;1\n",
        3,
        "cycle",
    ),
    (
        "uppdrag with a missing parent",
        "registers/uppdrag.csv",
        UPPDRAG + "A;Topp;;GA;1\nB;Barn;Z;;1\n",
        3,
        "parent 'Z'",
    ),
    (
        "duplicate uppdrag codes",
        "registers/uppdrag.csv",
        UPPDRAG + "A;Topp;;GA;1\nA;Igen;;GA;2\n",
        3,
        "duplicate uppdrag code 'A'",
    ),
    (
        "duplicate project ids",
        f"registers/projekt_{YEAR}-09-30.csv",
        PROJECTS + "P1;X;1;Y;Z;;2020-01-01;Pågår\nP1;X2;1;Y;Z;;2020-01-01;Klar\n",
        3,
        "duplicate Projekt-ID 'P1'",
    ),
    (
        "status outside the list",
        f"registers/projekt_{YEAR}-09-30.csv",
        PROJECTS + "P1;X;1;Y;Z;;2020-01-01;Försenad\n",
        2,
        "'Försenad' in column 'Status' is not one of Klar, Pågår",
    ),
    (
        "unparseable date",
        f"registers/projekt_{YEAR}-09-30.csv",
        PROJECTS + "P1;X;1;Y;Z;;31/12/2020;Pågår\n",
        2,
        "not a date YYYY-MM-DD",
    ),
    (
        "xlsx that is not a workbook",
        f"forecast/prognos_{YEAR}-09.xlsx",
        b"PK\x03\x04 not a zip",
        None,
        "not an Excel workbook",
    ),
    (
        "xlsx with an empty first sheet",
        f"forecast/prognos_{YEAR}-09.xlsx",
        lambda path: _empty_workbook(path),
        1,
        "empty file",
    ),
    (
        "hr indicator outside the list",
        f"hr/hr_{YEAR}-09.csv",
        "Indikator;Utfall;Målvärde\nÖvertid;3,5;2\n",
        2,
        "'Övertid' in column 'Indikator'",
    ),
    (
        "a UTF-8 ledger with one Windows-1252 line",
        LEDGER,
        ledger(*voucher(text="Lön för åäö")).encode("utf-8")
        + "201904;V2;2019-04-03;5011;RK10;A1;;;5,00;Fika på jobbet\n".encode("cp1252"),
        4,
        "mixes encodings: line 1 is UTF-8 but line 4 is not",
    ),
    (
        "a Windows-1252 register with one UTF-8 line",
        f"registers/projekt_{YEAR}-09-30.csv",
        (PROJECTS + "P1;Timbanken;1;Företagsstöd;Region;;2020-01-01;Pågår\n").encode("cp1252")
        + "P2;Testmiljö;1;Y;Z;;2020-01-01;Pågår\n".encode(),
        1,
        "mixes encodings",
    ),
    (
        "a control character in a ledger text",
        LEDGER,
        ledger(*voucher(text="Lön\x0bfrån Word")),
        2,
        "control character (U+000B)",
    ),
    (
        "a control character in a register",
        f"registers/projekt_{YEAR}-09-30.csv",
        PROJECTS + "P1;Timbanken\x07;1;Y;Z;;2020-01-01;Pågår\n",
        2,
        "control character (U+0007)",
    ),
    (
        "a dangling link",
        f"ledger/huvudbok_{YEAR}-05.csv",
        lambda path: path.symlink_to(path.parent / "nowhere.csv"),
        None,
        "cannot be read: it is a link to a file that does not exist",
    ),
    (
        "a CSV renamed .xlsx",
        f"budget/budget_{YEAR}.xlsx",
        lambda path: _rename(path.with_suffix(".csv"), path),
        None,
        "not an Excel workbook",
    ),
    (
        "a business plan with a number twice",
        f"registers/verksamhetsplan_{YEAR}-06-30.csv",
        PLAN + "2;Hälsoinnovation;Hälsa;;1;Uppfylls;\n2;Företagsstöd;Tillväxt;;2;◆;\n",
        3,
        "duplicate Uppdragsnr '2' (also on line 2)",
    ),
    (
        "a business plan with an unknown goal symbol",
        f"registers/verksamhetsplan_{YEAR}-06-30.csv",
        PLAN + "2;Hälsoinnovation;Hälsa;;1;▲;\n",
        2,
        "'▲' in column 'Årsprognos' is not one of Uppfylls, Uppfylls delvis, Uppfylls inte "
        "(or ● ◆ ■)",
    ),
    (
        "a business plan with a number that is not an integer",
        f"registers/verksamhetsplan_{YEAR}-06-30.csv",
        PLAN + "2a;Hälsoinnovation;Hälsa;;1;Uppfylls;\n",
        2,
        "'2a' is not a whole number",
    ),
    (
        "a business plan with an impossible date in its name",
        f"registers/verksamhetsplan_{YEAR}-02-30.csv",
        PLAN + "2;Hälsoinnovation;Hälsa;;1;Uppfylls;\n",
        None,
        "invalid date",
    ),
    (
        "a leaf with budget and postings becomes a parent",
        "registers/uppdrag.csv",
        lambda path: path.write_text(
            path.read_text(encoding="cp1252") + "A11;Ny nivå;A1;;1;;\n", encoding="cp1252"
        ),
        7,
        "uppdrag 'A1' would become a parent (of 'A11'), but it is used as a leaf in "
        f"budget/budget_{YEAR}.csv line 2; forecast/prognos_{YEAR - 1}-11.csv line 2 and 2 "
        f"more files; the ledger: 15 files from huvudbok_{YEAR - 1}-01.csv to "
        f"huvudbok_{YEAR}-03.csv (45 rows)",
    ),
]


def _rename(old: Path, new: Path) -> None:
    new.write_bytes(old.read_bytes())
    old.unlink()


def _empty_workbook(path: Path) -> None:
    import openpyxl

    openpyxl.Workbook().save(path)


def load_sources(con: duckdb.DuckDBPyConnection, sources: Path) -> list[SourceFileError]:
    """What the ingestion assets do, in their dependency order; returns every rejection."""
    found, errors = discover(sources)
    for kind in sorted(KINDS, key=lambda k: k.name != "uppdrag"):
        try:
            load_kind(con, kind.name, found[kind.name])
        except RejectedFiles as rejected:
            errors.extend(rejected.errors)
    return errors


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("catalogue")
    write_case(root / "sources", YEAR, 3)
    con = duckdb.connect(str(root / "wh.duckdb"))
    assert load_sources(con, root / "sources") == []
    con.close()
    return root


def test_catalogue_has_at_least_25_cases():
    assert len(CASES) >= 25


@pytest.mark.parametrize(
    ("case", "name", "content", "line", "problem"), CASES, ids=[case[0] for case in CASES]
)
def test_bad_input(loaded: Path, tmp_path: Path, case, name, content, line, problem):
    shutil.copytree(loaded, tmp_path / "w")
    sources, warehouse = tmp_path / "w" / "sources", tmp_path / "w" / "wh.duckdb"
    path = sources / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if callable(content):
        content(path)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    before = table_contents(warehouse)
    con = duckdb.connect(str(warehouse))
    try:
        errors = load_sources(con, sources)
    finally:
        con.close()
    if problem is None:
        assert errors == []
        con = duckdb.connect(str(warehouse), read_only=True)
        texts = con.execute(
            "select distinct l.text from raw.ledger l join raw.deliveries d "
            "on d.load_id = l._load_id where d.file_name = ?",
            [path.name],
        ).fetchall()
        con.close()
        assert texts == [("Lön för åäö ÅÄÖ",)]
        return
    assert len(errors) == 1, errors
    [error] = errors
    assert error.file.endswith(path.name) and problem in error.problem, str(error)
    assert error.line == line, str(error)
    assert table_contents(warehouse) == before


def test_loading_the_same_folder_twice_changes_nothing(loaded: Path, tmp_path: Path):
    shutil.copytree(loaded, tmp_path / "w")
    warehouse = tmp_path / "w" / "wh.duckdb"
    before = table_contents(warehouse)
    con = duckdb.connect(str(warehouse))
    try:
        assert load_sources(con, tmp_path / "w" / "sources") == []
    finally:
        con.close()
    assert table_contents(warehouse) == before
