"""What ``zonereader stats`` reports about a cache: counts, dates, sizes and recent runs."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from zonereader.models import CacheStats, SourceCount
from zonereader.store import rows
from zonereader.store.lists import unread_total, zone_counts
from zonereader.store.runs import finished_runs
from zonereader.store.sql import all_rows, first_row

_AUTO_VACUUM = {0: "none", 1: "full", 2: "incremental"}


def cache_stats(conn: sqlite3.Connection, path: Path, runs: int) -> CacheStats:
    """Read everything ``zonereader stats`` shows.

    Args:
        conn: the cache.
        path: its file, for the size on disk (with its write-ahead log).
        runs: how many of the latest finished sync runs to include.
    """
    total = int(first_row(conn, "SELECT count(*) FROM articles")[0])
    sources = [
        SourceCount(name=str(row[0]), total=int(row[1]), unread=int(row[2]))
        for row in all_rows(
            conn,
            "SELECT source, count(*), total(read = 0) FROM articles GROUP BY source "
            "ORDER BY source",
        )
    ]
    dates = first_row(conn, "SELECT min(published), max(published) FROM articles")
    page_size = int(first_row(conn, "PRAGMA page_size")[0])
    free_pages = int(first_row(conn, "PRAGMA freelist_count")[0])
    bookmarks = first_row(
        conn,
        "SELECT count(*) FROM user_state s JOIN articles a ON a.url = s.url "
        "WHERE s.bookmarked_at IS NOT NULL",
    )
    return CacheStats(
        articles=total,
        unread=unread_total(conn),
        bookmarks=int(bookmarks[0]),
        tombstones=int(first_row(conn, "SELECT count(*) FROM tombstones")[0]),
        sources=tuple(sources),
        zones=tuple(zone_counts(conn)),
        oldest=rows.from_epoch(dates[0], None),
        newest=rows.from_epoch(dates[1], None),
        file_bytes=_file_bytes(path),
        free_bytes=free_pages * page_size,
        search_bytes=search_bytes(conn),
        auto_vacuum=_AUTO_VACUUM.get(int(first_row(conn, "PRAGMA auto_vacuum")[0]), "?"),
        runs=tuple(finished_runs(conn, runs)),
    )


def search_bytes(conn: sqlite3.Connection) -> int | None:
    """Bytes of the search index's tables (None when SQLite was built without ``dbstat``)."""
    try:
        row = first_row(
            conn,
            "SELECT sum(pgsize) FROM dbstat('main', 1) WHERE name LIKE 'search%'",
        )
    except sqlite3.OperationalError:
        return None
    return int(row[0] or 0)


def _file_bytes(path: Path) -> int:
    """The size of the database file and its write-ahead log."""
    total = 0
    for suffix in ("", "-wal"):
        with contextlib.suppress(OSError):  # no -wal file: nothing to add
            total += path.with_name(path.name + suffix).stat().st_size
    return total
