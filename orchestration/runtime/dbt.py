"""Running dbt for Dagster: the dbt CLI resource and the target folder of a warehouse."""

from __future__ import annotations

import hashlib
from functools import cached_property
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject
from dbt.version import __version__ as dbt_version
from packaging import version

from orchestration.runtime import patches


class TertialDbtCli(DbtCliResource):
    """dagster-dbt's dbt CLI without two fixed costs of every run (about 6 s together).

    A speed patch (runtime/patches.py): dagster-dbt asks a `dbt --version` subprocess for the
    version of the dbt installed in this environment, and builds an in-process dbt adapter that
    only its row-count and column-metadata fetchers use (we query those ourselves after the
    build, see runtime/dbt_metadata.py).
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(dbt_version)

    def _initialize_dbt_core_adapter(self, args):  # noqa: ANN001, ANN202 - dagster-dbt's hook
        return None


def dbt_cli_resource(project: DbtProject) -> DbtCliResource:
    """The patched resource, or dagster-dbt's own when the speed patches are off."""
    resource = TertialDbtCli if patches.enabled() else DbtCliResource
    return resource(project_dir=project)


def dbt_target_path(project: DbtProject, warehouse: Path) -> Path:
    """One dbt target folder per warehouse, kept between runs so that dbt parses partially.

    dagster-dbt's default is a new folder per run, and the profile (it holds the warehouse path)
    decides whether dbt may reuse a parse: both made every run parse the project from scratch.
    Runs on one warehouse are serialised by its lock, so they never share the folder at once.
    """
    digest = hashlib.sha256(str(warehouse.resolve()).encode()).hexdigest()[:12]
    return Path(project.project_dir) / "target" / f"warehouse-{digest}"
