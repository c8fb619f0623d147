"""Opening the cache: the one place that connects to the SQLite file, checks it, sets its
pragmas and migrates its schema.

Everything that must hold before the first read or write of a session belongs here: that the
file is a zonereader cache and not damaged (:mod:`zonereader.store.integrity`, before any
write), its journal mode, the busy timeout, foreign keys, the schema version. :class:`Store`
only ever wraps a connection that passed all of it.

A cache that cannot be written (a read-only file or directory) is opened read-only when the
caller allows it (the read commands and the app), and refused otherwise (``sync``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from zonereader.paths import ensure_parent
from zonereader.store import integrity
from zonereader.store.errors import CacheMissing, CacheReadOnly, StoreError
from zonereader.store.schema import SCHEMA_VERSION, migrate, user_version

#: How long a statement waits for another process's write lock before failing, in seconds.
BUSY_TIMEOUT_S = 5.0


def open_connection(
    path: Path,
    *,
    create: bool,
    allow_read_only: bool = False,
    read_only: bool = False,
    busy_timeout: float = BUSY_TIMEOUT_S,
) -> tuple[sqlite3.Connection, bool]:
    """Connect to the cache at ``path``, check it, and bring its schema up to date.

    The connection is in autocommit mode (``isolation_level=None``: the store opens its own
    ``BEGIN IMMEDIATE`` transactions) and may be shared between threads (the store serialises
    calls).

    Args:
        path: the database file.
        create: when False, a missing file is a :class:`CacheMissing` error.
        allow_read_only: open a cache that cannot be written read-only, instead of failing.
        read_only: open it read-only even when it could be written.
        busy_timeout: how long a statement waits for another process's write lock.

    Returns:
        The open connection, and whether it may write.

    Raises:
        CacheMissing: no file (``create=False``).
        CacheForeign: the file is not a zonereader cache (it is left unchanged).
        CacheDamaged: the file is damaged (nothing was written to it).
        CacheReadOnly: it cannot be written and ``allow_read_only`` is False, or a read-only
            cache needs a schema upgrade.
        CacheTooNew: it was written by a newer zonereader.
        StoreError: anything else SQLite refused.
    """
    header = integrity.read_header(path)
    if header is None and not path.exists():
        if not create:
            raise CacheMissing(f"{path}: no cache here")
        try:
            ensure_parent(path)
        except OSError as exc:
            raise CacheReadOnly(
                f"{path.parent}: cannot create the cache's directory ({exc.strerror or exc}): "
                "choose another place with --db or ZONEREADER_DB, or fix the permissions"
            ) from None
    writable = not read_only and integrity.can_write(path)
    if not writable and not allow_read_only:
        if path.exists():
            raise integrity.read_only(path)
        raise CacheReadOnly(
            f"{path.parent}: cannot create the cache there (no write permission): choose "
            "another place with --db or ZONEREADER_DB, or fix the permissions"
        )
    conn = _connect(path, writable, busy_timeout)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        has_tables = integrity.check_schema(conn, path)
        if writable:
            if has_tables and integrity.changed_outside(path):
                integrity.quick_check(conn, path)
            _prepare_for_writing(conn, path, header)
        elif user_version(conn) < SCHEMA_VERSION:
            raise CacheReadOnly(
                f"{path}: the cache is read-only and needs an upgrade to this zonereader's "
                "schema, which means writing it: give yourself write permission and run any "
                "command once"
            )
        else:
            conn.execute("PRAGMA query_only = ON")
    except sqlite3.Error as exc:
        conn.close()
        raise integrity.classify(exc, path, busy_timeout) from exc
    except BaseException:
        conn.close()
        raise
    return conn, writable


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to ``path`` that changes nothing in the file (for checking and
    recovering a cache: no pragma, no migration, no checkpoint).

    Raises:
        StoreError: SQLite cannot open it.
    """
    conn = _connect(path, False, BUSY_TIMEOUT_S)
    conn.execute("PRAGMA query_only = ON")
    return conn


def _connect(path: Path, writable: bool, busy_timeout: float) -> sqlite3.Connection:
    """Connect read-write, or read-only: ``mode=ro`` when SQLite can keep its WAL index beside
    the file, else ``immutable=1`` (a read-only directory; no other writer can exist then)."""
    try:
        if writable:
            return sqlite3.connect(
                str(path), timeout=busy_timeout, isolation_level=None, check_same_thread=False
            )
        uri = path.absolute().as_uri()
        for options in ("mode=ro", "mode=ro&immutable=1"):
            conn = sqlite3.connect(
                f"{uri}?{options}",
                uri=True,
                timeout=busy_timeout,
                isolation_level=None,
                check_same_thread=False,
            )
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return conn
            except sqlite3.OperationalError:
                conn.close()
                if options.endswith("immutable=1"):
                    raise
        raise AssertionError("unreachable")  # pragma: no cover
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the cache: {' '.join(str(exc).split())}") from exc


def _prepare_for_writing(
    conn: sqlite3.Connection, path: Path, header: integrity.Header | None
) -> None:
    """WAL mode, pragmas, migrations, and our application id."""
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise StoreError(f"{path}: cannot switch the cache to WAL mode (got {mode})")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn, str(path))
    if header is None or header.application_id != integrity.APPLICATION_ID:
        integrity.mark_ours(conn)
