"""The raw layer: ledger validation in DuckDB, re-delivery, idempotency, all-or-nothing loads."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from orchestration.ingest.errors import RejectedFiles
from orchestration.ingest.loader import load_kind
from orchestration.ingest.source_files import discover
from orchestration.sample.files import write_csv, write_xlsx
from orchestration.sample.generator import LEDGER_HEADER
from orchestration.sample.region import UPPDRAG_HEADER, uppdrag_rows

D = dt.date(2017, 11, 3)


def ledger_rows(period: int = 201711, amount: str = "1000,50", text: str = "Lön för åren"):
    return [
        (period, "V1", D, "5011", "RK1", "RSV30", None, None, amount, text),
        (period, "V1", D, "2440", "RK9", None, None, None, "-" + amount, text),
        (period, "V2", D, "8910", "RK1", "RSV10", None, None, "-20,00", "Bidrag"),
        (period, "V2", D, "1930", "RK9", None, None, None, "20,00", "Bidrag"),
    ]


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    write_csv(folder / "registers" / "uppdrag.csv", UPPDRAG_HEADER, uppdrag_rows(), "cp1252")
    write_csv(
        folder / "ledger" / "huvudbok_2017-10.csv", LEDGER_HEADER, ledger_rows(201710), "utf-8-sig"
    )
    write_csv(folder / "ledger" / "huvudbok_2017-11.csv", LEDGER_HEADER, ledger_rows(), "cp1252")
    return folder


def load(con: duckdb.DuckDBPyConnection, folder: Path, kind: str = "ledger"):
    found, errors = discover(folder)
    assert not errors
    return load_kind(con, kind, found[kind])


def test_ledger_loads_with_duckdb_in_both_encodings(sources: Path):
    con = duckdb.connect()
    loaded = load(con, sources)
    assert [f.action for f in loaded] == ["loaded", "loaded"]
    rows = con.execute(
        "select period, belopp, text, _line from raw.ledger where konto = '5011' order by period"
    ).fetchall()
    assert rows == [
        (201710, Decimal("1000.50"), "Lön för åren", 2),
        (201711, Decimal("1000.50"), "Lön för åren", 2),
    ]


def test_same_content_twice_changes_nothing_and_redelivery_replaces(sources: Path):
    con = duckdb.connect()
    load(con, sources)
    assert {f.action for f in load(con, sources)} == {"unchanged"}
    assert con.execute("select count(*) from raw.deliveries").fetchone()[0] == 2
    write_csv(
        sources / "ledger" / "huvudbok_2017-11.csv",
        LEDGER_HEADER,
        ledger_rows(amount="999,00"),
        "utf-8",
    )
    actions = {f.file_name: f.action for f in load(con, sources)}
    assert actions == {"huvudbok_2017-10.csv": "unchanged", "huvudbok_2017-11.csv": "replaced"}
    versions = con.execute(
        "select file_key, count(*), sum(is_current::int) from raw.deliveries group by 1 order by 1"
    ).fetchall()
    assert versions == [("2017-10", 1, 1), ("2017-11", 2, 1)]
    current = con.execute("""select l.belopp from raw.ledger l join raw.deliveries d
        on d.load_id = l._load_id and d.is_current where l.konto = '5011'
        order by d.file_key""").fetchall()
    assert current == [(Decimal("1000.50"),), (Decimal("999.00"),)]


def test_unchanged_files_are_not_read_again_but_any_rewrite_is(sources: Path, monkeypatch):
    from orchestration.ingest import loader

    hashed: list[str] = []
    real_hash = loader.content_hash
    monkeypatch.setattr(loader, "content_hash", lambda p: hashed.append(p.name) or real_hash(p))
    con = duckdb.connect()
    load(con, sources)
    assert sorted(hashed) == ["huvudbok_2017-10.csv", "huvudbok_2017-11.csv"]

    hashed.clear()  # nothing changed: neither file is read
    assert {f.action for f in load(con, sources)} == {"unchanged"}
    assert hashed == []

    # Same size, modification time set back: the change time still gives the rewrite away.
    november = sources / "ledger" / "huvudbok_2017-11.csv"
    before = november.stat()
    write_csv(november, LEDGER_HEADER, ledger_rows(amount="2000,50"), "cp1252")
    os.utime(november, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert november.stat().st_size == before.st_size
    actions = {f.file_name: f.action for f in load(con, sources)}
    assert actions == {"huvudbok_2017-10.csv": "unchanged", "huvudbok_2017-11.csv": "replaced"}
    assert hashed == ["huvudbok_2017-11.csv"]
    amounts = con.execute("""select l.belopp from raw.ledger l join raw.deliveries d
        on d.load_id = l._load_id and d.is_current where l.konto = '5011' order by 1""").fetchall()
    assert amounts == [(Decimal("1000.50"),), (Decimal("2000.50"),)]

    # Touched, same content: read once to see it is the same, then not again.
    hashed.clear()
    os.utime(november)
    assert {f.action for f in load(con, sources)} == {"unchanged"}
    assert {f.action for f in load(con, sources)} == {"unchanged"}
    assert hashed == ["huvudbok_2017-11.csv"]


@pytest.mark.parametrize(
    ("rows", "line", "problem"),
    [
        (
            [
                (201711, "V1", D, "5011", "A", "RSV30", None, None, "10,00", ""),
                (201711, "V1", D, "2440", "A", None, None, None, "-9,00", ""),
            ],
            2,
            "voucher V1 does not bal",
        ),
        (
            [
                (201711, "V1", D, "5011", "A", "RSV30", None, None, "10,00", ""),
                (201710, "V1", D, "2440", "A", None, None, None, "-10,00", ""),
            ],
            3,
            "differs from the file",
        ),
        ([(201711, "V1", D, "501", "A", "RSV30", None, None, "10,00", "")], 2, "not four digits"),
        ([(201711, "V1", D, "5011", "A", "RSV30", None, None, "10.00", "")], 2, "decimal comma"),
    ],
)
def test_bad_ledger_is_rejected_and_nothing_is_written(sources: Path, rows, line, problem):
    con = duckdb.connect()
    load(con, sources)
    before = con.execute("select * from raw.ledger order by all").fetchall()
    write_csv(sources / "ledger" / "huvudbok_2017-11.csv", LEDGER_HEADER, rows, "utf-8")
    write_csv(sources / "ledger" / "huvudbok_2017-12.csv", LEDGER_HEADER, ledger_rows(201712))
    with pytest.raises(RejectedFiles) as caught:
        load(con, sources)
    [error] = caught.value.errors
    assert error.file.endswith("huvudbok_2017-11.csv")
    assert error.line == line and problem in error.problem
    assert con.execute("select * from raw.ledger order by all").fetchall() == before
    assert con.execute("select count(*) from raw.deliveries").fetchone()[0] == 2


def test_tree_rules(tmp_path: Path):
    con = duckdb.connect()
    folder = tmp_path / "s"
    rows = [
        ("A", "Topp", None, "G", 1, None, None),
        ("B", "Barn", "C", None, 1, None, None),
        ("C", "Barn 2", "B", None, 2, None, None),
    ]
    write_csv(folder / "registers" / "uppdrag.csv", UPPDRAG_HEADER, rows)
    with pytest.raises(RejectedFiles, match="cycle"):
        load(con, folder, "uppdrag")
    rows[1] = ("B", "Barn", "X", None, 1, None, None)
    write_csv(folder / "registers" / "uppdrag.csv", UPPDRAG_HEADER, rows)
    with pytest.raises(RejectedFiles, match="parent 'X'"):
        load(con, folder, "uppdrag")


def test_redelivered_register_replaces_the_earlier_version(tmp_path: Path):
    con = duckdb.connect()
    folder = tmp_path / "s"
    rows = list(uppdrag_rows())
    write_csv(folder / "registers" / "uppdrag.csv", UPPDRAG_HEADER, rows)
    load(con, folder, "uppdrag")
    rows[0] = (rows[0][0], "Nytt namn", *rows[0][2:])
    (folder / "registers" / "uppdrag.csv").unlink()
    write_xlsx(folder / "registers" / "uppdrag.xlsx", UPPDRAG_HEADER, rows)
    assert [f.action for f in load(con, folder, "uppdrag")] == ["replaced"]
    labels = con.execute(
        """select u.benamning from raw.uppdrag u join raw.deliveries d
        on d.load_id = u._load_id and d.is_current where u.uppdrag = ?""",
        [rows[0][0]],
    ).fetchall()
    assert labels == [("Nytt namn",)]
    assert con.execute("select count(*) from raw.deliveries").fetchall() == [(2,)]
