"""Loading one source kind into the raw layer: all of its files, or (on any bad file) none."""

from __future__ import annotations

import duckdb

from orchestration.ingest import raw_store
from orchestration.ingest.errors import RejectedFiles, SourceFileError, os_error_words
from orchestration.ingest.ledger_file import (
    SieMapping,
    check_one_format_per_month,
    insert_staged_ledger,
    stage_ledger_file,
    stage_sie4_file,
)
from orchestration.ingest.raw_store import FileStamp, LoadedFile
from orchestration.ingest.readers import content_hash, read_text_table
from orchestration.ingest.rules import RULES, TreeContext, check_leaves_in_use, period_of
from orchestration.ingest.source_files import KINDS_BY_NAME, SourceFile
from orchestration.ingest.validation import parse_table


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
    con.execute("BEGIN TRANSACTION")
    try:
        load_id = raw_store.next_load_id(con)
        for source in sources:
            try:
                stamp = FileStamp.of(source.path)
                current = raw_store.current_version(con, source)
                # the same name only: a file renamed (another extension) is read under its name
                same_name = current is not None and current.file_name == source.name
                # an SIE file read before the dimension mapping changed is read again
                if same_name and sie and source.is_sie4 and sie.newer_than(current.load_id):
                    same_name = False
                if same_name and current.stamp == stamp:
                    results.append(LoadedFile(source.name, current.content_hash, 0, "unchanged"))
                    continue
                digest = content_hash(source.path)
                if same_name and current.content_hash == digest:
                    raw_store.record_stamp(con, current.load_id, stamp)  # touched, not changed
                    results.append(LoadedFile(source.name, digest, 0, "unchanged"))
                    continue
            except OSError as error:
                errors.append(
                    SourceFileError(source.path, f"cannot be read: {os_error_words(error)}")
                )
                continue
            control = None
            try:
                if kind == "ledger":
                    # inserted even after another file failed: its voucher checks run on the
                    # typed rows, and the rollback below removes them with everything else
                    if source.is_sie4:
                        assert sie is not None
                        staged = stage_sie4_file(con, source.path, int(source.key), sie.columns)
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
            try:
                results += check_one_format_per_month(con, sources)
            except SourceFileError as error:
                errors.append(error)
        if errors:
            con.execute("ROLLBACK")
            raise RejectedFiles(errors)
        con.execute("COMMIT")
    except RejectedFiles:
        raise
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return results
