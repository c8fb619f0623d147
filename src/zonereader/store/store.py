"""The :class:`Store`: the one API through which every layer reads and writes the cache.

One SQLite file in WAL mode. A :class:`Store` holds one connection shared by the threads of
its process: every public method takes a lock, fetches all its rows before returning (no
cursor stays open to block checkpoints) and turns any SQLite error into :class:`StoreError`.
Writes are short ``BEGIN IMMEDIATE`` transactions: one article (its row, body, zone rows and
search rows) commits as one, so a crash at any moment leaves no half-stored article.

The work is done by modules with one job each; the store owns the connection, the lock and
the transactions (:mod:`~zonereader.store.core`), and hands them the connection. Its upkeep
methods (topic index, retention, stats) sit in a base class, :mod:`~zonereader.store.upkeep`.

* :mod:`~zonereader.store.connection`: opening the file (connect, pragmas, migrations);
* :mod:`~zonereader.store.writes`: the sync's write path (batches, search-index writes, zone
  ids);
* :mod:`~zonereader.store.lists`: the list queries (count, page, position, neighbour);
* :mod:`~zonereader.store.user_state`: read flags and bookmarks;
* :mod:`~zonereader.store.query_plan`: the query language compiled into list plans;
* :mod:`~zonereader.store.topics`: the topic index;
* :mod:`~zonereader.store.retention`: pruning, tombstones, giving space back;
* :mod:`~zonereader.store.stats`: what ``zonereader stats`` reports;
* :mod:`~zonereader.store.runs`: sync runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from zonereader.models import (
    Article,
    ArticleSummary,
    ListQuery,
    RunRecord,
    SourceResult,
    StoredArticle,
    SyncCounts,
    UpsertOutcome,
    Validators,
    ZoneCount,
)
from zonereader.store import lists, rows, runs, user_state, writes
from zonereader.store.connection import BUSY_TIMEOUT_S, open_connection
from zonereader.store.core import guarded
from zonereader.store.errors import StoreError
from zonereader.store.query_plan import resolve_zone
from zonereader.store.rows import PreparedArticle
from zonereader.store.sql import rows_in
from zonereader.store.upkeep import Upkeep

__all__ = ["Store", "StoreError"]

#: The columns :func:`zonereader.store.rows.stored` reads, for one article and its body.
_ARTICLE_SELECT = """
    SELECT a.id, a.url, a.title, z.path, a.source, a.published, a.published_offset,
           a.has_time, a.origin, a.publisher, a.first_seen, a.read,
           b.paragraphs, b.links, b.prev_url, b.prev_title, b.next_url, b.next_title,
           s.bookmarked_at, b.images
    FROM articles a
    JOIN zones z ON z.id = a.zone_id
    LEFT JOIN bodies b ON b.article_id = a.id
    LEFT JOIN user_state s ON s.url = a.url
"""


class Store(Upkeep):
    """A connection to the cache. Safe to share between threads (calls are serialised)."""

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        create: bool = True,
        clock: Callable[[], float] = time.time,
        allow_read_only: bool = False,
        read_only: bool = False,
        busy_timeout: float = BUSY_TIMEOUT_S,
    ) -> Store:
        """Open (creating and migrating if needed) the cache at ``path``.

        Args:
            path: the database file.
            create: when False, a missing file is a :class:`CacheMissing` error instead of a
                new cache.
            clock: returns the current time as epoch seconds (tests pass a fixed one).
            allow_read_only: open a cache that cannot be written read-only (``read_only``
                is then True and every write raises :class:`CacheReadOnly`) instead of failing.
            read_only: open it read-only even when it could be written.
            busy_timeout: how long a statement waits for another process's write lock.

        Raises:
            StoreError: the file is missing (``create=False``), not a zonereader cache,
                damaged, read-only (unless allowed), or written by a newer zonereader; the
                subclass says which (see :mod:`zonereader.store.errors`).
        """
        path = Path(path)
        conn, writable = open_connection(
            path,
            create=create and not read_only,
            allow_read_only=allow_read_only or read_only,
            read_only=read_only,
            busy_timeout=busy_timeout,
        )
        return cls(conn, path, clock, read_only=not writable, busy_timeout=busy_timeout)

    # ------------------------------------------------------------------ writing (sync)

    @guarded
    def upsert_article(self, article: Article | PreparedArticle) -> tuple[int, UpsertOutcome]:
        """Store ``article`` in its own short transaction; return its id and what changed.

        A new URL is NEW (it takes any read flag or bookmark remembered for that URL); an
        existing one whose extracted content differs is UPDATED (id, first-seen time and user
        state kept); otherwise UNCHANGED and nothing is written.
        """
        prepared = writes.prepared(article)
        existing = self._one(
            "SELECT id, content_hash FROM articles WHERE url = ?", (prepared.article.url,)
        )
        if existing is not None and existing[1] == prepared.digest:
            return int(existing[0]), UpsertOutcome.UNCHANGED
        return self._store_batch([prepared], [])[0]

    @guarded
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
        prepared = [writes.prepared(article) for article in articles]
        found = list(validators)
        if not prepared and not found:
            return []
        return self._store_batch(prepared, found)

    def _store_batch(
        self,
        prepared: list[PreparedArticle],
        validators: list[tuple[str, Validators]],
    ) -> list[tuple[int, UpsertOutcome]]:
        """Store ``prepared`` articles and ``validators`` in one write transaction."""
        made_zones: dict[str, int] = {}
        with self._write() as conn:
            results = self._writer.store_batch(conn, prepared, validators, made_zones)
        self._zones.remember(made_zones)
        return results

    @guarded
    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """Return which of ``urls`` (canonical) are already cached."""
        wanted = list(dict.fromkeys(urls))
        sql = "SELECT url FROM articles WHERE url IN ({marks})"
        return {row[0] for row in rows_in(self._db, sql, wanted)}

    @guarded
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

    @guarded
    def delete_article(self, url: str) -> bool:
        """Delete the article at ``url`` (user state is kept for a later re-sync).

        Returns:
            Whether there was such an article.
        """
        with self._write() as conn:
            return writes.delete_article(conn, url)

    @guarded
    def validators(self, url: str) -> Validators:
        """Return the ETag/Last-Modified remembered for ``url`` (empty if none)."""
        row = self._one("SELECT etag, last_modified FROM validators WHERE url = ?", (url,))
        if row is None:
            return Validators()
        return Validators(etag=row[0], last_modified=row[1])

    @guarded
    def save_validators(self, url: str, validators: Validators) -> None:
        """Remember ``validators`` for ``url`` (both empty: forget them)."""
        with self._write() as conn:
            writes.save_validators_in(conn, url, validators)

    @guarded
    def start_run(self, sources: list[str]) -> int:
        """Record the start of a sync run; return its id."""
        with self._write() as conn:
            return runs.start_run(conn, sources, self._clock())

    @guarded
    def finish_run(
        self, run_id: int, counts: SyncCounts, results: Iterable[SourceResult] = ()
    ) -> None:
        """Record the end of a sync run with its counts and errors, and each source's outcome."""
        with self._write() as conn:
            runs.finish_run(conn, run_id, counts, self._clock(), results)

    @guarded
    def recent_runs(self, limit: int = 20) -> list[RunRecord]:
        """The ``limit`` most recently finished runs, newest first, with each source's outcome."""
        return runs.finished_runs(self._db, limit)

    @guarded
    def last_run(self) -> RunRecord | None:
        """Return the newest finished run, or None."""
        found = runs.finished_runs(self._db, 1)
        return found[0] if found else None

    @guarded
    def get_meta(self, key: str) -> str | None:
        """Return a small persistent value (source state, UI position...), or None."""
        row = self._one("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row[0])

    @guarded
    def set_meta(self, key: str, value: str | None) -> None:
        """Set (or with None, delete) a small persistent value."""
        with self._write() as conn:
            if value is None:
                conn.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # ------------------------------------------------------------------ reading (UI, CLI)

    @guarded
    def zone_counts(self) -> list[ZoneCount]:
        """Every zone path that holds articles directly, with total and unread counts."""
        return lists.zone_counts(self._db)

    @guarded
    def count(self, query: ListQuery) -> int:
        """How many articles ``query`` lists."""
        return self._lists.count(self._db, query, self._version())

    @guarded
    def forget_counts(self) -> None:
        """Drop the list counts kept for the current data version: the next count asks SQLite
        (what the benchmarks call the cold cost)."""
        self._lists.forget_counts()

    @guarded
    def page(self, query: ListQuery, offset: int, limit: int) -> list[ArticleSummary]:
        """Rows ``offset .. offset+limit`` of ``query``, in list order (all fetched at once)."""
        return self._lists.page(self._db, query, offset, limit)

    @guarded
    def index_of(self, query: ListQuery, article_id: int) -> int | None:
        """Position of ``article_id`` in ``query``'s list, or None if it is not in it."""
        return self._lists.index_of(self._db, query, article_id)

    @guarded
    def neighbour(self, query: ListQuery, article_id: int, step: int) -> ArticleSummary | None:
        """The article ``step`` rows after (negative: before) ``article_id`` in ``query``.

        For zone lists and search results the position comes from the article's sort key, so
        this works even when the article has just left the list (read, under ``unread_only``):
        ``step=1`` is then the first listed article after where it was. For bookmarks the
        article must be in the list. None when there is no such row.
        """
        return self._lists.neighbour(self._db, query, article_id, step)

    @guarded
    def article(self, article_id: int) -> StoredArticle | None:
        """One article with its body and user state, or None."""
        row = self._one(f"{_ARTICLE_SELECT} WHERE a.id = ?", (article_id,))
        return None if row is None else rows.stored(row)

    @guarded
    def article_by_url(self, url: str) -> StoredArticle | None:
        """One article by canonical URL, or None."""
        row = self._one(f"{_ARTICLE_SELECT} WHERE a.url = ?", (url,))
        return None if row is None else rows.stored(row)

    @guarded
    def bookmarks(self) -> list[StoredArticle]:
        """Every bookmarked article, newest bookmark first."""
        found = self._all(
            f"{_ARTICLE_SELECT} WHERE s.bookmarked_at IS NOT NULL "
            "ORDER BY s.bookmarked_at DESC, a.id DESC"
        )
        return [rows.stored(row) for row in found]

    @guarded
    def unread_total(self) -> int:
        """How many articles are unread in the whole cache."""
        return lists.unread_total(self._db)

    # ------------------------------------------------------------------ user state

    @guarded
    def set_read(self, article_id: int, read: bool) -> None:
        """Mark one article read or unread (nothing happens for an unknown id)."""
        with self._write() as conn:
            user_state.set_read(conn, article_id, read, self._clock())

    @guarded
    def mark_read(self, query: ListQuery) -> int:
        """Mark every article of ``query`` read, in one transaction; return how many changed."""
        ids = self._lists.ids(self._db, query)
        if not ids:
            return 0
        now = self._clock()
        with self._write() as conn:
            return user_state.mark_read(conn, ids, now)

    @guarded
    def restore_user_state(self, rows: list[tuple[str, int, float | None, float | None]]) -> None:
        """Put back read flags and bookmarks by URL, ``(url, read, read_at, bookmarked_at)``
        (``zonereader doctor``'s recovery; store them before the articles they belong to)."""
        with self._write() as conn:
            user_state.restore(conn, rows)

    @guarded
    def toggle_bookmark(self, article_id: int) -> bool:
        """Flip the bookmark of one article; return whether it is now bookmarked.

        An unknown id changes nothing and returns False.
        """
        with self._write() as conn:
            return user_state.toggle_bookmark(conn, article_id, self._clock())

    @guarded
    def set_bookmark(self, article_id: int, bookmarked: bool) -> bool:
        """Bookmark one article, or remove its bookmark; return whether anything changed.

        An unknown id changes nothing and returns False.
        """
        with self._write() as conn:
            return user_state.set_bookmark(conn, article_id, bookmarked, self._clock())

    @guarded
    def mark_unread(self, query: ListQuery) -> int:
        """Mark every article of ``query`` unread, in one transaction; return how many changed."""
        ids = self._lists.ids(self._db, query)
        if not ids:
            return 0
        with self._write() as conn:
            return user_state.mark_unread(conn, ids)

    @guarded
    def first_seen_between(self, since: float, until: float) -> list[int]:
        """Ids of the articles first cached at or after ``since`` and before ``until``."""
        found = self._all(
            "SELECT id FROM articles WHERE first_seen >= ? AND first_seen < ?", (since, until)
        )
        return [int(row[0]) for row in found]

    @guarded
    def summaries(self, ids: list[int]) -> list[ArticleSummary]:
        """List rows of the articles ``ids``, in that order (unknown ids left out)."""
        return lists.summaries(self._db, ids)

    @guarded
    def pick(self, query: ListQuery, ids: list[int]) -> list[int]:
        """Those of ``ids`` that ``query`` lists, in list order."""
        return self._lists.pick(self._db, query, ids)

    @guarded
    def data_version(self) -> int:
        """A number that changes whenever another connection (a sync, a command) commits."""
        return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    @guarded
    def zone_path(self, name: str) -> str:
        """The zone path ``name`` stands for: a path, or a unique ending of one.

        Raises:
            zonereader.text.query.QueryError: no zone has that path or ending, or several do.
        """
        zone_id = resolve_zone(self._db, self._zones, name)
        return str(self._one("SELECT path FROM zones WHERE id = ?", (zone_id,))[0])
