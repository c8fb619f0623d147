"""Fetch a portal's articles concurrently and store them in the site's order.

:func:`fetch_in_order` fetches a list of articles in a sliding window (a few per connection) and
hands them to the store oldest first, in batches; :func:`fetch_article` fetches and parses one
(the per-article step: whatever goes wrong there fails that article alone, reported in one
line and retried by the next sync). :func:`fetch_one_article` is the same step outside a walk,
for the reader's 上一条/下一条 links. Every fetch goes through
:meth:`~zonereader.sync.portal_scope.PortalScope.fetch`: the source's hosts and time limit.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from dataclasses import dataclass

from zonereader.config import SourceConfig
from zonereader.models import Validators, zone_was_cut
from zonereader.store.rows import PreparedArticle
from zonereader.sync.article_pages import fetch_continuations
from zonereader.sync.context import WalkContext
from zonereader.sync.fetched import DeadlineReached, FetchError, FetchResult
from zonereader.sync.parsing import ParseFailed
from zonereader.sync.portal_scope import PortalScope

log = logging.getLogger(__name__)

#: Size of a channel's sliding window of article fetches, per connection allowed to the host:
#: enough to keep every connection busy while the channel waits for its last write, and to
#: give the next write a batch worth a transaction; few enough to keep memory flat (a window
#: holds parsed articles, ~20 KB each).
ARTICLES_PER_CONNECTION = 8
#: Most articles of one channel handed to the store at once (those fetched and waiting in
#: order); batches of several channels may share a transaction (see ``sync.group_commit``).
STORE_BATCH = 64
#: How many windows of fetched articles may wait behind a slow one to be stored in order.
BACKLOG = 4
#: Statuses that mean an article is gone for good (until ``--full`` says otherwise).
GONE_STATUSES = frozenset({404, 410})


class ArticleError(Exception):
    """One article could not be fetched, decoded or parsed; ``str()`` is one line."""


@dataclass(slots=True)
class Target:
    """An article to fetch: its canonical URL, its channel's zone, whether it is cached."""

    url: str
    zone: str
    cached: bool = False


@dataclass(slots=True)
class Fetched:
    """A fetched article: parsed (None after a 304) with the validators to remember."""

    article: PreparedArticle | None
    validators: Validators
    gone: bool = False
    """The site answered 404/410: reported, remembered, and not a reason to re-walk."""


#: What :func:`fetch_article` gives for an article the time limit left to the next sync (kept
#: pending, not counted as failed).
LEFT = Fetched(None, Validators())


async def fetch_in_order(
    scope: PortalScope, targets: list[Target], first: FetchResult | None = None
) -> bool:
    """Fetch ``targets`` concurrently in a sliding window; store them in list order.

    Once the source's time limit has come, no further article is started: the rest are left
    pending for the next sync.

    Args:
        scope: the walk.
        targets: the articles, in the order to store them (oldest first).
        first: the response of the first target, when it was fetched already.

    Returns:
        Whether every one was stored (or found unchanged).
    """
    ctx, source = scope.ctx, scope.source
    size = max(1, source.max_connections) * ARTICLES_PER_CONNECTION
    window: deque[tuple[Target, asyncio.Task[Fetched | None]]] = deque()
    upcoming = iter(targets)
    running = 0
    all_ok = True

    def refill() -> None:
        # Up to ``size`` fetches run at once, and up to BACKLOG x size wait to be stored in
        # order: one slow article at the head does not stop the fetches behind it.
        nonlocal running
        while running < size and len(window) < size * BACKLOG:
            target = next(upcoming, None)
            if target is None:
                return
            if ctx.time_up(source):
                scope.leave(target.url, target.zone)
                continue
            job = fetch_article(scope, target, first if target is targets[0] else None)
            task = asyncio.create_task(job)
            task.add_done_callback(finished)
            window.append((target, task))
            running += 1

    def finished(_task: asyncio.Task[Fetched | None]) -> None:
        nonlocal running
        running -= 1
        refill()

    refill()
    try:
        while window:
            batch: list[tuple[Target, Fetched]] = []
            # Take the head in order, then whatever is already done behind it: one write.
            while window and (not batch or window[0][1].done()) and len(batch) < STORE_BATCH:
                target, task = window.popleft()
                fetched = await task
                refill()
                if fetched is None or fetched is LEFT:
                    all_ok = False
                elif fetched.gone:
                    pass  # reported once; remembered so later runs skip it
                elif fetched.article is None:
                    ctx.count_unchanged(source, target.url)
                else:
                    batch.append((target, fetched))
            if batch:
                found = [
                    (t.url, f.validators)
                    for t, f in batch
                    if f.validators.etag or f.validators.last_modified
                ]
                articles = [f.article for _t, f in batch if f.article is not None]
                await ctx.store_articles_async(articles, found)
    finally:
        for _target, task in window:  # only after an unexpected error
            task.remove_done_callback(finished)
            task.cancel()
    return all_ok and not ctx.time_up(source)


async def fetch_article(
    scope: PortalScope, target: Target, result: FetchResult | None = None
) -> Fetched | None:
    """Fetch and parse one article; None when it failed (recorded, and kept pending).

    Whatever goes wrong with one article (a refused redirect, a page no parser can read, a bug
    on hostile input) fails that article alone: the walk goes on.
    """
    try:
        return await _fetch_and_parse(scope, target, result)
    except DeadlineReached:
        scope.leave(target.url, target.zone)
        return LEFT
    except asyncio.CancelledError:
        raise
    except Exception as exc:
        log.exception("article %s of %s failed", target.url, scope.source.name)
        scope.article_failed(
            target.url, target.zone, f"{target.url}: internal error: {type(exc).__name__}"
        )
        return None


async def _fetch_and_parse(
    scope: PortalScope, target: Target, result: FetchResult | None
) -> Fetched | None:
    ctx = scope.ctx
    if result is None:
        validators = (
            await ctx.in_writer(ctx.store.validators, target.url) if target.cached else None
        )
        try:
            result = await scope.fetch(target.url, validators)
        except DeadlineReached:
            raise
        except FetchError as exc:
            if exc.status in GONE_STATUSES:
                scope.gone.add(target.url)
                ctx.article_failed(scope.source, target.url, f"{exc} (skipped from now on)")
                return Fetched(None, Validators(), gone=True)
            scope.article_failed(target.url, target.zone, str(exc))
            return None
    if result.not_modified:
        return Fetched(None, result.validators)
    try:
        article = await _parse(scope, result, target.url, target.zone)
    except ParseFailed as exc:
        scope.article_failed(target.url, target.zone, f"{target.url}: {exc}")
        return None
    if zone_was_cut(article.article.zone):
        scope.cut_zones += 1
    return Fetched(article, result.validators)


async def _parse(scope: PortalScope, result: FetchResult, url: str, zone: str) -> PreparedArticle:
    """Parse a fetched article page, and fetch and join its later pages when it is split
    over several (raises ParseFailed; DeadlineReached when the time limit came meanwhile)."""
    first = await scope.parser.parse(
        result.body,
        result.content_type,
        result.url,
        source=scope.source.name,
        zone_prefix=scope.source.zone,
        selectors=scope.selectors,
        identity=url,
        zone=scope.fallback_zone(zone),
    )
    return await fetch_continuations(
        scope.ctx, scope.source, scope.parser, first, scope.selectors, scope.check
    )


async def fetch_one_article(ctx: WalkContext, source: SourceConfig, url: str) -> int:
    """Fetch, parse and store the article at canonical ``url`` outside a walk; return its id.

    The bounds of a walk hold: the source's hosts only, its time limit, the parse limits.

    Raises:
        ArticleError: the article could not be fetched, decoded or parsed (nothing stored).
    """
    scope = PortalScope(ctx, source)
    try:
        refused = scope.check(url)
        if refused:
            raise ArticleError(f"{url}: {refused}")
        result = await scope.fetch(url)
        article = await _parse(scope, result, url, "")
    except FetchError as exc:  # DeadlineReached included: outside a walk, nothing is left
        raise ArticleError(str(exc)) from None
    except ParseFailed as exc:
        raise ArticleError(f"{url}: {exc}") from None
    finally:
        await scope.aclose()
    article_id, _outcome = ctx.store.upsert_article(article)
    if result.validators.etag or result.validators.last_modified:
        ctx.store.save_validators(url, result.validators)
    return article_id
