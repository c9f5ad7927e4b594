"""Shared fixtures: a prepared dbt manifest, a private Dagster instance, generated sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.settings import Paths


@pytest.fixture(scope="session", autouse=True)
def dbt_manifest() -> Path:
    """dagster-dbt needs the manifest before definitions load (not only under `dagster dev`)."""
    from orchestration.defs.dbt_project import dbt_project

    if not dbt_project.manifest_path.exists():
        dbt_project.preparer.prepare(dbt_project)
    return dbt_project.manifest_path


@pytest.fixture(autouse=True)
def dagster_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never the user's instance: every test gets its own DAGSTER_HOME."""
    home = tmp_path_factory.mktemp("dagster_home")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    for name in ("TERTIAL_SOURCES", "TERTIAL_EXPORTS", "TERTIAL_WAREHOUSE"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(
        sources=tmp_path / "sources",
        exports=tmp_path / "exports",
        warehouse=tmp_path / "warehouse" / "tertial.duckdb",
    )
