"""Check a cache, and copy what is readable of a damaged one into a new file.

:func:`check` runs SQLite's ``PRAGMA integrity_check`` on a read-only connection. :func:`recover`
reads the damaged file read-only (the original is never written, not even its journal) and
writes a new cache: **bookmarks and read marks first** (``user_state``, which articles stored
afterwards under the same URLs take up, now or when a sync brings them back), then every
article whose row, zone and body can still be read. Damaged pages are stepped over: rows are
read in rowid order, and when a read fails the scan finds the next rowid from which reads work
again, so a bad page costs the rows under it, not the table; each stretch stepped over is then
read again from its other end, which reaches some rows the first pass could not. Most rows under
a damaged interior page of a table's tree stay out of reach of any read of the table; the
bookmarks and read marks among them are rebuilt from the indexes, which are trees of their
own: ``user_state``'s URL index and bookmark index give every bookmark's URL and time, and
``articles``' URL index and zone index give the read flag of every stored article (which
mirrors ``user_state.read``). SQLite's command-line ``.recover``, which reads pages one by one,
can sometimes get more of the articles themselves.

The tombstones of pruned articles come last (those still readable), so that the next sync does
not fetch again what a prune removed. Derived data is rebuilt, not copied: zone memberships, the
search index and the topic index are written anew by the store. HTTP validators and walk state
are left behind on purpose, so that the next sync walks every channel to its end and fetches
again whatever could not be recovered.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
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
    tombstones: int = 0
    """Tombstones of pruned articles copied (a sync does not fetch those again)."""
    from_indexes: int = 0
    """Bookmarks and read marks whose row could not be read, rebuilt from the indexes."""


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
            _copy_tombstones(source, store, report)
    finally:
        source.close()
    return report


def _copy_user_state(source: sqlite3.Connection, store: Store, report: Recovery) -> None:
    """Copy the bookmarks and read marks: the rows of ``user_state`` that can be read, then
    what its indexes and the articles' still hold of the rows that cannot."""
    state: dict[str, tuple[int, float | None, float | None]] = {}
    for row in _scan(source, "user_state", "url, read, read_at, bookmarked_at", report):
        url, read, read_at, bookmarked_at = row
        if not isinstance(url, str):
            continue
        state[url] = (1 if read else 0, _real(read_at), _real(bookmarked_at))
    # A row the table gave wins; the indexes fill in the rows it could not give.
    from_table = set(state)
    for url, bookmarked_at in _indexed_bookmarks(source).items():
        if url not in from_table:
            state[url] = (0, None, bookmarked_at)
    for url in _indexed_read_urls(source):
        if url not in from_table:
            state[url] = (1, None, state.get(url, (0, None, None))[2])
    report.from_indexes = len(state) - len(from_table)
    found = [(url, *flags) for url, flags in state.items()]
    store.restore_user_state(found)
    report.bookmarks = sum(1 for item in found if item[3] is not None)
    report.read_marks = sum(1 for item in found if item[1])


def _indexed_bookmarks(source: sqlite3.Connection) -> dict[str, float]:
    """Every bookmark the indexes of ``user_state`` hold, by URL: its URL index gives each
    row's URL, its bookmark index each bookmarked row's time, both by rowid. Neither reads the
    table's own pages, so a bookmark under a damaged page of the table comes back."""
    urls = _index_scan(
        source,
        "SELECT rowid, url FROM user_state INDEXED BY sqlite_autoindex_user_state_1 "
        "ORDER BY url {order}",
    )
    times = _index_scan(
        source,
        "SELECT rowid, bookmarked_at FROM user_state INDEXED BY user_state_bookmarks "
        "WHERE bookmarked_at IS NOT NULL ORDER BY bookmarked_at {order}",
    )
    found: dict[str, float] = {}
    for rowid, when in times.items():
        url, stamp = urls.get(rowid), _real(when)
        if isinstance(url, str) and stamp is not None:
            found[url] = stamp
    return found


def _indexed_read_urls(source: sqlite3.Connection) -> set[str]:
    """The URLs of the articles marked read, from the indexes of ``articles`` (their URL index,
    and the zone index that holds each article's read flag, by rowid): ``articles.read``
    mirrors ``user_state.read``, so a read mark under a damaged page of ``user_state`` (or of
    ``articles``) comes back for every article still indexed."""
    urls = _index_scan(
        source,
        "SELECT rowid, url FROM articles INDEXED BY sqlite_autoindex_articles_1 "
        "ORDER BY url {order}",
    )
    flags = _index_scan(
        source,
        "SELECT rowid, read FROM articles INDEXED BY articles_zone_read "
        "ORDER BY zone_id {order}, read {order}",
    )
    return {url for rowid, url in urls.items() if flags.get(rowid) and isinstance(url, str)}


def _index_scan(source: sqlite3.Connection, sql: str) -> dict[int, object]:
    """``{rowid: value}`` of a covering index scan (``sql`` with an ``{order}`` to fill), read
    from both ends: forwards up to the first damaged page of the index, then backwards up to
    the last one, so damage in the middle of an index costs the entries under it only."""
    found: dict[int, object] = {}
    for order in ("ASC", "DESC"):
        try:
            for rowid, value in source.execute(sql.format(order=order)):
                if isinstance(rowid, int):
                    found[rowid] = value
        except sqlite3.DatabaseError:
            continue  # a damaged page (or an index an older cache lacks): keep what came
    return found


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
            "SELECT paragraphs, links, prev_url, prev_title, next_url, next_title, "
            f"{_images_column(source)} FROM bodies WHERE article_id = ?",
            (row[0],),
        ).fetchone()
        if zone is None or body is None:
            return None
        # The columns of store._ARTICLE_SELECT, in its order, for the one row codec (the
        # bookmark is not read here: user_state was recovered first, by URL).
        full = (
            row[0], row[1], row[2], zone, row[4], row[5], row[6], row[7], row[8], row[9],
            row[10], row[11], *body[:6], None, body[6],
        )  # fmt: skip
        return row_codec.stored(full).article
    except (sqlite3.DatabaseError, ValueError, TypeError, KeyError, AssertionError):
        return None


def _images_column(source: sqlite3.Connection) -> str:
    """``images`` when the damaged cache's bodies have that column (schema 4 on), else NULL."""
    try:
        names = {str(row[1]) for row in source.execute("PRAGMA table_info(bodies)").fetchall()}
    except sqlite3.DatabaseError:
        names = set()
    return "images" if "images" in names else "NULL"


def _copy_tombstones(source: sqlite3.Connection, store: Store, report: Recovery) -> None:
    """Copy the tombstones that can be read (a table without rowids: read in one pass, up to
    the first damaged page)."""
    found: list[tuple[str, str, int, float]] = []
    try:
        for url, content_hash, sort_ts, pruned in source.execute(
            "SELECT url, content_hash, sort_ts, pruned FROM tombstones"
        ):
            if isinstance(url, str) and isinstance(content_hash, str):
                found.append((url, content_hash, int(sort_ts or 0), float(pruned or 0)))
    except (sqlite3.DatabaseError, ValueError, TypeError):
        pass  # a damaged page: keep what came before it
    if found:
        report.tombstones = store.restore_tombstones(found)


def _scan(
    conn: sqlite3.Connection, table: str, columns: str, report: Recovery
) -> Iterator[tuple[object, ...]]:
    """Every readable row of ``table``, stepping over damaged pages.

    Rows are read by rowid range, upwards (zonereader's rowids are positive). When a read
    fails, the next rowid from which reads work again is found (:func:`_next_readable`) and
    the scan goes on from there: the rows a damaged page held are lost, those after it are
    not. Then each stretch stepped over is read again downwards, from its end: a damaged
    interior page sends a search from one side to other children than one from the other
    (measured on a table of 60,000 rows with one interior page garbled: 55,095 rows upwards,
    55,222 with the stretches read downwards too).
    """
    skipped: list[tuple[int, int]] = []
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
            resumed = _next_readable(conn, table, last)
            skipped.append((last, resumed))
            last = resumed
            continue
        if not found:
            break
        for row in found:
            yield tuple(row[1:])
        last = int(found[-1][0])
    for low, high in skipped:
        yield from _scan_down(conn, table, columns, low, high)


def _scan_down(
    conn: sqlite3.Connection, table: str, columns: str, low: int, high: int
) -> Iterator[tuple[object, ...]]:
    """The readable rows of ``table`` with ``low < rowid <= high``, read downwards from
    ``high``, stepping over damaged pages (a stretch an upward scan could not read)."""
    top = min(high, _LAST_ROWID - 1) + 1  # the rows read are below ``top``
    while top > low + 1:
        try:
            found = conn.execute(
                f"SELECT rowid, {columns} FROM {table} NOT INDEXED "
                f"WHERE rowid < ? AND rowid > ? ORDER BY rowid DESC LIMIT {SCAN_BATCH}",
                (top, low),
            ).fetchall()
        except sqlite3.DatabaseError:
            top = _next_readable_down(conn, table, top, low)
            continue
        if not found:
            return
        for row in found:
            yield tuple(row[1:])
        top = int(found[-1][0])


def _next_readable(conn: sqlite3.Connection, table: str, failed: int) -> int:
    """The smallest rowid past ``failed`` from which a read of ``table`` works again (or
    :data:`_LAST_ROWID`)."""

    def readable(after: int) -> bool:
        try:
            conn.execute(
                f"SELECT rowid FROM {table} NOT INDEXED WHERE rowid > ? ORDER BY rowid LIMIT 1",
                (after,),
            ).fetchall()
        except sqlite3.DatabaseError:
            return False
        return True

    return _gallop(readable, failed, +1, _LAST_ROWID)


def _next_readable_down(conn: sqlite3.Connection, table: str, failed: int, low: int) -> int:
    """The largest bound below ``failed`` under which a downward read of ``table`` (down to
    ``low``) works again, or ``low + 1`` when none does: :func:`_next_readable` mirrored."""

    def readable(below: int) -> bool:
        try:
            conn.execute(
                f"SELECT rowid FROM {table} NOT INDEXED WHERE rowid < ? AND rowid > ? "
                "ORDER BY rowid DESC LIMIT 1",
                (below, low),
            ).fetchall()
        except sqlite3.DatabaseError:
            return False
        return True

    return _gallop(readable, failed, -1, low + 1)


def _gallop(readable: Callable[[int], bool], failed: int, direction: int, limit: int) -> int:
    """The bound nearest ``failed`` (towards ``limit``, ``direction`` +1 or -1) from which a
    read works again, or ``limit``: steps that double until a read works, then a bisection
    back."""
    bad, step = failed, 1
    while True:
        probe = failed + direction * step
        if (probe - limit) * direction >= 0:
            return limit
        if readable(probe):
            good = probe
            break
        bad, step = probe, step * 2
    while abs(good - bad) > 1:
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
