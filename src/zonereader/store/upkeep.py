"""The Store's upkeep methods: the topic index, retention (prune, tombstones, space) and stats.

:class:`Upkeep` is part of :class:`~zonereader.store.store.Store` (a base class, to keep each
module to one job): each method hands the connection to the module that does the work
(:mod:`~zonereader.store.topics`, :mod:`~zonereader.store.retention`,
:mod:`~zonereader.store.stats`). Long jobs (a prune, building topics, giving space back) run
as a series of short writes and release the store between them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from zonereader.models import CacheStats, PruneCount
from zonereader.store import retention, stats, topics
from zonereader.store.core import StoreCore, guarded
from zonereader.store.errors import StoreError
from zonereader.store.lists import count_plan
from zonereader.store.query_plan import compile_query

R = TypeVar("R")


class Upkeep(StoreCore):
    """Topic index, retention and stats methods of the Store."""

    # ------------------------------------------------------------------ topics

    def refresh_topics(self, queries: Iterable[str]) -> dict[str, str]:
        """Bring the topic index up to date for exactly these topics' queries.

        Topics no longer asked for are dropped, new ones (and ones whose query compiles to
        another plan now) are built from the whole cache, and every indexed topic is
        evaluated on the articles written since; each step is a short write of its own, and
        the store is free for other calls in between (see :mod:`zonereader.store.topics`).

        Returns:
            The queries that cannot be answered, with the one-line reason.
        """
        compiled = self._refresh_topics(list(dict.fromkeys(queries)))
        return {topic.query: topic.error for topic in compiled if topic.error}

    def _refresh_topics(self, wanted: list[str]) -> list[topics.TopicPlan]:
        """Refresh the index for ``wanted``; return each query compiled (writes only if due)."""
        if self._topic_read(topics.others_indexed, wanted):
            self._topic_write(topics.forget_others, wanted)
        compiled = [self._compile_topic(query) for query in wanted]
        for topic in compiled:
            if self._topic_read(topics.needs_build, topic):
                self._topic_write(topics.build, topic)
        if self._topic_read(topics.has_pending):
            self._topic_write(topics.apply_pending, compiled)
        return compiled

    def topic_counts(self, queries: Iterable[str]) -> dict[str, int | str]:
        """The unread count of each topic query (refreshing the index first), or the reason
        it cannot be counted."""
        compiled = self._refresh_topics(list(dict.fromkeys(queries)))
        return {topic.query: topic.error or self._count_unread(topic) for topic in compiled}

    @guarded
    def _count_unread(self, topic: topics.TopicPlan) -> int:
        """A topic's unread count: from its index when complete, else live."""
        conn = self._db
        plan = topics.indexed_plan(conn, topic.query, topic.plan, True) if topic.plan else None
        if plan is None:
            plan = compile_query(conn, self._zones, topic.query, unread_only=True)
        return count_plan(conn, plan)

    @guarded
    def _compile_topic(self, query: str) -> topics.TopicPlan:
        return topics.compile_topic(self._db, self._zones, query)

    @guarded
    def _topic_read(self, func: Callable[..., R], *args: Any) -> R:
        return func(self._db, *args)

    @guarded
    def _topic_write(self, func: Callable[..., R], *args: Any) -> R:
        with self._write() as conn:
            return func(conn, *args)

    # ------------------------------------------------------------------ retention

    @guarded
    def prune_count(self, cutoff: float, zone: str = "") -> PruneCount:
        """What :meth:`prune` would remove now (a dry run).

        Args:
            cutoff: epoch seconds; articles dated before it go (undated: first seen).
            zone: only this zone path and the zones below it (empty: the whole cache).
        """
        zone_id = self._zone_id(zone)
        if zone_id is None:
            return PruneCount(0, 0)
        found = retention.candidates(self._db, zone_id, int(cutoff))
        kept = retention.kept_bookmarked(self._db, zone_id, int(cutoff))
        return PruneCount(len(found), kept)

    def prune(
        self,
        cutoff: float,
        zone: str = "",
        progress: Callable[[int, int], None] | None = None,
    ) -> PruneCount:
        """Remove articles dated before ``cutoff``, except bookmarked ones; leave tombstones.

        Runs in short transactions of :data:`~zonereader.store.retention.PRUNE_BATCH`
        articles, releasing the store between them: a reader never waits long, and a kill
        loses at most the batch in flight. Read flags and bookmarks are never touched.

        Args:
            cutoff: epoch seconds; articles dated before it go (undated: first seen).
            zone: only this zone path and the zones below it (empty: the whole cache).
            progress: called with (removed so far, candidates) after each batch.

        Returns:
            How many articles went, and how many old ones stayed for their bookmark.
        """
        with self._lock:
            zone_id = self._zone_id(zone)
            if zone_id is None:
                return PruneCount(0, 0)
            found = retention.candidates(self._db, zone_id, int(cutoff))
            kept = retention.kept_bookmarked(self._db, zone_id, int(cutoff))
        removed = 0
        for start in range(0, len(found), retention.PRUNE_BATCH):
            batch = found[start : start + retention.PRUNE_BATCH]
            removed += self._prune_batch(batch, int(cutoff))
            if progress is not None:
                progress(removed, len(found))
        if removed:
            self._lists.forget_counts()
        return PruneCount(removed, kept)

    @guarded
    def _prune_batch(self, ids: list[int], cutoff: int) -> int:
        with self._write() as conn:
            return retention.prune_batch(conn, ids, cutoff, self._clock())

    def _zone_id(self, zone: str) -> int | None:
        return self._zones.lookup(self._db, "/".join(p for p in zone.split("/") if p))

    @guarded
    def restore_tombstones(self, found: list[tuple[str, str, int, float]]) -> int:
        """Put back the tombstones of pruned articles, ``(url, content_hash, sort_ts,
        pruned)`` (``zonereader doctor``'s recovery); return how many were written."""
        with self._write() as conn:
            return retention.restore_tombstones(conn, found)

    @guarded
    def tombstones(self, urls: Iterable[str]) -> dict[str, str]:
        """``{url: content hash}`` of those of ``urls`` (canonical) that a prune removed."""
        return retention.tombstones(self._db, list(dict.fromkeys(urls)))

    def give_back_space(self, *, compact: bool = True) -> int:
        """Hand free pages back to the file system in short steps; return how many pages.

        Args:
            compact: first merge the search index, so that the entries a prune deleted
                really leave it (it rewrites the index once, in short steps).

        Only a cache in incremental auto-vacuum mode can shrink the file (see
        :meth:`vacuum`). Never blocks a reader: each step is a short write, the store's lock
        is given up between steps, and the final checkpoint waits at most 200 ms for a query
        in progress (then leaves the log to SQLite's next checkpoint).
        """
        with self._lock:
            conn = self._db

            def breathe() -> None:  # let the app's calls in between steps
                self._lock.release()
                self._lock.acquire()

            try:
                if compact:
                    retention.compact_search(conn, breathe)
                return retention.give_back_space(conn, breathe)
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: {exc}") from exc

    @guarded
    def vacuum(self) -> None:
        """Rebuild the file with ``VACUUM`` (and switch it to incremental auto-vacuum).

        One long write: run it only when no sync runs and no reader app is open on the cache.
        """
        retention.vacuum(self._db)

    @guarded
    def stats(self, runs: int = 5) -> CacheStats:
        """Counts, dates, sizes and the latest ``runs`` sync runs of the cache."""
        return stats.cache_stats(self._db, self.path, runs)

    @guarded
    def search_index_bytes(self) -> int | None:
        """Bytes the search index takes in the file (None when SQLite cannot tell)."""
        return stats.search_bytes(self._db)
