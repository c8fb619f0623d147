"""Check a cache, and copy what is readable of a damaged one into a new file.

:func:`check` runs SQLite's ``PRAGMA integrity_check`` on a read-only connection. :func:`recover`
reads the damaged file read-only (the original is never written, not even its journal) and
writes a new cache: **bookmarks and read marks first** (``user_state``, which articles stored
afterwards under the same URLs take up, now or when a sync brings them back), then every
article whose row, zone and body can still be read. Damaged pages are stepped over: rows are
read in rowid order, and when a read fails the scan finds the next rowid from which reads work
again, so a bad page costs the rows under it, not the table. (Rows under a damaged page of
the table's tree stay out of reach: SQLite's command-line ``.recover``, which reads pages one by
one, can sometimes get more.)

Derived data is rebuilt, not copied: zone memberships and the search index are written anew by
the store. HTTP validators and walk state are left behind on purpose, so that the next sync
walks every channel to its end and fetches again whatever could not be recovered.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from zonereader.models import Article
from zonereader.store import rows as row_codec
from zonereader.store.connection import connect_read_only
from zonereader.store.errors import CacheForeign, StoreError
from zonereader.store.integrity import check_schema
from zonereader.store.store import Store

#: Rows read per query while scanning a damaged table.
SCAN_BATCH = 200
#: Articles written per transaction into the new cache.
WRITE_BATCH = 200
#: A rowid past which a scan stops stepping over damage (SQLite's largest is 2**63 - 1).
_LAST_ROWID = 2**62


@dataclass(slots=True)
class CheckResult:
    """What ``PRAGMA integrity_check`` said: no problems means a healthy cache."""

    problems: list[str] = field(default_factory=list)
    articles: int | None = None
    bookmarks: int | None = None
    read_marks: int | None = None

    @property
    def healthy(self) -> bool:
        """True when SQLite found nothing wrong."""
        return not self.problems


@dataclass(slots=True)
class Recovery:
    """What :func:`recover` copied into the new cache, and what it could not read."""

    target: Path
    bookmarks: int = 0
    read_marks: int = 0
    articles: int = 0
    unreadable_articles: int = 0
    """Articles whose row, zone or body could not be read (the next sync fetches them)."""
    skipped_ranges: int = 0
    """Damaged stretches of rows stepped over while scanning."""


def check(path: Path) -> CheckResult:
    """Run ``PRAGMA integrity_check`` on the cache at ``path``, read-only, and count what it
    holds when it can.

    Raises:
        CacheForeign: the file is another application's database, or holds no tables.
        StoreError: SQLite cannot open the file at all.
    """
    conn = connect_read_only(path)
    try:
        try:
            has_tables = check_schema(conn, path)
        except sqlite3.DatabaseError:
            has_tables = True  # unreadable schema: the check below says how damaged it is
        if not has_tables:
            raise CacheForeign(
                f"{path}: not a zonereader cache (an empty SQLite database); it was left unchanged"
            )
        result = CheckResult()
        try:
            found = [str(row[0]) for row in conn.execute("PRAGMA integrity_check").fetchall()]
            result.problems = [line for line in found if line.lower() != "ok"]
        except sqlite3.DatabaseError as exc:
            result.problems = [" ".join(str(exc).split())]
        if result.healthy:
            result.articles = _count(conn, "SELECT count(*) FROM articles")
            result.bookmarks = _count(
                conn, "SELECT count(*) FROM user_state WHERE bookmarked_at IS NOT NULL"
            )
            result.read_marks = _count(conn, "SELECT count(*) FROM user_state WHERE read = 1")
        return result
    finally:
        conn.close()


def recover(path: Path, target: Path) -> Recovery:
    """Copy what is readable of the cache at ``path`` into a new cache at ``target``.

    Args:
        path: the damaged cache; opened read-only, never changed.
        target: where the new cache goes; must not exist.

    Returns:
        What was copied.

    Raises:
        StoreError: the damaged file cannot be opened at all, ``target`` exists, or the new
            cache cannot be written.
    """
    if target.exists():
        raise StoreError(f"{target}: already exists; choose another file for the recovery")
    source = connect_read_only(path)
    report = Recovery(target=target)
    try:
        with Store.open(target) as store:
            _copy_user_state(source, store, report)
            _copy_articles(source, store, report)
    finally:
        source.close()
    return report


def _copy_user_state(source: sqlite3.Connection, store: Store, report: Recovery) -> None:
    found: list[tuple[str, int, float | None, float | None]] = []
    for row in _scan(source, "user_state", "url, read, read_at, bookmarked_at", report):
        url, read, read_at, bookmarked_at = row
        if not isinstance(url, str):
            continue
        found.append((url, 1 if read else 0, _real(read_at), _real(bookmarked_at)))
    store.restore_user_state(found)
    report.bookmarks = sum(1 for item in found if item[3] is not None)
    report.read_marks = sum(1 for item in found if item[1])


def _copy_articles(source: sqlite3.Connection, store: Store, report: Recovery) -> None:
    columns = (
        "id, url, title, zone_id, source, published, published_offset, has_time, origin, "
        "publisher, first_seen, read"
    )
    zones: dict[int, str | None] = {}
    batch: list[Article] = []
    for row in _scan(source, "articles", columns, report):
        article = _article(source, row, zones)
        if article is None:
            report.unreadable_articles += 1
            continue
        batch.append(article)
        if len(batch) >= WRITE_BATCH:
            store.upsert_articles(batch)
            report.articles += len(batch)
            batch = []
    if batch:
        store.upsert_articles(batch)
        report.articles += len(batch)


def _article(
    source: sqlite3.Connection, row: tuple[object, ...], zones: dict[int, str | None]
) -> Article | None:
    """The article of one ``articles`` row, with its zone and body; None if unreadable."""
    try:
        zone_id = int(row[3])  # type: ignore[call-overload]  # a damaged row may hold anything
        if zone_id not in zones:
            found = source.execute("SELECT path FROM zones WHERE id = ?", (zone_id,)).fetchone()
            zones[zone_id] = str(found[0]) if found is not None else None
        zone = zones[zone_id]
        body = source.execute(
            "SELECT paragraphs, links, prev_url, prev_title, next_url, next_title "
            "FROM bodies WHERE article_id = ?",
            (row[0],),
        ).fetchone()
        if zone is None or body is None:
            return None
        # The columns of store._ARTICLE_SELECT, in its order, for the one row codec.
        full = (
            row[0], row[1], row[2], zone, row[4], row[5], row[6], row[7], row[8], row[9],
            row[10], row[11], *body, None,
        )  # fmt: skip
        return row_codec.stored(full).article
    except (sqlite3.DatabaseError, ValueError, TypeError, KeyError, AssertionError):
        return None


def _scan(
    conn: sqlite3.Connection, table: str, columns: str, report: Recovery
) -> Iterator[tuple[object, ...]]:
    """Every readable row of ``table`` in rowid order, stepping over damaged pages.

    Rows are read by rowid range (zonereader's rowids are positive). When a read fails, the
    next rowid from which reads work again is found (:func:`_next_readable`) and the scan goes
    on from there: the rows a damaged page held are lost, those after it are not.
    """
    last = 0
    while last < _LAST_ROWID:
        try:
            found = conn.execute(
                f"SELECT rowid, {columns} FROM {table} NOT INDEXED WHERE rowid > ? "
                f"ORDER BY rowid LIMIT {SCAN_BATCH}",
                (last,),
            ).fetchall()
        except sqlite3.DatabaseError:
            report.skipped_ranges += 1
            last = _next_readable(conn, table, last)
            continue
        if not found:
            return
        for row in found:
            yield tuple(row[1:])
        last = int(found[-1][0])


def _next_readable(conn: sqlite3.Connection, table: str, failed: int) -> int:
    """The smallest rowid past ``failed`` from which a read of ``table`` works again (or
    :data:`_LAST_ROWID`): steps that double until a read works, then a bisection back."""

    def readable(after: int) -> bool:
        try:
            conn.execute(
                f"SELECT rowid FROM {table} NOT INDEXED WHERE rowid > ? ORDER BY rowid LIMIT 1",
                (after,),
            ).fetchall()
        except sqlite3.DatabaseError:
            return False
        return True

    bad, step = failed, 1
    while True:
        probe = failed + step
        if probe >= _LAST_ROWID:
            return _LAST_ROWID
        if readable(probe):
            good = probe
            break
        bad, step = probe, step * 2
    while good - bad > 1:
        middle = (bad + good) // 2
        if readable(middle):
            good = middle
        else:
            bad = middle
    return good


def _count(conn: sqlite3.Connection, sql: str) -> int | None:
    try:
        return int(conn.execute(sql).fetchone()[0])
    except sqlite3.DatabaseError:
        return None


def _real(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None
