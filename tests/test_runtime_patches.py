"""The speed patches on private APIs: each API still exists (else this fails loudly before a run
does), and TERTIAL_SPEED_PATCHES=0 turns every patch off."""

from __future__ import annotations

import importlib
import inspect

import pytest
from dagster_dbt import DbtCliResource

from orchestration.runtime import patches
from orchestration.runtime.dbt import TertialDbtCli, dbt_cli_resource


@pytest.mark.parametrize(("module", "attribute"), patches.PRIVATE_APIS)
def test_every_private_api_a_patch_relies_on_still_exists(module: str, attribute: str):
    found = importlib.import_module(module)
    for part in attribute.split("."):
        assert hasattr(found, part), f"{module}.{attribute} is gone: review runtime/patches.py"
        found = getattr(found, part)


def test_the_patched_hooks_keep_their_signatures():
    from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
    from dagster._core.storage.runs.sqlite.sqlite_run_storage import SqliteRunStorage
    from dagster_dbt.core.dbt_cli_event import _build_column_lineage_metadata

    assert list(inspect.signature(SqliteEventLogStorage._connect).parameters) == ["self", "shard"]
    assert list(inspect.signature(SqliteRunStorage.connect).parameters) == ["self"]
    assert list(inspect.signature(DbtCliResource._initialize_dbt_core_adapter).parameters) == [
        "self",
        "args",
    ]
    assert set(inspect.signature(_build_column_lineage_metadata).parameters) == {
        "event_history_metadata",
        "dbt_resource_props",
        "manifest",
        "dagster_dbt_translator",
        "target_path",
        "project",
    }


def test_one_setting_switches_every_patch_off(monkeypatch: pytest.MonkeyPatch):
    from orchestration.defs.dbt_project import dbt_project

    assert patches.enabled()
    assert type(dbt_cli_resource(dbt_project)) is TertialDbtCli
    monkeypatch.setenv(patches.SETTING, "0")
    assert not patches.enabled()
    assert type(dbt_cli_resource(dbt_project)) is DbtCliResource
