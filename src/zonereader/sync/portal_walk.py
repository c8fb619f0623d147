"""Walk one portal source: section index → channels → list pages → articles.

A start URL may be a section index (its links to channels are followed, nested indexes too) or
a single channel's list page (another template, say a table of links with no 下一页). Each
channel is paged newest first. Only articles that are not cached yet are fetched (``--full``
fetches them all, conditionally), concurrently within the source's connection limit, and each
article is stored only once it was fetched, decoded and parsed completely.

Incremental rule: paging a channel stops at the first list page that is a 304 or lists nothing
new. That is only sound when the previous walk of that channel finished, so a channel is marked
*incomplete* in the store (meta ``portal:channel:<url>``) as soon as a walk finds new articles in
it, and *complete* when every page and article of the walk is done. A run killed half-way leaves
the mark at *incomplete*, and the next run pages that channel to its end. Articles that failed
are remembered (meta ``portal:pending:<source>``) and retried by the next run even when their
list page no longer brings anything new. An article the site answers 404 or 410 for is reported
once and remembered as gone (meta ``portal:gone:<source>``): later runs skip it instead of
failing on it every time (``--full`` tries it again). A list page's validators are saved only
when all its articles were stored, so a 304 never hides an article that failed. An article a
prune removed (it left a tombstone) is never fetched again, ``--full`` or not.
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from dataclasses import dataclass

from zonereader.config import SourceConfig
from zonereader.models import ListPage, Validators, join_zone
from zonereader.sources.portal import ExtractError, page_kind, parse_list_page
from zonereader.store.rows import PreparedArticle
from zonereader.sync.article_pages import fetch_continuations
from zonereader.sync.context import WalkContext, known_and_pruned, load_json_meta
from zonereader.sync.http import FetchError, FetchResult
from zonereader.sync.parse_jobs import ArticleJob, prepare_article_page
from zonereader.sync.parsing import ArticleParser, ParseFailed
from zonereader.sync.progress import PageFetched, PageKind
from zonereader.sync.report import FAILED
from zonereader.text.decode import DecodeError, decode_body
from zonereader.text.urls import canonical_url

#: Meta value of a channel whose last walk finished.
COMPLETE = "complete"
#: Meta value of a channel whose walk found new articles and has not finished yet.
INCOMPLETE = "incomplete"
#: How deep section indexes may nest (index → sub-index → channel).
MAX_INDEX_DEPTH = 3
#: Size of a channel's sliding window of article fetches, per connection allowed to the host:
#: enough to keep every connection busy while the channel waits for its last write, and to
#: give the next write a batch worth a transaction; few enough to keep memory flat (a window
#: holds parsed articles, ~20 KB each).
ARTICLES_PER_CONNECTION = 8
#: Most articles of one channel handed to the store at once (those fetched and waiting in
#: order); batches of several channels may share a transaction (see ``sync.group_commit``).
STORE_BATCH = 64


def channel_key(url: str) -> str:
    """The meta key that records whether the last walk of the channel at ``url`` finished."""
    return f"portal:channel:{url}"


def gone_key(source: str) -> str:
    """The meta key holding the article URLs of ``source`` that answered 404 or 410."""
    return f"portal:gone:{source}"


#: Statuses that mean an article is gone for good (until ``--full`` says otherwise).
GONE_STATUSES = frozenset({404, 410})
#: Most gone URLs remembered per source.
MAX_GONE = 5000


def pending_key(source: str) -> str:
    """The meta key holding the articles of ``source`` that failed and must be retried."""
    return f"portal:pending:{source}"


class _PageFailed(Exception):
    """A page could not be fetched or understood; the message is one line."""


class ArticleError(Exception):
    """One article could not be fetched, decoded or parsed; ``str()`` is one line."""


@dataclass(slots=True)
class _Target:
    """An article to fetch: its canonical URL, its channel's zone, whether it is cached."""

    url: str
    zone: str
    cached: bool = False


@dataclass(slots=True)
class _Fetched:
    """A fetched article: parsed (None after a 304) with the validators to remember."""

    article: PreparedArticle | None
    validators: Validators
    gone: bool = False
    """The site answered 404/410: reported, remembered, and not a reason to re-walk."""


async def walk_portal(ctx: WalkContext, source: SourceConfig) -> None:
    """Walk every start URL of ``source`` and store what is new.

    Errors are recorded in ``ctx`` (never raised): a source none of whose start pages can be
    fetched is "failed", one with other errors "partial".
    """
    await _PortalWalk(ctx, source).run()


class _PortalWalk:
    """One walk of one portal source.

    Channels are walked concurrently (a few at a time); within a channel, list pages are read
    first (newest first, up to the stop rule), then its articles are fetched concurrently in a
    sliding window and stored oldest first, in order. Storing in the site's order matters:
    lists sort same-day articles by insertion, so oldest-first insertion shows them newest
    first, as the site does.
    """

    def __init__(self, ctx: WalkContext, source: SourceConfig) -> None:
        self.ctx = ctx
        self.source = source
        self.max_pages = ctx.config.sync.max_pages
        connections = max(1, source.max_connections)
        self.window = connections * ARTICLES_PER_CONNECTION
        self.selectors = None if source.selectors.is_empty() else source.selectors
        self.channel_slots = asyncio.Semaphore(connections + 1)
        self.walked: set[str] = set()
        self.queued: set[str] = set()
        self.pending: dict[str, str] = {}
        self.gone: set[str] = set()
        self.parser = ArticleParser()

    # ------------------------------------------------------------------ the source

    async def run(self) -> None:
        try:
            await self._run()
        finally:
            await self.parser.close()

    async def _run(self) -> None:
        store = self.ctx.store
        raw = store.get_meta(pending_key(self.source.name))
        raw_gone = store.get_meta(gone_key(self.source.name))
        if not self.ctx.full:
            self.gone = set(_load_list(raw_gone))
        retry = [
            _Target(url, zone) for url, zone in _load_pending(raw).items() if url not in self.gone
        ]
        self.queued.update(t.url for t in retry)
        started, _ = await asyncio.gather(
            asyncio.gather(*(self._start(url) for url in self.source.urls)),
            self._fetch_in_order(retry),
        )
        if not any(started):
            self.ctx.status(self.source).state = FAILED
        value = json.dumps(self.pending, ensure_ascii=False) if self.pending else None
        if value != raw:
            await self.ctx.in_writer(store.set_meta, pending_key(self.source.name), value)
        gone = sorted(self.gone)[-MAX_GONE:]
        gone_value = json.dumps(gone, ensure_ascii=False) if gone else None
        if gone_value != raw_gone:
            await self.ctx.in_writer(store.set_meta, gone_key(self.source.name), gone_value)

    async def _start(self, url: str) -> bool:
        """Walk one start URL; return False when its first page failed."""
        url = canonical_url(url)
        if url in self.walked:
            return True
        self.walked.add(url)
        try:
            result, page, kind = await self._list_page(url, None, kind_hint=True)
        except _PageFailed as exc:
            self.ctx.fail(self.source, str(exc))
            return False
        if page is None:  # an article page given as a start URL
            if url not in self.queued:
                self.queued.add(url)
                await self._fetch_in_order([_Target(url, "")], first=result)
            return True
        await self._dispatch(url, result, page, kind, depth=0, zone=page.zone)
        return True

    async def _dispatch(
        self, url: str, result: FetchResult, page: ListPage, kind: str, depth: int, zone: str
    ) -> None:
        """Walk what a first page offers: its channels if it is an index, else its pages."""
        if page.channels and (kind == "index" or not page.entries) and depth < MAX_INDEX_DEPTH:
            await asyncio.gather(
                *(self._channel(ch.url, ch.zone, depth + 1) for ch in page.channels)
            )
            if not page.entries:
                return
        async with self.channel_slots:
            await self._walk_channel(url, zone or page.zone, first=(result, page))

    async def _channel(self, url: str, zone: str, depth: int) -> None:
        """Walk a channel linked from an index (or a sub-index: then recurse)."""
        url = canonical_url(url)
        if url in self.walked:
            return
        self.walked.add(url)
        async with self.channel_slots:
            index = await self._walk_channel(url, zone, first=None, depth=depth)
        if index is not None:  # the channel turned out to be an index: walk it, slot released
            result, page = index
            await self._dispatch(url, result, page, "index", depth, zone)

    # ------------------------------------------------------------------ a channel

    async def _walk_channel(
        self,
        url: str,
        zone: str,
        first: tuple[FetchResult, ListPage] | None,
        depth: int = 0,
    ) -> tuple[FetchResult, ListPage] | None:
        """Page through one channel, then fetch and store the articles not yet cached.

        Returns the first page when it is an index rather than a list (the caller walks it).
        """
        store = self.ctx.store
        key = channel_key(url)
        # Store reads go through the writer thread too: a read waiting for a batch write
        # must not block the event loop (and with it every connection).
        was_complete = await self.ctx.in_writer(store.get_meta, key) == COMPLETE
        incremental = was_complete and not self.ctx.full
        marked = False
        failed = False
        seen: set[str] = set()
        targets: list[_Target] = []
        fetched_pages: list[tuple[str, Validators]] = []
        page_url: str | None = url
        while page_url is not None:
            if page_url in seen:
                self.ctx.fail(self.source, f"{url}: pagination loop (back to {page_url})")
                break
            if len(seen) >= self.max_pages:
                self.ctx.fail(self.source, f"{url}: stopped after {self.max_pages} list pages")
                break
            seen.add(page_url)
            if first is not None and len(seen) == 1:
                result, page = first
            else:
                validators = (
                    await self.ctx.in_writer(store.validators, page_url) if incremental else None
                )
                try:
                    result, maybe_page, _kind = await self._list_page(page_url, validators)
                except _PageFailed as exc:
                    self.ctx.fail(self.source, str(exc))
                    failed = True
                    break
                if maybe_page is None:  # 304: nothing changed from here on
                    break
                page = maybe_page
                if (
                    len(seen) == 1
                    and page.channels
                    and not page.entries
                    and depth < MAX_INDEX_DEPTH
                ):
                    return result, page
            zone = zone or page.zone
            entries = _unique_entries(page)
            known, pruned = (
                await self.ctx.in_writer(known_and_pruned, store, entries)
                if entries
                else (set(), set())
            )
            skip = self.queued | self.gone | pruned
            fresh = [u for u in entries if u not in known and u not in skip]
            if incremental and not fresh:
                self._emit_page(page_url, 0)
                await self._save_validators(page_url, result.validators)
                break
            if fresh and was_complete and not marked:
                await self.ctx.in_writer(store.set_meta, key, INCOMPLETE)
                marked = True
            wanted = fresh if not self.ctx.full else [u for u in entries if u not in skip]
            self.queued.update(wanted)
            self.parser.expect(len(wanted))
            targets.extend(_Target(u, zone, u in known) for u in wanted)
            fetched_pages.append((page_url, result.validators))
            self._emit_page(page_url, len(wanted))
            page_url = page.next_url and canonical_url(page.next_url, page_url)
        targets.reverse()  # oldest first
        all_stored = await self._fetch_in_order(targets)
        if all_stored:
            for done_url, validators in fetched_pages:
                await self._save_validators(done_url, validators)
        # Otherwise the mark stays: the next run pages the channel to its end.
        if not failed and all_stored and (marked or not was_complete):
            await self.ctx.in_writer(store.set_meta, key, COMPLETE)
        return None

    def _emit_page(self, url: str, queued: int) -> None:
        self.ctx.emit(PageFetched(self.source.name, url, PageKind.LIST, queued=queued))

    async def _save_validators(self, url: str, validators: Validators) -> None:
        if validators.etag or validators.last_modified:
            await self.ctx.in_writer(self.ctx.store.save_validators, url, validators)

    # ------------------------------------------------------------------ articles

    async def _fetch_in_order(
        self, targets: list[_Target], first: FetchResult | None = None
    ) -> bool:
        """Fetch ``targets`` concurrently in a sliding window; store them in list order.

        Returns whether every one was stored (or found unchanged).
        """
        window: deque[tuple[_Target, asyncio.Task[_Fetched | None]]] = deque()
        upcoming = iter(targets)
        all_ok = True

        def refill() -> None:
            while len(window) < self.window:
                target = next(upcoming, None)
                if target is None:
                    return
                job = self._fetch_article(target, first if target is targets[0] else None)
                window.append((target, asyncio.create_task(job)))

        refill()
        try:
            while window:
                batch: list[tuple[_Target, _Fetched]] = []
                # Take the head in order, then whatever is already done behind it: one write.
                while window and (not batch or window[0][1].done()) and len(batch) < STORE_BATCH:
                    target, task = window.popleft()
                    fetched = await task
                    refill()
                    if fetched is None:
                        all_ok = False
                    elif fetched.gone:
                        pass  # reported once; remembered so later runs skip it
                    elif fetched.article is None:
                        self.ctx.count_unchanged(self.source, target.url)
                    else:
                        batch.append((target, fetched))
                if batch:
                    found = [
                        (t.url, f.validators)
                        for t, f in batch
                        if f.validators.etag or f.validators.last_modified
                    ]
                    articles = [f.article for _t, f in batch if f.article is not None]
                    await self.ctx.store_articles_async(articles, found)
        finally:
            for _target, task in window:  # only after an unexpected error
                task.cancel()
        return all_ok

    async def _fetch_article(
        self, target: _Target, result: FetchResult | None = None
    ) -> _Fetched | None:
        """Fetch and parse one article; None when it failed (recorded, and kept pending)."""
        if result is None:
            validators = (
                await self.ctx.in_writer(self.ctx.store.validators, target.url)
                if target.cached
                else None
            )
            try:
                result = await self.ctx.fetch(self.source, target.url, validators)
            except FetchError as exc:
                if exc.status in GONE_STATUSES:
                    self.gone.add(target.url)
                    self.ctx.article_failed(self.source, target.url, f"{exc} (skipped from now on)")
                    return _Fetched(None, Validators(), gone=True)
                self._article_failed(target, str(exc))
                return None
        if result.not_modified:
            return _Fetched(None, result.validators)
        try:
            article = await self.parser.parse(
                result.body,
                result.content_type,
                result.url,
                source=self.source.name,
                zone_prefix=self.source.zone,
                selectors=self.selectors,
                identity=target.url,
                zone=self._fallback_zone(target.zone),
            )
            article = await fetch_continuations(
                self.ctx, self.source, self.parser, article, self.selectors
            )
        except ParseFailed as exc:
            self._article_failed(target, f"{target.url}: {exc}")
            return None
        return _Fetched(article, result.validators)

    def _article_failed(self, target: _Target, message: str) -> None:
        self.pending[target.url] = target.zone
        self.ctx.article_failed(self.source, target.url, message)

    # ------------------------------------------------------------------ pages

    async def _list_page(
        self, url: str, validators: Validators | None, *, kind_hint: bool = False
    ) -> tuple[FetchResult, ListPage | None, str]:
        """Fetch and parse a list or index page.

        Returns ``(result, page, kind)``; ``page`` is None for a 304 or, when ``kind_hint``
        is set, for an article page (a start URL may be one).
        """
        try:
            result = await self.ctx.fetch(self.source, url, validators)
        except FetchError as exc:
            raise _PageFailed(str(exc)) from None
        if result.not_modified:
            self.ctx.counts.not_modified += 1
            self.ctx.status(self.source).not_modified += 1
            self.ctx.emit(PageFetched(self.source.name, url, PageKind.LIST, not_modified=True))
            return result, None, "list"
        text = self._decode(url, result)
        try:
            kind = page_kind(text, result.url) if kind_hint else "list"
            if kind == "article":
                return result, None, kind
            page = parse_list_page(text, result.url, self.selectors)
        except ExtractError as exc:
            raise _PageFailed(f"{url}: {exc}") from None
        except Exception as exc:  # a parser bug on hostile input must not stop the walk
            raise _PageFailed(f"{url}: cannot parse page: {type(exc).__name__}: {exc}") from exc
        if kind_hint and not page.entries and not page.channels:
            raise _PageFailed(f"{url}: no article links or channels found on the page")
        return result, page, kind

    def _decode(self, url: str, result: FetchResult) -> str:
        try:
            return decode_body(result.body, result.content_type).text
        except DecodeError as exc:
            raise _PageFailed(f"{url}: {exc}") from None

    def _parse_article(self, url: str, result: FetchResult, zone: str) -> PreparedArticle:
        """Decode, parse and prepare one article page in-process."""
        parsed = prepare_article_page(
            ArticleJob(
                result.body,
                result.content_type,
                result.url,
                self.source.name,
                self.source.zone,
                self.selectors,
                url,
                self._fallback_zone(zone),
            )
        )
        if isinstance(parsed, str):
            raise _PageFailed(f"{url}: {parsed}")
        return parsed

    def _fallback_zone(self, zone: str) -> str:
        """The zone of an article listed under ``zone`` whose page names none."""
        return join_zone(self.source.zone, zone) or self.source.name


async def fetch_one_article(ctx: WalkContext, source: SourceConfig, url: str) -> int:
    """Fetch, parse and store the article at canonical ``url`` outside a walk; return its id.

    Raises:
        ArticleError: the article could not be fetched, decoded or parsed (nothing stored).
    """
    walk = _PortalWalk(ctx, source)
    try:
        result = await ctx.fetch(source, url)
        article = walk._parse_article(url, result, "")
        article = await fetch_continuations(ctx, source, walk.parser, article, walk.selectors)
    except (FetchError, _PageFailed, ParseFailed) as exc:
        raise ArticleError(str(exc)) from None
    finally:
        await walk.parser.close()
    article_id, _outcome = ctx.store.upsert_article(article)
    if result.validators.etag or result.validators.last_modified:
        ctx.store.save_validators(url, result.validators)
    return article_id


def _unique_entries(page: ListPage) -> list[str]:
    """The page's article URLs, canonical, in page order, without duplicates."""
    seen: dict[str, None] = {}
    for entry in page.entries:
        seen.setdefault(canonical_url(entry.url, page.url), None)
    return list(seen)


def _load_list(raw: str | None) -> list[str]:
    data = load_json_meta(raw)
    return [str(item) for item in data] if isinstance(data, list) else []


def _load_pending(raw: str | None) -> dict[str, str]:
    data = load_json_meta(raw)
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
