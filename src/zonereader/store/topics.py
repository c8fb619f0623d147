"""The topic index: which articles each saved query lists, kept up to date as articles arrive.

Counting a topic live means walking the search index for its words and joining every match
to its article for the read flag: tens of milliseconds for a common word at 100,000 articles,
too slow for twenty topics after every article read. So a topic's members are kept like a
zone's (``topic_members``: one row per topic and article, ordered by list key, with the read
flag mirrored), and a topic counts and pages from one index range.

* A topic is keyed by its query text. :func:`build` evaluates the query once over the whole
  cache; ``topics.plan`` remembers the compiled plan it was built from (zones resolved, dates
  bound), so a change there (a new zone making ``zone:`` mean something else) rebuilds it.
* Every article the sync writes (new or changed) is noted in ``topic_pending`` while any
  topic is indexed (:func:`zonereader.store.writes.note_written`); :func:`apply_pending`
  evaluates every topic on just those articles.
* Read flags are mirrored by :mod:`zonereader.store.user_state`; a pruned article's rows go
  with it (``ON DELETE CASCADE``).
* A query that filters on ``unread`` or ``bookmarked`` depends on what the person does, not
  on what the sync writes: it is never indexed and is always answered live.

The index is only ever used when it is complete (built from the plan the query compiles to
now, nothing pending); otherwise the list falls back to the live plan, so it is never wrong,
only slower until the next refresh (every sync ends with one, and so does the app's count of
the topics).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from zonereader.store.plans import SqlPlan, members_plan
from zonereader.store.query_plan import compile_query
from zonereader.store.search import ROWID_ID_BITS
from zonereader.store.sql import all_rows, first_row
from zonereader.store.writes import ZoneIds
from zonereader.text.query import FlagTerm, QueryError, iter_terms, parse_query


def signature(plan: SqlPlan) -> str:
    """A compiled plan as text: equal signatures answer the same articles."""
    return json.dumps([plan.table, plan.where, list(plan.params)], ensure_ascii=False)


def is_live(query: str) -> bool:
    """Whether ``query`` filters on user state (``unread``, ``bookmarked``): never indexed."""
    return any(isinstance(term, FlagTerm) for term in iter_terms(parse_query(query)))


@dataclass(frozen=True, slots=True)
class TopicPlan:
    """What a topic's query compiles to now: a plan, or why not."""

    query: str
    plan: SqlPlan | None
    error: str | None = None
    live: bool = False
    """The query filters on user state: never indexed, always answered live."""


def compile_topic(conn: sqlite3.Connection, zones: ZoneIds, query: str) -> TopicPlan:
    """Compile a topic's query (never raises: a problem is the plan's ``error``)."""
    try:
        live = is_live(query)
        plan = compile_query(conn, zones, query)
    except QueryError as exc:
        return TopicPlan(query, None, error=str(exc))
    return TopicPlan(query, plan, live=live)


def indexed_plan(
    conn: sqlite3.Connection, query: str, plan: SqlPlan, unread_only: bool
) -> SqlPlan | None:
    """The plan over the topic's index, when it is complete; else None (answer it live).

    Complete means: built from ``plan`` (the query as it compiles now), and no written article
    is waiting to be evaluated.
    """
    if is_live(query):
        return None
    row = first_row(conn, "SELECT id, plan FROM topics WHERE query = ?", (query,))
    if row is None or row[1] != signature(plan) or _pending(conn):
        return None
    return members_plan("topic_members", "topic_id", int(row[0]), unread_only)


def _pending(conn: sqlite3.Connection) -> bool:
    return first_row(conn, "SELECT 1 FROM topic_pending LIMIT 1") is not None


def has_pending(conn: sqlite3.Connection) -> bool:
    """Whether written articles wait to be evaluated against the indexed topics."""
    return _pending(conn)


def others_indexed(conn: sqlite3.Connection, queries: list[str]) -> bool:
    """Whether a topic whose query is not in ``queries`` is indexed (and must be dropped)."""
    marks = ",".join("?" * len(queries))
    sql = f"SELECT 1 FROM topics WHERE query NOT IN ({marks}) LIMIT 1"
    return first_row(conn, sql, queries) is not None


def forget_others(conn: sqlite3.Connection, queries: Iterable[str]) -> None:
    """Inside a write: drop the index of every topic whose query is not in ``queries``."""
    keep = list(dict.fromkeys(queries))
    marks = ",".join("?" * len(keep))
    conn.execute(f"DELETE FROM topics WHERE query NOT IN ({marks})", keep)
    if not keep:
        conn.execute("DELETE FROM topic_pending")


def needs_build(conn: sqlite3.Connection, compiled: TopicPlan) -> bool:
    """Whether the topic has no index yet, or one built from another plan."""
    if compiled.plan is None or compiled.live:
        return False
    row = first_row(conn, "SELECT plan FROM topics WHERE query = ?", (compiled.query,))
    return row is None or row[0] != signature(compiled.plan)


def build(conn: sqlite3.Connection, compiled: TopicPlan) -> int:
    """Inside a write: (re)build a topic's index from its whole query; return its members."""
    plan = compiled.plan
    assert plan is not None and not compiled.live
    conn.execute(
        "INSERT INTO topics (query, plan) VALUES (?, ?) "
        "ON CONFLICT (query) DO UPDATE SET plan = excluded.plan",
        (compiled.query, signature(plan)),
    )
    topic_id = int(first_row(conn, "SELECT id FROM topics WHERE query = ?", (compiled.query,))[0])
    conn.execute("DELETE FROM topic_members WHERE topic_id = ?", (topic_id,))
    cursor = conn.execute(
        "INSERT INTO topic_members (topic_id, sort_ts, article_id, read) "
        f"SELECT ?, a.sort_ts, a.id, a.read FROM articles a WHERE a.id IN "
        f"(SELECT {plan.id_expr} FROM {plan.table} WHERE {plan.where})",
        (topic_id, *plan.params),
    )
    return int(cursor.rowcount)


def apply_pending(conn: sqlite3.Connection, compiled: list[TopicPlan]) -> int:
    """Inside a write: evaluate every indexed topic on the articles written since; return how
    many articles that was.

    Each pending article's rows are removed from every topic, then added back to the topics
    whose query it matches now (its list key may have changed too).
    """
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS topic_new (id INTEGER PRIMARY KEY, rowid_key INTEGER)"
    )
    conn.execute("DELETE FROM temp.topic_new")
    conn.execute(
        "INSERT INTO temp.topic_new (id, rowid_key) SELECT a.id, "
        f"-((a.sort_ts << {ROWID_ID_BITS}) | a.id) FROM topic_pending p "
        "JOIN articles a ON a.id = p.article_id"
    )
    done = [int(row[0]) for row in all_rows(conn, "SELECT article_id FROM topic_pending")]
    if not done:
        return 0
    conn.execute("DELETE FROM topic_members WHERE article_id IN (SELECT id FROM temp.topic_new)")
    low, high = first_row(conn, "SELECT min(rowid_key), max(rowid_key) FROM temp.topic_new")
    for topic in compiled:
        plan = topic.plan
        if plan is None or topic.live:
            continue
        row = first_row(conn, "SELECT id, plan FROM topics WHERE query = ?", (topic.query,))
        if row is None or row[1] != signature(plan):
            continue  # not built (or built from another plan): its build covers these
        narrow = f"{plan.id_expr} IN (SELECT id FROM temp.topic_new)"
        params: tuple[object, ...] = (int(row[0]), *plan.params)
        if plan.search:
            # The search index walks only the span of rowids the new articles fall in (new
            # articles are mostly the newest: a short span); the ids are then checked one by
            # one. Given as "s.rowid IN (...)", FTS5 would be probed once per article instead:
            # 30-600 ms a topic for 500 articles (101,000 cached), where a span walk is cheap.
            narrow = f"s.rowid >= ? AND s.rowid <= ? AND {narrow}"
            params = (*params, low, high)
        conn.execute(
            "INSERT OR IGNORE INTO topic_members (topic_id, sort_ts, article_id, read) "
            f"SELECT ?, a.sort_ts, a.id, a.read FROM articles a WHERE a.id IN "
            f"(SELECT {plan.id_expr} FROM {plan.table} WHERE {plan.where} AND {narrow})",
            params,
        )
    conn.executemany("DELETE FROM topic_pending WHERE article_id = ?", [(i,) for i in done])
    conn.execute("DELETE FROM temp.topic_new")
    return len(done)
