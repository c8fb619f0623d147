"""The zonereader app: built by :func:`make_app` from its dependencies, screens do the work."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import BindingType
from textual.message import Message

from zonereader.config import Config
from zonereader.store import Store
from zonereader.ui.keymap import bindings, keymap_from_config
from zonereader.ui.reads import read_startup
from zonereader.ui.screens.main import MainScreen
from zonereader.ui.services import (
    FetchFunction,
    ImagesFunction,
    Services,
    SyncFunction,
    default_fetch,
    default_fetch_images,
    default_sync,
    now_cst,
    open_in_browser,
)


def actions_provider() -> type:
    """The command palette's provider of every action (imported when the palette opens)."""
    from zonereader.ui.commands import ActionsProvider

    return ActionsProvider


#: The theme last chosen in the app (kept in the cache, as the reading position is).
META_THEME = "ui.theme"
#: The config's ``[ui] theme`` when it was chosen: editing the config later wins over it.
META_THEME_CONFIG = "ui.theme_config"


class ZoneReaderApp(App[None]):
    """A keyboard-only reader over one cache."""

    CSS_PATH = "app.tcss"
    TITLE = "zonereader"
    COMMANDS = App.COMMANDS | {actions_provider}
    ENABLE_COMMAND_PALETTE = True
    # Our own palette binding (with an id), so that [keys] command_palette can move it.
    BINDINGS: ClassVar[list[BindingType]] = [*App.BINDINGS, *bindings("app")]

    def __init__(self, config: Config, store: Store, db_path: Path, services: Services) -> None:
        super().__init__()
        saved_theme = {key: store.get_meta(key) or "" for key in (META_THEME, META_THEME_CONFIG)}
        # Read what the first frame shows while Textual starts up (SQLite releases the GIL).
        self.prefetch: Future[list[Message]] = Future()
        topics = {topic.name: topic.query for topic in config.topics}
        threading.Thread(target=self._prefetch, args=(store, topics), daemon=True).start()
        self.config = config
        self.store = store
        self.db_path = db_path
        self.services = services
        keymap, self.key_warnings = keymap_from_config(config.keys)
        self.set_keymap(keymap)
        self.theme_warning = ""
        self._pick_theme(saved_theme[META_THEME], saved_theme[META_THEME_CONFIG])

    def _pick_theme(self, chosen: str, chosen_under: str) -> None:
        """The theme last chosen in the app, unless the config's [ui] theme changed since."""
        wanted = self.config.ui.theme
        if chosen and chosen_under == wanted and chosen in self.available_themes:
            self.theme = chosen
        elif wanted:
            if wanted in self.available_themes:
                self.theme = wanted
            else:
                names = ", ".join(sorted(self.available_themes))
                self.theme_warning = f"[ui] theme {wanted!r} is unknown (try: {names})"
        self._theme_shown = self.theme

    def watch_theme(self, theme: str) -> None:
        """Remember a theme chosen in the app (the command palette's "Change theme")."""
        if theme != getattr(self, "_theme_shown", theme):
            self._theme_shown = theme
            self._save_theme(theme, self.config.ui.theme)

    @work(thread=True, group="theme", exclusive=True)
    def _save_theme(self, theme: str, under_config: str) -> None:
        """Write the chosen theme, and the config's theme it was chosen over."""
        self.store.set_meta(META_THEME, theme)
        self.store.set_meta(META_THEME_CONFIG, under_config)

    def _prefetch(self, store: Store, topics: dict[str, str]) -> None:
        try:
            self.prefetch.set_result(read_startup(store, topics))
        except BaseException as exc:  # handed to the screen's worker, which raises it
            self.prefetch.set_exception(exc)

    def on_mount(self) -> None:
        """Open the main screen and say what was wrong in the config, if anything."""
        screen = MainScreen(self.config, self.store, self.db_path, self.services, self.prefetch)
        self.push_screen(screen)
        for warning in [*self.key_warnings, self.theme_warning]:
            if warning:
                self.notify(warning, severity="warning", markup=False, timeout=8)

    async def action_quit(self) -> None:
        """Save the position and quit."""
        self.save_position()
        self.exit()

    def save_position(self) -> None:
        """Write the reading position now (it is also saved as it changes)."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.save_now()


def make_app(
    config: Config,
    store: Store,
    db_path: Path,
    *,
    clock: Callable[[], datetime] | None = None,
    sync: SyncFunction | None = None,
    fetch_article: FetchFunction | None = None,
    fetch_images: ImagesFunction | None = None,
    open_url: Callable[[str], bool] | None = None,
    check_interval: float = 5.0,
    save_delay: float = 0.3,
    counts_delay: float = 0.4,
) -> ZoneReaderApp:
    """Build the app over an open ``store``.

    Args:
        config: The loaded configuration (sources, theme, key remaps).
        store: The open cache; the caller closes it after the app exits.
        db_path: Where the cache lives (a sync opens its own connection to it).
        clock: Returns "now" (aware); tests pass a fixed one.
        sync: Runs a sync (default: :func:`zonereader.sync.engine.run_sync`).
        fetch_article: Fetches one article by URL (default: the sync engine's).
        fetch_images: Brings an article's pictures into the image cache (default: the sync's).
        open_url: Opens a URL in a browser (default: :func:`webbrowser.open`).
        check_interval: Seconds between checks for syncs by other processes (0: never).
        save_delay: Seconds the position waits before it is written.
        counts_delay: Seconds the tree's counts wait before they are re-read after a change.

    Returns:
        The app, ready for ``run()`` or ``run_test()``.
    """
    services = Services(
        clock=clock or now_cst,
        sync=sync or default_sync,
        fetch_article=fetch_article or default_fetch,
        fetch_images=fetch_images or default_fetch_images,
        open_url=open_url or open_in_browser,
        check_interval=check_interval,
        save_delay=save_delay,
        counts_delay=counts_delay,
    )
    return ZoneReaderApp(config, store, db_path, services)
