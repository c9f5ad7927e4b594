"""Whether the warehouse's models are already built from what a run would build them from.

After every successful full dbt build the dbt asset records, in the warehouse itself
(`tertial_build.state`), what the build read:

- deliveries: the kind, file name and content hash of every delivery in force (raw.deliveries),
  so a file touched without a change is the same delivery;
- models: the content of the dbt project (models, macros, seeds, tests, dbt_project.yml with
  its vars, profiles.yml);
- settings: the engine and the versions of dbt, its adapter and DuckDB.

A build clears the record before it starts, so a failed or partial build leaves none. A later
run needs neither loading nor building when all of this still holds and the sources folder
holds nothing the loader would load (`verdict`): every file is its current delivery (the same
stamp, or else the same content hash) and no ledger file in force has left the folder (the
loader would retire its month). Then `tertial run` only writes the exports; any other change
builds again. The record lives in the warehouse, so a restored backup carries its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.ingest.ledger_file import SieMapping
from orchestration.ingest.loader import is_loaded
from orchestration.ingest.raw_store import RAW_SCHEMA, utc_now
from orchestration.ingest.source_files import KINDS, discover
from orchestration.reports.about import STOCKHOLM
from orchestration.runtime.settings import DBT_PROJECT_DIR

SCHEMA = "tertial_build"  # not "tertial": the warehouse file (catalog) has that name
TABLE = f"{SCHEMA}.state"
# What in the dbt project makes the models (dbt's target/ and logs/ are its output).
MODEL_FOLDERS = ("models", "macros", "seeds", "tests", "snapshots", "analyses")
MODEL_FILES = ("dbt_project.yml", "profiles.yml", "packages.yml", "dependencies.yml")
VERSIONED = ("dbt-core", "dbt-duckdb", "duckdb", "dbt-spark", "pyspark")
# Run tags of an export-only run (read by the export assets for their metadata and log).
BUILD_TAG = "tertial/build"
BUILT_BY_TAG = "tertial/built_by_run"
BUILT_AT_TAG = "tertial/built_at"
SKIPPED = "skipped"
REASON_TAG = "tertial/build_reason"  # a run that builds: why (read by the dbt asset's log)


@dataclass(frozen=True)
class Fingerprint:
    deliveries: str
    models: str
    settings: str


@dataclass(frozen=True)
class Recorded:
    """The record of the last successful build."""

    fingerprint: Fingerprint
    run_id: str
    built_at: dt.datetime  # UTC

    @property
    def built_local(self) -> dt.datetime:
        """When, in Swedish time (what users read)."""
        return self.built_at.replace(tzinfo=dt.UTC).astimezone(STOCKHOLM)

    def tags(self) -> dict[str, str]:
        return {
            BUILD_TAG: SKIPPED,
            BUILT_BY_TAG: self.run_id,
            BUILT_AT_TAG: self.built_local.isoformat(timespec="seconds"),
        }


@dataclass(frozen=True)
class Verdict:
    """`unchanged`: the record a run may rely on; otherwise `reason` says what changed."""

    unchanged: Recorded | None
    reason: str


def _digest(lines: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for line in sorted(lines):
        digest.update(line.encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()


def models_digest(project: Path = DBT_PROJECT_DIR) -> str:
    """The dbt project's content: every file of its model folders and its settings files."""
    lines = []
    files = [project / name for name in MODEL_FILES]
    for folder in MODEL_FOLDERS:
        if (project / folder).is_dir():
            files += sorted(p for p in (project / folder).rglob("*") if p.is_file())
    for path in files:
        if path.is_file():
            content = hashlib.sha256(path.read_bytes()).hexdigest()
            lines.append(f"{path.relative_to(project).as_posix()}\t{content}")
    return _digest(lines)


def settings_digest(engine: str) -> str:
    """The engine and the versions of what turns the models into tables."""
    lines = [f"engine\t{engine}"]
    for package in VERSIONED:
        try:
            lines.append(f"{package}\t{importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            lines.append(f"{package}\t-")
    return _digest(lines)


def _current_deliveries(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(kind, file name, content hash) of every delivery in force."""
    return con.execute(
        f"SELECT kind, file_name, content_hash FROM {RAW_SCHEMA}.deliveries WHERE is_current"
    ).fetchall()


def fingerprint(
    con: duckdb.DuckDBPyConnection, engine: str, current: list[tuple] | None = None
) -> Fingerprint:
    """What a build in this warehouse reads now (deliveries by content: a touched file with
    the same content is the same delivery); `current`: _current_deliveries, if read already."""
    rows = _current_deliveries(con) if current is None else current
    deliveries = _digest("\t".join(row) for row in rows)
    return Fingerprint(deliveries, models_digest(), settings_digest(engine))


def forget(con: duckdb.DuckDBPyConnection) -> None:
    """No build may be relied on (called before a build starts)."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    con.execute(f"DROP TABLE IF EXISTS {TABLE}")


def record(con: duckdb.DuckDBPyConnection, engine: str, run_id: str) -> Recorded:
    """After a successful full build: what it read."""
    found = fingerprint(con, engine)
    built = Recorded(found, run_id, utc_now())
    forget(con)
    con.execute(
        f"CREATE TABLE {TABLE} AS SELECT ? AS deliveries, ? AS models, ? AS settings, "
        "? AS run_id, CAST(? AS TIMESTAMP) AS built_at",
        [found.deliveries, found.models, found.settings, run_id, built.built_at],
    )
    return built


def recorded(con: duckdb.DuckDBPyConnection) -> Recorded | None:
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?",
        [SCHEMA, TABLE.split(".")[1]],
    ).fetchall()[0][0]
    if not exists:
        return None
    rows = con.execute(
        f"SELECT deliveries, models, settings, run_id, built_at FROM {TABLE}"
    ).fetchall()
    if len(rows) != 1:
        return None
    deliveries, models, settings, run_id, built_at = rows[0]
    return Recorded(Fingerprint(deliveries, models, settings), run_id, built_at)


def _folder_would_load(
    con: duckdb.DuckDBPyConnection, sources: Path, current: list[tuple]
) -> str | None:
    """What the loader would do with the sources folder, in words; None: nothing. Each file is
    asked the loader's own question (`is_loaded`: its stamp, else its content hash)."""
    found, misnamed = discover(sources)
    if misnamed:
        return f"the sources folder has a file to reject ({misnamed[0].file})"
    for kind in KINDS:
        if kind.required and not found[kind.name]:
            return f"the required folder {kind.folder}/ is empty"
    in_force = {(kind, name) for kind, name, _ in current}
    sie = SieMapping.from_warehouse(con)
    for kind_name, files in found.items():
        for source in files:
            if (source.kind, source.name) not in in_force:
                return f"{source.kind}/{source.name} is new"
            if not is_loaded(con, source, sie if kind_name == "ledger" else None):
                return f"{source.kind}/{source.name} changed"
    names = {source.name for source in found["ledger"]}
    for kind, name, _ in current:
        if kind == "ledger" and name not in names:
            return f"ledger/{name} left the sources folder"
    return None


def verdict(warehouse: Path, sources: Path, engine: str) -> Verdict:
    """Whether a run of `sources` into `warehouse` has nothing to load or build. Reads the
    warehouse only (the caller holds the warehouse lock)."""
    if not warehouse.exists():
        return Verdict(None, "the warehouse is new")
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as error:  # the build names the problem properly
        return Verdict(None, f"the warehouse cannot be read ({error})")
    try:
        built = recorded(con)
        if built is None:
            return Verdict(None, "no complete build is recorded in the warehouse")
        current = _current_deliveries(con)
        now = fingerprint(con, engine, current)
        if now.settings != built.fingerprint.settings:
            return Verdict(None, "the engine or the versions of dbt or DuckDB changed")
        if now.models != built.fingerprint.models:
            return Verdict(None, "the dbt project (models, macros, seeds, tests or vars) changed")
        if now.deliveries != built.fingerprint.deliveries:
            return Verdict(None, "the raw layer changed since the last build")
        change = _folder_would_load(con, sources, current)
    finally:
        con.close()
    return Verdict(None, change) if change else Verdict(built, "nothing changed")
