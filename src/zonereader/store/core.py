"""The core every :class:`~zonereader.store.store.Store` method runs on: the connection, the
lock that serialises the threads sharing it, short write transactions, and :func:`guarded`,
which runs a method under the lock and reports SQLite failures as :class:`StoreError`.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ParamSpec, Self, TypeVar

from zonereader.store import integrity
from zonereader.store.connection import BUSY_TIMEOUT_S
from zonereader.store.errors import StoreError
from zonereader.store.lists import DataVersion, ListQueries
from zonereader.store.sql import all_rows, first_row
from zonereader.store.writes import ArticleWriter, ZoneIds

P = ParamSpec("P")
R = TypeVar("R")


def guarded(method: Callable[P, R]) -> Callable[P, R]:
    """Run a Store method under its lock and report SQLite failures as StoreError."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        store = args[0]
        assert isinstance(store, StoreCore)
        with store._lock:
            if store._conn is None:
                raise StoreError(f"{store.path}: the cache is closed")
            try:
                return method(*args, **kwargs)
            except sqlite3.Error as exc:
                raise integrity.classify(exc, store.path, store.busy_timeout) from exc

    return wrapper


class StoreCore:
    """The connection, its lock and its transactions, which every Store method runs on."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        clock: Callable[[], float],
        *,
        read_only: bool = False,
        busy_timeout: float = BUSY_TIMEOUT_S,
    ) -> None:
        """Wrap an open, migrated connection; use :meth:`Store.open` instead."""
        self._conn: sqlite3.Connection | None = conn
        self.path = path
        self.read_only = read_only
        """The cache was opened read-only: every write raises :class:`CacheReadOnly`."""
        self.busy_timeout = busy_timeout
        self._clock = clock
        self._lock = threading.RLock()
        self._writes = 0
        self._zones = ZoneIds()
        self._lists = ListQueries(self._zones)
        self._writer = ArticleWriter(self._zones, clock, path)

    def close(self) -> None:
        """Close the connection (further calls raise StoreError).

        A writing session that closes cleanly notes how it left the file, so that the next
        one knows whether another program changed it meanwhile (see
        :mod:`zonereader.store.integrity`).
        """
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
                if not self.read_only:
                    integrity.note_clean_close(self.path)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ internals

    @property
    def _db(self) -> sqlite3.Connection:
        conn = self._conn
        if conn is None:
            raise StoreError(f"{self.path}: the cache is closed")
        return conn

    def _all(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        return all_rows(self._db, sql, params)

    def _one(self, sql: str, params: Iterable[Any] = ()) -> Any:
        return first_row(self._db, sql, params)

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction (BEGIN IMMEDIATE ... COMMIT, ROLLBACK on error)."""
        if self.read_only:
            raise integrity.read_only(self.path)
        conn = self._db
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        self._writes += 1

    def _version(self) -> DataVersion:
        """Changes when anyone (this connection or another) commits."""
        data_version = int(self._db.execute("PRAGMA data_version").fetchone()[0])
        return data_version, self._writes
