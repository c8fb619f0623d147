"""The list queries behind the app's article list: count, page, position and neighbour.

A :class:`~zonereader.models.ListQuery` (a zone, bookmarks or a search, optionally unread
only) is first turned into a plan (:mod:`zonereader.store.plans`): an ordered SQL index range,
or a short ordered id list. Every query below combines the plan's pieces, so each one is an
index walk and never a sort. Rows are fetched whole (no cursor stays open).

List order everywhere (zones, all articles, search results): newest ``sort_ts`` first (the
published instant, or first seen for undated articles), ties broken by insertion order, newest
first, so same-day articles keep a stable order. Bookmarks: newest bookmark first.
"""

from __future__ import annotations

import sqlite3

from zonereader.models import ZONE_SEP, ArticleSummary, ListQuery, ZoneCount, zone_parts
from zonereader.store import rows, topics
from zonereader.store.plans import EMPTY, IdList, SqlPlan, zone_plan
from zonereader.store.query_plan import compile_query
from zonereader.store.sql import all_rows, first_row, rows_in
from zonereader.store.writes import ROOT_ZONE_ID, ZoneIds

#: The columns :func:`zonereader.store.rows.summary` reads, over ``articles a``,
#: ``zones z`` and ``user_state s``.
SUMMARY_COLUMNS = """
    a.id, a.url, a.title, z.path, a.published, a.published_offset, a.publisher, a.read,
    s.bookmarked_at IS NOT NULL
"""
#: How many count results are cached (per plan) before the cache is emptied.
_COUNT_CACHE_SIZE = 16

#: What a cached count is valid for: ``(PRAGMA data_version, this connection's commits)``.
DataVersion = tuple[int, int]


class ListQueries:
    """The list queries of one store: plans, counts (cached per data version), pages."""

    def __init__(self, zones: ZoneIds) -> None:
        """Answer queries with ``zones``, the store's zone id cache."""
        self._zones = zones
        self._counts: dict[tuple[object, ...], tuple[DataVersion, int]] = {}

    def forget_counts(self) -> None:
        """Drop the cached counts (the next count asks SQLite)."""
        self._counts.clear()

    def plan(self, conn: sqlite3.Connection, query: ListQuery) -> SqlPlan | IdList:
        """Decide how ``query`` is answered (see :mod:`zonereader.store.plans`)."""
        if query.search is not None:
            return compile_query(conn, self._zones, query.search, unread_only=query.unread_only)
        if query.topic is not None:
            plan = compile_query(conn, self._zones, query.topic)
            indexed = topics.indexed_plan(conn, query.topic, plan, query.unread_only)
            if indexed is not None:
                return indexed
            if not query.unread_only:
                return plan
            return compile_query(conn, self._zones, query.topic, unread_only=True)
        if query.bookmarks:
            unread = " AND a.read = 0" if query.unread_only else ""
            found = all_rows(
                conn,
                "SELECT a.id FROM user_state s JOIN articles a ON a.url = s.url "
                f"WHERE s.bookmarked_at IS NOT NULL{unread} "
                "ORDER BY s.bookmarked_at DESC, a.id DESC",
            )
            return IdList([int(row[0]) for row in found])
        # Parts are normalised but not cut to MAX_ZONE_DEPTH: an older version stored deeper paths.
        path = ZONE_SEP.join(zone_parts(query.zone)) if query.zone else ""
        zone_id = self._zones.lookup(conn, path)
        if zone_id is None:
            return EMPTY
        return zone_plan(zone_id, query.unread_only)

    def ids(self, conn: sqlite3.Connection, query: ListQuery) -> list[int]:
        """Every article id ``query`` lists, in list order."""
        plan = self.plan(conn, query)
        return plan.ids if isinstance(plan, IdList) else _plan_ids(conn, plan)

    def pick(self, conn: sqlite3.Connection, query: ListQuery, ids: list[int]) -> list[int]:
        """Those of ``ids`` that ``query`` lists, in list order (a read; temp table only)."""
        if not ids:
            return []
        plan = self.plan(conn, query)
        if isinstance(plan, IdList):
            wanted = set(ids)
            return [article_id for article_id in plan.ids if article_id in wanted]
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS picking (id INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM temp.picking")
        conn.executemany("INSERT OR IGNORE INTO temp.picking (id) VALUES (?)", [(i,) for i in ids])
        try:
            return _plan_ids(conn, plan, f" AND {plan.id_expr} IN (SELECT id FROM temp.picking)")
        finally:
            conn.execute("DELETE FROM temp.picking")

    def count(self, conn: sqlite3.Connection, query: ListQuery, version: DataVersion) -> int:
        """How many articles ``query`` lists (cached while ``version`` stays the same)."""
        plan = self.plan(conn, query)
        if isinstance(plan, IdList):
            return len(plan.ids)
        key = (plan.table, plan.where, plan.params)
        cached = self._counts.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
        row = first_row(conn, f"SELECT count(*) FROM {plan.table} WHERE {plan.where}", plan.params)
        if len(self._counts) > _COUNT_CACHE_SIZE:
            self._counts.clear()
        self._counts[key] = (version, int(row[0]))
        return int(row[0])

    def page(
        self, conn: sqlite3.Connection, query: ListQuery, offset: int, limit: int
    ) -> list[ArticleSummary]:
        """Rows ``offset .. offset+limit`` of ``query``, in list order."""
        offset = max(0, offset)
        if limit <= 0:
            return []
        plan = self.plan(conn, query)
        if isinstance(plan, IdList):
            return summaries(conn, plan.ids[offset : offset + limit])
        return summaries(conn, _plan_ids(conn, plan, limit=limit, offset=offset))

    def index_of(self, conn: sqlite3.Connection, query: ListQuery, article_id: int) -> int | None:
        """Position of ``article_id`` in ``query``'s list, or None if it is not in it."""
        plan = self.plan(conn, query)
        if isinstance(plan, IdList):
            return plan.position(article_id)
        sort_key = _sort_key(conn, article_id)
        if sort_key is None:
            return None
        key = plan.key(*sort_key)
        member = first_row(
            conn,
            f"SELECT 1 FROM {plan.table} WHERE {plan.where} AND {plan.at}",
            (*plan.params, *key),
        )
        if member is None:
            return None
        row = first_row(
            conn,
            f"SELECT count(*) FROM {plan.table} WHERE {plan.where} AND {plan.before}",
            (*plan.params, *key),
        )
        return int(row[0])

    def neighbour(
        self, conn: sqlite3.Connection, query: ListQuery, article_id: int, step: int
    ) -> ArticleSummary | None:
        """The article ``step`` rows after (negative: before) ``article_id`` in ``query``.

        For zone lists and search results the position comes from the article's sort key, so
        this works even when the article has just left the list (read, under ``unread_only``):
        ``step=1`` is then the first listed article after where it was. For bookmarks the
        article must be in the list. None when there is no such row.
        """
        if step == 0:
            return None
        plan = self.plan(conn, query)
        if isinstance(plan, IdList):
            position = plan.position(article_id)
            if position is None or not 0 <= position + step < len(plan.ids):
                return None
            found = summaries(conn, [plan.ids[position + step]])
            return found[0] if found else None
        sort_key = _sort_key(conn, article_id)
        if sort_key is None:
            return None
        condition = plan.after if step > 0 else plan.before
        ids = _plan_ids(
            conn,
            plan,
            f" AND {condition}",
            plan.key(*sort_key),
            reverse=step < 0,
            limit=1,
            offset=abs(step) - 1,
        )
        found = summaries(conn, ids)
        return found[0] if found else None


def count_plan(conn: sqlite3.Connection, plan: SqlPlan) -> int:
    """How many rows a plan lists (uncached)."""
    row = first_row(conn, f"SELECT count(*) FROM {plan.table} WHERE {plan.where}", plan.params)
    return int(row[0])


def zone_counts(conn: sqlite3.Connection) -> list[ZoneCount]:
    """Every zone path that holds articles directly, with total and unread counts."""
    found = all_rows(
        conn,
        "SELECT z.path, c.total, c.unread FROM (SELECT zone_id, count(*) AS total, "
        "total(read = 0) AS unread FROM articles GROUP BY zone_id) c "
        "JOIN zones z ON z.id = c.zone_id ORDER BY z.path",
    )
    return [ZoneCount(path=row[0], total=int(row[1]), unread=int(row[2])) for row in found]


def unread_total(conn: sqlite3.Connection) -> int:
    """How many articles are unread in the whole cache."""
    row = first_row(
        conn,
        "SELECT count(*) FROM zone_members m INDEXED BY zone_members_unread "
        "WHERE m.zone_id = ? AND m.read = 0",
        (ROOT_ZONE_ID,),
    )
    return int(row[0])


def summaries(conn: sqlite3.Connection, ids: list[int]) -> list[ArticleSummary]:
    """Summaries of ``ids``, in that order (unknown ids are left out)."""
    sql = (
        f"SELECT {SUMMARY_COLUMNS} FROM articles a JOIN zones z ON z.id = a.zone_id "
        "LEFT JOIN user_state s ON s.url = a.url WHERE a.id IN ({marks})"
    )
    by_id: dict[int, ArticleSummary] = {}
    for row in rows_in(conn, sql, ids):
        summary = rows.summary(row)
        by_id[summary.id] = summary
    return [by_id[article_id] for article_id in ids if article_id in by_id]


def _plan_ids(
    conn: sqlite3.Connection,
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
    found = all_rows(
        conn,
        f"SELECT {plan.id_expr} FROM {plan.table} WHERE {plan.where}{extra} "
        f"ORDER BY {order} LIMIT ? OFFSET ?",
        (*plan.params, *params, limit, offset),
    )
    return [int(row[0]) for row in found]


def _sort_key(conn: sqlite3.Connection, article_id: int) -> tuple[int, int] | None:
    """An article's list key ``(sort_ts, id)``, or None for an unknown id."""
    row = first_row(conn, "SELECT sort_ts FROM articles WHERE id = ?", (article_id,))
    return None if row is None else (int(row[0]), article_id)
