"""Every key the help screen lists does what it says: one test per entry of the key table,
pressed as a person would (the key itself, remapped or not), with the app in a state where the
key has something to act on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from textual.command import CommandPalette
from ui_helpers import UICache, settle, wait_until

from zonereader.sync.report import SyncReport
from zonereader.ui.keymap import KEY_SPECS, KeySpec, keymap_in_effect, keys_in_effect
from zonereader.ui.screens.confirm import ConfirmScreen
from zonereader.ui.screens.help import HelpScreen
from zonereader.ui.screens.links import LinksScreen
from zonereader.ui.screens.main import MainScreen
from zonereader.ui.screens.search import SearchScreen
from zonereader.ui.screens.synclog import SyncLogScreen
from zonereader.ui.screens.topic_name import TopicNameScreen

WIDE = (150, 40)
NARROW = (100, 30)


@dataclass
class Before:
    """What the test saw before pressing the key."""

    row: int
    cursor: int
    article: int | None
    focused: Any
    read: bool
    bookmarked: bool
    scroll: float


def main(app: Any) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


def effect(spec: KeySpec, app: Any, before: Before, store: Any, synced: list[str]) -> bool:
    """Whether pressing ``spec``'s key did what the help screen says it does."""
    screen = app.screen if not isinstance(app.screen, MainScreen) else main(app)
    checks = {
        "cursor_down": lambda: main(app).articles.cursor == before.cursor + 1,
        "cursor_up": lambda: main(app).articles.cursor == before.cursor - 1,
        "page_down": lambda: main(app).articles.cursor > before.cursor + 1,
        "page_up": lambda: main(app).articles.cursor < before.cursor - 1,
        "first": lambda: main(app).articles.cursor == 0,
        "last": lambda: main(app).articles.cursor == main(app).articles.count - 1,
        "next_pane": lambda: app.focused is main(app).reader,
        "previous_pane": lambda: app.focused is main(app).zone_tree,
        "open": lambda: main(app).reader.article_id == before.row,
        "close_reader": lambda: not main(app).reading and app.focused is main(app).articles,
        "zones": lambda: app.focused is main(app).zone_tree,
        "next_article": lambda: main(app).articles.cursor == before.cursor + 1,
        "previous_article": lambda: main(app).articles.cursor == before.cursor - 1,
        "next_unread": lambda: main(app).reader.article_id not in (None, before.article),
        "previous_unread": lambda: main(app).reader.article_id not in (None, before.article),
        "site_previous": lambda: main(app).reader.article_id != before.article,
        "site_next": lambda: main(app).reader.article_id != before.article,
        "links": lambda: isinstance(screen, LinksScreen),
        "toggle_bookmark": lambda: store.article(before.article).bookmarked != before.bookmarked,
        "toggle_read": lambda: store.article(before.article).read != before.read,
        "mark_zone_read": lambda: isinstance(screen, ConfirmScreen),
        "unread_only": lambda: main(app).unread_only,
        "search": lambda: isinstance(screen, SearchScreen),
        "save_topic": lambda: isinstance(screen, TopicNameScreen),
        "back": lambda: not main(app).zoomed,
        "sync": lambda: synced == ["sync"],
        "sync_log": lambda: isinstance(screen, SyncLogScreen),
        "open_browser": lambda: len(app._test_opened) == 1,
        "copy_url": lambda: bool(app.clipboard),
        "zoom": lambda: main(app).zoomed,
        "help": lambda: isinstance(screen, HelpScreen),
        "quit": lambda: app.return_code == 0,
        "command_palette": lambda: isinstance(screen, CommandPalette),
    }
    return checks[spec.id]()


async def prepare(spec: KeySpec, pilot: Any) -> None:
    """Put the app where ``spec``'s key has something to do."""
    app = pilot.app
    screen = main(app)
    await settle(pilot)
    screen.drawer = False
    await settle(pilot)
    articles = screen.articles
    if spec.id in ("site_previous", "site_next", "close_reader"):
        # an article in the middle of a zone has both of the site's neighbours
        if screen.wide:
            screen.zone_tree.focus()
        else:
            screen.drawer = True
        await settle(pilot)
        screen.zone_tree.select_key("zone:开发区新闻/浙江/舟山/文字新闻")
        await pilot.press("enter")
        await settle(pilot)
    articles.focus()
    articles.move_cursor(10)
    await settle(pilot)
    await pilot.press("enter")  # an article is open: b, m, o, y, l, [, ] act on it
    await settle(pilot)
    if spec.id == "close_reader":
        return  # narrow: the reader has the screen
    if spec.id in ("cursor_down", "cursor_up", "page_down", "page_up", "first", "last"):
        articles.focus()
    elif spec.id == "back":
        await pilot.press("z")
    elif spec.id == "zones":
        articles.focus()
    elif spec.id == "save_topic":  # T saves the search shown
        await pilot.press("slash", *"园区", "enter")
    elif spec.id == "links":
        # l lists what the article links to: go on to an article that has links or pictures
        # (the cache's order of same-day articles is not fixed from one session to the next).
        for _ in range(40):
            shown = screen.reader.article
            if shown is not None and (shown.article.links or shown.article.images):
                break
            await pilot.press("n")
            await settle(pilot)
        else:
            raise AssertionError("no article with links or pictures near the cursor")
    if not screen.wide:
        await pilot.press("escape")
    await settle(pilot)


@pytest.mark.parametrize("spec", KEY_SPECS, ids=lambda spec: spec.id)
async def test_every_key_of_the_help_screen(ui_cache: UICache, spec: KeySpec) -> None:
    synced: list[str] = []

    def sync(config: Any, db_path: Any, *, progress: Any = None) -> SyncReport:
        synced.append("sync")
        return SyncReport()

    app = ui_cache.app(sync=sync)
    app._test_opened = ui_cache.opened
    store = ui_cache.store()
    size = NARROW if spec.id == "close_reader" else WIDE
    async with app.run_test(size=size) as pilot:
        await prepare(spec, pilot)
        screen = main(app)
        row = screen.articles.current
        assert row is not None
        shown = screen.reader.article
        before = Before(
            row=row.id,
            cursor=screen.articles.cursor,
            article=shown.id if shown else None,
            focused=app.focused,
            read=bool(shown and store.article(shown.id).read),
            bookmarked=bool(shown and store.article(shown.id).bookmarked),
            scroll=screen.reader.scroll_y,
        )
        if spec.id == "toggle_read":
            assert before.read  # opening marked it read; m marks it unread again
        await pilot.press(keys_in_effect(spec, keymap_in_effect(app))[0])
        await settle(pilot)
        # A key whose screen is pushed on a message from a worker may need a frame more on a
        # loaded machine: wait for the effect (bounded), never for a fixed time.
        await wait_until(pilot, lambda: effect(spec, app, before, store, synced))
