"""The app and syncs: ``r`` against a loopback sample portal, a held lock, a sync run by
another process while the app is open, and fetching an uncached 上一条/下一条 target."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ui_helpers import FIXED_NOW, UICache, settle

from zonereader.config import Config, add_sources
from zonereader.models import CST, Article, ListQuery, SyncCounts
from zonereader.store import Store
from zonereader.sync.lock import SyncLock
from zonereader.ui.screens.main import MainScreen

SIZE = (100, 30)


def portal_cache(tmp_path: Path, server: Any) -> UICache:
    """An empty cache with a config naming ``server`` as its one source."""
    from support.cache import portal_source

    config_path = tmp_path / "config.toml"
    add_sources(config_path, [portal_source(server)])
    return UICache(tmp_path / "zonereader.db", config_path, server.manifest())


async def wait_for_sync(pilot: Any) -> None:
    screen = pilot.app.screen
    for _ in range(400):
        await settle(pilot)
        if not screen.syncing:
            return
        await pilot.pause(0.05)
    raise AssertionError("the sync did not finish")


async def test_r_syncs_in_the_background_and_fills_the_lists(
    tmp_path: Path, portal_factory: Any
) -> None:
    server = portal_factory(articles=40)
    cache = portal_cache(tmp_path, server)
    app = cache.app()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MainScreen) and screen.has_class("-empty")
            await pilot.press("r")
            await wait_for_sync(pilot)
            total = len(cache.manifest["articles"])
            assert not screen.has_class("-empty")
            # the list-first layout opens the zone tree on the first articles: no zone yet
            assert screen.drawer and app.focused is screen.zone_tree
            assert screen.zones.total == total
            assert screen.articles.count == total  # the Unread list refreshed
            assert screen.status.info.sync == "synced just now"
            messages = [str(n.message) for n in app._notifications]
            assert any(m.startswith(f"sync done: {total} new") for m in messages)
            await pilot.press("N")
            await settle(pilot)
            assert screen.reader.article is not None
    finally:
        cache.close()


async def test_r_while_another_sync_holds_the_lock(ui_cache: UICache) -> None:
    app = ui_cache.app()
    lock = SyncLock(ui_cache.db_path)
    lock.acquire()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = app.screen
            cursor = screen.articles.cursor
            await pilot.press("r")
            await wait_for_sync(pilot)
            assert "another sync" in screen.status.info.sync
            messages = [str(n.message) for n in app._notifications]
            assert any("another sync" in m and "\n" not in m for m in messages)
            assert screen.articles.cursor == cursor
    finally:
        lock.release()


async def test_sync_by_another_process_refreshes_without_moving_the_cursor(
    ui_cache: UICache,
) -> None:
    app = ui_cache.app(check_interval=0.1)
    writer = Store.open(ui_cache.db_path)  # another connection, as a cron sync would hold
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = app.screen
            screen.zone_tree.select_key("all")
            await pilot.press("tab", "tab", "enter")  # tree focused: choose All
            await settle(pilot)
            screen.articles.move_cursor(5)
            await pilot.press("enter")
            await settle(pilot)
            before = screen.articles.current.id
            count, row = screen.articles.count, screen.articles.screen_row
            unread = screen.status.info.unread
            run = writer.start_run(["cron"])
            for number in range(3):
                writer.upsert_article(
                    Article(
                        url=f"http://example.test/new/{number}.html",
                        title=f"新文章{number}",
                        zone="开发区新闻/新区/文字新闻",
                        source="cron",
                        published=FIXED_NOW + timedelta(days=1, minutes=number),
                        paragraphs=["正文"],
                    )
                )
            writer.finish_run(run, SyncCounts(new=3))
            for _ in range(40):
                await pilot.pause(0.05)
                await settle(pilot)
                if screen.articles.count == count + 3:
                    break
            assert screen.articles.count == count + 3
            assert screen.articles.current.id == before
            assert screen.articles.cursor == 5 + 3
            assert screen.articles.screen_row == row
            assert screen.reader.article_id == before
            assert screen.status.info.unread == unread + 3
            assert "开发区新闻/新区/文字新闻" in {n.path for n in _walk(screen.zones)}
    finally:
        writer.close()


def _walk(root: Any) -> list[Any]:
    from zonereader.ui.zones import iter_preorder

    return list(iter_preorder(root))


async def test_site_link_to_an_uncached_article_is_fetched(
    tmp_path: Path, portal_factory: Any
) -> None:
    from zonereader.sync.engine import run_sync

    server = portal_factory(articles=30)
    cache = portal_cache(tmp_path, server)
    await asyncio.to_thread(run_sync, cache.config, cache.db_path)
    store = cache.store()
    # pick an article whose 下一条 is cached, then drop that target from the cache
    rows = store.page(ListQuery(), 0, 30)
    start = next(
        stored
        for stored in (store.article(r.id) for r in rows)
        if stored.article.next_link is not None
    )
    target_url = start.article.next_link.url
    assert store.delete_article(target_url)
    app = cache.app()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = app.screen
            screen._open_article(start.id)
            await settle(pilot)
            await pilot.press("right_square_bracket")
            await settle(pilot)
            assert screen.reader.article.article.url == target_url
            assert store.article_by_url(target_url) is not None
            # and when the source cannot be reached, the reader says so in one line
            store.delete_article(target_url)
            server.stop()
            screen._open_article(start.id)
            await settle(pilot)
            await pilot.press("right_square_bracket")
            await settle(pilot)
            assert screen.reader.article_id == start.id
            messages = [str(n.message) for n in app._notifications]
            assert any(m.startswith("Cannot open 下一条") for m in messages)
    finally:
        for opened in cache.stores:
            opened.close()


async def test_sync_with_no_sources_says_how_to_add_one(tmp_path: Path) -> None:
    from zonereader.ui.app import make_app

    db = tmp_path / "z.db"
    store = Store.open(db)
    try:
        app = make_app(Config(), store, db, check_interval=0, clock=lambda: datetime.now(CST))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("r")
            await settle(pilot)
            assert not app.screen.syncing
            assert any("source add" in str(n.message) for n in app._notifications)
    finally:
        store.close()
