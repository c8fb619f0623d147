"""Snapshots of the layouts (pytest-textual-snapshot) at 80×24, 120×35 and 160×48, and of the
help screen and the links view.

Fixed data (the sample portal's articles at a fixed address, inserted in a fixed order) and a
fixed clock make every run draw the same screen; pictures are off (they would need a server).
Update with ``pytest --snapshot-update`` and look at every changed SVG before committing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ui_helpers import FIXED_NOW, fixed_cache, settle

from zonereader.config import Config, SourceConfig, UISettings
from zonereader.store import Store
from zonereader.ui.app import make_app

CONFIG = Config(
    sources=(SourceConfig(name="sample", url="http://portal.test/kfq/index.html"),),
    ui=UISettings(images=False),
)
ZONE = "zone:开发区新闻/浙江/舟山/文字新闻"
PICTURES = "zone:开发区新闻/浙江/舟山/图片新闻"


@pytest.fixture
def fixed_app(tmp_path: Path) -> Iterator[Any]:
    db = tmp_path / "fixed.db"
    fixed_cache(db)
    store = Store.open(db)
    try:
        yield make_app(CONFIG, store, db, clock=lambda: FIXED_NOW, check_interval=0, counts_delay=0)
    finally:
        store.close()


async def _quiet(pilot: Any) -> None:
    await settle(pilot)
    pilot.app.clear_notifications()  # toasts time out: keep them out of the picture
    await settle(pilot)


async def _choose(pilot: Any, key: str) -> None:
    """Choose a list in the zone tree, as a person does (the drawer when it is one)."""
    screen = pilot.app.screen
    if screen.wide:
        screen.zone_tree.focus()
    else:
        screen.drawer = True
    await settle(pilot)
    screen.zone_tree.select_key(key)
    await pilot.press("enter")
    await settle(pilot)


async def _list_80(pilot: Any) -> None:
    """A first start: the drawer opens by itself; Escape leaves the list the whole screen."""
    await settle(pilot)
    await pilot.press("escape")
    await pilot.press("j", "j")
    await _quiet(pilot)


async def _reading_80(pilot: Any) -> None:
    await settle(pilot)
    await _choose(pilot, PICTURES)
    await pilot.press("enter", "b")
    await _quiet(pilot)


async def _drawer_120(pilot: Any) -> None:
    await settle(pilot)
    await _choose(pilot, ZONE)
    await pilot.press("t")
    await _quiet(pilot)


async def _panes_160(pilot: Any) -> None:
    await settle(pilot)
    await _choose(pilot, ZONE)
    await pilot.press("j", "j", "enter", "b")
    await _quiet(pilot)


async def _help(pilot: Any) -> None:
    await settle(pilot)
    await pilot.press("question_mark")
    await settle(pilot)


async def _links(pilot: Any) -> None:
    await settle(pilot)
    await _choose(pilot, PICTURES)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("l")
    await _quiet(pilot)


def test_list_first_80x24(snap_compare: Any, fixed_app: Any) -> None:
    assert snap_compare(fixed_app, terminal_size=(80, 24), run_before=_list_80)


def test_reading_full_screen_80x24(snap_compare: Any, fixed_app: Any) -> None:
    assert snap_compare(fixed_app, terminal_size=(80, 24), run_before=_reading_80)


def test_list_with_the_drawer_120x35(snap_compare: Any, fixed_app: Any) -> None:
    assert snap_compare(fixed_app, terminal_size=(120, 35), run_before=_drawer_120)


def test_three_panes_160x48(snap_compare: Any, fixed_app: Any) -> None:
    assert snap_compare(fixed_app, terminal_size=(160, 48), run_before=_panes_160)


def test_help_screen(snap_compare: Any, fixed_app: Any) -> None:
    assert snap_compare(fixed_app, terminal_size=(100, 48), run_before=_help)


def test_links_view(snap_compare: Any, fixed_app: Any) -> None:
    assert snap_compare(fixed_app, terminal_size=(100, 30), run_before=_links)
