"""Helpers for the app's tests: a synced cache opened as a running app, and a way to wait.

:class:`UICache` wraps a private copy of the cache synced from the sample portal; its
``app()`` builds the real app over it with a fixed clock, no periodic check unless asked,
and a recorder in place of the browser. ``settle`` waits until every worker has finished and
every message it posted has been handled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from zonereader.config import Config, load_config
from zonereader.models import CST
from zonereader.store import Store

FIXED_NOW = datetime(2024, 1, 2, 9, 30, tzinfo=CST)


@dataclass
class UICache:
    """A cache for app tests: its files, config and the portal's ground truth."""

    db_path: Path
    config_path: Path
    manifest: dict[str, Any]
    opened: list[str] = field(default_factory=list)
    stores: list[Store] = field(default_factory=list)

    @property
    def config(self) -> Config:
        """The config naming the cache's source."""
        return load_config(self.config_path)

    def store(self) -> Store:
        """A fresh connection to the cache (closed at teardown)."""
        store = Store.open(self.db_path)
        self.stores.append(store)
        return store

    def app(self, config: Config | None = None, **options: Any) -> Any:
        """Build the app over this cache (a new Store connection each time, as a restart)."""
        from zonereader.ui.app import make_app

        options.setdefault("clock", lambda: FIXED_NOW)
        options.setdefault("check_interval", 0)
        options.setdefault("save_delay", 0.05)
        options.setdefault("open_url", self._record_open)
        return make_app(config or self.config, self.store(), self.db_path, **options)

    def _record_open(self, url: str) -> bool:
        self.opened.append(url)
        return True


async def settle(pilot: Any, rounds: int = 200) -> None:
    """Wait until no worker runs and every message posted by workers has been handled."""
    app = pilot.app
    quiet = 0
    for _ in range(rounds):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        busy = any(not worker.is_finished for worker in app.workers)
        quiet = 0 if busy else quiet + 1
        if quiet >= 2:
            return
    raise AssertionError("the app did not settle")
