"""Failures in plain words: what went wrong, with which file or folder, and what to do.

Every asset turns an unexpected exception into a `dagster.Failure` whose description is one
sentence (`explained`), so the command line and the Dagster UI show the cause, not a wrapper's
"Error occurred while executing op". `explain` knows the usual causes: permissions, missing
files and dangling links, a full or read-only disk, a damaged or busy warehouse, a text Excel
cannot hold.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import duckdb

from orchestration.ingest.errors import os_error_text


def _duckdb_error(error: duckdb.Error) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    lowered = text.lower()
    if "could not set lock" in lowered or "conflicting lock" in lowered:
        return f"the warehouse is in use by another program ({text})"
    if "not a valid duckdb database" in lowered or "corrupt" in lowered or "invalid" in lowered:
        return (
            f"it is damaged or is not a DuckDB database ({text}); restore it from a backup, "
            "or give a new --warehouse file: everything is rebuilt from the sources folder"
        )
    if "no space left" in lowered:
        return f"the disk is full ({text})"
    if "permission denied" in lowered:
        return f"permission denied ({text})"
    return text


def explain(error: BaseException) -> str:
    """One sentence for an unexpected error (its type's name only as a last resort)."""
    from openpyxl.utils.exceptions import IllegalCharacterError

    if isinstance(error, dg.Failure) and error.description:
        return error.description
    if isinstance(error, OSError):
        return os_error_text(error)
    if isinstance(error, duckdb.Error):
        return _duckdb_error(error)
    if isinstance(error, IllegalCharacterError):
        return f"a text holds a character an Excel file cannot hold ({error})"
    cause = error.__cause__ or error.__context__
    if cause is not None and cause is not error and not isinstance(error, (KeyError, ValueError)):
        return explain(cause)
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


@contextmanager
def explained(action: str) -> Iterator[None]:
    """Turn an unexpected exception into a Failure that says, in one sentence, what failed."""
    try:
        yield
    except dg.Failure:
        raise
    except Exception as error:
        raise dg.Failure(description=f"{action} failed: {explain(error)}") from error
