"""Everything in an article within reach: the links view (l) reads a cached article's link in
the reader, opens another in the browser, copies one; pictures are fetched from a real loopback
portal when the article opens, drawn under their numbered line, cached on disk (a second
opening sends no request), and left alone when [ui] images is off."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from ui_helpers import FIXED_NOW, UICache, settle, wait_until

from zonereader.config import UISettings
from zonereader.models import Article, BodyImage, BodyLink, ListQuery
from zonereader.store import Store
from zonereader.ui.screens.links import LinksScreen
from zonereader.ui.screens.main import MainScreen

SIZE = (100, 30)


def main(app: Any) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


async def open_newest(pilot: Any) -> MainScreen:
    """Close the first start's drawer and read the newest unread article full-screen."""
    await settle(pilot)
    screen = main(pilot.app)
    screen.drawer = False
    await settle(pilot)
    await pilot.press("g", "enter")
    await settle(pilot)
    return screen


async def test_links_view_reads_opens_and_copies(ui_cache: UICache) -> None:
    store = ui_cache.store()
    target = store.page(ListQuery(), 5, 1)[0]
    article = Article(
        url="http://portal.test/notice.html",
        title="关于园区政策的通知",
        zone="开发区新闻/浙江/舟山/文字新闻",
        source="sample",
        published=FIXED_NOW + timedelta(days=3000),
        paragraphs=[f"详见{target.title}一文。", "附件：实施细则。"],
        links=[
            BodyLink(target.url, target.title),
            BodyLink("http://elsewhere.example/rules.pdf", "实施细则"),
        ],
        images=[BodyImage("http://elsewhere.example/map.png", "园区规划图", 1)],
    )
    store.upsert_article(article)
    app = ui_cache.app(replace(ui_cache.config, ui=UISettings(images=False)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_newest(pilot)
        assert screen.reader.article.article.title == "关于园区政策的通知"
        lines = screen.reader.text_lines()
        # links are numbered where their text stands and listed at the end; the image too
        assert any(f"{target.title}[1]" in line for line in lines)
        assert any("实施细则[2]" in line for line in lines)
        assert any(line.startswith("[2] 实施细则") for line in lines)
        assert "[图1] 园区规划图" in lines
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LinksScreen)
        entries = app.screen.entries
        assert [entry.label for entry in entries] == ["[1]", "[2]", "[图1]"]
        assert entries[0].cached and not entries[1].cached
        await pilot.press("enter")  # the cached article opens in the reader
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and screen.reader.article_id == target.id
        # back to the notice: o on the second link opens the browser, y copies the image's
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("g", "enter", "l", "j", "o")
        await settle(pilot)
        assert ui_cache.opened == ["http://elsewhere.example/rules.pdf"]
        await pilot.press("l", "G", "y")
        await settle(pilot)
        assert app.clipboard == "http://elsewhere.example/map.png"


async def test_the_links_view_needs_an_article(ui_cache: UICache) -> None:
    app = ui_cache.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main(app).drawer = False
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert any("Open an article first" in str(n.message) for n in app._notifications)


def picture_cache(tmp_path: Path, portal_factory: Any, **ui: Any) -> tuple[UICache, Any]:
    """A cache synced from a small live portal (its 图片新闻 pages link real PNGs)."""
    from support.cache import portal_source
    from zonereader.config import add_sources
    from zonereader.sync.engine import run_sync

    server = portal_factory(articles=40)
    config_path = tmp_path / "config.toml"
    add_sources(config_path, [portal_source(server)])
    cache = UICache(tmp_path / "zonereader.db", config_path, server.manifest())
    config = replace(cache.config, ui=UISettings(**ui))
    with ThreadPoolExecutor(1) as pool:  # the test's event loop runs: sync in a thread
        report = pool.submit(run_sync, config, cache.db_path).result()
    assert report.ok
    return cache, server


async def open_first_picture(pilot: Any, store: Store) -> tuple[MainScreen, str]:
    await settle(pilot)
    screen = main(pilot.app)
    pictured = next(
        row
        for row in store.page(ListQuery(), 0, 100)
        if (found := store.article(row.id)) is not None and found.article.images
    )
    image_url = store.article(pictured.id).article.images[0].url  # type: ignore[union-attr]
    screen._open_article(pictured.id)
    await settle(pilot)
    return screen, image_url


async def test_pictures_are_fetched_drawn_and_cached(
    tmp_path: Path, portal_factory: Any, isolated_dirs: Path
) -> None:
    cache, server = picture_cache(tmp_path, portal_factory)
    try:
        store = cache.store()
        app = cache.app()
        async with app.run_test(size=SIZE) as pilot:
            screen, url = await open_first_picture(pilot, store)
            reader = screen.reader
            await wait_until(pilot, lambda: reader.image_state(1) == "shown")
            await settle(pilot)
            slot = reader.image_slots[1]
            assert slot.query(".image-picture")  # the picture widget is under its line
            assert slot.label in reader.text_lines()
            assert server.requests_for(url) == 1
            assert len(list((isolated_dirs / ".cache").rglob("*.png"))) == 1
        # another session reads it from the image cache: no request
        again = cache.app()
        async with again.run_test(size=SIZE) as pilot:
            screen, url = await open_first_picture(pilot, store)
            await wait_until(pilot, lambda: screen.reader.image_state(1) == "shown")
            assert server.requests_for(url) == 1
    finally:
        cache.close()


async def test_images_off_fetches_nothing(tmp_path: Path, portal_factory: Any) -> None:
    cache, server = picture_cache(tmp_path, portal_factory, images=False)
    try:
        store = cache.store()
        app = cache.app(replace(cache.config, ui=UISettings(images=False)))
        async with app.run_test(size=SIZE) as pilot:
            screen, url = await open_first_picture(pilot, store)
            reader = screen.reader
            assert reader.image_state(1) == "" and reader.image_slots == {}
            assert any(line.startswith("[图1]") for line in reader.text_lines())
            assert server.requests_for(url) == 0
    finally:
        cache.close()


async def test_a_picture_that_is_not_one_says_so(tmp_path: Path, portal_factory: Any) -> None:
    cache, server = picture_cache(tmp_path, portal_factory)
    try:
        store = cache.store()
        page = store.page(ListQuery(), 0, 1)[0]
        stored = store.article(page.id)
        assert stored is not None
        # an "image" that is really an HTML page of the portal
        fake = replace(stored.article, images=[BodyImage(server.url, "不是图片", 0)])
        store.upsert_article(fake)
        app = cache.app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = main(app)
            screen._open_article(page.id)
            await settle(pilot)
            reader = screen.reader
            await wait_until(pilot, lambda: reader.image_state(1) not in ("", "loading…"))
            assert reader.image_state(1) == "not a picture this reader shows"
            # said on the picture's own line
            assert any(
                line.startswith("[图1]") and "not a picture" in line for line in reader.text_lines()
            )
    finally:
        cache.close()
