"""Small helpers every store module uses to run a read and fetch its rows at once.

Rows are always fetched whole, so no cursor stays open between calls: an open read statement
holds a read transaction, and a reader that never finished one would keep the sync's WAL
checkpoints from completing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

#: Host parameters per ``IN (...)`` chunk (under SQLite's limit on host parameters).
IN_CHUNK = 500


def first_row(conn: sqlite3.Connection, sql: str, params: Iterable[object] = ()) -> Any:
    """The first row of ``sql`` (every row fetched, so the statement finishes), or None."""
    found = conn.execute(sql, tuple(params)).fetchall()
    return found[0] if found else None


def all_rows(conn: sqlite3.Connection, sql: str, params: Iterable[object] = ()) -> list[Any]:
    """Every row of ``sql``."""
    return conn.execute(sql, tuple(params)).fetchall()


def rows_in(conn: sqlite3.Connection, sql: str, values: list[Any]) -> list[Any]:
    """All rows of ``sql`` for ``values``, whose ``{marks}`` is the placeholder list of an IN.

    Values go in chunks of :data:`IN_CHUNK`.
    """
    found: list[Any] = []
    for start in range(0, len(values), IN_CHUNK):
        chunk = values[start : start + IN_CHUNK]
        found += conn.execute(sql.format(marks=",".join("?" * len(chunk))), chunk).fetchall()
    return found
