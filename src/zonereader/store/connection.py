"""Opening the cache: the one place that connects to the SQLite file, sets its pragmas and
migrates its schema.

Everything that must hold before the first read or write of a session belongs here (the file's
journal mode, the busy timeout, foreign keys, the schema version), so :class:`Store` only ever
wraps a connection that passed all of it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from zonereader.paths import ensure_parent
from zonereader.store.errors import StoreError
from zonereader.store.schema import migrate

#: How long a statement waits for another process's write lock before failing, in seconds.
BUSY_TIMEOUT_S = 5.0


def open_connection(path: Path, *, create: bool) -> sqlite3.Connection:
    """Connect to the cache at ``path`` in WAL mode and bring its schema up to date.

    The connection is in autocommit mode (``isolation_level=None``: the store opens its own
    ``BEGIN IMMEDIATE`` transactions) and may be shared between threads (the store serialises
    calls).

    Args:
        path: the database file.
        create: when False, a missing file is a StoreError instead of a new cache.

    Returns:
        The open, migrated connection.

    Raises:
        StoreError: the file is missing (``create=False``), is not a SQLite database, is
            corrupt, or was written by a newer zonereader.
    """
    if not path.exists():
        if not create:
            raise StoreError(f"{path}: no cache here")
        ensure_parent(path)
    try:
        conn = sqlite3.connect(
            str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the cache: {exc}") from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        if _is_blank(conn):
            # Only possible before the first table exists; lets a prune give space back.
            conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"{path}: cannot switch the cache to WAL mode (got {mode})")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn, str(path))
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(
            f"{path}: not a usable zonereader cache ({exc}); move it aside and sync again"
        ) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def _is_blank(conn: sqlite3.Connection) -> bool:
    """Whether the database holds no schema at all yet (a file just created)."""
    return int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]) == 0
