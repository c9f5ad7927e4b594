"""`tertial run` given the mistakes people make: one paragraph naming the file or folder and the
cause, a non-zero exit, nothing created or written; and a short summary when all is well."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from orchestration.defs.partitions import PARTITIONS
from orchestration.periods import Period
from orchestration.reports.calendar import last_closed_period, tertial_key
from tests.helpers import run_cli
from tests.periodic_case import write_case


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli")
    write_case(root / "sources", 2019, 8)
    return root


def _run(root: Path, period: str = "2019-08", **paths: str) -> list[str]:
    args = ["run", "--period", period]
    for name in ("sources", "exports", "warehouse"):
        default = {"sources": root / "sources", "exports": root / "exports"}.get(
            name, root / "wh.duckdb"
        )
        args += [f"--{name}", str(paths.get(name, default))]
    return args


def _message(capsys: pytest.CaptureFixture, code: int) -> str:
    out, err = capsys.readouterr()
    assert code == 1, out + err
    assert "Traceback" not in err and "Error occurred while executing" not in err
    return err


@pytest.mark.parametrize(
    ("mistake", "expected"),
    [
        ({"period": str(last_closed_period().next())}, "is not closed yet"),
        ({"period": "2014-12"}, "before 2015-01, the first month"),
        ({"period": "2019-09"}, "The ledger file for 2019-09 is missing"),
        ({"sources": "no/such/folder"}, "does not exist. Give the right folder with --sources"),
        ({"sources": "sources/registers/uppdrag.csv"}, "is a file, not a folder"),
        ({"exports": "sources/registers/uppdrag.csv"}, "exports folder"),
        ({"warehouse": "sources"}, "is a folder; give a file (--warehouse"),
    ],
)
def test_mistakes_before_anything_is_built(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture, mistake: dict, expected: str
):
    root = tmp_path / "w"
    shutil.copytree(case, root)
    paths = {k: str(root / v) for k, v in mistake.items() if k != "period"}
    code = run_cli(*_run(root, mistake.get("period", "2019-08"), **paths))
    message = _message(capsys, code)
    assert expected in message
    assert "No export was written" in message
    assert not (root / "wh.duckdb").exists()  # nothing created for a run that cannot start
    assert not (root / "exports" / "2019").exists()


def test_a_sources_folder_without_its_ledger_folder(tmp_path: Path, capsys):
    (tmp_path / "sources" / "registers").mkdir(parents=True)
    message = _message(capsys, run_cli(*_run(tmp_path)))
    assert "has no ledger/ folder" in message


@pytest.mark.parametrize("content", [b"", b"\x00garbage" * 500])
def test_a_damaged_warehouse_file(case: Path, tmp_path: Path, capsys, content: bytes):
    root = tmp_path / "w"
    shutil.copytree(case, root)
    (root / "wh.duckdb").write_bytes(content)
    message = _message(capsys, run_cli(*_run(root)))
    assert f"The warehouse file {root / 'wh.duckdb'} cannot be opened" in message
    assert "damaged or is not a DuckDB database" in message
    assert (root / "wh.duckdb").read_bytes() == content  # left as it was


def test_partitions_end_at_the_last_closed_period():
    last = last_closed_period()
    assert PARTITIONS["month"].get_partition_keys()[-1] == str(last)
    tertials = [p for p in (Period(last.year, 8), Period(last.year, 4)) if p <= last]
    latest = tertials[0] if tertials else Period(last.year - 1, 8)
    assert PARTITIONS["tertial"].get_partition_keys()[-1] == tertial_key(
        latest.year, 1 if latest.month == 4 else 2
    )
    year_end = last.year if last.month == 12 else last.year - 1
    assert PARTITIONS["year"].get_partition_keys()[-1] == str(year_end)


@pytest.mark.slow
def test_a_good_run_prints_a_short_summary_and_logs_the_rest(case: Path, tmp_path, capsys):
    root = tmp_path / "w"
    shutil.copytree(case, root)
    assert run_cli(*_run(root)) == 0
    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    assert len(lines) <= 6, out
    assert lines[0].startswith("Tertial 2019-08: loaded 32 new or changed file(s)")
    assert "checks passed" in lines[0] and err == ""
    assert any(line.endswith("manadsuppfoljning_2019-08.xlsx") for line in lines)
    log = Path(lines[-1].split("log: ")[1])
    assert "rpt_monthly_result" in log.read_text(encoding="utf-8")  # dbt's output is in the log


@pytest.mark.slow
def test_an_unreadable_source_file_is_named(case: Path, tmp_path, capsys):
    root = tmp_path / "w"
    shutil.copytree(case, root)
    (root / "sources" / "ledger" / "huvudbok_2019-09.csv").symlink_to(root / "gone.csv")
    message = _message(capsys, run_cli(*_run(root)))
    assert "huvudbok_2019-09.csv: cannot be read: it is a link to a file that does not exist" in (
        message
    )
    assert "The full log:" in message
