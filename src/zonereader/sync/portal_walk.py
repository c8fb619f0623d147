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
when all its articles were stored, so a 304 never hides an article that failed.

Bounds (whatever the site serves): a source fetches only from its own hosts and its
``allow_hosts`` (:mod:`zonereader.sync.hosts`; links elsewhere are counted and kept as links, not
fetched); a list page gives at most ``MAX_ENTRIES_PER_PAGE`` links; a channel's articles are
fetched and stored in chunks of about :data:`CHUNK_ARTICLES` as its list pages arrive, so at most
``(max_connections + 1) × (CHUNK_ARTICLES + MAX_ENTRIES_PER_PAGE)`` links wait per source; a
source takes at most :data:`MAX_CHANNELS` channels and :data:`MAX_ARTICLES` articles per run,
and stops cleanly at its time limit (the rest is left for the next sync, which goes on from
there: unfinished channels stay marked so). One article that fails, for whatever reason, fails
alone. An article a prune removed (it left a tombstone) is never fetched again,
``--full`` or not.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field

from zonereader.config import SourceConfig
from zonereader.models import ListPage, Validators
from zonereader.sync.context import WalkContext, known_and_pruned, load_json_meta
from zonereader.sync.fetched import DeadlineReached, FetchError, FetchResult
from zonereader.sync.hosts import host_of
from zonereader.sync.parsing import ParseFailed
from zonereader.sync.portal_articles import Target, fetch_in_order
from zonereader.sync.portal_scope import PortalScope
from zonereader.sync.progress import PageFetched, PageKind
from zonereader.sync.report import FAILED
from zonereader.text.urls import canonical_url

#: Meta value of a channel whose last walk finished.
COMPLETE = "complete"
#: Meta value of a channel whose walk found new articles and has not finished yet.
INCOMPLETE = "incomplete"
#: How deep section indexes may nest (index → sub-index → channel).
MAX_INDEX_DEPTH = 3
#: A channel's new articles are fetched and stored once this many wait (then paging goes on):
#: a channel of a few pages is one chunk, stored oldest first as the site orders it; a huge
#: or hostile one never holds more than a chunk and a page of links.
CHUNK_ARTICLES = 500
#: Most channels one source walks per run (section indexes nest, each may list hundreds).
MAX_CHANNELS = 2000
#: Most articles one source queues per run; the next sync goes on from there.
MAX_ARTICLES = 50_000
#: Most gone URLs remembered per source.
MAX_GONE = 5000


def channel_key(url: str) -> str:
    """The meta key that records whether the last walk of the channel at ``url`` finished."""
    return f"portal:channel:{url}"


def gone_key(source: str) -> str:
    """The meta key holding the article URLs of ``source`` that answered 404 or 410."""
    return f"portal:gone:{source}"


def pending_key(source: str) -> str:
    """The meta key holding the articles of ``source`` that failed and must be retried."""
    return f"portal:pending:{source}"


class _PageFailed(Exception):
    """A page could not be fetched or understood; the message is one line."""


class _TimeUp(Exception):
    """The source's time limit came while fetching a list page."""


async def walk_portal(ctx: WalkContext, source: SourceConfig) -> None:
    """Walk every start URL of ``source`` and store what is new.

    Errors are recorded in ``ctx`` (never raised): a source none of whose start pages can be
    fetched is "failed", one with other errors "partial".
    """
    scope = PortalScope(ctx, source)
    try:
        await _PortalWalk(scope).run()
    finally:
        await scope.aclose()
    scope.notes()


@dataclass(slots=True)
class _Chunk:
    """Articles of a channel waiting to be fetched (newest first), and the list pages that
    listed them (whose validators are saved once all of them are stored)."""

    targets: list[Target] = field(default_factory=list)
    pages: list[tuple[str, Validators]] = field(default_factory=list)


class _PortalWalk:
    """One walk of one portal source: its channels and their list pages.

    Channels are walked concurrently (a few at a time); within a channel, list pages are read
    newest first, up to the stop rule, and the new articles they list are fetched concurrently
    and stored oldest first, a chunk at a time (:data:`CHUNK_ARTICLES`). Storing in the site's
    order matters: lists sort same-day articles by insertion, so oldest-first insertion shows
    them newest first, as the site does.
    """

    def __init__(self, scope: PortalScope) -> None:
        self.scope = scope
        self.ctx = scope.ctx
        self.source = scope.source
        self.max_pages = self.ctx.config.sync.max_pages
        self.channel_slots = asyncio.Semaphore(max(1, self.source.max_connections) + 1)
        self.walked: set[str] = set()

    # ------------------------------------------------------------------ the source

    async def run(self) -> None:
        scope, store = self.scope, self.ctx.store
        raw = store.get_meta(pending_key(self.source.name))
        raw_gone = store.get_meta(gone_key(self.source.name))
        if not self.ctx.full:
            scope.gone = set(_load_list(raw_gone))
        retry = [
            Target(url, zone)
            for url, zone in _load_pending(raw).items()
            if url not in scope.gone and scope.allowed(url)
        ]
        scope.queued.update(t.url for t in retry)
        started, _ = await asyncio.gather(
            asyncio.gather(*(self._start(url) for url in self.source.urls)),
            fetch_in_order(scope, retry),
        )
        if not any(started):
            self.ctx.status(self.source).state = FAILED
        value = json.dumps(scope.pending, ensure_ascii=False) if scope.pending else None
        if value != raw:
            await self.ctx.in_writer(store.set_meta, pending_key(self.source.name), value)
        gone = sorted(scope.gone)[-MAX_GONE:]
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
            result, page, kind = await self._list_page(url, None, start=True)
        except _PageFailed as exc:
            self.ctx.fail(self.source, str(exc))
            return False
        except _TimeUp:
            self.ctx.leave(self.source, 0)
            return True
        if not self.scope.hosts.allows(result.url):
            # The start URL moved to another host (http://example.cn/ -> https://www....):
            # that is where the source lives now.
            self.scope.hosts.add(host_of(result.url))
            self.ctx.note(self.source, f"{url} moved to {result.url}; fetching from that host too")
        if page is None:  # an article page given as a start URL
            if url not in self.scope.queued:
                self.scope.queued.add(url)
                await fetch_in_order(self.scope, [Target(url, "")], first=result)
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
        if url in self.walked or not self.scope.allowed(url):
            return
        if len(self.walked) >= MAX_CHANNELS:
            self.scope.capped = (
                f"more than {MAX_CHANNELS} channels: the rest were not walked in this run"
            )
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
        """Page through one channel, fetching and storing the articles not yet cached in
        chunks as its pages arrive (see :data:`CHUNK_ARTICLES`).

        Returns the first page when it is an index rather than a list (the caller walks it).
        """
        store = self.ctx.store
        key = channel_key(url)
        # Store reads go through the writer thread too: a read waiting for a batch write
        # must not block the event loop (and with it every connection).
        was_complete = await self.ctx.in_writer(store.get_meta, key) == COMPLETE
        incremental = was_complete and not self.ctx.full
        marked = False
        finished = True  # every page walked to the stop rule, none failed or left
        all_stored = True
        seen: set[str] = set()
        chunk = _Chunk()
        page_url: str | None = url
        while page_url is not None:
            if page_url in seen:
                self.ctx.fail(self.source, f"{url}: pagination loop (back to {page_url})")
                break
            if len(seen) >= self.max_pages:
                self.ctx.fail(self.source, f"{url}: stopped after {self.max_pages} list pages")
                break
            if len(self.scope.queued) >= MAX_ARTICLES:
                self.scope.capped = (
                    f"{MAX_ARTICLES} articles queued, the most one run takes from a source; "
                    "the next sync goes on from there"
                )
                finished = False
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
                    finished = False
                    break
                except _TimeUp:
                    self.ctx.leave(self.source, 0)
                    finished = False
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
            entries = [u for u in _unique_entries(page) if self.scope.allowed(u)]
            known, pruned = (
                await self.ctx.in_writer(known_and_pruned, store, entries)
                if entries
                else (set(), set())
            )
            skip = self.scope.queued | self.scope.gone | pruned
            fresh = [u for u in entries if u not in known and u not in skip]
            if incremental and not fresh:
                self._emit_page(page_url, 0)
                await self._save_validators(page_url, result.validators)
                break
            if fresh and was_complete and not marked:
                await self.ctx.in_writer(store.set_meta, key, INCOMPLETE)
                marked = True
            wanted = (
                fresh
                if not self.ctx.full
                else [u for u in entries if u not in self.scope.queued and u not in pruned]
            )
            self.scope.queued.update(wanted)
            self.scope.parser.expect(len(wanted))
            chunk.targets.extend(Target(u, zone, u in known) for u in wanted)
            chunk.pages.append((page_url, result.validators))
            self._emit_page(page_url, len(wanted))
            page_url = self._next_page(page, page_url)
            if len(chunk.targets) >= CHUNK_ARTICLES:
                all_stored &= await self._store_chunk(chunk)
                chunk = _Chunk()
        all_stored &= await self._store_chunk(chunk)
        # Otherwise the mark stays: the next run pages the channel to its end.
        if finished and all_stored and (marked or not was_complete):
            await self.ctx.in_writer(store.set_meta, key, COMPLETE)
        return None

    def _next_page(self, page: ListPage, page_url: str) -> str | None:
        """The channel's next list page, if it is on a host of this source."""
        if not page.next_url:
            return None
        next_url = canonical_url(page.next_url, page_url)
        return next_url if self.scope.allowed(next_url) else None

    async def _store_chunk(self, chunk: _Chunk) -> bool:
        """Fetch and store a chunk's articles oldest first; then save its pages' validators.

        Returns whether every article was stored (or found unchanged).
        """
        if not chunk.targets and not chunk.pages:
            return True
        chunk.targets.reverse()  # oldest first
        stored = await fetch_in_order(self.scope, chunk.targets)
        if stored:
            for done_url, validators in chunk.pages:
                await self._save_validators(done_url, validators)
        return stored

    def _emit_page(self, url: str, queued: int) -> None:
        self.ctx.emit(PageFetched(self.source.name, url, PageKind.LIST, queued=queued))

    async def _save_validators(self, url: str, validators: Validators) -> None:
        if validators.etag or validators.last_modified:
            await self.ctx.in_writer(self.ctx.store.save_validators, url, validators)

    # ------------------------------------------------------------------ list pages

    async def _list_page(
        self, url: str, validators: Validators | None, *, start: bool = False
    ) -> tuple[FetchResult, ListPage | None, str]:
        """Fetch and parse a list or index page (parsed off the event loop, bounded).

        Returns ``(result, page, kind)``; ``page`` is None for a 304 or, for a ``start`` URL
        (which may be an article page, and may redirect to another host), an article page.

        Raises:
            _PageFailed: the page could not be fetched or read (one line).
            _TimeUp: the source's time limit came first.
        """
        try:
            if start:
                result = await self.ctx.fetch(self.source, url, validators)
            else:
                result = await self.scope.fetch(url, validators)
        except DeadlineReached:
            raise _TimeUp() from None
        except FetchError as exc:
            raise _PageFailed(str(exc)) from None
        if result.not_modified:
            self.ctx.counts.not_modified += 1
            self.ctx.status(self.source).not_modified += 1
            self.ctx.emit(PageFetched(self.source.name, url, PageKind.LIST, not_modified=True))
            return result, None, "list"
        try:
            parsed = await self.scope.parser.parse_list(
                result.body,
                result.content_type,
                result.url,
                self.scope.selectors,
                may_be_article=start,
            )
        except ParseFailed as exc:
            raise _PageFailed(f"{url}: {exc}") from None
        if parsed.page is None:
            return result, None, parsed.kind
        page = parsed.page
        self.scope.dropped += parsed.dropped
        if start and not page.entries and not page.channels:
            raise _PageFailed(f"{url}: no article links or channels found on the page")
        return result, page, parsed.kind


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
