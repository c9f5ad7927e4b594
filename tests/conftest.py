"""Shared fixtures: a prepared dbt manifest, a private Dagster instance, generated sources."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from orchestration.periods import Period
from orchestration.runtime.instance import write_instance_config
from orchestration.sample.generator import generate
from tests.helpers import ask_graphql, free_port, run_period


@pytest.fixture(scope="session", autouse=True)
def dbt_manifest() -> Path:
    """dagster-dbt needs the manifest before definitions load (not only under `dagster dev`)."""
    from orchestration.defs.dbt_project import dbt_project

    if not dbt_project.manifest_path.exists():
        dbt_project.preparer.prepare(dbt_project)
    return dbt_project.manifest_path


@pytest.fixture(scope="session", autouse=True)
def dagster_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Never the user's instance: the whole session (module fixtures too) uses a private one."""
    home = tmp_path_factory.mktemp("dagster_home")
    saved = {
        name: os.environ.get(name)
        for name in (
            "DAGSTER_HOME",
            "TERTIAL_SOURCES",
            "TERTIAL_EXPORTS",
            "TERTIAL_WAREHOUSE",
            "TERTIAL_ENGINE",
        )
    }
    os.environ["DAGSTER_HOME"] = str(home)
    # in-process runs are DuckDB's (a Spark run is a process of its own, tests ask for it)
    for name in ("TERTIAL_SOURCES", "TERTIAL_EXPORTS", "TERTIAL_WAREHOUSE", "TERTIAL_ENGINE"):
        os.environ.pop(name, None)
    yield home
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


SAMPLE_LAST = Period(2025, 3)


@pytest.fixture(scope="session")
def reference_2017(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The November 2017 case (tests/reference_2017.py), run once on DuckDB for the session."""
    from tests.reference_2017 import PERIOD, write_reference_sources

    root = tmp_path_factory.mktemp("ref2017")
    write_reference_sources(root / "sources")
    assert run_period(root, str(PERIOD)) == 0
    return root


@pytest.fixture(scope="session")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Sample data Jan-Mar 2025 without a layout file, run once for the whole session."""
    root = tmp_path_factory.mktemp("sample")
    generate(root / "sources", Period(2025, 1), SAMPLE_LAST, seed=7)
    (root / "sources" / "registers" / "rapportmall.csv").unlink()  # the default layout applies
    assert run_period(root, str(SAMPLE_LAST)) == 0
    return root


@pytest.fixture(scope="session")
def ui_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The DAGSTER_HOME of the test webserver (runs started with it show in that UI)."""
    home = tmp_path_factory.mktemp("ui_home")
    write_instance_config(home)  # the storages `make ui` uses
    return home


@pytest.fixture(scope="session")
def webserver(ui_home: Path) -> Iterator[int]:
    """dagster-webserver on 127.0.0.1 with a private instance; yields its port."""
    home = ui_home
    port = free_port()
    log = (home / "webserver.log").open("w")
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "dagster-webserver"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-m",
            "orchestration.definitions",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "DAGSTER_HOME": str(home)},
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if ask_graphql(port, "{ version }"):
                    break
            except OSError:
                time.sleep(1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="session")
def sample_workbooks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample region's workbooks (monthly 2025-08, T1 and T2 2025, annual 2024), once."""
    from tests.golden import write_sample_workbooks

    return write_sample_workbooks(tmp_path_factory.mktemp("sample_workbooks"))
