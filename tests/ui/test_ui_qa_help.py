"""Found in hands-on QA: at 80x24 the help screen is taller than the terminal; G and g reach its
ends, as the help itself says they do in every pane."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import UICache, fixed_cache, settle

from zonereader.config import Config
from zonereader.ui.screens.help import HelpScreen


async def test_help_screen_scrolls_to_its_ends_with_g_and_G(tmp_path: Path) -> None:
    db_path = tmp_path / "cache.db"
    cache = UICache(db_path, tmp_path / "absent.toml", fixed_cache(db_path, 10))
    try:
        app = cache.app(config=Config())
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("question_mark")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            box = app.screen.query_one("#help-box")
            assert box.max_scroll_y > 0
            await pilot.press("G")
            await settle(pilot)
            assert box.scroll_y == box.max_scroll_y
            await pilot.press("g")
            await settle(pilot)
            assert box.scroll_y == 0
    finally:
        cache.close()
