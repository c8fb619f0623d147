"""What the app needs from the world, passed in by its factory: clock, sync, fetches, browser.

Tests hand the app a fixed clock or a sync function of their own; the defaults call the real
sync engine (imported lazily, so opening the app does not import httpx) and the system browser.
"""

from __future__ import annotations

import webbrowser
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from zonereader.config import Config, SyncSettings
from zonereader.models import CST

if TYPE_CHECKING:
    from zonereader.sync.progress import ProgressCallback
    from zonereader.sync.report import SyncReport


class SyncFunction(Protocol):
    """Runs a sync of every configured source (the app's ``r``), as
    :func:`zonereader.sync.engine.run_sync` does.

    Called in a worker thread; ``progress`` gets each progress event from that thread. Errors
    of sources and articles are in the report; an exception means the sync could not run
    (another sync holds the lock, the cache cannot be opened).
    """

    def __call__(
        self, config: Config, db_path: Path, *, progress: ProgressCallback | None = None
    ) -> SyncReport:
        """Sync ``config``'s sources into the cache at ``db_path``."""
        ...


if TYPE_CHECKING:
    from zonereader.sync.images import ImageFetched


class ImagesFunction(Protocol):
    """Brings an article's pictures into the image cache, as
    :func:`zonereader.sync.images.fetch_images` does (called in a worker thread)."""

    def __call__(
        self,
        urls: Sequence[str],
        *,
        page_url: str,
        settings: SyncSettings,
        cache_dir: Path,
        cache_bytes: int,
        on_result: Callable[[ImageFetched], None],
        allow_hosts: Sequence[str] = (),
    ) -> None:
        """Report each of ``urls`` to ``on_result`` once it is cached, or why it is not."""
        ...


#: ``fetch_article(config, db_path, url) -> article id | None``
FetchFunction = Callable[[Config, Path, str], "int | None"]


def now_cst() -> datetime:
    """The current time in China Standard Time."""
    return datetime.now(CST)


def default_sync(
    config: Config, db_path: Path, *, progress: ProgressCallback | None = None
) -> SyncReport:
    """Run the real sync engine (see :func:`zonereader.sync.engine.run_sync`)."""
    from zonereader.sync.engine import run_sync

    return run_sync(config, db_path, progress=progress)


def default_fetch(config: Config, db_path: Path, url: str) -> int | None:
    """Fetch and cache one article with the real engine; return its id or None."""
    from zonereader.sync.engine import fetch_article

    return fetch_article(config, db_path, url)


def default_fetch_images(
    urls: Sequence[str],
    *,
    page_url: str,
    settings: SyncSettings,
    cache_dir: Path,
    cache_bytes: int,
    on_result: Callable[[ImageFetched], None],
    allow_hosts: Sequence[str] = (),
) -> None:
    """Fetch pictures with the sync's client (see :func:`zonereader.sync.images.fetch_images`)."""
    from zonereader.sync.images import fetch_images

    fetch_images(
        urls,
        page_url=page_url,
        settings=settings,
        cache_dir=cache_dir,
        cache_bytes=cache_bytes,
        on_result=on_result,
        allow_hosts=allow_hosts,
    )


def is_lock_held(exc: BaseException) -> bool:
    """Whether ``exc`` says that another sync holds the cache's lock."""
    from zonereader.sync.lock import LockHeld

    return isinstance(exc, LockHeld)


def is_web_url(url: str) -> bool:
    """Whether ``url`` is an http(s) URL with a host: the only kind the app hands a browser."""
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # a link a page wrote as "http://[::1": not a web URL
        return False


def open_in_browser(url: str) -> bool:
    """Open ``url`` in the system browser; return whether one was found."""
    return webbrowser.open(url)


@dataclass(slots=True)
class Services:
    """The app's dependencies beyond the config and the store."""

    clock: Callable[[], datetime] = now_cst
    sync: SyncFunction = default_sync
    fetch_article: FetchFunction = default_fetch
    fetch_images: ImagesFunction = default_fetch_images
    open_url: Callable[[str], bool] = open_in_browser
    check_interval: float = 5.0
    """Seconds between light checks for syncs run by another process (0 disables them)."""
    save_delay: float = 0.3
    """Seconds the position waits before it is written (coalesces fast cursor moves)."""
    counts_delay: float = 0.4
    """Seconds the tree's counts wait before they are re-read after a change (coalesces)."""
