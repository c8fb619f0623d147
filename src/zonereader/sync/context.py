"""What the walkers of one sync run share: config, store, HTTP client, counts and progress.

The engine builds one :class:`WalkContext` per run and hands it to ``walk_portal`` or
``walk_feed`` for each source. Walkers fetch through :meth:`WalkContext.fetch` (which applies
the source's politeness settings), store through :meth:`WalkContext.store_articles_async` (or
:meth:`WalkContext.store_article_async` for one), and report problems with
:meth:`WalkContext.fail` / :meth:`WalkContext.article_failed`, so totals, per-source status
and progress events stay consistent whoever walks.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from zonereader.config import Config, SourceConfig
from zonereader.models import Article, SyncCounts, UpsertOutcome, Validators
from zonereader.store import Store
from zonereader.store.rows import PreparedArticle
from zonereader.sync.fetched import FetchResult
from zonereader.sync.group_commit import GroupCommit
from zonereader.sync.http import Fetcher, UrlCheck
from zonereader.sync.parsing import ArticleParser, helper_count
from zonereader.sync.progress import (
    ArticleFailed,
    ArticleStored,
    ProgressCallback,
    ProgressEvent,
)
from zonereader.sync.report import FAILED, OK, PARTIAL, SourceStatus
from zonereader.text.sanitize import clean_line

T = TypeVar("T")


def _name(source: SourceConfig | str) -> str:
    return source if isinstance(source, str) else source.name


#: Feeds parsed or waiting to be stored at once: enough to keep two parse helpers and the
#: writer busy (50 feeds of 100 items: 1.28-1.40 s with 4, 1.14-1.24 s with 8), few enough
#: to keep memory flat (50 feeds of 1,000 items: peak RSS 115 MiB with 4, 136 MiB with 8;
#: 313 MiB unbounded).
PARSE_SLOTS = 8


def load_json_meta(raw: str | None) -> object:
    """Decode a JSON value a walk kept in the store's meta table; None when absent or damaged.

    Walk state (articles still to fetch, feed entry digests) is advisory: a damaged value means
    that state starts afresh, never that the sync fails.
    """
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def known_and_pruned(store: Store, urls: list[str]) -> tuple[set[str], set[str]]:
    """Which of ``urls`` are cached, and which a prune removed (run it in the writer thread).

    A walk fetches neither: a pruned article would only be pruned again (see
    :mod:`zonereader.store.retention`).
    """
    known = store.known_urls(urls)
    pruned = set(store.tombstones([url for url in urls if url not in known]))
    return known, pruned


@dataclass(slots=True)
class WalkContext:
    """Shared state of one sync run.

    Attributes:
        config: the whole configuration (``config.path`` is the file, for walkers that must
            update a source's URL after a permanent redirect).
        store: the run's own Store.
        fetcher: the run's HTTP client (entered).
        full: re-walk everything instead of stopping at what is already cached.
        counts: the run's totals.
        progress: called with each progress event (from the sync's thread), or None.
        statuses: per-source status, by source name.
        run_deadline: the :func:`time.monotonic` time at which the run stops (its time limit),
            or None for none; each source also stops at its own limit (:meth:`start_source`).
    """

    config: Config
    store: Store
    fetcher: Fetcher
    full: bool = False
    counts: SyncCounts = field(default_factory=SyncCounts)
    progress: ProgressCallback | None = None
    statuses: dict[str, SourceStatus] = field(default_factory=dict)
    run_deadline: float | None = None
    _deadlines: dict[str, tuple[float, str]] = field(default_factory=dict)
    _writer: ThreadPoolExecutor | None = None
    _parser: ArticleParser | None = None
    _group: GroupCommit | None = None
    parse_slots: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(PARSE_SLOTS))
    """Feeds being parsed or stored at once (a bound on memory, see feed_walk)."""

    # ------------------------------------------------------------------ status and events

    def status(self, source: SourceConfig | str) -> SourceStatus:
        """Return the status record of ``source``, creating it on first use."""
        name = _name(source)
        status = self.statuses.get(name)
        if status is None:
            kind = source.kind if isinstance(source, SourceConfig) else None
            status = SourceStatus(name=name, kind=kind)
            self.statuses[name] = status
        return status

    def emit(self, event: ProgressEvent) -> None:
        """Send ``event`` to the progress callback, if there is one."""
        if self.progress is not None:
            self.progress(event)

    def note(self, source: SourceConfig | str, message: str) -> None:
        """Record something worth telling about ``source`` that is not an error."""
        self.status(source).notes.append(clean_line(message, 300))

    def fail(self, source: SourceConfig | str, message: str, *, fatal: bool = False) -> None:
        """Record a one-line error for ``source``.

        Args:
            source: the source (or its name).
            message: what went wrong; made one line.
            fatal: the source could not be walked at all (its state becomes "failed");
                otherwise it becomes "partial" (unless already "failed").
        """
        line = clean_line(message, 300)
        status = self.status(source)
        status.errors.append(line)
        if fatal:
            status.state = FAILED
        elif status.state == OK:
            status.state = PARTIAL
        self.counts.errors.append(f"{status.name}: {line}")

    def article_failed(self, source: SourceConfig | str, url: str, message: str) -> None:
        """Count one article that could not be fetched or parsed, and record why."""
        self.counts.failed += 1
        self.status(source).failed += 1
        line = clean_line(message, 300)
        if not line.startswith(url):
            line = f"{url}: {line}"
        self.fail(source, line)
        self.emit(ArticleFailed(_name(source), url, line))

    # ------------------------------------------------------------------ time limits

    def start_source(self, source: SourceConfig | str) -> None:
        """Start ``source``'s clock: it stops at its own time limit or the run's, the sooner."""
        settings = self.config.sync
        own = time.monotonic() + settings.max_source_seconds
        limit = (
            own,
            f"the source's time limit (max_source_seconds = {settings.max_source_seconds:g})",
        )
        if self.run_deadline is not None and self.run_deadline <= own:
            limit = (
                self.run_deadline,
                f"the run's time limit (max_run_seconds = {settings.max_run_seconds:g})",
            )
        self._deadlines[_name(source)] = limit

    def deadline(self, source: SourceConfig | str) -> float | None:
        """When ``source`` must stop (:func:`time.monotonic`), or None for never."""
        found = self._deadlines.get(_name(source))
        return found[0] if found is not None else self.run_deadline

    def time_up(self, source: SourceConfig | str) -> bool:
        """Whether ``source`` reached its time limit (and should start nothing more)."""
        deadline = self.deadline(source)
        return deadline is not None and time.monotonic() >= deadline

    def leave(self, source: SourceConfig | str, count: int = 1) -> None:
        """Count ``count`` articles a time limit left for the next sync; mark the source
        stopped by that limit."""
        status = self.status(source)
        status.left += count
        self.counts.left += count
        if not status.stopped:
            found = self._deadlines.get(status.name)
            status.stopped = found[1] if found is not None else "the run's time limit"

    def finish_source(self, source: SourceConfig | str) -> None:
        """Report, in one line, what a time limit left of ``source`` (if one stopped it)."""
        status = self.status(source)
        if not status.stopped:
            return
        left = (
            f"; {status.left} article{'s' if status.left != 1 else ''} not fetched"
            if status.left
            else ""
        )
        self.fail(source, f"stopped at {status.stopped}{left}; the next sync goes on from there")

    # ------------------------------------------------------------------ HTTP

    async def fetch(
        self,
        source: SourceConfig,
        url: str,
        validators: Validators | None = None,
        *,
        check: UrlCheck | None = None,
    ) -> FetchResult:
        """GET ``url`` with ``source``'s politeness settings (connections per host, delay),
        within its time limit.

        Args:
            source: the source the URL belongs to.
            url: the URL.
            validators: sent as a conditional GET.
            check: refuses URLs (the first and every redirect target) the source may not
                fetch; None allows every URL.

        Raises:
            zonereader.sync.http.DeadlineReached: the source's time limit came first.
            zonereader.sync.http.FetchError: the request failed after retries.
        """
        return await self.fetcher.get(
            url,
            validators,
            source.max_connections,
            delay=source.delay or None,
            deadline=self.deadline(source),
            check=check,
        )

    # ------------------------------------------------------------------ storing

    async def store_article_async(self, article: PreparedArticle) -> UpsertOutcome:
        """Upsert one article in its own transaction, in the run's writer thread (so the loop
        keeps fetching while SQLite works), and count the outcome."""
        _id, outcome = await self.in_writer(self.store.upsert_article, article)
        self.count_stored(article.article, outcome)
        return outcome

    async def store_articles_async(
        self,
        articles: list[PreparedArticle],
        validators: list[tuple[str, Validators]] | None = None,
    ) -> list[UpsertOutcome]:
        """Store ``articles`` and their pages' ``validators`` in one transaction (writer thread).

        All or nothing: a crash loses the batch, never part of an article, and never leaves an
        ETag that would make the next sync skip an article that was not stored. Keep batches
        small (tens of articles) so the write lock stays short for readers. Batches that
        other walks queue while a write runs share the next transaction (see
        :mod:`zonereader.sync.group_commit`); each call still waits for its own batch.
        """
        if self._group is None:
            self._group = GroupCommit(self._write_articles)
        results = await self._group.store(articles, validators or [])
        outcomes = [outcome for _id, outcome in results]
        for item, outcome in zip(articles, outcomes, strict=True):
            self.count_stored(item.article, outcome)
        return outcomes

    async def _write_articles(
        self,
        articles: list[PreparedArticle],
        validators: list[tuple[str, Validators]],
    ) -> list[tuple[int, UpsertOutcome]]:
        return await self.in_writer(self.store.upsert_articles, articles, validators)

    async def in_writer(self, func: Callable[..., T], *args: object) -> T:
        """Run a store call ``func(*args)`` in the writer thread and return its result."""
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zr-store")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._writer, func, *args)

    def count_stored(self, article: Article, outcome: UpsertOutcome) -> None:
        """Count one stored article by what storing it did (walks that batch call this)."""
        status = self.status(article.source)
        if outcome is UpsertOutcome.NEW:
            self.counts.new += 1
            status.new += 1
        elif outcome is UpsertOutcome.UPDATED:
            self.counts.updated += 1
            status.updated += 1
        else:
            self.counts.unchanged += 1
            status.unchanged += 1
        self.emit(ArticleStored(article.source, article.url, outcome))

    def count_unchanged(self, source: SourceConfig | str, url: str) -> None:
        """Count an article that a 304 (or an identical body) showed to be unchanged."""
        self.counts.unchanged += 1
        self.status(source).unchanged += 1
        self.emit(ArticleStored(_name(source), url, UpsertOutcome.UNCHANGED))

    @property
    def parser(self) -> ArticleParser:
        """The run's shared parser (feed walks use it; its helpers stop at :meth:`aclose`)."""
        if self._parser is None:
            self._parser = ArticleParser(helpers=helper_count(leave_a_core=False))
        return self._parser

    async def aclose(self) -> None:
        """Stop the group commit and the shared parser's helper processes, then the writer."""
        parser, self._parser = self._parser, None
        group, self._group = self._group, None
        try:
            if group is not None:
                await group.aclose()
            if parser is not None:
                await parser.close()
        finally:
            self.close()

    def close(self) -> None:
        """Stop the writer thread (waiting for writes in flight)."""
        if self._writer is not None:
            self._writer.shutdown(wait=True)
            self._writer = None
