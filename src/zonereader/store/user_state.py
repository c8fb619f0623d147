"""User state: read flags and bookmarks, kept by URL so they outlive a delete and re-sync.

``articles.read`` and ``zone_members.read`` mirror ``user_state.read`` so unread lists and
counts are index walks; every function here keeps the three in step. Each runs inside a write
transaction the store opened, and takes the current time from the caller.
"""

from __future__ import annotations

import sqlite3

#: How much newer than the newest bookmark a new one is stamped when the clock did not move.
_BOOKMARK_TICK_S = 1e-6


def set_read(conn: sqlite3.Connection, article_id: int, read: bool, now: float) -> None:
    """Inside a write: mark one article read or unread (an unknown id changes nothing)."""
    flag = int(bool(read))
    row = conn.execute("SELECT url, read FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None or int(row[1]) == flag:
        return
    conn.execute(
        "INSERT INTO user_state (url, read, read_at) VALUES (?, ?, ?) "
        "ON CONFLICT (url) DO UPDATE SET read = excluded.read, read_at = excluded.read_at",
        (row[0], flag, now if flag else None),
    )
    conn.execute("UPDATE articles SET read = ? WHERE id = ?", (flag, article_id))
    conn.execute("UPDATE zone_members SET read = ? WHERE article_id = ?", (flag, article_id))


def mark_read(conn: sqlite3.Connection, ids: list[int], now: float) -> int:
    """Inside a write: mark the articles ``ids`` read; return how many were unread."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS marking (id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM temp.marking")
    conn.executemany("INSERT OR IGNORE INTO temp.marking (id) VALUES (?)", [(i,) for i in ids])
    conn.execute(
        "DELETE FROM temp.marking WHERE id NOT IN "
        "(SELECT id FROM articles WHERE id IN (SELECT id FROM temp.marking) AND read = 0)"
    )
    conn.execute(
        "INSERT INTO user_state (url, read, read_at) SELECT url, 1, ? FROM articles "
        "WHERE id IN (SELECT id FROM temp.marking) "
        "ON CONFLICT (url) DO UPDATE SET read = 1, read_at = excluded.read_at",
        (now,),
    )
    changed = conn.execute(
        "UPDATE articles SET read = 1 WHERE id IN (SELECT id FROM temp.marking)"
    ).rowcount
    conn.execute(
        "UPDATE zone_members SET read = 1 WHERE article_id IN (SELECT id FROM temp.marking)"
    )
    conn.execute("DELETE FROM temp.marking")
    return int(changed)


def toggle_bookmark(conn: sqlite3.Connection, article_id: int, now: float) -> bool:
    """Inside a write: flip one article's bookmark; return whether it is now bookmarked.

    A new bookmark is stamped strictly newer than every other, so "newest first" is always
    well defined. An unknown id changes nothing and returns False.
    """
    row = conn.execute(
        "SELECT a.url, s.bookmarked_at FROM articles a "
        "LEFT JOIN user_state s ON s.url = a.url WHERE a.id = ?",
        (article_id,),
    ).fetchone()
    if row is None:
        return False
    if row[1] is not None:
        conn.execute("UPDATE user_state SET bookmarked_at = NULL WHERE url = ?", (row[0],))
        return False
    newest = conn.execute("SELECT max(bookmarked_at) FROM user_state").fetchone()[0]
    stamp = now
    if newest is not None and stamp <= newest:
        stamp = newest + _BOOKMARK_TICK_S
    conn.execute(
        "INSERT INTO user_state (url, bookmarked_at) VALUES (?, ?) "
        "ON CONFLICT (url) DO UPDATE SET bookmarked_at = excluded.bookmarked_at",
        (row[0], stamp),
    )
    return True


def restore(
    conn: sqlite3.Connection, rows: list[tuple[str, int, float | None, float | None]]
) -> None:
    """Inside a write: put back ``(url, read, read_at, bookmarked_at)`` rows (a recovery);
    articles stored later under those URLs take their read flags and bookmarks."""
    conn.executemany(
        "INSERT INTO user_state (url, read, read_at, bookmarked_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (url) DO UPDATE SET read = excluded.read, read_at = excluded.read_at, "
        "bookmarked_at = excluded.bookmarked_at",
        rows,
    )
