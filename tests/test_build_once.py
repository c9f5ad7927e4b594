"""A run costs what changed: nothing changed, nothing loaded or built; a backfill of many months
builds once. Whatever changed (a delivery, a model, a var, the engine) builds again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pytest

from orchestration.periods import Period
from orchestration.runtime import build_state
from orchestration.sample.generator import generate
from tests.helpers import run_args, run_cli, run_period

DBT_ASSET = ["marts", "fct_outcome"]  # one of the dbt assets: built only by a dbt build


def _latest_run(asset: list[str], partition: str | None = None) -> tuple[str, dict]:
    """The run id and metadata of the asset's (partition's) latest materialization."""
    from dagster import AssetKey, DagsterInstance, EventRecordsFilter
    from dagster._core.events import DagsterEventType

    with DagsterInstance.get() as instance:
        records = instance.get_event_records(
            EventRecordsFilter(
                DagsterEventType.ASSET_MATERIALIZATION,
                asset_key=AssetKey(asset),
                asset_partitions=[partition] if partition else None,
            ),
            limit=1,
        )
    materialization = records[0].event_log_entry.asset_materialization
    return records[0].run_id, {
        k: getattr(v, "value", v) for k, v in materialization.metadata.items()
    }


def _cells(path: Path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path)
    return {
        sheet.title: list(sheet.iter_rows(values_only=True))
        for sheet in book.worksheets
        if sheet.title != "Om rapporten"  # run id and clock differ
    }


def _log(out: str) -> str:
    """The run's log file, named on the summary's last line."""
    return Path(out.strip().splitlines()[-1].split("log: ", 1)[1]).read_text(encoding="utf-8")


def _monthly(root: Path, period: str) -> Path:
    return root / "exports" / period[:4] / f"manadsuppfoljning_{period}.xlsx"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("build_once")
    generate(root / "sources", Period(2024, 1), Period(2024, 3), seed=5)
    assert run_period(root, "2024-03") == 0
    return root


@pytest.mark.slow
def test_a_rerun_with_nothing_changed_only_writes_the_exports(built: Path, capsys):
    capsys.readouterr()
    build_run, _ = _latest_run(DBT_ASSET)
    before = _cells(_monthly(built, "2024-03"))
    os.utime(_monthly(built, "2024-03"), (0, 0))

    # a file touched without a change is the same delivery (its content hash says so)
    os.utime(next((built / "sources" / "budget").iterdir()))
    assert run_period(built, "2024-03") == 0

    out = capsys.readouterr().out
    assert "nothing changed since the build of" in out and "dbt build skipped" in out
    assert _latest_run(DBT_ASSET)[0] == build_run  # no dbt build in this run
    export_run, metadata = _latest_run(["monthly_report_xlsx"], "2024-03")
    assert export_run != build_run and build_run in metadata["build"]
    assert "Nothing was loaded or built" in metadata["build"]
    assert _monthly(built, "2024-03").stat().st_mtime > 0  # written again
    assert _cells(_monthly(built, "2024-03")) == before

    # asked for, a run builds although nothing changed, and says why
    capsys.readouterr()
    assert run_cli(*run_args(built, "2024-03"), "--rebuild") == 0
    out = capsys.readouterr().out
    assert "nothing changed" not in out and "source files unchanged" in out
    assert "rebuilt as asked (--rebuild)." in out
    assert _latest_run(DBT_ASSET)[0] != build_run
    assert "Building the models: a rebuild was asked for (--rebuild)." in _log(out)
    assert _cells(_monthly(built, "2024-03")) == before


@pytest.mark.slow
def test_a_changed_delivery_builds_again_and_a_backfill_builds_once(built: Path, capsys):
    singles = {p: _cells(_monthly(built, p)) for p in ("2024-03",)}
    # a changed delivery: January's ledger delivered again with other line ends (the same
    # figures, another content hash)
    ledger = built / "sources" / "ledger" / "huvudbok_2024-01.csv"
    data = ledger.read_bytes()
    ledger.write_bytes(
        data.replace(b"\r\n", b"\n") if b"\r\n" in data else data.replace(b"\n", b"\r\n")
    )
    capsys.readouterr()
    code = run_cli(
        "run", "--from", "2024-01", "--to", "2024-03",
        "--sources", str(built / "sources"), "--exports", str(built / "exports"),
        "--warehouse", str(built / "wh.duckdb"),
    )  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    for period in ("2024-01", "2024-02", "2024-03"):
        assert str(_monthly(built, period)) in out
    runs = {_latest_run(["monthly_report_xlsx"], p)[0] for p in ("2024-01", "2024-02", "2024-03")}
    assert len(runs) == 1  # one run wrote the three months
    assert _latest_run(DBT_ASSET)[0] in runs  # ... and built the models once, first
    assert "huvudbok_2024-01.csv changed" in _log(out)
    # the backfill's figures are those of a run for the month alone
    assert _cells(_monthly(built, "2024-03")) == singles["2024-03"]
    february = _cells(_monthly(built, "2024-02"))
    assert run_period(built, "2024-02") == 0  # nothing changed: exports only
    assert _cells(_monthly(built, "2024-02")) == february


def test_the_models_digest_follows_models_macros_seeds_and_vars(tmp_path: Path):
    project = tmp_path / "dbt_project"
    shutil.copytree(
        build_state.DBT_PROJECT_DIR,
        project,
        ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"),
    )
    first = build_state.models_digest(project)
    assert build_state.models_digest(project) == first
    model = next((project / "models" / "marts").glob("fct_*.sql"))
    model.write_text(model.read_text() + "\n-- changed\n")
    second = build_state.models_digest(project)
    assert second != first
    settings = project / "dbt_project.yml"
    text = settings.read_text()
    assert "underlag_max_rows" in text  # a var the report models use
    settings.write_text(text.replace("underlag_max_rows:", "underlag_max_rows_x:", 1))
    assert build_state.models_digest(project) != second
    (project / "target").mkdir()
    (project / "target" / "manifest.json").write_text("{}")  # dbt's output is not the project
    assert build_state.models_digest(project) == build_state.models_digest(project)


def test_the_engine_is_part_of_the_settings():
    assert build_state.settings_digest("duckdb") != build_state.settings_digest("spark")


def test_the_verdict_names_what_changed(tmp_path: Path, monkeypatch):
    sources = tmp_path / "sources"
    generate(sources, Period(2024, 1), Period(2024, 1), seed=3)
    warehouse = tmp_path / "wh.duckdb"
    assert build_state.verdict(warehouse, sources, "duckdb").reason == "the warehouse is new"
    from orchestration.ingest.loader import load_kind
    from orchestration.ingest.source_files import KINDS, KINDS_BY_NAME, discover

    found, _ = discover(sources)
    order: list[str] = []

    def add(kind) -> None:  # what the ingestion assets' dependencies make the order
        for first in (["uppdrag"] if kind.depends_on_tree else []) + list(kind.loads_after):
            add(KINDS_BY_NAME[first])
        if kind.name not in order:
            order.append(kind.name)

    for kind in KINDS:
        add(kind)
    con = duckdb.connect(str(warehouse))
    for name in order:
        load_kind(con, name, found[name])
    assert build_state.recorded(con) is None
    build_state.record(con, "duckdb", "run-1")
    con.close()

    def reason() -> str:
        return build_state.verdict(warehouse, sources, "duckdb").reason

    assert reason() == "nothing changed"
    assert build_state.verdict(warehouse, sources, "duckdb").unchanged.run_id == "run-1"
    assert "engine" in build_state.verdict(warehouse, sources, "spark").reason
    ledger = sources / "ledger" / "huvudbok_2024-01.csv"
    ledger.write_bytes(ledger.read_bytes() + b"\r\n")
    assert reason() == "ledger/huvudbok_2024-01.csv changed"
    ledger.write_bytes(ledger.read_bytes()[:-2])  # back to the content that was built
    assert reason() == "nothing changed"
    extra = sources / "ledger" / "huvudbok_2024-02.csv"
    shutil.copyfile(ledger, extra)
    assert reason() == "ledger/huvudbok_2024-02.csv is new"
    extra.unlink()
    ledger.rename(tmp_path / ledger.name)
    assert "required" in reason() or "left the sources folder" in reason()
    (tmp_path / ledger.name).rename(ledger)
    monkeypatch.setattr(build_state, "models_digest", lambda project=None: "other")
    assert "dbt project" in reason()
    monkeypatch.undo()
    con = duckdb.connect(str(warehouse))
    build_state.forget(con)  # what a build does before it starts
    con.close()
    assert reason() == "no complete build is recorded in the warehouse"


def test_rebuild_reaches_every_run_command_and_only_those(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import orchestration.cli as cli

    asked: list[bool] = []

    def run_reports(period, paths, runs, verbose: bool, rebuild: bool) -> int:  # noqa: ANN001
        asked.append(rebuild)
        return 0

    monkeypatch.setattr(cli, "run_reports", run_reports)
    folders = ["--sources", str(tmp_path), "--exports", str(tmp_path / "e")]
    assert run_cli("run", "--period", "2024-03", *folders) == 0
    assert run_cli("run", "--period", "2024-03", "--rebuild", *folders) == 0
    assert run_cli("run", "--from", "2024-01", "--to", "2024-03", "--rebuild", *folders) == 0
    assert asked == [False, True, True]
    for command in ("demo", "drill"):
        with pytest.raises(SystemExit) as stopped:
            run_cli(command, "--rebuild")
        assert stopped.value.code == 2  # argparse: not an option of that command
