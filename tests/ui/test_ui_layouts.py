"""The layouts as a person meets them: the list-first layout below 140 columns (list ≥ 18 rows
at 80×24, Enter reads full-screen, Escape or q comes back to the same row, the tree a drawer
that opens by itself on a first start), three panes from 140 (narrow tree, ≥ 30 cells of title
at 160, the zone or publishing-zone column), and resizing between them."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from ui_helpers import UICache, settle

from zonereader.ui.screens.main import MainScreen


def main(app: Any) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


def row_text(screen: MainScreen, index: int) -> str:
    """What the list draws for row ``index`` (its text, as on screen)."""
    articles = screen.articles
    strip = articles.render_line(index - int(articles.scroll_y))
    return "".join(segment.text for segment in strip)


async def test_80x24_list_first_enter_reads_escape_and_q_come_back(ui_cache: UICache) -> None:
    app = ui_cache.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main(app)
        # a first start: the drawer is open (no zone chosen yet); Escape gives the list the screen
        assert screen.drawer and app.focused is screen.zone_tree
        assert screen.zone_tree.region.width > 0
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.drawer and app.focused is screen.articles
        assert screen.zone_tree.region.width == 0 and screen.reader.region.width == 0
        assert screen.articles.scrollable_content_region.height >= 18
        await pilot.press("j", "j", "j", "enter")
        await settle(pilot)
        row = screen.articles.row(3)
        assert screen.reading and app.focused is screen.reader
        assert screen.reader.article_id == row.id
        assert screen.articles.region.height == 0 and screen.reader.region.height >= 20
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.reading and screen.articles.cursor == 3
        assert app.focused is screen.articles
        # n reads the next one full-screen; q in the reader goes back instead of quitting
        await pilot.press("n")
        await settle(pilot)
        assert screen.reading and screen.reader.article_id == screen.articles.row(4).id
        await pilot.press("q")
        await settle(pilot)
        assert not screen.reading and screen.articles.cursor == 4 and app.return_code is None
        # t opens the drawer; choosing a zone closes it and shows the zone's list
        await pilot.press("t")
        await settle(pilot)
        assert screen.drawer and app.focused is screen.zone_tree
        screen.zone_tree.select_key("zone:开发区新闻/浙江/舟山")
        await pilot.press("enter")
        await settle(pilot)
        assert not screen.drawer and screen.spec.key == "zone:开发区新闻/浙江/舟山"
        assert app.focused is screen.articles
        assert "articles" in str(screen.articles.border_title)


async def test_a_restart_with_a_saved_position_does_not_open_the_drawer(
    ui_cache: UICache,
) -> None:
    app = ui_cache.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "j", "j")
        await settle(pilot)
        await app.action_quit()
    again = ui_cache.app()
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main(again)
        assert not screen.drawer and again.focused is screen.articles
        assert screen.articles.cursor == 2


async def test_160x48_three_panes_narrow_tree_and_a_column(ui_cache: UICache) -> None:
    app = ui_cache.app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = main(app)
        assert screen.wide and not screen.drawer
        tree, articles, reader = (
            screen.zone_tree.region,
            screen.articles.region,
            screen.reader.region,
        )
        assert tree.x < articles.x < reader.x and tree.y == articles.y == reader.y
        assert tree.width <= 32
        # a cross-zone list (Unread) shows the zone; its titles keep 30 cells or more
        text = row_text(screen, 0)
        row = screen.articles.row(0)
        assert row.zone.split("/")[-1] in text
        title_cells = cell_len(text.split("  ")[2].rstrip("…")) if "  " in text else 0
        assert title_cells >= 29, text  # 30 cells with the ellipsis
        # a zone's list shows the publishing zone (发布开发区) instead
        screen.zone_tree.focus()
        screen.zone_tree.select_key("zone:开发区新闻/浙江/舟山/文字新闻")
        await pilot.press("enter")
        await settle(pilot)
        row = screen.articles.row(0)
        assert row.publisher and row.publisher[:4] in row_text(screen, 0)


async def test_resizing_between_the_layouts_keeps_list_article_and_pane(
    ui_cache: UICache,
) -> None:
    app = ui_cache.app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = main(app)
        await pilot.press("j", "j", "j", "j", "j", "enter")
        await settle(pilot)
        article = screen.reader.article_id
        assert app.focused is screen.articles and article is not None
        await pilot.resize_terminal(120, 35)
        await settle(pilot)
        # the list had the focus: the list-first layout shows the list, cursor where it was
        assert not screen.wide and not screen.reading and screen.articles.cursor == 5
        assert screen.reader.article_id == article
        await pilot.press("enter")
        await settle(pilot)
        assert screen.reading
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        assert screen.wide and app.focused is screen.reader
        assert screen.articles.cursor == 5 and screen.reader.article_id == article
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert screen.reading and screen.reader.article_id == article


async def test_tree_counts_are_unread_only_also_without_colour(
    ui_cache: UICache, monkeypatch: Any
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = ui_cache.app()
    store = ui_cache.store()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = main(app)
        key = "zone:开发区新闻/浙江/舟山/图片新闻"
        screen.zone_tree.focus()
        screen.zone_tree.select_key(key)
        await pilot.press("enter")
        await settle(pilot)
        label = str(screen.zone_tree._by_key[key].label)
        total = screen.articles.count
        assert label == f"图片新闻 {total}"  # every one unread
        await pilot.press("M", "y")
        await settle(pilot)
        # none unread: no number at all (the total is in the list's header)
        assert str(screen.zone_tree._by_key[key].label) == "图片新闻"
        assert f"{total} articles, all read" in str(screen.articles.border_title)
        assert store.count(screen.spec.query) == total
