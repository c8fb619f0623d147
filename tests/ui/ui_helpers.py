"""Helpers for the app's tests: a synced cache opened as a running app, and a way to wait.

:class:`UICache` wraps a private copy of the cache synced from the sample portal; its
``app()`` builds the real app over it with a fixed clock, no periodic check unless asked,
and a recorder in place of the browser. ``settle`` waits until every worker has finished and
every message it posted has been handled.
"""

from __future__ import annotations

from collections.abc import Callable
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
        options.setdefault("counts_delay", 0)
        options.setdefault("open_url", self._record_open)
        return make_app(config or self.config, self.store(), self.db_path, **options)

    def close(self) -> None:
        """Close every connection :meth:`store` and :meth:`app` opened."""
        for store in self.stores:
            store.close()

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


async def wait_until(pilot: Any, condition: Callable[[], bool], rounds: int = 500) -> None:
    """Let the app run until ``condition()`` holds (never a fixed sleep); fail if it never does."""
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the condition never held")


def fixed_cache(db_path: Path, articles: int = 80) -> dict[str, Any]:
    """Fill ``db_path`` with the sample portal's articles at a fixed address, in a fixed order.

    Snapshots need the same bytes every run: no ephemeral port in URLs, no sync-time stamps.

    Returns:
        The manifest the articles came from.
    """
    from zonereader.demo import SamplePortal
    from zonereader.models import Article, BodyImage, BodyLink, SiteLink

    manifest = SamplePortal(articles=articles, seed=1).manifest("http://portal.test")
    titles = {a["url"]: a["title"] for a in manifest["articles"]}
    with Store.open(db_path) as store:
        for item in manifest["articles"]:
            prev_url, next_url = item.get("prev"), item.get("next")
            store.upsert_article(
                Article(
                    url=item["url"],
                    title=item["title"],
                    zone=item["zone"],
                    source="sample",
                    published=datetime.fromisoformat(item["datetime"]),
                    has_time=bool(item["has_time"]),
                    origin=item["origin"],
                    publisher=item["publisher"],
                    paragraphs=list(item["paragraphs"]),
                    prev_link=SiteLink(prev_url, titles.get(prev_url, "")) if prev_url else None,
                    next_link=SiteLink(next_url, titles.get(next_url, "")) if next_url else None,
                    links=[BodyLink(url, titles[url]) for url in (prev_url,) if url],
                    images=[BodyImage(url, item["title"], 0) for url in item["images"]],
                )
            )
    return manifest
