"""Migrations from a cache written by an older zonereader (fixtures/caches, see make_v1.py)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from zonereader.models import CST, ListQuery
from zonereader.store import Store
from zonereader.store.schema import SCHEMA_VERSION

V1 = Path(__file__).resolve().parents[1] / "fixtures" / "caches" / "v1.db"


def _copy(tmp_path: Path) -> Path:
    path = tmp_path / "v1.db"
    shutil.copyfile(V1, path)
    return path


def _state(path: Path) -> dict[str, tuple[int, int, bool]]:
    """``{url: (id, read, bookmarked)}`` straight from the file, whatever its version."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT a.url, a.id, a.read, s.bookmarked_at IS NOT NULL FROM articles a "
            "LEFT JOIN user_state s ON s.url = a.url"
        ).fetchall()
        return {url: (int(i), int(read), bool(marked)) for url, i, read, marked in rows}
    finally:
        conn.close()


def test_a_version_1_cache_is_migrated_and_keeps_everything(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    before = _state(path)
    assert len(before) == 12 and any(v[2] for v in before.values())
    with Store.open(path) as store:
        assert store.get_meta("ui.list") == "all"
        assert store.count(ListQuery()) == 12
        assert store.count(ListQuery(bookmarks=True)) == sum(v[2] for v in before.values())
        assert store.unread_total() == sum(1 for v in before.values() if not v[1])
        assert store.count(ListQuery(search="开发区")) > 0
        assert store.stats().tombstones == 0
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        assert {"tombstones", "articles_first_seen"} <= indexes
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert _state(path) == before


def test_a_migrated_cache_prunes_searches_and_vacuums(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    before = _state(path)
    with Store.open(path) as store:
        assert store.stats().auto_vacuum == "none"  # made before auto-vacuum, kept as it was
        newest = store.page(ListQuery(), 0, 1)[0]
        assert newest.published is not None
        cutoff = newest.published.timestamp()  # everything but the newest day goes
        result = store.prune(cutoff)
        kept = {row.url for row in store.page(ListQuery(), 0, 100)}
        assert result.articles == 12 - len(kept)
        assert {url for url, v in before.items() if v[2]} <= kept  # bookmarks stay
        assert set(store.tombstones(before)) == set(before) - kept
        store.vacuum()
        assert store.stats().auto_vacuum == "incremental"
        assert store.count(ListQuery(search="开发区")) <= len(kept)
        new = store.first_seen_between(0, datetime(2100, 1, 1, tzinfo=CST).timestamp())
        assert sorted(new) == sorted(store.pick(ListQuery(), new))
    after = _state(path)
    assert {url: after[url] for url in kept} == {url: before[url] for url in kept}
