"""How a list query is answered: an ordered index range in SQL, or a short ordered id list.

Zone lists (and "all articles", the root zone) read ``zone_members`` through its
``(zone_id, sort_ts, article_id)`` index; the unread filter reads the
``(zone_id, read, sort_ts, article_id)`` index. Search results read the FTS5 table, whose
rowids are built by :func:`zonereader.store.search.search_rowid` so that ascending rowid order
*is* list order: count, page, position and neighbour are index walks, never a sort.
Bookmarks are few and ordered by bookmark time: a list of ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zonereader.store.search import ROWID_ID_MASK, search_rowid


@dataclass(frozen=True, slots=True)
class SqlPlan:
    """A list answered by one ordered SQL range; the pieces every query method combines."""

    table: str
    """The FROM clause."""
    where: str
    """The WHERE clause selecting the list's rows."""
    params: tuple[object, ...]
    """Parameters of ``where``."""
    id_expr: str
    """SQL expression of a row's article id."""
    order: str
    """ORDER BY terms for list order."""
    reverse: str
    """ORDER BY terms for reverse list order."""
    after: str
    """Condition: the row comes after the key in list order."""
    before: str
    """Condition: the row comes before the key in list order."""
    at: str
    """Condition: the row is the key."""
    search: bool = False
    """Keys are search rowids rather than (sort_ts, id)."""

    def key(self, sort_ts: int, article_id: int) -> tuple[int, ...]:
        """Parameters of ``after``/``before``/``at`` for an article's sort key."""
        if self.search:
            return (search_rowid(sort_ts, article_id),)
        return (sort_ts, article_id)


def zone_plan(zone_id: int, unread_only: bool) -> SqlPlan:
    """A zone and its subtree (the root zone: every article), newest first."""
    return members_plan("zone_members", "zone_id", zone_id, unread_only)


def members_plan(table: str, key: str, value: int, unread_only: bool) -> SqlPlan:
    """The members of one zone or topic, newest first, from a members table.

    Args:
        table: ``zone_members`` or ``topic_members``: rows of ``(key, sort_ts, article_id,
            read)`` with a primary key in that order and an ``<table>_unread`` index on
            ``(key, read, sort_ts, article_id)``.
        key: the column naming the zone or topic.
        value: its id.
        unread_only: only the unread members (through the unread index).
    """
    if unread_only:
        table = f"{table} m INDEXED BY {table}_unread"
        where = f"m.{key} = ? AND m.read = 0"
    else:
        table = f"{table} m"
        where = f"m.{key} = ?"
    return SqlPlan(
        table=table,
        where=where,
        params=(value,),
        id_expr="m.article_id",
        order="m.sort_ts DESC, m.article_id DESC",
        reverse="m.sort_ts ASC, m.article_id ASC",
        after="(m.sort_ts, m.article_id) < (?, ?)",
        before="(m.sort_ts, m.article_id) > (?, ?)",
        at="m.sort_ts = ? AND m.article_id = ?",
    )


def search_plan(expression: str, unread_only: bool) -> SqlPlan:
    """Articles matching an FTS5 expression, newest first."""
    id_expr = f"((-s.rowid) & {ROWID_ID_MASK})"
    table = "search s"
    where = "s.search MATCH ?"
    if unread_only:
        table += f" JOIN articles f ON f.id = {id_expr}"
        where += " AND f.read = 0"
    return SqlPlan(
        table=table,
        where=where,
        params=(expression,),
        id_expr=id_expr,
        order="s.rowid ASC",
        reverse="s.rowid DESC",
        after="s.rowid > ?",
        before="s.rowid < ?",
        at="s.rowid = ?",
        search=True,
    )


@dataclass(slots=True)
class IdList:
    """A short ordered list of article ids (bookmarks)."""

    ids: list[int]
    positions: dict[int, int] = field(default_factory=dict)

    def position(self, article_id: int) -> int | None:
        """Return where ``article_id`` sits in the list, or None."""
        if not self.positions and self.ids:
            self.positions = {value: index for index, value in enumerate(self.ids)}
        return self.positions.get(article_id)


#: A query that lists nothing (an unknown zone, a search with nothing searchable).
EMPTY = IdList([])
