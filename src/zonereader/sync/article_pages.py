"""Fetch the later pages of an article split over several pages, and join them to the first.

The extractor lists an article's later pages (:attr:`zonereader.models.Article.continuation`,
see :mod:`zonereader.sources.portal.continuation`); the walk calls :func:`fetch_continuations`
once it has parsed the first page. The pages are fetched like any page of the source (its
connection limit and delay), only from the article's own host and at most
:data:`~zonereader.sources.portal.continuation.MAX_ARTICLE_PAGES` in all, then parsed and joined
in order. If one of them cannot be fetched or read, the whole article fails (one line, counted,
and retried by the next sync): an article is never stored with part of its text.

The bounds of the walk hold for these pages too: the source's host rule (``check``, every
redirect included) and its time limit (a page the limit leaves unfetched leaves the whole
article for the next sync, as :class:`~zonereader.sync.http.DeadlineReached`).

Conditional GET applies to the article as a whole: the walk asks for the first page with its
validators, and an unchanged first page (304) means an unchanged article; when the first page
changed, every later page is fetched again, since the joined text needs them all.
"""

from __future__ import annotations

import asyncio

from zonereader.config import SourceConfig
from zonereader.models import PortalSelectors
from zonereader.sources.portal.continuation import MAX_ARTICLE_PAGES, join_pages
from zonereader.store.rows import PreparedArticle, prepare_article
from zonereader.sync.context import WalkContext
from zonereader.sync.fetched import DeadlineReached, FetchError
from zonereader.sync.http import UrlCheck
from zonereader.sync.parsing import ArticleParser, ParseFailed
from zonereader.text.urls import same_host


class ContinuationFailed(ParseFailed):
    """A later page of an article could not be fetched or read; ``str()`` is one line."""


async def fetch_continuations(
    ctx: WalkContext,
    source: SourceConfig,
    parser: ArticleParser,
    first: PreparedArticle,
    selectors: PortalSelectors | None,
    check: UrlCheck | None = None,
) -> PreparedArticle:
    """Return ``first`` with the text of its later pages joined, ready for the store.

    An article of one page comes back as it is. ``check`` refuses URLs the source may not
    fetch (see :meth:`zonereader.sync.portal_scope.PortalScope.check`).

    Raises:
        ContinuationFailed: a later page failed (nothing of the article is to be stored).
        DeadlineReached: the source's time limit came before a later page was fetched.
    """
    article = first.article
    pages = [url for url in article.continuation if same_host(url, article.url)]
    pages = pages[: MAX_ARTICLE_PAGES - 1]
    if not pages:
        return first
    results = await asyncio.gather(
        *(_read_page(ctx, source, parser, url, first, selectors, check) for url in pages),
        return_exceptions=True,
    )
    later: list[PreparedArticle] = []
    for result in results:  # every fetch has ended: the first failure (in page order) is told
        if isinstance(result, BaseException):
            raise result
        later.append(result)
    joined = join_pages(article, [page.article for page in later])
    # Preparing (search bigrams of the whole text) is CPU work: off the event loop.
    return await asyncio.to_thread(prepare_article, joined)


async def _read_page(
    ctx: WalkContext,
    source: SourceConfig,
    parser: ArticleParser,
    url: str,
    first: PreparedArticle,
    selectors: PortalSelectors | None,
    check: UrlCheck | None,
) -> PreparedArticle:
    """Fetch and parse one later page of the article ``first``."""
    where = f"page {url} of the article"
    try:
        result = await ctx.fetch(source, url, check=check)
    except DeadlineReached:
        raise
    except FetchError as exc:
        raise ContinuationFailed(f"{where}: {exc}") from None
    if not same_host(result.url, first.article.url):
        raise ContinuationFailed(f"{where}: redirected to another host ({result.url})")
    try:
        return await parser.parse(
            result.body,
            result.content_type,
            result.url,
            source=source.name,
            zone_prefix=source.zone,
            selectors=selectors,
            identity=url,
            zone=first.zone,
        )
    except ParseFailed as exc:
        raise ContinuationFailed(f"{where}: {exc}") from None
