"""One writer at a time for the DuckDB warehouse, across processes.

DuckDB allows one read-write process per file. `tertial run` holds this lock for its whole run,
and every asset that touches the warehouse takes it too, so runs from the CLI, the UI and the
schedules queue up behind each other instead of failing with "Could not set lock on file".
The lock is re-entrant within a process (the CLI's run and its assets share it).
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_held: dict[str, tuple[int, int]] = {}  # lock path -> (file descriptor, depth)
_guard = threading.Lock()


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


@contextmanager
def warehouse_lock(warehouse: Path) -> Iterator[None]:
    """Block until this process may write the warehouse; re-entrant."""
    path = lock_path(warehouse)
    key = str(path)
    with _guard:
        if key in _held:
            fd, depth = _held[key]
            _held[key] = (fd, depth + 1)
            acquired = False
        else:
            acquired = True
    if acquired:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX)  # waits for the other writer's run to finish
        with _guard:
            _held[key] = (fd, 1)
    try:
        yield
    finally:
        with _guard:
            fd, depth = _held[key]
            if depth > 1:
                _held[key] = (fd, depth - 1)
            else:
                del _held[key]
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
