"""The cache file: creation, pragmas, migrations, reopening, and files it must refuse."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from zonereader.models import Article, ListQuery
from zonereader.store import Store, StoreError
from zonereader.store.schema import SCHEMA_VERSION


def test_open_creates_and_migrates_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "cache.db"
    with Store.open(path) as store:
        assert store.zone_counts() == []
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {
        "articles",
        "bodies",
        "zone_members",
        "user_state",
        "validators",
        "runs",
        "meta",
    } <= tables
    assert "search" in tables
    conn.close()


def test_connection_pragmas(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.db") as store:
        conn = store._db
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_reopen_keeps_data_and_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    with Store.open(path) as store:
        store.upsert_article(Article(url="http://x/1", title="标题", zone="a/b", source="s"))
        store.set_meta("k", "v")
    with Store.open(path) as store:
        assert store.get_meta("k") == "v"
        assert store.article_by_url("http://x/1") is not None


def test_newer_schema_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer zonereader"):
        Store.open(path)


def test_a_file_that_is_not_sqlite_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    path.write_bytes(b"this is not a database, just some text " * 200)
    with pytest.raises(StoreError, match=r"not a zonereader cache \(not a SQLite database\)"):
        Store.open(path)


def test_create_false_refuses_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    with pytest.raises(StoreError, match="no cache"):
        Store.open(path, create=False)
    assert not path.exists()


def test_closed_store_raises_store_error(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "c.db")
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.unread_total()


def test_damaged_pages_surface_as_store_error(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    with Store.open(path) as store:
        for n in range(200):
            store.upsert_article(
                Article(
                    url=f"http://x/{n}",
                    title=f"标题{n}",
                    zone="a/b",
                    source="s",
                    paragraphs=["正文" * 300],
                )
            )
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(3 * page, len(data) - page, 7 * page):  # scribble over many pages
        data[start : start + page] = b"\xa5" * page
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError), Store.open(path) as store:
        store.page(ListQuery(), 0, 500)
        for n in range(200):
            store.article(n + 1)
        store.count(ListQuery(search="标题"))
        store.zone_counts()
