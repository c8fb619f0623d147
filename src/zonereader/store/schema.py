"""The cache's schema and its migrations, numbered by ``PRAGMA user_version``.

Tables:

* ``zones``: every zone path once (``''`` is the root: all articles), with an integer id.
* ``articles``: one small row per article (what a list row needs, no body), unique by URL.
  ``sort_ts`` is the list key: the published instant (UTC epoch seconds), or first seen when
  the article has no date. ``read`` mirrors ``user_state`` for fast unread filters.
* ``bodies``: paragraphs, links and the site's previous/next links, read only to show one.
* ``zone_members``: one row per (ancestor zone, article), ordered by (sort_ts, article id), so
  a zone and its whole subtree list, count and page from one index range, never a sort.
* ``search``: contentless FTS5 index over title and body pre-split into CJK bigrams
  (see :mod:`zonereader.store.search`).
* ``user_state``: read flags and bookmarks keyed by URL, so they survive delete + re-sync.
* ``validators``, ``runs``, ``meta``: HTTP validators per URL, sync runs, small values.

Each migration runs in one transaction together with the ``user_version`` bump.
"""

from __future__ import annotations

import sqlite3

from zonereader.store.errors import CacheTooNew

_V1 = """
CREATE TABLE zones (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE
);
INSERT INTO zones (id, path) VALUES (1, '');

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    zone_id INTEGER NOT NULL REFERENCES zones (id),
    source TEXT NOT NULL,
    title TEXT NOT NULL,
    published INTEGER,
    published_offset INTEGER,
    has_time INTEGER NOT NULL DEFAULT 0,
    origin TEXT NOT NULL DEFAULT '',
    publisher TEXT NOT NULL DEFAULT '',
    first_seen REAL NOT NULL,
    updated REAL NOT NULL,
    sort_ts INTEGER NOT NULL,
    read INTEGER NOT NULL DEFAULT 0,
    content_hash TEXT NOT NULL
);
CREATE INDEX articles_zone_read ON articles (zone_id, read);

CREATE TABLE bodies (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    paragraphs TEXT NOT NULL,
    links TEXT NOT NULL,
    prev_url TEXT,
    prev_title TEXT,
    next_url TEXT,
    next_title TEXT
);

CREATE TABLE zone_members (
    zone_id INTEGER NOT NULL REFERENCES zones (id),
    sort_ts INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    read INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (zone_id, sort_ts, article_id)
) WITHOUT ROWID;
CREATE INDEX zone_members_unread ON zone_members (zone_id, read, sort_ts, article_id);
CREATE INDEX zone_members_article ON zone_members (article_id);

CREATE VIRTUAL TABLE search USING fts5 (title, body, content = '', tokenize = 'unicode61');

CREATE TABLE user_state (
    url TEXT PRIMARY KEY,
    read INTEGER NOT NULL DEFAULT 0,
    read_at REAL,
    bookmarked_at REAL
);
CREATE INDEX user_state_bookmarks ON user_state (bookmarked_at) WHERE bookmarked_at IS NOT NULL;

CREATE TABLE validators (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT
);

CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started REAL NOT NULL,
    finished REAL,
    sources TEXT NOT NULL,
    counts TEXT
);

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

#: Migration scripts; entry ``n`` takes the schema from version ``n`` to ``n + 1``.
MIGRATIONS: tuple[str, ...] = (_V1,)

#: The schema version this code writes.
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    """Return the database's ``PRAGMA user_version``."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, where: str) -> int:
    """Bring the schema of ``conn`` up to :data:`SCHEMA_VERSION`, one transaction per step.

    Args:
        conn: a connection in autocommit mode (``isolation_level=None``).
        where: the database path, for messages.

    Returns:
        The version the database had before.

    Raises:
        CacheTooNew: the database was written by a newer zonereader.
    """
    found = user_version(conn)
    if found > SCHEMA_VERSION:
        raise CacheTooNew(
            f"{where}: the cache was written by a newer zonereader (schema version {found}, "
            f"this version knows up to {SCHEMA_VERSION}); upgrade zonereader to use it"
        )
    for version in range(found, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if user_version(conn) != version:  # another process migrated meanwhile
                conn.execute("ROLLBACK")
                continue
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return found


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (our DDL has no ';' inside literals)."""
    return [part.strip() for part in script.split(";") if part.strip()]
