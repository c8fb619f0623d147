"""Full text for feeds that carry only a summary: fetch each entry's page, keep its article.

A feed walk hands the entries it is about to store to :func:`complete_entries`. Those the
source's ``full_text`` setting wants completed (:func:`zonereader.sources.full_text.
wants_full_text`) have their page fetched exactly as a portal article is: through the run's
fetcher with the source's politeness (connections per host, delay), a conditional GET when the
page was fetched before, the body-size cap, timeouts and redirect limits; parsed by the portal
extractor in the run's parse helpers. The entry is then stored with the page's body
(:func:`zonereader.sources.full_text.with_full_text`), or, when the page cannot be read, with
its summary: nothing is ever stored half-way.

A page that failed for a reason that may pass (a timeout, a 5xx, a reset) is retried by the
next sync: the walk leaves the entry out of the feed's digests and does not keep the feed's
validators, so the next sync reads the feed again and sees the entry as new (so is one the
source's time limit left unread). A page that cannot be the article (404/410, not an article
page, on another host or redirected to one) keeps the summary for good, and so does one whose
text is no longer than the entry's (the entry was whole: not a failure).

Pages are read from the feed's own hosts (those of its URLs and of the URL it answered from,
with or without ``www.``) and the source's ``allow_hosts``, redirects included
(:class:`~zonereader.sync.hosts.HostRule`), like a portal's.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from urllib.parse import urldefrag, urlsplit

from zonereader.config import SourceConfig
from zonereader.models import Article, Validators
from zonereader.sources.full_text import wants_full_text, with_full_text
from zonereader.store.rows import PreparedArticle, prepare_article
from zonereader.sync.article_pages import ContinuationFailed, fetch_continuations
from zonereader.sync.context import WalkContext
from zonereader.sync.fetched import FetchError
from zonereader.sync.hosts import HostRule, host_of
from zonereader.sync.parsing import ParseFailed
from zonereader.text.bigrams import index_text
from zonereader.text.sanitize import clean_line

#: Pages of one feed fetched at once (the fetcher's per-host limit bounds connections too).
PAGES_AT_ONCE = 8
#: HTTP statuses that mean the page will not come back: its entry keeps the summary.
_GONE = frozenset({404, 410})
#: In the query of an identity the feed reader made up for an entry with no link of its own
#: (see :mod:`zonereader.sources.feed_identity`).
_SYNTHETIC = ("zonereader-entry=", "zonereader-item=")


@dataclass(slots=True)
class Completed:
    """What :func:`complete_entries` made of a feed's entries."""

    entries: list[PreparedArticle]
    """The entries to store, in the order given: completed, or as they came."""
    validators: dict[str, Validators] = field(default_factory=dict)
    """The validators of the pages read, by entry URL, to save with the entries."""
    retry: set[str] = field(default_factory=set)
    """Entries whose page failed for a reason that may pass: read again by the next sync."""
    fetched: int = 0
    """Entries stored with their page's text."""
    failed: list[str] = field(default_factory=list)
    """One line per entry whose page could not be used (its summary is stored)."""


def feed_hosts(source: SourceConfig, feed_url: str) -> HostRule:
    """The hosts a feed's entry pages may be fetched from: the feed's own (with or without
    ``www.``), as configured and as it answered after redirects, and its ``allow_hosts``."""
    rule = HostRule(source.allow_hosts)
    for url in (*source.urls, feed_url):
        host = host_of(url)
        if host:
            rule.add(host)
            rule.add(host.removeprefix("www."))
            rule.add("www." + host.removeprefix("www."))
    return rule


async def complete_entries(
    ctx: WalkContext, source: SourceConfig, entries: list[PreparedArticle], feed_url: str
) -> Completed:
    """Complete the entries that carry only a summary with the text of their pages.

    Args:
        ctx: the run.
        source: the feed source (its ``full_text`` setting, politeness, zone).
        entries: the entries about to be stored.
        feed_url: the URL the feed was read from (after redirects), for the host rule.

    Returns:
        The entries to store and what happened to their pages. Never raises for a page.
    """
    done = Completed(entries=list(entries))
    wanted = [
        index
        for index, entry in enumerate(entries)
        if wants_full_text(entry.article, source.full_text)
    ]
    if not wanted:
        return done
    hosts = feed_hosts(source, feed_url)
    slots = asyncio.Semaphore(PAGES_AT_ONCE)

    async def one(index: int) -> None:
        entry = entries[index]
        url = entry.article.url
        page_url = entry_page(url)
        if page_url is None:  # an entry with no link of its own: no page to read
            return
        if not hosts.allows(page_url):
            done.failed.append(
                f"{url}: full text not fetched: the page is on another host "
                "(add it to the source's allow_hosts to read it)"
            )
            return
        async with slots:
            outcome = await _page(ctx, source, entry, page_url, hosts)
        if outcome is None:  # the page holds what the entry holds: it was whole
            return
        if isinstance(outcome, _Failure):
            done.failed.append(f"{url}: full text not read ({outcome.reason}); summary kept")
            if outcome.transient:
                done.retry.add(url)
            return
        completed, validators = outcome
        done.entries[index] = completed
        done.fetched += 1
        if validators.etag or validators.last_modified:
            done.validators[url] = validators

    await asyncio.gather(*(one(index) for index in wanted))
    return done


@dataclass(frozen=True, slots=True)
class _Failure:
    reason: str
    transient: bool


def entry_page(identity: str) -> str | None:
    """The page to read for the entry ``identity``: its link without a ``#fragment``, or None
    for an identity the feed reader made up (an entry with neither link nor URL id)."""
    parts = urlsplit(identity)
    if parts.scheme not in ("http", "https") or any(key in parts.query for key in _SYNTHETIC):
        return None
    return urldefrag(identity).url


async def _page(
    ctx: WalkContext, source: SourceConfig, entry: PreparedArticle, page_url: str, hosts: HostRule
) -> tuple[PreparedArticle, Validators] | _Failure | None:
    """Fetch, extract and merge one entry's page; a failure says why and whether to retry.

    The page is read as a portal article is: its later pages too, when it is split over
    several (:func:`zonereader.sync.article_pages.fetch_continuations`), from ``hosts`` only
    (redirects included). None: the page is the article, and holds no more than the entry (it
    was whole).
    """
    url = entry.article.url
    refused = False

    def check(target: str) -> str | None:
        nonlocal refused
        if hosts.allows(target):
            return None
        refused = True  # another host: the summary is kept for good
        return (
            f"{host_of(target) or 'the target'} is not one of the feed's hosts; add it to the "
            "source's allow_hosts to read full text from it"
        )

    cached = await ctx.in_writer(ctx.store.article_by_url, url)
    validators = await ctx.in_writer(ctx.store.validators, page_url) if cached else None
    try:
        result = await ctx.fetch(source, page_url, validators, check=check)
        if result.not_modified:  # the page as before: its text is the one cached
            assert cached is not None
            merged = with_full_text(entry.article, cached.article)
            if merged is not None:
                return _prepared(merged, None), result.validators
            # cached as a summary: read the page
            result = await ctx.fetch(source, page_url, check=check)
    except FetchError as exc:  # DeadlineReached too: read again next sync
        return _Failure(clean_line(str(exc), 200), not refused and exc.status not in _GONE)
    try:
        page = await ctx.parser.parse(
            result.body,
            result.content_type,
            result.url,
            source=source.name,
            zone_prefix="",
            selectors=None,
            identity=page_url,
            zone=entry.zone,
        )
    except ParseFailed as exc:
        return _Failure(f"not an article page: {clean_line(str(exc), 160)}", transient=False)
    try:
        page = await fetch_continuations(ctx, source, ctx.parser, page, None, check)
    except (ContinuationFailed, FetchError) as exc:  # may come back (or the time limit came)
        return _Failure(clean_line(str(exc), 200), transient=True)
    merged = with_full_text(entry.article, page.article)
    if merged is None:
        return None
    return _prepared(merged, page.body_index), result.validators


def _prepared(article: Article, body_index: str | None) -> PreparedArticle:
    """Prepare a completed entry for the store, reusing the page's split body if given."""
    prepared = prepare_article(article, index=False)
    body = body_index if body_index is not None else index_text("\n".join(article.paragraphs))
    return replace(prepared, title_index=index_text(article.title), body_index=body)
