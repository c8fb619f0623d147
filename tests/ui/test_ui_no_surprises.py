"""No surprises: a remapped key that cannot work is reported with its fix, the key bar shows
remapped keys, a theme chosen in the app persists, search can stay in a zone and highlights
what it found, a search the cache cannot run says why."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ui_helpers import UICache, settle

from zonereader.config import UISettings
from zonereader.ui.screens.main import MainScreen
from zonereader.ui.screens.search import SearchScreen

SIZE = (150, 40)


def main(app: Any) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


def messages(app: Any) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def test_a_key_taken_by_the_palette_is_reported_and_moving_the_palette_frees_it(
    ui_cache: UICache,
) -> None:
    config = replace(ui_cache.config, keys={"previous_article": "p,ctrl+p"})
    app = ui_cache.app(config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any("ctrl+p" in m and "command_palette" in m for m in messages(app))
    moved = replace(
        ui_cache.config,
        keys={"previous_article": "p,ctrl+p", "command_palette": "f2", "toggle_bookmark": "s"},
    )
    app = ui_cache.app(moved)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        assert not any("[keys]" in m for m in messages(app))
        await pilot.press("j", "j", "enter", "ctrl+p")  # previous article, not the palette
        await settle(pilot)
        assert screen.articles.cursor == 1 and isinstance(app.screen, MainScreen)
        # the key bar shows the remapped key for Bookmark
        bar = str(screen.query_one("#keys").render())
        assert "s Bookmark" in bar and "b Bookmark" not in bar


async def test_a_theme_chosen_in_the_app_is_there_next_time(ui_cache: UICache) -> None:
    app = ui_cache.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "nord"  # what the palette's "Change theme" does
        await settle(pilot)
    again = ui_cache.app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "nord"
    # a theme set in the config afterwards wins over the one chosen before it
    configured = ui_cache.app(replace(ui_cache.config, ui=UISettings(theme="gruvbox")))
    async with configured.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert configured.theme == "gruvbox"


async def test_search_in_a_zone_or_everywhere_and_the_words_are_highlighted(
    ui_cache: UICache,
) -> None:
    app = ui_cache.app()
    store = ui_cache.store()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        screen.zone_tree.focus()
        screen.zone_tree.select_key("zone:开发区新闻/浙江/舟山")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen) and app.screen.in_zone
        await pilot.press(*"园区", "enter")
        await settle(pilot)
        in_zone = screen.articles.count
        rows = [screen.articles.row(n) for n in range(min(in_zone, 50))]
        assert in_zone and all(row and "舟山" in row.zone for row in rows)
        await pilot.press("enter")
        await settle(pilot)
        text = screen.reader.query_one("#reader-text")
        assert text._matches is not None and text._matches.search("园区")
        # Tab in the prompt: the whole cache
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert screen.articles.count > in_zone
        assert screen.articles.count == store.count(screen.spec.query)
        # Escape goes back to the zone the search started from
        await pilot.press("escape")
        await settle(pilot)
        assert screen.spec.key == "zone:开发区新闻/浙江/舟山"


async def test_a_query_that_does_not_parse_stays_in_the_prompt(ui_cache: UICache) -> None:
    app = ui_cache.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"(招商", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        scope = str(app.screen.query_one("#search-scope").render())
        assert "never closed" in scope or "(" in scope
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and main(app).spec.key == "unread"
