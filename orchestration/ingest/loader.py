"""Loading one source kind into the raw layer: all of its files, or (on any bad file) none."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.ingest import raw_store
from orchestration.ingest.errors import RejectedFiles, SourceFileError, os_error_words
from orchestration.ingest.ledger_file import (
    STAGE,
    SieMapping,
    StagedLedger,
    check_one_format_per_month,
    insert_staged_ledger,
    stage_ledger_file,
    stage_sie4_file,
    use_staged,
)
from orchestration.ingest.raw_store import FileStamp, LoadedFile
from orchestration.ingest.readers import content_hash, read_text_table
from orchestration.ingest.rules import RULES, TreeContext, check_leaves_in_use, period_of
from orchestration.ingest.source_files import KINDS_BY_NAME, SourceFile
from orchestration.ingest.validation import parse_table


@dataclass(frozen=True)
class _Decision:
    """What a file needs: nothing ('unchanged'), its new stamp recorded ('touched'), or to be
    loaded ('load'); decided before the transaction (reads only)."""

    action: str
    stamp: FileStamp
    digest: str
    load_id: int | None = None  # the current version's (unchanged, touched)


def _decide(
    con: duckdb.DuckDBPyConnection, source: SourceFile, sie: SieMapping | None
) -> _Decision:
    stamp = FileStamp.of(source.path)
    current = raw_store.current_version(con, source)
    # the same name only: a file renamed (another extension) is read under its name
    same_name = current is not None and current.file_name == source.name
    # an SIE file read before the dimension mapping changed is read again
    if same_name and sie and source.is_sie4 and sie.newer_than(current.load_id):
        same_name = False
    if same_name and current.stamp == stamp:
        return _Decision("unchanged", stamp, current.content_hash, current.load_id)
    digest = content_hash(source.path)
    if same_name and current.content_hash == digest:
        return _Decision("touched", stamp, digest, current.load_id)
    return _Decision("load", stamp, digest)


def is_loaded(con: duckdb.DuckDBPyConnection, source: SourceFile, sie: SieMapping | None) -> bool:
    """Whether a load would skip `source`: it is its current delivery (read only)."""
    return _decide(con, source, sie).action != "load"


def _read_sie_files(
    con: duckdb.DuckDBPyConnection,
    sources: list[SourceFile],
    decisions: dict[Path, _Decision | SourceFileError],
    sie: SieMapping,
    staged: dict[Path, StagedLedger | SourceFileError],
) -> None:
    """Read the SIE files to load into `staged`, each into its own temp table, before the
    transaction: the reader retries a read DuckDB refused, and a refused statement would abort
    the transaction."""
    for number, source in enumerate(sources):
        decision = decisions[source.path]
        if not source.is_sie4 or not isinstance(decision, _Decision) or decision.action != "load":
            continue
        try:
            staged[source.path] = stage_sie4_file(
                con, source.path, int(source.key), sie.columns, table=f"{STAGE}_sie_{number}"
            )
        except OSError as error:
            staged[source.path] = SourceFileError(
                source.path, f"cannot be read: {os_error_words(error)}"
            )
        except SourceFileError as error:
            staged[source.path] = error


def load_kind(
    con: duckdb.DuckDBPyConnection, kind: str, sources: list[SourceFile]
) -> list[LoadedFile]:
    """Load changed files of one kind in one transaction.

    Unchanged files (same content hash as the current version) are skipped; a file whose size
    and change times are those recorded when its current version was hashed is not even read.
    If any file is rejected, nothing of this kind is written and RejectedFiles names every bad
    file.
    """
    raw_store.ensure_raw_tables(con)
    results: list[LoadedFile] = []
    errors: list[SourceFileError] = []
    # the tree in force: what budgets and forecasts must fit, and what a new tree replaces
    needs_tree = KINDS_BY_NAME[kind].depends_on_tree or kind == "uppdrag"
    tree = TreeContext.from_warehouse(con) if needs_tree else TreeContext()
    sie = SieMapping.from_warehouse(con) if kind == "ledger" else None
    decisions: dict[Path, _Decision | SourceFileError] = {}
    for source in sources:
        try:
            decisions[source.path] = _decide(con, source, sie)
        except OSError as error:
            decisions[source.path] = SourceFileError(
                source.path, f"cannot be read: {os_error_words(error)}"
            )
    sie_staged: dict[Path, StagedLedger | SourceFileError] = {}
    try:
        if sie:
            _read_sie_files(con, sources, decisions, sie, sie_staged)
    except BaseException:
        _drop_read_ahead(con, sie_staged)
        raise
    con.execute("BEGIN TRANSACTION")
    try:
        load_id = raw_store.next_load_id(con)
        for source in sources:
            decision = decisions[source.path]
            if isinstance(decision, SourceFileError):
                errors.append(decision)
                continue
            stamp, digest = decision.stamp, decision.digest
            if decision.action != "load":
                if decision.action == "touched":  # touched, not changed
                    raw_store.record_stamp(con, decision.load_id, stamp)
                results.append(LoadedFile(source.name, digest, 0, "unchanged"))
                continue
            control = None
            try:
                if kind == "ledger":
                    # inserted even after another file failed: its voucher checks run on the
                    # typed rows, and the rollback below removes them with everything else
                    if source.is_sie4:
                        read = sie_staged[source.path]
                        if isinstance(read, SourceFileError):
                            raise read
                        staged = use_staged(con, read)
                    else:
                        staged = stage_ledger_file(con, source.path, period_of(source))
                    control = insert_staged_ledger(con, source.path, staged, load_id)
                    rows = staged.rows
                else:
                    parsed = parse_table(read_text_table(source.path), kind)
                    RULES[kind](source, parsed, tree)
                    if kind == "uppdrag":
                        check_leaves_in_use(con, source, parsed, tree)
                    if errors:
                        continue
                    raw_store.insert_rows(con, kind, load_id, parsed)
                    rows = len(parsed)
            except OSError as error:  # read while loading: a permission or a disk problem
                errors.append(
                    SourceFileError(source.path, f"cannot be read: {os_error_words(error)}")
                )
                load_id += 1
                continue
            except SourceFileError as error:
                errors.append(error)
                load_id += 1  # its rows (rolled back below) must not mix with the next file's
                continue
            action = raw_store.register_delivery(con, source, digest, rows, load_id, stamp, control)
            results.append(LoadedFile(source.name, digest, rows, action))
            load_id += 1
        if kind == "ledger" and not errors:
            retired, conflicts = check_one_format_per_month(con, sources)
            results += retired
            errors += conflicts
        if errors:
            con.execute("ROLLBACK")
            raise RejectedFiles(errors)
        con.execute("COMMIT")
    except RejectedFiles:
        raise
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        _drop_read_ahead(con, sie_staged)
    return results


def _drop_read_ahead(
    con: duckdb.DuckDBPyConnection, staged: dict[Path, StagedLedger | SourceFileError]
) -> None:
    """Drop the SIE files read ahead but not inserted (a rejected or interrupted load)."""
    for read in staged.values():
        if isinstance(read, StagedLedger) and read.table != STAGE:
            con.execute(f"DROP TABLE IF EXISTS {read.table}")
