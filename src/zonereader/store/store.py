"""The :class:`Store`: the one API through which every layer reads and writes the cache.

One SQLite file in WAL mode. A :class:`Store` holds one connection shared by the threads of
its process: every public method takes a lock, fetches all its rows before returning (no
cursor stays open to block checkpoints) and turns any SQLite error into :class:`StoreError`.
Writes are short ``BEGIN IMMEDIATE`` transactions: one article (its row, body, zone rows and
search rows) commits as one, so a crash at any moment leaves no half-stored article.

List order everywhere (zones, all articles, search results): newest ``sort_ts`` first (the
published instant, or first seen for undated articles), ties broken by insertion order, newest
first, so same-day articles keep a stable order. Bookmarks: newest bookmark first.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from zonereader.models import (
    Article,
    ArticleSummary,
    ListQuery,
    StoredArticle,
    SyncCounts,
    UpsertOutcome,
    Validators,
    ZoneCount,
    join_zone,
    zone_parts,
)
from zonereader.paths import ensure_parent
from zonereader.store import rows
from zonereader.store.errors import StoreError
from zonereader.store.plans import EMPTY, IdList, SqlPlan, search_plan, zone_plan
from zonereader.store.rows import PreparedArticle
from zonereader.store.schema import migrate
from zonereader.store.search import ROWID_ID_MASK, fts_query, search_rowid
from zonereader.text.bigrams import index_text

__all__ = ["Store", "StoreError"]

P = ParamSpec("P")
R = TypeVar("R")

#: Zone id of the root zone (path ``''``): every article is a member.
ROOT_ZONE_ID = 1
#: The largest article id the search index can hold.
MAX_ARTICLE_ID = ROWID_ID_MASK
#: Host parameters per ``IN (...)`` batch.
_BATCH = 500

_SUMMARY_COLUMNS = """
    a.id, a.url, a.title, z.path, a.published, a.published_offset, a.publisher, a.read,
    s.bookmarked_at IS NOT NULL
"""
_SUMMARY_FROM = """
    JOIN articles a ON a.id = m.article_id
    JOIN zones z ON z.id = a.zone_id
    LEFT JOIN user_state s ON s.url = a.url
"""
_ARTICLE_SELECT = """
    SELECT a.id, a.url, a.title, z.path, a.source, a.published, a.published_offset,
           a.has_time, a.origin, a.publisher, a.first_seen, a.read,
           b.paragraphs, b.links, b.prev_url, b.prev_title, b.next_url, b.next_title,
           s.bookmarked_at
    FROM articles a
    JOIN zones z ON z.id = a.zone_id
    LEFT JOIN bodies b ON b.article_id = a.id
    LEFT JOIN user_state s ON s.url = a.url
"""


@dataclass(slots=True)
class _BatchWrites:
    """Rows a batch of articles queues, each table written with one ``executemany``."""

    bodies: list[tuple[object, ...]] = field(default_factory=list)
    members: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: Search-index writes, run last (see :func:`_write_search`).
    search: list[tuple[str, tuple[object, ...]]] = field(default_factory=list)
    #: Zone ids found or made, cached by the store once the transaction commits.
    zones: dict[str, int] = field(default_factory=dict)

    def flush_rows(self, conn: sqlite3.Connection) -> None:
        """Write the queued bodies and zone rows (not the search entries)."""
        if self.bodies:
            conn.executemany(
                "INSERT OR REPLACE INTO bodies (article_id, paragraphs, links, prev_url,"
                " prev_title, next_url, next_title) VALUES (?, ?, ?, ?, ?, ?, ?)",
                self.bodies,
            )
            self.bodies.clear()
        if self.members:
            conn.executemany(
                "INSERT INTO zone_members (zone_id, sort_ts, article_id, read) VALUES (?, ?, ?, ?)",
                self.members,
            )
            self.members.clear()


_SEARCH_INSERT = "INSERT INTO search (rowid, title, body) VALUES (?, ?, ?)"
_SEARCH_DELETE = "INSERT INTO search (search, rowid, title, body) VALUES ('delete', ?, ?, ?)"


def _write_search(conn: sqlite3.Connection, ops: list[tuple[str, tuple[object, ...]]]) -> None:
    """Inside a write transaction: run the collected search-index writes, in order.

    They run after every other write of the transaction on purpose. FTS5 keeps new index
    entries in memory until the transaction ends, but any later statement that opens a
    statement journal (an insert checking a foreign key, ``INSERT OR REPLACE``...) makes it
    flush them to the index as a small segment first: interleaved with the other writes, a
    batch of articles cost one flush (and later merges) per article instead of one per batch.
    The transaction still commits the rows and their search entries together, or nothing.

    They run in ascending rowid order, too: FTS5 also flushes its pending entries whenever a
    write's rowid is not above the previous one, and a sync stores a list oldest first, which
    is descending rowid order (rowids are negated list keys, see ``search_rowid``; measured:
    0.64 ms per article that way, 0.37 ms sorted). The sort is stable, so an article's delete
    still runs before its re-insert under one rowid.
    """
    for sql, params in sorted(ops, key=_rowid_of):
        conn.execute(sql, params)


def _save_validators_in(conn: sqlite3.Connection, url: str, validators: Validators) -> None:
    """Inside a write transaction: remember ``validators`` for ``url`` (both empty: forget)."""
    if not validators.etag and not validators.last_modified:
        conn.execute("DELETE FROM validators WHERE url = ?", (url,))
    else:
        conn.execute(
            "INSERT OR REPLACE INTO validators (url, etag, last_modified) VALUES (?, ?, ?)",
            (url, validators.etag, validators.last_modified),
        )


def _rowid_of(op: tuple[str, tuple[object, ...]]) -> int:
    """The search rowid a search-index write is for (its first parameter)."""
    rowid = op[1][0]
    assert isinstance(rowid, int)
    return rowid


def _rows_in(conn: sqlite3.Connection, sql: str, values: list[Any]) -> list[Any]:
    """All rows of ``sql`` for ``values``, whose ``{marks}`` is the placeholder list of an IN.

    Values go in chunks of :data:`_BATCH`, under SQLite's limit on host parameters.
    """
    found: list[Any] = []
    for start in range(0, len(values), _BATCH):
        chunk = values[start : start + _BATCH]
        found += conn.execute(sql.format(marks=",".join("?" * len(chunk))), chunk).fetchall()
    return found


def _prepared(article: Article | PreparedArticle) -> PreparedArticle:
    """``article`` as the cache stores it (prepared here unless it came prepared)."""
    if isinstance(article, PreparedArticle):
        return article
    return rows.prepare_article(article, index=False)


def _or_split(index: str | None, text: str) -> str:
    """``index`` (``text`` split for the search index elsewhere), or split ``text`` now."""
    return index if index is not None else index_text(text)


def _guarded(method: Callable[P, R]) -> Callable[P, R]:
    """Run a Store method under its lock and report SQLite failures as StoreError."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        store = args[0]
        assert isinstance(store, Store)
        with store._lock:
            if store._conn is None:
                raise StoreError(f"{store.path}: the cache is closed")
            try:
                return method(*args, **kwargs)
            except sqlite3.Error as exc:
                raise StoreError(f"{store.path}: {exc}") from exc

    return wrapper


class Store:
    """A connection to the cache. Safe to share between threads (calls are serialised)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Callable[[], float]) -> None:
        """Wrap an open, migrated connection; use :meth:`Store.open` instead."""
        self._conn: sqlite3.Connection | None = conn
        self.path = path
        self._clock = clock
        self._lock = threading.RLock()
        self._writes = 0
        self._zone_ids: dict[str, int] = {"": ROOT_ZONE_ID}
        self._counts: dict[tuple[object, ...], tuple[tuple[int, int], int]] = {}

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        create: bool = True,
        clock: Callable[[], float] = time.time,
    ) -> Store:
        """Open (creating and migrating if needed) the cache at ``path``.

        Args:
            path: the database file.
            create: when False, a missing file is a StoreError instead of a new cache.
            clock: returns the current time as epoch seconds (tests pass a fixed one).

        Raises:
            StoreError: the file is missing (``create=False``), is not a SQLite database, is
                corrupt, or was written by a newer zonereader.
        """
        path = Path(path)
        if not path.exists():
            if not create:
                raise StoreError(f"{path}: no cache here")
            ensure_parent(path)
        try:
            conn = sqlite3.connect(
                str(path), timeout=5.0, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the cache: {exc}") from exc
        try:
            conn.execute("PRAGMA busy_timeout = 5000")
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
        return cls(conn, path, clock)

    def close(self) -> None:
        """Close the connection (further calls raise StoreError)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Store:
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
        return self._db.execute(sql, tuple(params)).fetchall()

    def _one(self, sql: str, params: Iterable[Any] = ()) -> Any:
        rows_ = self._db.execute(sql, tuple(params)).fetchall()
        return rows_[0] if rows_ else None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction (BEGIN IMMEDIATE ... COMMIT, ROLLBACK on error)."""
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

    def _version(self) -> tuple[int, int]:
        """Changes when anyone (this connection or another) commits."""
        data_version = int(self._db.execute("PRAGMA data_version").fetchone()[0])
        return data_version, self._writes

    def _zone_id(self, path: str) -> int | None:
        """Return the id of an existing zone path, or None."""
        known = self._zone_ids.get(path)
        if known is not None:
            return known
        row = self._one("SELECT id FROM zones WHERE path = ?", (path,))
        if row is None:
            return None
        self._zone_ids[path] = int(row[0])
        return int(row[0])

    def _ensure_zone_ids(
        self, conn: sqlite3.Connection, path: str, made: dict[str, int]
    ) -> list[int]:
        """Inside a write: ids of the root, every ancestor of ``path`` and ``path`` itself.

        Ids found or created are added to ``made``; the caller caches them once committed.
        """
        parts = zone_parts(path)
        ids = [ROOT_ZONE_ID]
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            known = self._zone_ids.get(prefix) or made.get(prefix)
            if known is None:
                conn.execute("INSERT OR IGNORE INTO zones (path) VALUES (?)", (prefix,))
                known = int(
                    conn.execute("SELECT id FROM zones WHERE path = ?", (prefix,)).fetchone()[0]
                )
                made[prefix] = known
            ids.append(known)
        return ids

    # ------------------------------------------------------------------ writing (sync)

    @_guarded
    def upsert_article(self, article: Article | PreparedArticle) -> tuple[int, UpsertOutcome]:
        """Store ``article`` in its own short transaction; return its id and what changed.

        A new URL is NEW (it takes any read flag or bookmark remembered for that URL); an
        existing one whose extracted content differs is UPDATED (id, first-seen time and user
        state kept); otherwise UNCHANGED and nothing is written.
        """
        prepared = _prepared(article)
        url = prepared.article.url
        existing = self._one("SELECT id, content_hash FROM articles WHERE url = ?", (url,))
        if existing is not None and existing[1] == prepared.digest:
            return int(existing[0]), UpsertOutcome.UNCHANGED
        return self._store_batch([prepared], [])[0]

    @_guarded
    def upsert_articles(
        self,
        articles: Iterable[Article | PreparedArticle],
        validators: Iterable[tuple[str, Validators]] = (),
    ) -> list[tuple[int, UpsertOutcome]]:
        """Store several articles in ONE transaction; return each one's id and outcome.

        For a feed of many entries: one commit instead of one per article (several times
        faster with the search index). All or nothing: a crash loses the whole batch, never
        part of an article. Keep batches modest (a hundred or so) so the write lock is short.

        Args:
            articles: the articles, stored in this order; prepared ones
                (:func:`zonereader.store.rows.prepare_article`, made where there is CPU to
                spare) are stored as they are, plain ones are prepared here.
            validators: ``(url, validators)`` pairs saved in the same transaction (the
                ETags of the pages the articles came from), as :meth:`save_validators`.
        """
        prepared = [_prepared(article) for article in articles]
        found = list(validators)
        if not prepared and not found:
            return []
        return self._store_batch(prepared, found)

    def _store_batch(
        self,
        prepared: list[PreparedArticle],
        validators: list[tuple[str, Validators]],
    ) -> list[tuple[int, UpsertOutcome]]:
        """Store ``prepared`` articles and ``validators`` in one write transaction.

        What the batch needs to know is read up front (which URLs are cached, which new ones
        have a remembered read flag) and the rows of every table but ``articles`` are written
        with one ``executemany`` each: a stored article costs one statement of its own, not
        six. An article whose URL comes twice in a batch sees its first version as stored.
        """
        writes = _BatchWrites()
        with self._write() as conn:
            urls = list(dict.fromkeys(item.article.url for item in prepared))
            cached = self._cached_rows(conn, urls)
            remembered = self._remembered_reads(conn, [u for u in urls if u not in cached])
            seen: set[str] = set()
            results = []
            for item in prepared:
                url = item.article.url
                if url in seen:  # stored earlier in this batch: compare with that version
                    writes.flush_rows(conn)
                    row = conn.execute(
                        "SELECT id, content_hash FROM articles WHERE url = ?", (url,)
                    ).fetchone()
                    old = (int(row[0]), str(row[1])) if row is not None else None
                else:
                    old = cached.get(url)
                seen.add(url)
                results.append(self._upsert_in(conn, item, old, remembered, writes))
            writes.flush_rows(conn)
            for url, pair in validators:
                _save_validators_in(conn, url, pair)
            _write_search(conn, writes.search)
        self._zone_ids.update(writes.zones)
        return results

    @staticmethod
    def _cached_rows(conn: sqlite3.Connection, urls: list[str]) -> dict[str, tuple[int, str]]:
        """Inside a write: ``{url: (id, content hash)}`` of the ``urls`` already cached."""
        sql = "SELECT url, id, content_hash FROM articles WHERE url IN ({marks})"
        return {url: (int(id_), str(digest)) for url, id_, digest in _rows_in(conn, sql, urls)}

    @staticmethod
    def _remembered_reads(conn: sqlite3.Connection, urls: list[str]) -> set[str]:
        """Inside a write: which of ``urls`` the user read before (kept across delete)."""
        sql = "SELECT url FROM user_state WHERE read AND url IN ({marks})"
        return {url for (url,) in _rows_in(conn, sql, urls)}

    def _upsert_in(
        self,
        conn: sqlite3.Connection,
        item: PreparedArticle,
        old: tuple[int, str] | None,
        remembered: set[str],
        writes: _BatchWrites,
    ) -> tuple[int, UpsertOutcome]:
        """Inside a write transaction: store one prepared article.

        ``old`` is the cached article's ``(id, content hash)`` (None: a new URL), and
        ``remembered`` the new URLs whose read flag the user state keeps. The article row is
        written at once; its body, zone rows and search entries are queued on ``writes``.
        """
        article = item.article
        if old is not None and old[1] == item.digest:
            return old[0], UpsertOutcome.UNCHANGED
        now = self._clock()
        zone_ids = self._ensure_zone_ids(conn, item.zone, writes.zones)
        values = (
            zone_ids[-1],
            article.source,
            article.title,
            item.published,
            item.offset,
            int(bool(article.has_time)),
            article.origin,
            article.publisher,
        )
        if old is None:
            read = int(article.url in remembered)
            sort_ts = item.published if item.published is not None else int(now)
            cursor = conn.execute(
                "INSERT INTO articles (zone_id, source, title, published, published_offset,"
                " has_time, origin, publisher, url, first_seen, updated, sort_ts, read,"
                " content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, article.url, now, now, sort_ts, read, item.digest),
            )
            article_id = int(cursor.lastrowid or 0)
            if article_id > MAX_ARTICLE_ID:
                raise StoreError(f"{self.path}: more than {MAX_ARTICLE_ID} articles ever stored")
            outcome = UpsertOutcome.NEW
        else:
            article_id = old[0]  # its rows are in the table (a repeat in the batch flushed them)
            title, paragraphs, first_seen, read, old_sort = conn.execute(
                "SELECT a.title, b.paragraphs, a.first_seen, a.read, a.sort_ts "
                "FROM articles a LEFT JOIN bodies b ON b.article_id = a.id WHERE a.id = ?",
                (article_id,),
            ).fetchone()
            read = int(read)
            sort_ts = item.published if item.published is not None else int(first_seen)
            old_body = "\n".join(rows.load_list(paragraphs))
            writes.search.append(
                (
                    _SEARCH_DELETE,
                    (
                        search_rowid(int(old_sort), article_id),
                        index_text(title),
                        index_text(old_body),
                    ),
                )
            )
            conn.execute(
                "UPDATE articles SET zone_id = ?, source = ?, title = ?, published = ?,"
                " published_offset = ?, has_time = ?, origin = ?, publisher = ?,"
                " updated = ?, sort_ts = ?, content_hash = ? WHERE id = ?",
                (*values, now, sort_ts, item.digest, article_id),
            )
            conn.execute("DELETE FROM zone_members WHERE article_id = ?", (article_id,))
            outcome = UpsertOutcome.UPDATED
        prev_url, prev_title = rows.link_parts(article.prev_link)
        next_url, next_title = rows.link_parts(article.next_link)
        writes.bodies.append(
            (
                article_id,
                item.paragraphs_json,
                item.links_json,
                prev_url,
                prev_title,
                next_url,
                next_title,
            )
        )
        writes.members.extend(
            (zone_id, sort_ts, article_id, read) for zone_id in dict.fromkeys(zone_ids)
        )
        writes.search.append(
            (
                _SEARCH_INSERT,
                (
                    search_rowid(sort_ts, article_id),
                    _or_split(item.title_index, article.title),
                    _or_split(item.body_index, "\n".join(article.paragraphs)),
                ),
            )
        )
        return article_id, outcome

    @_guarded
    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """Return which of ``urls`` (canonical) are already cached."""
        wanted = list(dict.fromkeys(urls))
        sql = "SELECT url FROM articles WHERE url IN ({marks})"
        return {row[0] for row in _rows_in(self._db, sql, wanted)}

    @_guarded
    def rename_article(self, old_url: str, new_url: str) -> bool:
        """Give the article at ``old_url`` the identity ``new_url``, with its user state.

        For a source that names its items more precisely than before (feed entries that shared
        one link and now each have their own): the article, its read flag and its bookmark
        follow it. Nothing changes when there is no article at ``old_url`` or there is one at
        ``new_url`` already.

        Returns:
            Whether the article was renamed.
        """
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM articles WHERE url = ?", (new_url,)).fetchone():
                return False
            moved = conn.execute(
                "UPDATE articles SET url = ? WHERE url = ?", (new_url, old_url)
            ).rowcount
            if not moved:
                return False
            if not conn.execute("SELECT 1 FROM user_state WHERE url = ?", (new_url,)).fetchone():
                conn.execute("UPDATE user_state SET url = ? WHERE url = ?", (new_url, old_url))
        return True

    @_guarded
    def delete_article(self, url: str) -> bool:
        """Delete the article at ``url`` (user state is kept for a later re-sync).

        Returns:
            Whether there was such an article.
        """
        with self._write() as conn:
            row = conn.execute(
                "SELECT a.id, a.title, b.paragraphs, a.sort_ts FROM articles a "
                "LEFT JOIN bodies b ON b.article_id = a.id WHERE a.url = ?",
                (url,),
            ).fetchone()
            if row is None:
                return False
            body = "\n".join(rows.load_list(row[2]))
            conn.execute(
                "INSERT INTO search (search, rowid, title, body) VALUES ('delete', ?, ?, ?)",
                (search_rowid(int(row[3]), int(row[0])), index_text(row[1]), index_text(body)),
            )
            conn.execute("DELETE FROM articles WHERE id = ?", (row[0],))
        return True

    @_guarded
    def validators(self, url: str) -> Validators:
        """Return the ETag/Last-Modified remembered for ``url`` (empty if none)."""
        row = self._one("SELECT etag, last_modified FROM validators WHERE url = ?", (url,))
        if row is None:
            return Validators()
        return Validators(etag=row[0], last_modified=row[1])

    @_guarded
    def save_validators(self, url: str, validators: Validators) -> None:
        """Remember ``validators`` for ``url`` (both empty: forget them)."""
        with self._write() as conn:
            _save_validators_in(conn, url, validators)

    @_guarded
    def start_run(self, sources: list[str]) -> int:
        """Record the start of a sync run; return its id."""
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO runs (started, sources) VALUES (?, ?)",
                (self._clock(), json.dumps(list(sources), ensure_ascii=False)),
            )
            return int(cursor.lastrowid or 0)

    @_guarded
    def finish_run(self, run_id: int, counts: SyncCounts) -> None:
        """Record the end of a sync run with its counts and errors."""
        with self._write() as conn:
            conn.execute(
                "UPDATE runs SET finished = ?, counts = ? WHERE id = ?",
                (self._clock(), json.dumps(counts.as_dict(), ensure_ascii=False), run_id),
            )

    @_guarded
    def last_run(self) -> dict[str, object] | None:
        """Return the newest finished run, or None.

        Returns:
            ``{"id": int, "started": datetime, "finished": datetime (aware, UTC),
            "sources": [names], "counts": SyncCounts.as_dict()}``.
        """
        row = self._one(
            "SELECT id, started, finished, sources, counts FROM runs "
            "WHERE finished IS NOT NULL ORDER BY finished DESC, id DESC LIMIT 1"
        )
        if row is None:
            return None
        return {
            "id": int(row[0]),
            "started": rows.utc_datetime(row[1]),
            "finished": rows.utc_datetime(row[2]),
            "sources": json.loads(row[3]),
            "counts": json.loads(row[4]) if row[4] else {},
        }

    @_guarded
    def get_meta(self, key: str) -> str | None:
        """Return a small persistent value (source state, UI position...), or None."""
        row = self._one("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row[0])

    @_guarded
    def set_meta(self, key: str, value: str | None) -> None:
        """Set (or with None, delete) a small persistent value."""
        with self._write() as conn:
            if value is None:
                conn.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # ------------------------------------------------------------------ query plans

    def _plan(self, query: ListQuery) -> SqlPlan | IdList:
        """Decide how ``query`` is answered (see :mod:`zonereader.store.plans`)."""
        if query.search is not None:
            expression = fts_query(query.search)
            if expression is None:
                return EMPTY
            return search_plan(expression, query.unread_only)
        if query.bookmarks:
            unread = " AND a.read = 0" if query.unread_only else ""
            found = self._all(
                "SELECT a.id FROM user_state s JOIN articles a ON a.url = s.url "
                f"WHERE s.bookmarked_at IS NOT NULL{unread} "
                "ORDER BY s.bookmarked_at DESC, a.id DESC"
            )
            return IdList([int(row[0]) for row in found])
        zone_id = self._zone_id(join_zone(query.zone) if query.zone else "")
        if zone_id is None:
            return EMPTY
        return zone_plan(zone_id, query.unread_only)

    def _plan_ids(
        self,
        plan: SqlPlan,
        extra: str = "",
        params: tuple[object, ...] = (),
        *,
        reverse: bool = False,
        limit: int = -1,
        offset: int = 0,
    ) -> list[int]:
        """Article ids of ``plan`` in list order (or reversed), optionally narrowed."""
        order = plan.reverse if reverse else plan.order
        found = self._all(
            f"SELECT {plan.id_expr} FROM {plan.table} WHERE {plan.where}{extra} "
            f"ORDER BY {order} LIMIT ? OFFSET ?",
            (*plan.params, *params, limit, offset),
        )
        return [int(row[0]) for row in found]

    def _summaries(self, ids: list[int]) -> list[ArticleSummary]:
        """Summaries of ``ids``, in that order."""
        sql = (
            f"SELECT {_SUMMARY_COLUMNS} FROM articles a JOIN zones z ON z.id = a.zone_id "
            "LEFT JOIN user_state s ON s.url = a.url WHERE a.id IN ({marks})"
        )
        by_id: dict[int, ArticleSummary] = {}
        for row in _rows_in(self._db, sql, ids):
            summary = rows.summary(row)
            by_id[summary.id] = summary
        return [by_id[article_id] for article_id in ids if article_id in by_id]

    def _sort_key(self, article_id: int) -> tuple[int, int] | None:
        row = self._one("SELECT sort_ts FROM articles WHERE id = ?", (article_id,))
        return None if row is None else (int(row[0]), article_id)

    # ------------------------------------------------------------------ reading (UI, CLI)

    @_guarded
    def zone_counts(self) -> list[ZoneCount]:
        """Every zone path that holds articles directly, with total and unread counts."""
        found = self._all(
            "SELECT z.path, c.total, c.unread FROM (SELECT zone_id, count(*) AS total, "
            "total(read = 0) AS unread FROM articles GROUP BY zone_id) c "
            "JOIN zones z ON z.id = c.zone_id ORDER BY z.path"
        )
        return [ZoneCount(path=row[0], total=int(row[1]), unread=int(row[2])) for row in found]

    @_guarded
    def count(self, query: ListQuery) -> int:
        """How many articles ``query`` lists."""
        plan = self._plan(query)
        if isinstance(plan, IdList):
            return len(plan.ids)
        key = (plan.where, plan.params)
        version = self._version()
        cached = self._counts.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
        row = self._one(f"SELECT count(*) FROM {plan.table} WHERE {plan.where}", plan.params)
        if len(self._counts) > 16:
            self._counts.clear()
        self._counts[key] = (version, int(row[0]))
        return int(row[0])

    @_guarded
    def page(self, query: ListQuery, offset: int, limit: int) -> list[ArticleSummary]:
        """Rows ``offset .. offset+limit`` of ``query``, in list order (all fetched at once)."""
        offset = max(0, offset)
        if limit <= 0:
            return []
        plan = self._plan(query)
        if isinstance(plan, IdList):
            return self._summaries(plan.ids[offset : offset + limit])
        return self._summaries(self._plan_ids(plan, limit=limit, offset=offset))

    @_guarded
    def index_of(self, query: ListQuery, article_id: int) -> int | None:
        """Position of ``article_id`` in ``query``'s list, or None if it is not in it."""
        plan = self._plan(query)
        if isinstance(plan, IdList):
            return plan.position(article_id)
        sort_key = self._sort_key(article_id)
        if sort_key is None:
            return None
        key = plan.key(*sort_key)
        member = self._one(
            f"SELECT 1 FROM {plan.table} WHERE {plan.where} AND {plan.at}", (*plan.params, *key)
        )
        if member is None:
            return None
        row = self._one(
            f"SELECT count(*) FROM {plan.table} WHERE {plan.where} AND {plan.before}",
            (*plan.params, *key),
        )
        return int(row[0])

    @_guarded
    def neighbour(self, query: ListQuery, article_id: int, step: int) -> ArticleSummary | None:
        """The article ``step`` rows after (negative: before) ``article_id`` in ``query``.

        For zone lists and search results the position comes from the article's sort key, so
        this works even when the article has just left the list (read, under ``unread_only``):
        ``step=1`` is then the first listed article after where it was. For bookmarks the
        article must be in the list. None when there is no such row.
        """
        if step == 0:
            return None
        plan = self._plan(query)
        if isinstance(plan, IdList):
            position = plan.position(article_id)
            if position is None or not 0 <= position + step < len(plan.ids):
                return None
            found = self._summaries([plan.ids[position + step]])
            return found[0] if found else None
        sort_key = self._sort_key(article_id)
        if sort_key is None:
            return None
        condition = plan.after if step > 0 else plan.before
        ids = self._plan_ids(
            plan,
            f" AND {condition}",
            plan.key(*sort_key),
            reverse=step < 0,
            limit=1,
            offset=abs(step) - 1,
        )
        found = self._summaries(ids)
        return found[0] if found else None

    @_guarded
    def article(self, article_id: int) -> StoredArticle | None:
        """One article with its body and user state, or None."""
        row = self._one(f"{_ARTICLE_SELECT} WHERE a.id = ?", (article_id,))
        return None if row is None else rows.stored(row)

    @_guarded
    def article_by_url(self, url: str) -> StoredArticle | None:
        """One article by canonical URL, or None."""
        row = self._one(f"{_ARTICLE_SELECT} WHERE a.url = ?", (url,))
        return None if row is None else rows.stored(row)

    @_guarded
    def set_read(self, article_id: int, read: bool) -> None:
        """Mark one article read or unread (nothing happens for an unknown id)."""
        flag = int(bool(read))
        with self._write() as conn:
            row = conn.execute(
                "SELECT url, read FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
            if row is None or int(row[1]) == flag:
                return
            conn.execute(
                "INSERT INTO user_state (url, read, read_at) VALUES (?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET read = excluded.read, read_at = excluded.read_at",
                (row[0], flag, self._clock() if flag else None),
            )
            conn.execute("UPDATE articles SET read = ? WHERE id = ?", (flag, article_id))
            conn.execute(
                "UPDATE zone_members SET read = ? WHERE article_id = ?", (flag, article_id)
            )

    @_guarded
    def mark_read(self, query: ListQuery) -> int:
        """Mark every article of ``query`` read, in one transaction; return how many changed."""
        plan = self._plan(query)
        ids = plan.ids if isinstance(plan, IdList) else self._plan_ids(plan)
        if not ids:
            return 0
        now = self._clock()
        with self._write() as conn:
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS marking (id INTEGER PRIMARY KEY)")
            conn.execute("DELETE FROM temp.marking")
            conn.executemany(
                "INSERT OR IGNORE INTO temp.marking (id) VALUES (?)", [(i,) for i in ids]
            )
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

    @_guarded
    def toggle_bookmark(self, article_id: int) -> bool:
        """Flip the bookmark of one article; return whether it is now bookmarked.

        An unknown id changes nothing and returns False.
        """
        with self._write() as conn:
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
            # Strictly newer than every other bookmark, so "newest first" is always well defined.
            newest = conn.execute("SELECT max(bookmarked_at) FROM user_state").fetchone()[0]
            stamp = self._clock()
            if newest is not None and stamp <= newest:
                stamp = newest + 1e-6
            conn.execute(
                "INSERT INTO user_state (url, bookmarked_at) VALUES (?, ?) "
                "ON CONFLICT (url) DO UPDATE SET bookmarked_at = excluded.bookmarked_at",
                (row[0], stamp),
            )
            return True

    @_guarded
    def bookmarks(self) -> list[StoredArticle]:
        """Every bookmarked article, newest bookmark first."""
        found = self._all(
            f"{_ARTICLE_SELECT} WHERE s.bookmarked_at IS NOT NULL "
            "ORDER BY s.bookmarked_at DESC, a.id DESC"
        )
        return [rows.stored(row) for row in found]

    @_guarded
    def unread_total(self) -> int:
        """How many articles are unread in the whole cache."""
        row = self._one(
            "SELECT count(*) FROM zone_members m INDEXED BY zone_members_unread "
            "WHERE m.zone_id = ? AND m.read = 0",
            (ROOT_ZONE_ID,),
        )
        return int(row[0])
