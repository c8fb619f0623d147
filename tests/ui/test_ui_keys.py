"""Pilot tests of every key of the reader against a cache synced from the sample portal."""

from __future__ import annotations

import io
from typing import Any

import pytest
from ui_helpers import UICache, settle, wait_until

from zonereader.models import ListQuery
from zonereader.ui.commands import ActionsProvider, palette_specs
from zonereader.ui.keymap import KeySpec, keymap_in_effect
from zonereader.ui.screens.confirm import ConfirmScreen
from zonereader.ui.screens.help import HelpScreen
from zonereader.ui.screens.main import MainScreen
from zonereader.ui.screens.search import SearchScreen
from zonereader.ui.widgets.article_list import ArticleList
from zonereader.ui.widgets.reader import Reader
from zonereader.ui.widgets.zone_tree import ZoneTree

SIZE = (150, 40)


def main(app: Any) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


async def open_list(pilot: Any, key: str) -> MainScreen:
    """Choose a list in the zone tree with the keyboard: cursor on it, Enter."""
    await settle(pilot)
    screen = main(pilot.app)
    if screen.wide:
        screen.zone_tree.focus()
    else:
        screen.drawer = True  # the list-first layout: the tree is a drawer
    screen.zone_tree.select_key(key)
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)
    assert screen.spec.key == key
    return screen


def titles_by_url(cache: UICache) -> dict[str, str]:
    return {a["url"]: a["title"] for a in cache.manifest["articles"]}


async def test_fresh_start_shows_unread_and_n_opens_first_unread(ui_cache: UICache) -> None:
    app = ui_cache.app()
    store = ui_cache.store()
    total = len(ui_cache.manifest["articles"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        assert screen.spec.key == "unread"
        assert screen.articles.count == total
        assert screen.status.info.count == total and screen.status.info.unread == total
        assert screen.reader.article is None
        first = store.page(ListQuery(unread_only=True), 0, 1)[0]
        await pilot.press("N")
        await settle(pilot)
        assert screen.reader.article_id == first.id
        assert store.article(first.id).read
        assert screen.articles.cursor == 0
        assert screen.status.info.unread == total - 1


async def test_cursor_keys_move_through_the_list(ui_cache: UICache) -> None:
    app = ui_cache.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        articles = screen.articles
        assert app.focused is articles
        for key, expected in [
            ("j", 1),
            ("down", 2),
            ("k", 1),
            ("up", 0),
            ("up", 0),
            ("pagedown", None),
            ("G", articles.count - 1),
            ("g", 0),
            ("end", articles.count - 1),
            ("home", 0),
        ]:
            await pilot.press(key)
            await settle(pilot)
            if expected is None:
                assert articles.cursor > 3
            else:
                assert articles.cursor == expected, key
        await pilot.press("pagedown", "pagedown", "pageup")
        await settle(pilot)
        page = articles.scrollable_content_region.height - 1
        assert articles.cursor == page
        # the row under the cursor is always a loaded, real row
        await pilot.press("G")
        await settle(pilot)
        assert articles.current is not None
        assert screen.status.info.position == articles.count


async def test_enter_opens_and_marks_read_and_n_p_step(ui_cache: UICache) -> None:
    app = ui_cache.app()
    store = ui_cache.store()
    titles = titles_by_url(ui_cache)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, "all")
        articles = screen.articles
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        row = articles.row(2)
        assert screen.reader.article_id == row.id
        assert screen.reader.text_lines()[0] == titles[row.url]
        assert store.article(row.id).read
        assert articles.row(2).read  # the marker changes in place
        await pilot.press("n")
        await settle(pilot)
        assert articles.cursor == 3 and screen.reader.article_id == articles.row(3).id
        await pilot.press("p", "p")
        await settle(pilot)
        assert articles.cursor == 1 and screen.reader.article_id == articles.row(1).id
        await pilot.press("p", "p")
        await settle(pilot)
        assert articles.cursor == 0
        assert screen.reader.article_id == articles.row(0).id


async def test_fast_keys_never_show_the_wrong_article(ui_cache: UICache) -> None:
    app = ui_cache.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, "all")
        await pilot.press(*("n" * 12))
        await pilot.press("G", "p", "p", "p")
        await settle(pilot)
        articles = screen.articles
        assert articles.cursor == articles.count - 4
        assert screen.reader.article_id == articles.current.id


async def test_next_unread_crosses_zones_both_ways(ui_cache: UICache) -> None:
    app = ui_cache.app()
    store = ui_cache.store()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        from zonereader.ui.zones import iter_preorder

        leaves = [n.path for n in iter_preorder(screen.zones) if n.direct_total]
        first, second = leaves[0], leaves[1]
        screen = await open_list(pilot, f"zone:{first}")
        count = screen.articles.count
        # open the last article of the first zone, then N goes on into the next zone
        await pilot.press("G", "enter")
        await settle(pilot)
        last_id = screen.reader.article_id
        await pilot.press("N")
        await settle(pilot)
        assert screen.spec.key == f"zone:{second}"
        newest_second = store.page(ListQuery(zone=second), 0, 1)[0]
        assert screen.reader.article_id == newest_second.id
        assert screen.zone_tree.cursor_key == f"zone:{second}"
        assert screen.articles.current.id == newest_second.id
        # P from the first article of the second zone goes back to the first zone's last
        # unread article (its very last one was read above)
        await pilot.press("P")
        await settle(pilot)
        assert screen.spec.key == f"zone:{first}"
        expected = store.page(ListQuery(zone=first), count - 2, 1)[0]
        assert screen.reader.article_id == expected.id
        assert expected.id != last_id
        assert screen.articles.cursor == count - 2


async def test_next_unread_skips_read_articles_and_says_when_done(ui_cache: UICache) -> None:
    app = ui_cache.app()
    store = ui_cache.store()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, "all")
        rows = store.page(ListQuery(), 0, 5)
        for row in rows[1:4]:
            store.set_read(row.id, True)
        await pilot.press("enter")  # opens row 0
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        assert screen.reader.article_id == rows[4].id
        await pilot.press("P")
        await settle(pilot)
        assert screen.reader.article_id == rows[0].id or store.article(rows[0].id).read
        store.mark_read(ListQuery())
        await pilot.press("N")
        await settle(pilot)
        assert any("No more unread" in str(n.message) for n in app._notifications)


async def test_unread_only_filter(ui_cache: UICache) -> None:
    app = ui_cache.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, "all")
        total = screen.articles.count
        await pilot.press("enter", "n", "n")
        await settle(pilot)
        current = screen.articles.current.id
        await pilot.press("u")
        await settle(pilot)
        assert screen.unread_only and screen.status.info.unread_only
        assert screen.articles.count == total - 3
        await pilot.press("u")
        await settle(pilot)
        assert screen.articles.count == total
        assert screen.articles.current.id == current


async def test_bookmark_and_read_toggles(ui_cache: UICache) -> None:
    app = ui_cache.app()
    store = ui_cache.store()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, "all")
        row = screen.articles.current
        await pilot.press("b")
        await settle(pilot)
        assert store.article(row.id).bookmarked
        assert screen.articles.current.bookmarked
        await pilot.press("m")
        await settle(pilot)
        assert store.article(row.id).read and screen.articles.current.read
        await pilot.press("m")
        await settle(pilot)
        assert not store.article(row.id).read
        # once an article is open, b and m act on it, whichever pane has focus
        await pilot.press("j", "enter", "j")
        await settle(pilot)
        assert app.focused is screen.articles and screen.articles.cursor == 2
        shown = screen.reader.article_id
        assert shown != screen.articles.current.id
        await pilot.press("b")
        await settle(pilot)
        assert store.article(shown).bookmarked and screen.reader.article.bookmarked
        assert not store.article(screen.articles.current.id).bookmarked
        title = store.article(shown).article.title
        assert any(f"Bookmarked: {title}" in str(n.message) for n in app._notifications)
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is screen.reader
        await pilot.press("m")
        await settle(pilot)
        assert not store.article(shown).read
        assert any(f"Marked unread: {title}" in str(n.message) for n in app._notifications)
        await pilot.press("m")
        await settle(pilot)
        assert store.article(shown).read
        screen = await open_list(pilot, "bookmarks")
        assert screen.articles.count == 2
        # the tree counts unread articles only: one of the two bookmarks is unread
        assert str(screen.zone_tree._by_key["bookmarks"].label) == "Bookmarks 1"
        assert "2 articles, 1 unread" in str(screen.articles.border_title)


async def test_mark_list_read_asks_first(ui_cache: UICache) -> None:
    app = ui_cache.app()
    store = ui_cache.store()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        zone = "开发区新闻/浙江/舟山/文字新闻"
        screen = await open_list(pilot, f"zone:{zone}")
        unread = store.count(ListQuery(zone=zone, unread_only=True))
        assert unread > 0
        await pilot.press("M")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert store.count(ListQuery(zone=zone, unread_only=True)) == unread
        await pilot.press("M")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert store.count(ListQuery(zone=zone, unread_only=True)) == 0
        assert store.unread_total() == len(ui_cache.manifest["articles"]) - unread
        assert screen.articles.current.read  # the list was refreshed in place


async def test_search_two_and_four_characters_and_escape_returns(ui_cache: UICache) -> None:
    app = ui_cache.app()
    store = ui_cache.store()
    articles = ui_cache.manifest["articles"]

    def expected(term: str) -> int:
        return sum(
            1 for a in articles if term in a["title"] or any(term in p for p in a["paragraphs"])
        )

    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, "all")
        await pilot.press("j", "j", "j")
        await settle(pilot)
        before = screen.articles.current.id
        for term in ("招商", "高质量发展"[:4], "产业园区"):
            await pilot.press("slash")
            await settle(pilot)
            assert isinstance(app.screen, SearchScreen)
            field = app.screen.query_one("#search-input")
            field.value = term
            await pilot.press("enter")
            await settle(pilot)
            assert screen.spec.is_search and screen.spec.query.search == term
            assert screen.articles.count == expected(term) == store.count(ListQuery(search=term))
            assert screen.articles.count > 0
            assert term in screen.status.info.place
        await pilot.press("enter")
        await settle(pilot)
        shown = screen.reader.article.article
        assert term in shown.title or any(term in p for p in shown.paragraphs)
        await pilot.press("escape")
        await settle(pilot)
        assert screen.spec.key == "all"
        assert screen.articles.current.id == before


async def test_help_lists_every_binding_and_palette_runs_actions(ui_cache: UICache) -> None:
    from zonereader.ui.keymap import KEY_SPECS

    app = ui_cache.app()
    store = ui_cache.store()
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        from rich.console import Console

        console = Console(width=110, record=True, file=io.StringIO())
        from zonereader.ui.screens.help import help_table

        console.print(help_table(keymap_in_effect(app)))
        rendered = console.export_text()
        for spec in KEY_SPECS:
            assert spec.description.split(";")[0] in rendered
            assert spec.id in rendered
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        row = main(app).articles.current
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Bookmark on")
        await wait_for_palette_hit(pilot, "Bookmark on/off")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert store.article(row.id).bookmarked


async def wait_for_palette_hit(pilot: Any, description: str) -> None:
    """Wait until the command palette lists ``description`` first (it searches in a worker)."""
    from textual.command import CommandList

    def first_hit() -> str:
        hits = pilot.app.screen.query(CommandList)
        if not hits or not hits.first().option_count:
            return ""
        return str(hits.first().get_option_at_index(0).prompt)

    await wait_until(pilot, lambda: description in first_hit())


@pytest.mark.parametrize("spec", palette_specs(), ids=lambda spec: spec.id)
async def test_every_palette_entry_runs_its_action(ui_cache: UICache, spec: KeySpec) -> None:
    """Each entry of the command palette runs as its key would, with the list focused."""
    app = ui_cache.app()
    store = ui_cache.store()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        row = screen.articles.current
        assert row is not None and app.focused is screen.articles
        hits = {hit.text: hit async for hit in ActionsProvider(screen).discover()}
        await hits[spec.description].command()
        if spec.action == "app.quit":
            assert app.return_code == 0
            return
        await settle(pilot)
        check = PALETTE_EFFECTS.get(spec.id)
        if check is not None:
            assert check(app, store, row.id, ui_cache), spec.id


#: What some palette entries visibly do (every entry must at least run without an error).
PALETTE_EFFECTS: dict[str, Any] = {
    "open": lambda app, store, row_id, cache: main(app).reader.article_id == row_id,
    "next_article": lambda app, store, row_id, cache: main(app).reader.article_id == row_id,
    "next_unread": lambda app, store, row_id, cache: main(app).reader.article_id is not None,
    "toggle_bookmark": lambda app, store, row_id, cache: store.article(row_id).bookmarked,
    "toggle_read": lambda app, store, row_id, cache: store.article(row_id).read,
    "mark_zone_read": lambda app, store, row_id, cache: isinstance(app.screen, ConfirmScreen),
    "unread_only": lambda app, store, row_id, cache: main(app).unread_only,
    "search": lambda app, store, row_id, cache: isinstance(app.screen, SearchScreen),
    "help": lambda app, store, row_id, cache: isinstance(app.screen, HelpScreen),
    "zoom": lambda app, store, row_id, cache: main(app).zoomed,
    "open_browser": lambda app, store, row_id, cache: (
        cache.opened == [store.article(row_id).article.url]
    ),
}


async def test_tab_cycles_panes_and_zoom(ui_cache: UICache) -> None:
    app = ui_cache.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        assert isinstance(app.focused, ArticleList)
        await pilot.press("tab")
        assert isinstance(app.focused, Reader)
        await pilot.press("tab")
        assert isinstance(app.focused, ZoneTree)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, Reader)
        await pilot.press("z")
        await settle(pilot)
        assert screen.has_class("-zoom") and screen.articles.region.width == 0
        assert screen.zone_tree.region.width == 0 and screen.reader.region.width == SIZE[0]
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.has_class("-zoom")
        assert screen.zone_tree.region.width > 0


async def test_open_in_browser_and_copy_url(ui_cache: UICache) -> None:
    app = ui_cache.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        row = screen.articles.current
        await pilot.press("o")
        await settle(pilot)
        assert ui_cache.opened == [row.url]
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard == row.url


async def test_site_links_follow_cached_neighbours(ui_cache: UICache) -> None:
    app = ui_cache.app()
    store = ui_cache.store()
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot, "all")
        screen = main(app)
        await pilot.press("enter")
        await settle(pilot)
        stored = screen.reader.article
        # walk to an article that has both links
        while stored.article.prev_link is None or stored.article.next_link is None:
            await pilot.press("n")
            await settle(pilot)
            stored = screen.reader.article
        next_url = stored.article.next_link.url
        prev_url = stored.article.prev_link.url
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.reader.article.article.url == next_url
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.reader.article.id == stored.id
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.reader.article.article.url == prev_url
        assert store.article_by_url(prev_url).read


async def test_quit_saves_position_and_restart_restores_it(ui_cache: UICache) -> None:
    zone = "开发区新闻/浙江/舟山/文字新闻"
    app = ui_cache.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, f"zone:{zone}")
        screen.articles.move_cursor(30)
        await pilot.press("enter")
        await settle(pilot)
        article_id = screen.reader.article_id
        cursor = screen.articles.cursor
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    again = ui_cache.app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(again)
        assert screen.spec.key == f"zone:{zone}"
        assert screen.articles.cursor == cursor
        assert screen.reader.article_id == article_id
        assert screen.zone_tree.cursor_key == f"zone:{zone}"


async def test_bookmark_survives_restart(ui_cache: UICache) -> None:
    app = ui_cache.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, "all")
        await pilot.press("j", "j", "b")
        await settle(pilot)
        bookmarked = screen.articles.current.id
        await pilot.press("q")
    again = ui_cache.app()
    async with again.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, "bookmarks")
        assert screen.articles.count == 1
        assert screen.articles.current.id == bookmarked
        assert screen.articles.current.bookmarked


async def test_resize_keeps_the_position(ui_cache: UICache) -> None:
    app = ui_cache.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(pilot, "all")
        screen.articles.move_cursor(40)
        await pilot.press("enter")
        await settle(pilot)
        assert not screen.has_class("-wide")
        article_id, cursor = screen.reader.article_id, screen.articles.cursor
        # narrow: the reader has the screen
        assert screen.reading and app.focused is screen.reader
        assert not screen.articles.display and screen.reader.region.height >= 18
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        assert screen.has_class("-wide")
        tree, lst, reader = screen.zone_tree.region, screen.articles.region, screen.reader.region
        assert tree.x < lst.x < reader.x and tree.y == lst.y == reader.y
        assert screen.articles.cursor == cursor and screen.reader.article_id == article_id
        top = screen.articles.scroll_y
        assert top <= cursor < top + screen.articles.scrollable_content_region.height
        assert app.focused is screen.reader
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not screen.has_class("-wide")
        assert screen.reading  # the reader had the focus: it keeps the screen
        assert screen.articles.cursor == cursor and screen.reader.article_id == article_id
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.reading and app.focused is screen.articles
        top = screen.articles.scroll_y
        assert top <= cursor < top + screen.articles.scrollable_content_region.height


async def test_remapped_keys_from_config(ui_cache: UICache) -> None:
    from dataclasses import replace

    config = replace(ui_cache.config, keys={"next_article": "ctrl+n,x", "bogus": "k"})
    app = ui_cache.app(config)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, "all")
        await pilot.press("enter", "x")
        await settle(pilot)
        assert screen.articles.cursor == 1
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen.articles.cursor == 2
        await pilot.press("n")  # no longer bound
        await settle(pilot)
        assert screen.articles.cursor == 2
        assert any("bogus" in str(n.message) for n in app._notifications)


async def test_theme_from_config_and_no_color(ui_cache: UICache, monkeypatch: Any) -> None:
    from dataclasses import replace

    from zonereader.config import UISettings

    monkeypatch.setenv("NO_COLOR", "1")
    config = replace(ui_cache.config, ui=UISettings(theme="textual-light"))
    app = ui_cache.app(config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-light"
        assert app.no_color


async def test_empty_cache_says_what_to_do(tmp_path: Any) -> None:
    from zonereader.config import Config
    from zonereader.store import Store
    from zonereader.ui.app import make_app
    from zonereader.ui.widgets.empty import EmptyPanel

    db = tmp_path / "empty.db"
    store = Store.open(db)
    try:
        app = make_app(Config(), store, db, check_interval=0)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            screen = main(app)
            assert screen.has_class("-empty")
            panel = screen.query_one(EmptyPanel)
            assert panel.display and panel.region.height > 5
            assert screen.query_one("#panes").region.height == 0
            text = str(panel.render())
            assert "zonereader source add URL" in text and "zonereader demo" in text
            await pilot.press("N", "n", "b", "m", "o", "y", "u", "r")
            await settle(pilot)
            assert screen.has_class("-empty")
            assert any("source add" in str(n.message) for n in app._notifications)
    finally:
        store.close()
