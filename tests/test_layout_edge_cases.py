"""End to end on the small known region: layouts and postings the published report never had."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from orchestration.sample.files import write_csv
from orchestration.sample.region import LAYOUT_HEADER
from tests.helpers import run_period
from tests.periodic_case import LAYOUT, write_case

pytestmark = pytest.mark.slow  # end to end: runs the real graph


def _add_voucher(ledger: Path, period: str, lines: list[tuple[str, str, str]]) -> None:
    """Append a balanced voucher (account, uppdrag, amount) to a delivered ledger file."""
    data = ledger.read_bytes()
    encoding = "utf-8" if data.startswith(b"\xef\xbb\xbf") else "cp1252"
    if encoding == "utf-8":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            encoding = "cp1252"
    rows = "".join(
        f"{period.replace('-', '')};X-1;{period}-15;{account};RK10;{uppdrag};;;{amount};Fel\r\n"
        for account, uppdrag, amount in lines
    )
    ledger.write_bytes(data + rows.encode(encoding))


def test_two_grand_totals_both_hold_the_unknown_codes(tmp_path: Path):
    write_case(tmp_path / "sources", 2019, 8)
    layout = [*LAYOUT, ("Resultat", 6, "summa", "Summa alla grupper", "GB+GA")]
    write_csv(tmp_path / "sources" / "registers" / "rapportmall.csv", LAYOUT_HEADER, layout)
    _add_voucher(
        tmp_path / "sources" / "ledger" / "huvudbok_2019-08.csv",
        "2019-08",
        [("6410", "X9", "12500,00"), ("2440", "", "-12500,00")],
    )
    assert run_period(tmp_path, "2019-08") == 0  # every dbt check passes
    workbook = openpyxl.load_workbook(
        tmp_path / "exports" / "2019" / "manadsuppfoljning_2019-08.xlsx"
    )
    rows = [[c.value for c in row] for row in workbook["Resultat"].iter_rows(min_row=4)]
    labels = [row[0] for row in rows]
    assert labels.count("Okänt uppdrag X9") == 2  # above each grand total
    totals = [row for row in rows if row[0] in ("Totalt", "Summa alla grupper")]
    assert len(totals) == 2 and totals[0][1:] == pytest.approx(totals[1][1:], abs=1e-12)
    assert totals[0][1] == pytest.approx(-1.2 - 0.0125, abs=1e-9)  # the known -1,2 and the error
