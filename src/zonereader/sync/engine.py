"""The sync engine: one run over the configured sources, under the cache's lock.

:func:`run_sync` is the synchronous entry point of ``zonereader sync`` and of the TUI's ``r``
(called from a thread worker): it takes the lock, opens its own Store, walks the sources
concurrently on a private asyncio loop, records the run, and returns a :class:`SyncReport`.
:func:`fetch_article` fetches one article the reader wants (a site's 上一条/下一条 target that
is not cached yet) without the lock: a single upsert is as safe beside a running sync as any
other write under WAL.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine, Iterable
from pathlib import Path
from typing import Any

from zonereader.config import Config, SourceConfig
from zonereader.models import SourceKind
from zonereader.store import Store, StoreError
from zonereader.store.errors import CacheUnusable
from zonereader.sync.context import WalkContext
from zonereader.sync.hosts import configured_hosts, source_hosts
from zonereader.sync.http import Fetcher
from zonereader.sync.lock import LockHeld, SyncLock
from zonereader.sync.progress import ProgressCallback, SourceFinished, SourceStarted
from zonereader.sync.report import SyncReport
from zonereader.text.sanitize import clean_line
from zonereader.text.urls import canonical_url

__all__ = [
    "LockHeld",
    "NoSources",
    "SyncError",
    "SyncReport",
    "UnknownSource",
    "fetch_article",
    "run_sync",
]

log = logging.getLogger(__name__)


Walker = Callable[[WalkContext, SourceConfig], Coroutine[Any, Any, None]]


class SyncError(Exception):
    """A sync that cannot start; ``str()`` is one line meant for the user."""


class NoSources(SyncError):
    """The configuration lists no source."""

    def __init__(self) -> None:
        super().__init__(
            "no sources configured: add one with 'zonereader source add URL' "
            "(or try 'zonereader demo')"
        )


class UnknownSource(SyncError):
    """``only`` names a source the configuration does not have."""

    def __init__(self, names: Iterable[str], known: Iterable[str]) -> None:
        missing = ", ".join(sorted(names))
        have = ", ".join(sorted(known)) or "none"
        super().__init__(f"unknown source {missing} (configured: {have})")


def select_sources(config: Config, only: Iterable[str] | None) -> list[SourceConfig]:
    """The sources a run walks: all of them, or those named in ``only`` (in config order).

    Raises:
        NoSources: nothing is configured.
        UnknownSource: ``only`` names a source that is not configured.
    """
    if not config.sources:
        raise NoSources()
    if not only:
        return list(config.sources)
    wanted = set(only)
    missing = wanted - {s.name for s in config.sources}
    if missing:
        raise UnknownSource(missing, (s.name for s in config.sources))
    return [s for s in config.sources if s.name in wanted]


def run_sync(
    config: Config,
    db_path: Path,
    *,
    full: bool = False,
    only: Iterable[str] | None = None,
    progress: ProgressCallback | None = None,
) -> SyncReport:
    """Sync the configured sources into the cache at ``db_path``.

    Args:
        config: the configuration (sources and sync settings).
        db_path: the cache database; created if missing.
        full: re-walk every list page and re-check every article (conditionally).
        only: names of the sources to sync; all when None or empty.
        progress: called with each :mod:`~zonereader.sync.progress` event, from this thread.

    Returns:
        The run's totals and each source's status. Errors of sources and articles are in
        the report, never raised.

    Raises:
        NoSources, UnknownSource: nothing to sync (before anything is touched).
        LockHeld: another sync runs on this cache.
        zonereader.store.errors.CacheUnusable: the cache cannot take writes: read-only, busy
            (another program held its write lock past ``[sync] busy_timeout``), full, or
            damaged. Raised at once, whether at the start or during the run (what was stored
            before stays; nothing more is attempted).
        zonereader.store.StoreError: the cache cannot be opened.
    """
    sources = select_sources(config, only)
    # A reader app's writes take milliseconds; a backup or a sqlite3 shell may hold the
    # cache's write lock much longer: the sync waits up to busy_timeout, then stops.
    busy = config.sync.busy_timeout
    with SyncLock(db_path), Store.open(db_path, busy_timeout=busy) as store:
        run_id = store.start_run([s.name for s in sources])
        report = SyncReport(run_id=run_id)
        try:
            asyncio.run(_walk_all(config, store, sources, full, progress, report))
        except BaseException as exc:
            report.counts.errors.append(
                "sync interrupted" if not isinstance(exc, StoreError) else clean_line(str(exc))
            )
            with contextlib.suppress(StoreError):  # the cache may not take this write either
                store.finish_run(run_id, report.counts)
            raise
        store.finish_run(run_id, report.counts)
        return report


async def _walk_all(
    config: Config,
    store: Store,
    sources: list[SourceConfig],
    full: bool,
    progress: ProgressCallback | None,
    report: SyncReport,
) -> None:
    deadline = time.monotonic() + config.sync.max_run_seconds
    async with Fetcher(config.sync, trusted=configured_hosts(config)) as fetcher:
        ctx = WalkContext(
            config=config, store=store, fetcher=fetcher, full=full, run_deadline=deadline
        )
        ctx.progress = progress
        ctx.counts = report.counts
        ctx.statuses = report.sources
        try:
            if any(source.kind is SourceKind.FEED for source in sources):
                from zonereader.sync.feed_walk import start_helpers_early

                start_helpers_early(ctx, sources)
            walks = [asyncio.create_task(_walk_source(ctx, source)) for source in sources]
            try:
                await asyncio.gather(*walks)
            except BaseException:
                # A cache that takes no more writes stops every walk at once.
                for walk in walks:
                    walk.cancel()
                await asyncio.gather(*walks, return_exceptions=True)
                raise
        finally:
            await ctx.aclose()
            report.counts.requests = fetcher.requests


async def _walk_source(ctx: WalkContext, source: SourceConfig) -> None:
    """Walk one source, turning any unexpected failure into that source's error."""
    status = ctx.status(source)
    ctx.start_source(source)
    ctx.emit(SourceStarted(source.name, source.kind))
    try:
        walker = _walker(source.kind)
        await walker(ctx, source)
    except (asyncio.CancelledError, CacheUnusable):
        raise
    except _Unsupported as exc:
        ctx.fail(source, str(exc), fatal=True)
    except Exception as exc:
        # One broken source must not stop the others: log the traceback, report one line.
        log.exception("sync of source %s failed", source.name)
        ctx.fail(
            source,
            f"internal error: {type(exc).__name__}: {exc} (the traceback is in the log file "
            "beside the cache)",
            fatal=True,
        )
    ctx.finish_source(source)
    ctx.emit(SourceFinished(source.name, status))


class _Unsupported(Exception):
    """No walker for this kind of source is available."""


def _walker(kind: SourceKind) -> Walker:
    if kind is SourceKind.PORTAL:
        from zonereader.sync.portal_walk import walk_portal

        return walk_portal
    if kind is SourceKind.FEED:
        from zonereader.sync.feed_walk import walk_feed

        return walk_feed
    raise _Unsupported(f"unknown source kind {kind!r}")


def fetch_article(
    config: Config,
    db_path: Path,
    url: str,
    *,
    errors: list[str] | None = None,
) -> int | None:
    """Fetch and store the one portal article at ``url``; return its id.

    The reader calls this (from a worker thread) to follow a site's 上一条/下一条 link whose
    target is not cached yet. It takes no lock and never waits for a running sync.

    Args:
        config: the configuration; the article belongs to the portal source on the URL's host.
        db_path: the cache database.
        url: the article's URL (made canonical here).
        errors: if given, a one-line reason is appended when None is returned.

    Returns:
        The article's id in the cache (it may have been cached already), or None when the URL
        belongs to no configured portal or could not be fetched and parsed.
    """

    from zonereader.sync.portal_articles import ArticleError, fetch_one_article

    def failed(message: str) -> None:
        if errors is not None:
            errors.append(clean_line(message, 300))

    target = canonical_url(url)
    source = next(
        (
            s
            for s in config.sources
            if s.kind is SourceKind.PORTAL and source_hosts(s).allows(target)
        ),
        None,
    )
    if source is None:
        failed(f"{target}: not on the hosts of any configured portal")
        return None
    try:
        with Store.open(db_path) as store:
            cached = store.article_by_url(target)
            if cached is not None:
                return cached.id

            async def run() -> int:
                async with Fetcher(config.sync, trusted=configured_hosts(config)) as fetcher:
                    ctx = WalkContext(config=config, store=store, fetcher=fetcher)
                    ctx.start_source(source)
                    return await fetch_one_article(ctx, source, target)

            return asyncio.run(run())
    except ArticleError as exc:
        failed(str(exc))
        return None
    except StoreError as exc:  # read-only, busy, full, damaged: the app says so
        failed(str(exc))
        return None
