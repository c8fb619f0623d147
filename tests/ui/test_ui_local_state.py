"""The app over a cache that cannot take a write, or holds a hostile zone path: it says so,
keeps running, and loses nothing the person did.

A cache locked by another program (a second connection holding ``BEGIN IMMEDIATE``) and a
full disk (the process's soft RLIMIT_FSIZE, lowered around the key press and restored) make
``b`` wait and retry in the background; a read-only cache says once that nothing is saved; a
zone path of 1,000 levels no longer hangs the start.
"""

from __future__ import annotations

import resource
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from ui_helpers import FIXED_NOW, UICache, settle, wait_until

from zonereader.config import Config
from zonereader.models import Article, ListQuery
from zonereader.store import Store
from zonereader.ui import pending
from zonereader.ui.app import make_app
from zonereader.ui.screens.main import MainScreen

SIZE = (100, 30)


def main(app: Any) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


async def open_all(pilot: Any) -> MainScreen:
    await settle(pilot)
    screen = main(pilot.app)
    screen.zone_tree.focus()
    screen.zone_tree.select_key("all")
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)
    return screen


def notices(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retry unsaved changes every 0.1 s instead of every 5 s."""
    monkeypatch.setattr("zonereader.ui.screens.changes.RETRY_SECONDS", 0.1)
    assert pending.RETRY_SECONDS == 5.0


async def test_b_on_a_locked_cache_waits_tells_and_saves_once_the_lock_is_gone(
    ui_cache: UICache,
) -> None:
    store = Store.open(ui_cache.db_path, busy_timeout=0.1)
    ui_cache.stores.append(store)
    app = make_app(ui_cache.config, store, ui_cache.db_path, clock=lambda: FIXED_NOW)
    holder = sqlite3.connect(ui_cache.db_path, isolation_level=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_all(pilot)
        row = screen.articles.current
        holder.execute("BEGIN IMMEDIATE")
        try:
            await pilot.press("b")
            await wait_until(pilot, lambda: any("Not saved yet" in n for n in notices(app)))
            assert any("locked by another program" in n for n in notices(app))
            assert app.is_running
            await pilot.press("j", "k")  # the app goes on
            assert len(screen.pending) == 1
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        await wait_until(pilot, lambda: not screen.pending)
        await settle(pilot)
        assert any("Saved the changes that were waiting" in n for n in notices(app))
        assert screen.articles.find(row.id) is not None
    with Store.open(ui_cache.db_path) as check:
        article = check.article(row.id)
        assert article is not None and article.bookmarked


async def test_b_on_a_full_disk_waits_tells_and_saves_once_there_is_room(
    ui_cache: UICache,
) -> None:
    app = ui_cache.app()
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_all(pilot)
        row = screen.articles.current
        wal = ui_cache.db_path.with_name(ui_cache.db_path.name + "-wal")
        room = wal.stat().st_size if wal.exists() else 0
        resource.setrlimit(resource.RLIMIT_FSIZE, (room, hard))  # no file may grow now
        try:
            await pilot.press("b")
            await wait_until(pilot, lambda: any("Not saved yet" in n for n in notices(app)))
            assert any("cannot write the cache" in n for n in notices(app))
            assert app.is_running
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        await wait_until(pilot, lambda: not screen.pending)
        await settle(pilot)
    with Store.open(ui_cache.db_path) as check:
        article = check.article(row.id)
        assert article is not None and article.bookmarked
        assert check.count(ListQuery()) == len(ui_cache.manifest["articles"])


async def test_a_read_only_cache_opens_says_so_and_b_does_not_crash(ui_cache: UICache) -> None:
    store = Store.open(ui_cache.db_path, read_only=True)
    ui_cache.stores.append(store)
    app = make_app(ui_cache.config, store, ui_cache.db_path, clock=lambda: FIXED_NOW)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_all(pilot)
        assert any("read-only" in n for n in notices(app))
        await pilot.press("b", "m", "enter")
        await settle(pilot)
        assert app.is_running
        assert any("Not saved: " in n and "read-only" in n for n in notices(app))
        assert not screen.pending
        assert screen.reader.article_id is not None  # articles still open and show


async def test_a_zone_path_1000_levels_deep_opens_and_lists(tmp_path: Path) -> None:
    """Stored by an older version (the store now cuts paths to 32 levels), it still shows."""
    db = tmp_path / "deep.db"
    deep = "/".join(f"层{n}" for n in range(1000))
    with Store.open(db) as store:
        store.upsert_article(
            Article(url="http://portal.test/deep.html", title="很深", zone="x", source="t")
        )
    conn = sqlite3.connect(db)  # as an older version would have stored it
    conn.execute("INSERT INTO zones (path) VALUES (?)", (deep,))
    zone_id = conn.execute("SELECT id FROM zones WHERE path = ?", (deep,)).fetchone()[0]
    conn.execute("UPDATE articles SET zone_id = ?", (zone_id,))
    conn.execute("UPDATE zone_members SET zone_id = ? WHERE zone_id != 1", (zone_id,))
    conn.commit()
    conn.close()
    store = Store.open(db)
    app = make_app(Config(), store, db, clock=lambda: FIXED_NOW)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = main(app)
            assert screen.zone_tree.select_key(f"zone:{deep}")
            await pilot.press("enter")
            await settle(pilot)
            assert screen.articles.count == 1
            await pilot.press("q")
    finally:
        store.close()
