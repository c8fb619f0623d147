"""Found in hands-on QA: a restart (or a refresh) must show the cursor row, not rows above it."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import UICache, fixed_cache, settle

from zonereader.config import Config
from zonereader.ui.screens.main import MainScreen


def visible_titles(screen: MainScreen) -> list[str]:
    """The article list's lines as drawn now."""
    articles = screen.articles
    return [
        "".join(segment.text for segment in articles.render_line(y))
        for y in range(articles.size.height)
    ]


def assert_cursor_row_shown(screen: MainScreen, title: str) -> None:
    """The list's cursor row is inside the pane and shows the article titled ``title``."""
    articles = screen.articles
    top = int(articles.scroll_y)
    assert articles.current.title == title
    assert top <= articles.cursor < top + articles.size.height
    assert any(title[:6] in line for line in visible_titles(screen))


async def test_restart_at_80x24_shows_the_restored_cursor_row(tmp_path: Path) -> None:
    db_path = tmp_path / "cache.db"
    cache = UICache(db_path, tmp_path / "absent.toml", fixed_cache(db_path, 80))
    try:
        app = cache.app(config=Config())
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MainScreen)
            screen.articles.focus()
            await pilot.press("G")
            await settle(pilot)
            title = screen.articles.current.title
            assert screen.articles.cursor == 79
            await pilot.press("q")

        app = cache.app(config=Config())
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MainScreen)
            articles = screen.articles
            assert articles.cursor == 79
            assert_cursor_row_shown(screen, title)
    finally:
        cache.close()


async def test_shrinking_the_terminal_keeps_the_cursor_row_on_screen(tmp_path: Path) -> None:
    db_path = tmp_path / "cache.db"
    cache = UICache(db_path, tmp_path / "absent.toml", fixed_cache(db_path, 80))
    try:
        app = cache.app(config=Config())
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MainScreen)
            articles = screen.articles
            articles.focus()
            for _ in range(20):
                await pilot.press("j")
            await settle(pilot)
            title = articles.current.title
            await pilot.resize_terminal(80, 24)
            await settle(pilot)
            assert_cursor_row_shown(screen, title)
    finally:
        cache.close()


async def test_a_saved_screen_row_below_the_pane_still_shows_the_cursor(tmp_path: Path) -> None:
    """A position saved in a taller terminal (row 30) restored at 80x24 (6 list rows)."""
    from zonereader.ui.position import META_INDEX, META_ROW

    db_path = tmp_path / "cache.db"
    cache = UICache(db_path, tmp_path / "absent.toml", fixed_cache(db_path, 80))
    try:
        setup = cache.store()
        setup.set_meta(META_INDEX, "40")
        setup.set_meta(META_ROW, "30")
        app = cache.app(config=Config())
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MainScreen)
            articles = screen.articles
            assert articles.cursor == 40
            top = int(articles.scroll_y)
            assert top <= articles.cursor < top + articles.size.height
    finally:
        cache.close()
