"""Snapshots of the layout (pytest-textual-snapshot): main screen at 80×24 and 160×48, help.

Fixed data (the sample portal's articles at a fixed address, inserted in a fixed order) and a
fixed clock make every run draw the same screen. Update with ``pytest --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ui_helpers import FIXED_NOW, fixed_cache, settle

from zonereader.config import Config, SourceConfig
from zonereader.store import Store
from zonereader.ui.app import make_app

CONFIG = Config(sources=(SourceConfig(name="sample", url="http://portal.test/kfq/index.html"),))


@pytest.fixture
def fixed_app(tmp_path: Path) -> Iterator[Any]:
    db = tmp_path / "fixed.db"
    fixed_cache(db)
    store = Store.open(db)
    try:
        yield make_app(CONFIG, store, db, clock=lambda: FIXED_NOW, check_interval=0, counts_delay=0)
    finally:
        store.close()


async def _open_first_unread(pilot: Any) -> None:
    await settle(pilot)
    await pilot.press("N")
    await settle(pilot)


async def _zone_and_article(pilot: Any) -> None:
    await settle(pilot)
    screen = pilot.app.screen
    screen.zone_tree.focus()
    screen.zone_tree.select_key("zone:开发区新闻/浙江/舟山/文字新闻")
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("j", "j", "enter", "b")
    await settle(pilot)
    pilot.app.clear_notifications()  # toasts time out: keep them out of the picture
    await settle(pilot)


async def _help(pilot: Any) -> None:
    await settle(pilot)
    await pilot.press("question_mark")
    await settle(pilot)


def test_main_screen_80x24(snap_compare: Any, fixed_app: Any) -> None:
    assert snap_compare(fixed_app, terminal_size=(80, 24), run_before=_open_first_unread)


def test_main_screen_160x48(snap_compare: Any, fixed_app: Any) -> None:
    assert snap_compare(fixed_app, terminal_size=(160, 48), run_before=_zone_and_article)


def test_help_screen(snap_compare: Any, fixed_app: Any) -> None:
    assert snap_compare(fixed_app, terminal_size=(100, 48), run_before=_help)
