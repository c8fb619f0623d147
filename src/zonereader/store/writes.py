"""The sync's write path: batches of articles, their search-index entries, and zone ids.

Everything here runs inside a write transaction that :class:`~zonereader.store.store.Store`
opened (``BEGIN IMMEDIATE``) and commits: a batch's article rows, bodies, zone rows and search
entries commit together or not at all. The functions take the connection, never open one.

This module is the one home of the search-index statements (:data:`SEARCH_INSERT`,
:data:`SEARCH_DELETE`): an article's old entry is removed with exactly the tokens it was
indexed with, rebuilt from its stored title and body by :func:`search_delete`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from zonereader.models import Article, UpsertOutcome, Validators, zone_parts
from zonereader.store import rows
from zonereader.store.errors import StoreError
from zonereader.store.rows import PreparedArticle
from zonereader.store.search import ROWID_ID_MASK, search_rowid
from zonereader.store.sql import first_row, rows_in
from zonereader.text.bigrams import index_text

#: Zone id of the root zone (path ``''``): every article is a member.
ROOT_ZONE_ID = 1
#: The largest article id the search index can hold.
MAX_ARTICLE_ID = ROWID_ID_MASK

SEARCH_INSERT = "INSERT INTO search (rowid, title, body) VALUES (?, ?, ?)"
SEARCH_DELETE = "INSERT INTO search (search, rowid, title, body) VALUES ('delete', ?, ?, ?)"

#: One search-index write: a statement and its parameters (the search rowid first).
SearchWrite = tuple[str, tuple[object, ...]]


class ZoneIds:
    """Zone path -> id, cached for the store's lifetime (zones are never deleted)."""

    def __init__(self) -> None:
        """Start with the root zone only."""
        self._ids: dict[str, int] = {"": ROOT_ZONE_ID}

    def lookup(self, conn: sqlite3.Connection, path: str) -> int | None:
        """Return the id of an existing zone path, or None."""
        known = self._ids.get(path)
        if known is not None:
            return known
        row = first_row(conn, "SELECT id FROM zones WHERE path = ?", (path,))
        if row is None:
            return None
        self._ids[path] = int(row[0])
        return int(row[0])

    def ensure(self, conn: sqlite3.Connection, path: str, made: dict[str, int]) -> list[int]:
        """Inside a write: ids of the root, every ancestor of ``path`` and ``path`` itself.

        Zones missing from the table are created. Ids found or created are added to ``made``;
        the caller hands them to :meth:`remember` once the transaction has committed (a rolled
        back zone must not stay cached).
        """
        parts = zone_parts(path)
        ids = [ROOT_ZONE_ID]
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            known = self._ids.get(prefix) or made.get(prefix)
            if known is None:
                conn.execute("INSERT OR IGNORE INTO zones (path) VALUES (?)", (prefix,))
                known = int(
                    conn.execute("SELECT id FROM zones WHERE path = ?", (prefix,)).fetchone()[0]
                )
                made[prefix] = known
            ids.append(known)
        return ids

    def remember(self, made: dict[str, int]) -> None:
        """Cache the ids a committed transaction found or created."""
        self._ids.update(made)


@dataclass(slots=True)
class _BatchWrites:
    """Rows a batch of articles queues, each table written with one ``executemany``."""

    bodies: list[tuple[object, ...]] = field(default_factory=list)
    members: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: Search-index writes, run last (see :func:`write_search`).
    search: list[SearchWrite] = field(default_factory=list)

    def flush_rows(self, conn: sqlite3.Connection) -> None:
        """Write the queued bodies and zone rows (not the search entries)."""
        if self.bodies:
            conn.executemany(
                "INSERT OR REPLACE INTO bodies (article_id, paragraphs, links, prev_url,"
                " prev_title, next_url, next_title, images) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                self.bodies,
            )
            self.bodies.clear()
        if self.members:
            conn.executemany(
                "INSERT INTO zone_members (zone_id, sort_ts, article_id, read) VALUES (?, ?, ?, ?)",
                self.members,
            )
            self.members.clear()


def search_delete(
    article_id: int, sort_ts: int, title: str, paragraphs_json: str | None
) -> SearchWrite:
    """The write that removes an article's search entry, from the row it was indexed from.

    A contentless FTS5 table forgets an entry only when given the same tokens it was indexed
    with, so they are rebuilt from the stored title and body.

    Args:
        article_id: the article's id.
        sort_ts: its stored list key (part of its search rowid).
        title: its stored title.
        paragraphs_json: its stored ``bodies.paragraphs`` (None: no body row).
    """
    body = "\n".join(rows.load_list(paragraphs_json))
    return (
        SEARCH_DELETE,
        (search_rowid(sort_ts, article_id), index_text(title), index_text(body)),
    )


def write_search(conn: sqlite3.Connection, ops: list[SearchWrite]) -> None:
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


def _rowid_of(op: SearchWrite) -> int:
    """The search rowid a search-index write is for (its first parameter)."""
    rowid = op[1][0]
    assert isinstance(rowid, int)
    return rowid


def save_validators_in(conn: sqlite3.Connection, url: str, validators: Validators) -> None:
    """Inside a write transaction: remember ``validators`` for ``url`` (both empty: forget)."""
    if not validators.etag and not validators.last_modified:
        conn.execute("DELETE FROM validators WHERE url = ?", (url,))
    else:
        conn.execute(
            "INSERT OR REPLACE INTO validators (url, etag, last_modified) VALUES (?, ?, ?)",
            (url, validators.etag, validators.last_modified),
        )


def prepared(article: Article | PreparedArticle) -> PreparedArticle:
    """``article`` as the cache stores it (prepared here unless it came prepared)."""
    if isinstance(article, PreparedArticle):
        return article
    return rows.prepare_article(article, index=False)


def _or_split(index: str | None, text: str) -> str:
    """``index`` (``text`` split for the search index elsewhere), or split ``text`` now."""
    return index if index is not None else index_text(text)


def cached_version(conn: sqlite3.Connection, url: str) -> tuple[int, str] | None:
    """``(id, content hash)`` of the article cached at ``url``, or None."""
    row = conn.execute("SELECT id, content_hash FROM articles WHERE url = ?", (url,)).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


class ArticleWriter:
    """Stores batches of prepared articles inside the store's write transactions."""

    def __init__(self, zones: ZoneIds, clock: Callable[[], float], path: Path) -> None:
        """Write with ``zones`` (shared with the list queries), ``clock`` and ``path``.

        Args:
            zones: the store's zone id cache.
            clock: the current time as epoch seconds (first seen, updated).
            path: the database file, for messages.
        """
        self._zones = zones
        self._clock = clock
        self._path = path

    def store_batch(
        self,
        conn: sqlite3.Connection,
        batch: list[PreparedArticle],
        validators: list[tuple[str, Validators]],
        made_zones: dict[str, int],
    ) -> list[tuple[int, UpsertOutcome]]:
        """Inside a write: store ``batch`` and ``validators``; return each article's outcome.

        What the batch needs to know is read up front (which URLs are cached, which new ones
        have a remembered read flag) and the rows of every table but ``articles`` are written
        with one ``executemany`` each: a stored article costs one statement of its own, not
        six. An article whose URL comes twice in a batch sees its first version as stored.

        Args:
            conn: the connection, inside a write transaction.
            batch: the articles, stored in this order.
            validators: ``(url, validators)`` pairs saved in the same transaction.
            made_zones: receives the zone ids found or created, for
                :meth:`ZoneIds.remember` once the transaction has committed.
        """
        writes = _BatchWrites()
        urls = list(dict.fromkeys(item.article.url for item in batch))
        cached = _cached_rows(conn, urls)
        remembered = _remembered_reads(conn, [u for u in urls if u not in cached])
        seen: set[str] = set()
        results = []
        for item in batch:
            url = item.article.url
            if url in seen:  # stored earlier in this batch: compare with that version
                writes.flush_rows(conn)
                old = cached_version(conn, url)
            else:
                old = cached.get(url)
            seen.add(url)
            results.append(self._upsert(conn, item, old, remembered, writes, made_zones))
        writes.flush_rows(conn)
        for url, pair in validators:
            save_validators_in(conn, url, pair)
        back = [(url,) for url in urls if url not in cached]
        if back:  # an article stored again after a prune is an article like any other
            conn.executemany("DELETE FROM tombstones WHERE url = ?", back)
        written = [i for i, outcome in results if outcome is not UpsertOutcome.UNCHANGED]
        note_written(conn, written)
        write_search(conn, writes.search)
        return results

    def _upsert(
        self,
        conn: sqlite3.Connection,
        item: PreparedArticle,
        old: tuple[int, str] | None,
        remembered: set[str],
        writes: _BatchWrites,
        made_zones: dict[str, int],
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
        zone_ids = self._zones.ensure(conn, item.zone, made_zones)
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
                raise StoreError(f"{self._path}: more than {MAX_ARTICLE_ID} articles ever stored")
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
            writes.search.append(search_delete(article_id, int(old_sort), title, paragraphs))
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
                item.images_json,
            )
        )
        writes.members.extend(
            (zone_id, sort_ts, article_id, read) for zone_id in dict.fromkeys(zone_ids)
        )
        writes.search.append(
            (
                SEARCH_INSERT,
                (
                    search_rowid(sort_ts, article_id),
                    _or_split(item.title_index, article.title),
                    _or_split(item.body_index, "\n".join(article.paragraphs)),
                ),
            )
        )
        return article_id, outcome


def note_written(conn: sqlite3.Connection, article_ids: list[int]) -> None:
    """Inside a write: note articles just stored for the topic index, if any topic is indexed.

    :func:`zonereader.store.topics.apply_pending` evaluates the topics on them later; with no
    topic indexed nothing is noted (a topic indexed later is built from the whole cache).
    """
    if article_ids and first_row(conn, "SELECT 1 FROM topics LIMIT 1") is not None:
        conn.executemany(
            "INSERT OR IGNORE INTO topic_pending (article_id) VALUES (?)",
            [(article_id,) for article_id in article_ids],
        )


def delete_article(conn: sqlite3.Connection, url: str) -> bool:
    """Inside a write: delete the article at ``url`` and its search entry; user state stays.

    Returns:
        Whether there was such an article.
    """
    row = conn.execute(
        "SELECT a.id, a.title, b.paragraphs, a.sort_ts FROM articles a "
        "LEFT JOIN bodies b ON b.article_id = a.id WHERE a.url = ?",
        (url,),
    ).fetchone()
    if row is None:
        return False
    write_search(conn, [search_delete(int(row[0]), int(row[3]), row[1], row[2])])
    conn.execute("DELETE FROM articles WHERE id = ?", (row[0],))
    return True


def _cached_rows(conn: sqlite3.Connection, urls: list[str]) -> dict[str, tuple[int, str]]:
    """Inside a write: ``{url: (id, content hash)}`` of the ``urls`` already cached."""
    sql = "SELECT url, id, content_hash FROM articles WHERE url IN ({marks})"
    return {url: (int(id_), str(digest)) for url, id_, digest in rows_in(conn, sql, urls)}


def _remembered_reads(conn: sqlite3.Connection, urls: list[str]) -> set[str]:
    """Inside a write: which of ``urls`` the user read before (kept across delete)."""
    sql = "SELECT url FROM user_state WHERE read AND url IN ({marks})"
    return {url for (url,) in rows_in(conn, sql, urls)}
