"""The parse jobs of a sync, as plain functions: decode, parse and prepare one page or feed.

They run in a sync's parse helper processes (:mod:`zonereader.sync.parse_worker`) or, for small
runs, in the sync itself (:mod:`zonereader.sync.parsing`). A job also puts what it parsed in
the form the cache stores (:func:`zonereader.store.rows.prepare_article`: JSON columns, content
hash, search-index texts), so that the sync's one writer thread only runs SQL. This module
imports neither asyncio nor SQLite, so a helper starts in about half the time it would
otherwise take.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, replace

from zonereader.models import PortalSelectors, pickled_by_fields
from zonereader.sources.feed import FeedError, ParsedFeed, parse_feed
from zonereader.store.rows import PreparedArticle, prepare_article
from zonereader.text.decode import DecodeError, decode_body

#: Frame header: the length of the pickled payload that follows.
FRAME = struct.Struct(">I")


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class ArticleJob:
    """One article page to decode, parse and prepare for the store."""

    body: bytes
    content_type: str | None
    """The response's Content-Type header, if any."""
    url: str
    """Where the page was fetched from (after redirects): relative links resolve against it."""
    source: str
    """The name of the source it belongs to."""
    zone_prefix: str
    """The source's zone, put before the page's own zone path."""
    selectors: PortalSelectors | None
    """The source's selector overrides, if any."""
    identity: str
    """The article's canonical URL as its list page gave it: the URL it is stored under."""
    zone: str
    """The zone it gets when its page names none."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class FeedJob:
    """One feed to parse, with its changed entries prepared for the store."""

    body: bytes
    content_type: str | None
    """The response's Content-Type header, if any."""
    url: str
    """Where the feed was fetched from (after redirects)."""
    source: str
    """The name of the source."""
    zone: str
    """The zone its entries go to."""
    known: dict[str, str]
    """The entries stored before: identity -> content digest (unchanged ones are skipped)."""
    previous: dict[str, str]
    """The digests of the feed's last parse, whose identities entries keep."""


#: A job for :func:`run_job`.
ParseJob = ArticleJob | FeedJob
#: A feed, parsed: the feed without its entries (its digests, unchanged identities...) and the
#: entries, prepared for the store, in feed order.
PreparedFeed = tuple[ParsedFeed, list[PreparedArticle]]


def prepare_article_page(job: ArticleJob) -> PreparedArticle | str:
    """Decode and parse one article page and prepare it for the store.

    The article gets its identity (``job.identity``, the canonical URL its list page gave)
    and, if the page names no zone, ``job.zone``. Returns (never raises) a one-line reason
    when nothing usable came out, so that a helper process can send it back as is.
    """
    # Imported on first use, like the HTML parser it loads: a feed sync's helpers never need it.
    from zonereader.sources.portal import ExtractError, parse_article_page

    try:
        text = decode_body(job.body, job.content_type).text
    except DecodeError as exc:
        return str(exc)
    try:
        article = parse_article_page(
            text, job.url, source=job.source, zone_prefix=job.zone_prefix, selectors=job.selectors
        )
    except ExtractError as exc:
        return str(exc)
    except Exception as exc:  # a parser bug on hostile input fails this article only
        return f"cannot parse page: {type(exc).__name__}: {exc}"
    article.url = job.identity
    if not article.zone:
        article.zone = job.zone
    return prepare_article(article)


def prepare_feed(job: FeedJob) -> PreparedFeed:
    """Parse a feed and prepare its changed entries for the store (see :data:`PreparedFeed`).

    Raises what :func:`~zonereader.sources.feed.parse_feed` raises.
    """
    parsed = parse_feed(
        job.body,
        job.content_type,
        job.url,
        source=job.source,
        zone=job.zone,
        known=job.known,
        previous=job.previous,
    )
    prepared = [prepare_article(article) for article in parsed.entries]
    # The entries travel once, inside the prepared articles (a helper pickles all of it).
    return replace(parsed, entries=[]), prepared


def run_job(job: ParseJob) -> PreparedArticle | str | PreparedFeed | FeedError:
    """Do one parse job, in a helper process or in-process; never raises.

    An :class:`ArticleJob` gives :func:`prepare_article_page`'s answer (a PreparedArticle, or
    why not as a string); a :class:`FeedJob` gives :func:`prepare_feed`'s (a PreparedFeed, or
    the FeedError to raise).
    """
    if isinstance(job, ArticleJob):
        return prepare_article_page(job)
    try:
        return prepare_feed(job)
    except FeedError as exc:
        return exc
