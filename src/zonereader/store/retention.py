"""Retention: pruning old articles, the tombstones they leave, and giving the space back.

A prune removes articles dated before a cut-off (their row, body, zone rows and search-index
entry) in short write transactions of :data:`PRUNE_BATCH` articles, so a reader is never kept
waiting and a kill at any moment loses at most the batch in flight. It never removes a
bookmarked article, and it never touches ``user_state``: read flags and bookmarks stay. Each
removed article leaves a tombstone (URL, content hash, date), so that a sync neither fetches
nor stores it again (a changed article, whose hash differs, is stored again).

Space: FTS5 drops a deleted search entry only when it merges the segments holding it, so
:func:`compact_search` merges the index in short steps after a large prune. A cache created by
this version uses ``auto_vacuum = INCREMENTAL``, and :func:`give_back_space` hands free pages
back in short steps, then checkpoints. A full ``VACUUM`` (which also converts an older cache
to incremental) is only run when asked.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from zonereader.store.sql import all_rows, first_row, rows_in
from zonereader.store.writes import search_delete, write_search

#: Articles removed per write transaction: short enough that the app's writes (a read flag)
#: never wait long for the lock, big enough that a large prune is not all commit overhead.
PRUNE_BATCH = 200
#: Free pages handed back per incremental-vacuum step (one short write each; 4 MB of pages).
VACUUM_STEP_PAGES = 1024
#: Pages of search index merged per step when a prune compacts it (one short write each).
MERGE_STEP_PAGES = 500
#: Longest a truncating checkpoint waits for readers, in milliseconds (it holds writers off).
CHECKPOINT_WAIT_MS = 200
#: ``PRAGMA auto_vacuum`` value of an incremental cache.
AUTO_VACUUM_INCREMENTAL = 2

#: Articles a prune may remove: dated before the cut-off, in the zone, not bookmarked.
_CANDIDATES = (
    "SELECT m.article_id FROM zone_members m JOIN articles a ON a.id = m.article_id "
    "LEFT JOIN user_state s ON s.url = a.url "
    "WHERE m.zone_id = ? AND m.sort_ts < ? AND s.bookmarked_at IS NULL "
    "ORDER BY m.sort_ts, m.article_id"
)


def candidates(conn: sqlite3.Connection, zone_id: int, cutoff: int) -> list[int]:
    """Ids of the articles of zone ``zone_id`` (and its subtree) that a prune would remove.

    Args:
        conn: the cache.
        zone_id: the zone (the root zone: every article).
        cutoff: epoch seconds; articles whose list date is before it go.

    Returns:
        Ids, oldest first.
    """
    return [int(row[0]) for row in all_rows(conn, _CANDIDATES, (zone_id, cutoff))]


def kept_bookmarked(conn: sqlite3.Connection, zone_id: int, cutoff: int) -> int:
    """How many articles old enough to prune stay because they are bookmarked."""
    row = first_row(
        conn,
        "SELECT count(*) FROM zone_members m JOIN articles a ON a.id = m.article_id "
        "JOIN user_state s ON s.url = a.url "
        "WHERE m.zone_id = ? AND m.sort_ts < ? AND s.bookmarked_at IS NOT NULL",
        (zone_id, cutoff),
    )
    return int(row[0])


def prune_batch(conn: sqlite3.Connection, ids: list[int], cutoff: int, now: float) -> int:
    """Inside a write transaction: remove the articles ``ids`` that may still be pruned.

    Each one is checked again here (still cached, still old enough, still not bookmarked: the
    person may have bookmarked it since the candidates were chosen). Its tombstone is written
    and its search entry removed in the same transaction as its row, body and zone rows.

    Returns:
        How many articles were removed.
    """
    found = rows_in(
        conn,
        "SELECT a.id, a.url, a.content_hash, a.sort_ts, a.title, b.paragraphs "
        "FROM articles a LEFT JOIN bodies b ON b.article_id = a.id "
        "LEFT JOIN user_state s ON s.url = a.url "
        "WHERE a.id IN ({marks}) AND s.bookmarked_at IS NULL",
        ids,
    )
    doomed = [row for row in found if int(row[3]) < cutoff]
    if not doomed:
        return 0
    conn.executemany(
        "INSERT OR REPLACE INTO tombstones (url, content_hash, sort_ts, pruned) "
        "VALUES (?, ?, ?, ?)",
        [(row[1], row[2], int(row[3]), now) for row in doomed],
    )
    conn.executemany("DELETE FROM articles WHERE id = ?", [(int(row[0]),) for row in doomed])
    # Last, as in every write (see write_search): the tokens come from the rows read above.
    write_search(conn, [search_delete(int(row[0]), int(row[3]), row[4], row[5]) for row in doomed])
    return len(doomed)


def restore_tombstones(conn: sqlite3.Connection, found: list[tuple[str, str, int, float]]) -> int:
    """Put back tombstones ``(url, content_hash, sort_ts, pruned)`` (a recovery's); those of
    URLs cached again are left out. Returns how many were written."""
    before = conn.total_changes
    conn.executemany(
        "INSERT OR IGNORE INTO tombstones (url, content_hash, sort_ts, pruned) "
        "SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM articles WHERE url = ?1)",
        found,
    )
    return conn.total_changes - before


def tombstones(conn: sqlite3.Connection, urls: list[str]) -> dict[str, str]:
    """``{url: content hash}`` of the ``urls`` a prune removed."""
    sql = "SELECT url, content_hash FROM tombstones WHERE url IN ({marks})"
    return {str(url): str(digest) for url, digest in rows_in(conn, sql, urls)}


def compact_search(conn: sqlite3.Connection, on_step: Callable[[], None] | None = None) -> int:
    """Merge the search index's segments until none is left to merge; return the steps.

    FTS5 forgets a deleted entry only when the segments holding it are merged into the
    oldest one; until then a prune leaves the index as big as before. Each step is FTS5's
    incremental ``merge`` of about :data:`MERGE_STEP_PAGES` pages, one short write each; the
    index is rewritten once in all.

    Args:
        conn: the cache, in autocommit mode.
        on_step: called after each step (the store releases and retakes its lock there).
    """
    steps = 0
    while True:
        before = conn.total_changes
        conn.execute("INSERT INTO search (search, rank) VALUES ('merge', ?)", (-MERGE_STEP_PAGES,))
        if conn.total_changes - before < 2:  # FTS5's sign that there was nothing to merge
            return steps
        steps += 1
        if on_step is not None:
            on_step()


def give_back_space(conn: sqlite3.Connection, on_step: Callable[[], None] | None = None) -> int:
    """Hand free pages back to the file system, in short steps; return the pages freed.

    Only a cache in ``auto_vacuum = INCREMENTAL`` mode can; others keep their free pages for
    new articles (``VACUUM`` converts them). Each step is its own short write, so readers
    never wait. A final checkpoint copies the shrunk database into the file and truncates
    the write-ahead log (see :func:`checkpoint`).

    Args:
        conn: the cache, in autocommit mode.
        on_step: called after each step (the store releases and retakes its lock there).
    """
    if int(first_row(conn, "PRAGMA auto_vacuum")[0]) != AUTO_VACUUM_INCREMENTAL:
        return 0
    start = free = int(first_row(conn, "PRAGMA freelist_count")[0])
    while free > 0:
        # executescript steps the pragma to its end: Python's execute() stops after its first
        # row, and this pragma returns one row per page it frees.
        conn.executescript(f"PRAGMA incremental_vacuum({VACUUM_STEP_PAGES});")
        left = int(first_row(conn, "PRAGMA freelist_count")[0])
        if left >= free:  # nothing moved: leave the rest for another time
            break
        free = left
        if on_step is not None:
            on_step()
    checkpoint(conn)
    return start - free


def checkpoint(conn: sqlite3.Connection) -> bool:
    """Checkpoint the write-ahead log into the file and truncate it; True when complete.

    A truncating checkpoint holds off other writers (the app marking an article read) while
    it waits for readers of older snapshots, so it waits at most
    :data:`CHECKPOINT_WAIT_MS`; if a reader is still busy then, the log is left for SQLite's
    next automatic checkpoint (the space is already free inside it).
    """
    timeout = int(first_row(conn, "PRAGMA busy_timeout")[0])
    conn.execute(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
    try:
        busy, _log, _done = first_row(conn, "PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.execute(f"PRAGMA busy_timeout = {timeout}")
    return int(busy) == 0


def vacuum(conn: sqlite3.Connection) -> None:
    """Compact the search index, then rebuild the whole file (``VACUUM``), converting it to
    incremental auto-vacuum.

    One long write: the caller makes sure no sync runs and no reader app is open.
    """
    compact_search(conn)
    conn.execute(f"PRAGMA auto_vacuum = {AUTO_VACUUM_INCREMENTAL}")
    conn.execute("VACUUM")
    checkpoint(conn)
