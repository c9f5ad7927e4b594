"""The speed patches on private APIs: each API still exists (else this fails loudly before a run
does), and TERTIAL_SPEED_PATCHES=0 turns every patch off."""

from __future__ import annotations

import importlib
import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest
from dagster_dbt import DbtCliResource

from orchestration.runtime import patches
from orchestration.runtime.dbt import TertialDbtCli, dbt_cli_resource


@pytest.mark.parametrize(("module", "attribute"), patches.PRIVATE_APIS)
def test_every_private_api_a_patch_relies_on_still_exists(module: str, attribute: str):
    found = importlib.import_module(module)
    owner, *rest = attribute.split(".")
    assert hasattr(found, owner), f"{module}.{owner} is gone: review runtime/patches.py"
    found = getattr(found, owner)
    for part in rest:
        # defined on the class itself, not inherited from somewhere we do not patch
        assert part in vars(found), f"{module}.{attribute} is gone: review runtime/patches.py"
        found = vars(found)[part]


def test_the_storages_still_set_the_attributes_the_patch_uses(tmp_path: Path):
    from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
    from dagster._core.storage.runs.sqlite.sqlite_run_storage import SqliteRunStorage

    storages = {
        "SqliteEventLogStorage": SqliteEventLogStorage(str(tmp_path / "events")),
        "SqliteRunStorage": SqliteRunStorage.from_local(str(tmp_path / "runs")),
    }
    for name, attributes in patches.PRIVATE_STORAGE_ATTRIBUTES.items():
        for attribute in attributes:
            assert hasattr(storages[name], attribute), f"{name}.{attribute} is gone"


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


def test_one_setting_switches_every_patch_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    from orchestration.defs.dbt_project import dbt_project
    from orchestration.runtime.instance import write_instance_config

    assert patches.enabled()
    assert type(dbt_cli_resource(dbt_project)) is TertialDbtCli
    write_instance_config(tmp_path)
    assert "orchestration.runtime.storage" in (tmp_path / "dagster.yaml").read_text()

    monkeypatch.setenv(patches.SETTING, "0")
    assert not patches.enabled()
    assert type(dbt_cli_resource(dbt_project)) is DbtCliResource
    write_instance_config(tmp_path)  # Tertial's own file: rewritten for Dagster's storages
    assert "orchestration.runtime.storage" not in (tmp_path / "dagster.yaml").read_text()

    # the command exits the normal way (no os._exit), its exit callbacks run
    probe = (
        "import os\n"
        "from orchestration.runtime import patches\n"
        "real_exit = os._exit\n"
        "os._exit = lambda code: (print('quick exit'), real_exit(code))\n"
        "import atexit\n"
        "atexit.register(lambda: print('callbacks ran'))\n"
        "patches.exit_now(3)\n"
    )
    for setting, quick in (("0", False), ("1", True)):
        result = subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            env={**os.environ, patches.SETTING: setting},
            timeout=120,
        )
        assert result.returncode == 3 and "callbacks ran" in result.stdout
        assert ("quick exit" in result.stdout) is quick
