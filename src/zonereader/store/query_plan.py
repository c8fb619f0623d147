"""Compiling a parsed query (:mod:`zonereader.text.query`) into the plan a list is read with.

A query's top level is a list of conditions that must all hold. The plan is driven by the
cheapest ordered source of rows it can find there, so that counts and pages stay index walks
in list order, never a sort:

* the words at the top level (with their ORs and NOTs) become one FTS5 MATCH expression, and
  the search index drives: its rowids are in list order (see
  :func:`zonereader.store.search.search_rowid`), and ``after:``/``before:`` become a rowid
  range on it;
* without words, a ``zone:`` at the top level drives (``zone_members``: the zone and its
  subtree in list order), or else the root zone (every article); ``after:``/``before:`` are a
  range on its ``sort_ts`` and ``unread`` picks the unread index.

Every other condition (filters, words under an OR with a filter, ``NOT`` alone) is a SQL
condition on the article row, joined by id; words there are an ``IN`` over the search index.
Every value is a bound parameter and every word is quoted for FTS5, so nothing a person types
reaches SQLite as syntax. Problems that need the cache to see (a ``zone:`` that names no zone,
or several) raise :class:`~zonereader.text.query.QueryError` like a syntax error.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime

from zonereader.models import CST
from zonereader.store.plans import SqlPlan
from zonereader.store.search import (
    ROWID_ID_BITS,
    ROWID_ID_MASK,
    clamp_sort_ts,
    fts_query,
    phrase_query,
)
from zonereader.store.sql import all_rows
from zonereader.store.writes import ROOT_ZONE_ID, ZoneIds
from zonereader.text.query import (
    And,
    Field,
    FieldTerm,
    Flag,
    FlagTerm,
    Node,
    Not,
    Or,
    QueryError,
    Words,
    parse_query,
)

#: The article id of a search-index row.
_SEARCH_ID = f"((-s.rowid) & {ROWID_ID_MASK})"
#: Zones quoted in an "ambiguous zone" message, at most.
_AMBIGUOUS_SHOWN = 3


def compile_query(
    conn: sqlite3.Connection, zones: ZoneIds, text: str, *, unread_only: bool = False
) -> SqlPlan:
    """Parse ``text`` and compile it into a plan over the cache.

    Args:
        conn: the store's connection (zone names are looked up in it).
        zones: the store's zone id cache.
        text: the query, as typed.
        unread_only: keep only unread articles (the list's unread filter).

    Raises:
        QueryError: the query is malformed, or a ``zone:`` names no zone or several.
    """
    node = parse_query(text)
    conditions: list[Node] = list(node.items) if isinstance(node, And) else [node]
    if unread_only:
        conditions.append(FlagTerm(Flag.UNREAD))
    return _Compiler(conn, zones, text).plan(conditions)


@dataclass(slots=True)
class _Sql:
    """A SQL condition on the article row ``f`` and its parameters."""

    sql: str
    params: list[object] = field(default_factory=list)


class _Compiler:
    """Builds one plan; resolves zone names against the cache as it goes."""

    def __init__(self, conn: sqlite3.Connection, zones: ZoneIds, text: str) -> None:
        self.conn = conn
        self.zones = zones
        self.text = text

    # ------------------------------------------------------------------ the driver

    def plan(self, conditions: list[Node]) -> SqlPlan:
        searchable: list[Node] = []
        rest: list[Node] = []
        for item in conditions:
            inner = item.item if isinstance(item, Not) else item
            if _is_text(inner) and _fts(inner, self.text) is not None:
                searchable.append(item)
            else:
                rest.append(item)
        expression = _fts_and(searchable, self.text)
        if expression is not None:
            return self._search_plan(expression, rest)
        return self._members_plan(conditions)

    def _search_plan(self, expression: str, rest: list[Node]) -> SqlPlan:
        where = ["s.search MATCH ?"]
        params: list[object] = [expression]
        filters: list[_Sql] = []
        for item in rest:
            if isinstance(item, FieldTerm) and item.day is not None:
                # after: sort_ts >= T  <=>  rowid <= -(T << bits); before: the complement.
                bound = -(clamp_sort_ts(_day_start(item.day)) << ROWID_ID_BITS)
                where.append("s.rowid <= ?" if item.field is Field.AFTER else "s.rowid > ?")
                params.append(bound)
            else:
                filters.append(self._condition(item))
        table = "search s"
        if filters:
            table += f" JOIN articles f ON f.id = {_SEARCH_ID}"
            for condition in filters:
                where.append(condition.sql)
                params.extend(condition.params)
        return SqlPlan(
            table=table,
            where=" AND ".join(where),
            params=tuple(params),
            id_expr=_SEARCH_ID,
            order="s.rowid ASC",
            reverse="s.rowid DESC",
            after="s.rowid > ?",
            before="s.rowid < ?",
            at="s.rowid = ?",
            search=True,
        )

    def _members_plan(self, conditions: list[Node]) -> SqlPlan:
        zone_id = ROOT_ZONE_ID
        rest = list(conditions)
        driver = next((c for c in rest if isinstance(c, FieldTerm) and c.field is Field.ZONE), None)
        if driver is not None:
            rest.remove(driver)
            zone_id = self._zone_id(driver)
        unread = any(isinstance(c, FlagTerm) and c.flag is Flag.UNREAD for c in rest)
        rest = [c for c in rest if not (isinstance(c, FlagTerm) and c.flag is Flag.UNREAD)]
        where = ["m.zone_id = ?"]
        params: list[object] = [zone_id]
        table = "zone_members m"
        if unread:
            table += " INDEXED BY zone_members_unread"
            where.append("m.read = 0")
        filters: list[_Sql] = []
        for item in rest:
            if isinstance(item, FieldTerm) and item.day is not None:
                where.append("m.sort_ts >= ?" if item.field is Field.AFTER else "m.sort_ts < ?")
                params.append(_day_start(item.day))
            else:
                filters.append(self._condition(item))
        if filters:
            table += " JOIN articles f ON f.id = m.article_id"
            for condition in filters:
                where.append(condition.sql)
                params.extend(condition.params)
        return SqlPlan(
            table=table,
            where=" AND ".join(where),
            params=tuple(params),
            id_expr="m.article_id",
            order="m.sort_ts DESC, m.article_id DESC",
            reverse="m.sort_ts ASC, m.article_id ASC",
            after="(m.sort_ts, m.article_id) < (?, ?)",
            before="(m.sort_ts, m.article_id) > (?, ?)",
            at="m.sort_ts = ? AND m.article_id = ?",
        )

    # ------------------------------------------------------------------ conditions on f

    def _condition(self, node: Node) -> _Sql:
        """A SQL condition on the article row ``f`` that holds when ``node`` does."""
        if _is_text(node):
            expression = _fts(node, self.text)
            if expression is not None:
                return _Sql(
                    "f.id IN (SELECT ((-rowid) & ?) FROM search WHERE search MATCH ?)",
                    [ROWID_ID_MASK, expression],
                )
        if isinstance(node, Not):
            inner = self._condition(node.item)
            return _Sql(f"NOT ({inner.sql})", inner.params)
        if isinstance(node, And | Or):
            parts = [self._condition(item) for item in node.items]
            joiner = " AND " if isinstance(node, And) else " OR "
            return _Sql(
                "(" + joiner.join(part.sql for part in parts) + ")",
                [param for part in parts for param in part.params],
            )
        if isinstance(node, FlagTerm):
            if node.flag is Flag.UNREAD:
                return _Sql("f.read = 0")
            return _Sql(
                "EXISTS (SELECT 1 FROM user_state u WHERE u.url = f.url "
                "AND u.bookmarked_at IS NOT NULL)"
            )
        if isinstance(node, FieldTerm):
            return self._field(node)
        raise QueryError("nothing to search for in this word", _position(node), self.text)

    def _field(self, term: FieldTerm) -> _Sql:
        if term.field is Field.ZONE:
            return _Sql(
                "EXISTS (SELECT 1 FROM zone_members z WHERE z.zone_id = ? "
                "AND z.sort_ts = f.sort_ts AND z.article_id = f.id)",
                [self._zone_id(term)],
            )
        if term.field is Field.SOURCE:
            return _Sql("f.source = ?", [term.value])
        if term.field in (Field.ORIGIN, Field.PUBLISHER):
            column = "f.origin" if term.field is Field.ORIGIN else "f.publisher"
            return _Sql(f"instr(lower({column}), lower(?)) > 0", [term.value])
        assert term.day is not None
        operator = ">=" if term.field is Field.AFTER else "<"
        return _Sql(f"f.sort_ts {operator} ?", [_day_start(term.day)])

    def _zone_id(self, term: FieldTerm) -> int:
        """The zone a ``zone:`` names: its path, or the one zone whose path ends with it."""
        return resolve_zone(self.conn, self.zones, term.value, term.position, self.text)


def resolve_zone(
    conn: sqlite3.Connection, zones: ZoneIds, value: str, position: int = 0, text: str = ""
) -> int:
    """The id of the zone ``value`` names: a whole path, or a unique ending of one.

    An ending is whole parts of the path: ``舟山`` and ``舟山/文字新闻`` end
    ``开发区新闻/舟山/文字新闻``-like paths, ``山`` does not end ``开发区新闻/舟山``.

    Raises:
        QueryError: no zone has that path or ending, or several zones end with it.
    """
    path = "/".join(part for part in value.split("/") if part)
    exact = zones.lookup(conn, path)
    if exact is not None and path:
        return exact
    pattern = "%/" + path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    found = all_rows(
        conn,
        "SELECT id, path FROM zones WHERE path LIKE ? ESCAPE '\\' ORDER BY path LIMIT ?",
        (pattern, _AMBIGUOUS_SHOWN + 1),
    )
    if len(found) == 1:
        return int(found[0][0])
    if not found:
        raise QueryError(f"no zone is called {path!r} or ends with it", position, text)
    shown = ", ".join(str(row[1]) for row in found[:_AMBIGUOUS_SHOWN])
    more = ", …" if len(found) > _AMBIGUOUS_SHOWN else ""
    raise QueryError(
        f"zone:{path} is ambiguous: it ends {shown}{more}; write more of the path",
        position,
        text,
    )


# --------------------------------------------------------------------------- words


def _is_text(node: Node) -> bool:
    """Whether ``node`` holds only words, phrases and the operators between them."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, And | Or):
            stack.extend(current.items)
        elif isinstance(current, Not):
            stack.append(current.item)
        elif not isinstance(current, Words):
            return False
    return True


def _fts(node: Node, text: str) -> str | None:
    """The FTS5 expression of a text-only ``node``, or None when FTS5 cannot say it alone.

    FTS5's NOT is binary (``a NOT b``), so a NOT needs something positive beside it in an
    AND; an OR needs every item expressible.
    """
    if isinstance(node, Words):
        expression = phrase_query(node.text) if node.phrase else fts_query(node.text)
        if expression is None:
            raise QueryError("nothing to search for in this word", node.position, text)
        return expression
    if isinstance(node, And):
        return _fts_and(list(node.items), text)
    if isinstance(node, Or):
        parts = [_fts(item, text) for item in node.items]
        if any(part is None for part in parts):
            return None
        return "(" + " OR ".join(f"({part})" for part in parts) + ")"
    return None  # a NOT on its own


def _fts_and(items: list[Node], text: str) -> str | None:
    """The FTS5 expression of items that must all hold: positives ANDed, then NOT each negative."""
    positives: list[str] = []
    negatives: list[str] = []
    for item in items:
        if isinstance(item, Not):
            inner = _fts(item.item, text)
            if inner is None:
                return None
            negatives.append(inner)
        else:
            expression = _fts(item, text)
            if expression is None:
                return None
            positives.append(expression)
    if not positives:
        return None
    expression = " AND ".join(f"({part})" for part in positives)
    for negative in negatives:
        expression = f"({expression}) NOT ({negative})"
    return expression


def _day_start(day: date) -> int:
    """Epoch seconds of the start of ``day`` in China Standard Time."""
    return int(datetime(day.year, day.month, day.day, tzinfo=CST).timestamp())


def _position(node: Node) -> int:
    return node.position if isinstance(node, Words | FieldTerm | FlagTerm) else 0
