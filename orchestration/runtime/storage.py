"""Dagster's SQLite storages with one SQLAlchemy engine per database file, not one per write.

Dagster's SQLite run and event log storages build a new engine, and open a new SQLite
connection, for every write: every event of a run (about 350 for a report run) paid for an
engine, a connection, its disposal and a statement compilation. That was 3.5 s of a 17 s run;
with the engines kept (SQLAlchemy's default pool for a SQLite file, and its statement cache)
it is 1.6 s. Files, schema, transactions and locking stay Dagster's own; commits sync as
SQLite's WAL mode allows (see `_engine`); a forked child never reuses a parent's connection.
The instance's dagster.yaml names these classes (runtime/instance.py). A speed patch on private
hooks (runtime/patches.py): with TERTIAL_SPEED_PATCHES=0 they behave as Dagster's own.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from weakref import WeakSet

from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.runs.sqlite.sqlite_run_storage import SqliteRunStorage
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from orchestration.runtime import patches

# Engines kept per event log: the index shard and the runs being written or looked at (the
# webserver opens many runs' shards over a day; the oldest engines are let go).
MAX_SHARD_ENGINES = 16


_ENGINES: WeakSet[Engine] = WeakSet()


def _forget_connections_after_fork() -> None:
    # SQLAlchemy's recipe: the child opens its own connections, the parent's stay the parent's
    for engine in list(_ENGINES):
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_forget_connections_after_fork)


def _engine(conn_string: str, **connect_args: Any) -> Engine:
    engine = create_engine(conn_string, connect_args=connect_args)
    _ENGINES.add(engine)
    # Dagster's databases are in WAL mode; there NORMAL syncs at checkpoints, not at every
    # commit: a power cut may lose the last events, never the database's consistency.
    event.listen(engine, "connect", _synchronous_normal)
    return engine


def _synchronous_normal(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class TertialEventLogStorage(SqliteEventLogStorage):
    """SqliteEventLogStorage (one database per run plus an index) with engines kept."""

    def __init__(self, base_dir: str, inst_data: Any = None) -> None:
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        super().__init__(base_dir, inst_data)

    @classmethod
    def from_config_value(cls, inst_data: Any, config_value: Any) -> TertialEventLogStorage:
        return cls(inst_data=inst_data, **config_value)

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        if not patches.enabled():
            with super()._connect(shard) as conn:
                yield conn
            return
        with self._db_lock:
            engine = self._engines.get(shard)
            if engine is None:
                engine = _engine(
                    self.conn_string_for_shard(shard), timeout=SQLITE_BUSY_TIMEOUT_SECONDS
                )
                if shard not in self._initialized_dbs:
                    self._initdb(engine)
                    self._initialized_dbs.add(shard)
                self._engines[shard] = engine
                while len(self._engines) > MAX_SHARD_ENGINES:
                    self._engines.popitem(last=False)[1].dispose()
            else:
                self._engines.move_to_end(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def _dispose_engines(self) -> None:
        with self._db_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()

    def wipe(self) -> None:
        self._dispose_engines()  # the run databases are deleted: their engines go too
        super().wipe()

    def dispose(self) -> None:
        self._dispose_engines()
        super().dispose()


class TertialRunStorage(SqliteRunStorage):
    """SqliteRunStorage with its engine kept."""

    def __init__(self, conn_string: str, inst_data: Any = None) -> None:
        self._kept_engine: Engine | None = None
        super().__init__(conn_string, inst_data)

    @classmethod
    def from_config_value(cls, inst_data: Any, config_value: Any) -> TertialRunStorage:
        return cls.from_local(inst_data=inst_data, **config_value)

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        if not patches.enabled():
            with super().connect() as conn:
                yield conn
            return
        if self._kept_engine is None:
            self._kept_engine = _engine(self._conn_string)
        with self._kept_engine.connect() as conn, conn.begin():
            yield conn
