"""The parse jobs of a sync, as plain functions: decode, parse and prepare one page or feed.

They run in a sync's parse helper processes (:mod:`zonereader.sync.parse_worker`) or, for small
pages, in the sync itself (:mod:`zonereader.sync.parsing`). A job also puts what it parsed in
the form the cache stores (:func:`zonereader.store.rows.prepare_article`: JSON columns, content
hash, search-index texts), so that the sync's one writer thread only runs SQL. This module
imports neither asyncio nor SQLite, so a helper starts in about half the time it would
otherwise take.

Every job checks the page's nesting depth before the HTML parser sees it
(:func:`zonereader.text.html_limits.nesting_problem`), caps what one list page may offer
(:data:`MAX_ENTRIES_PER_PAGE`, :data:`MAX_CHANNELS_PER_PAGE`), and never raises: a page or feed
that cannot be read comes back as a one-line reason, whatever went wrong inside.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from zonereader.models import ListPage, PortalSelectors, pickled_by_fields
from zonereader.sources.feed import FeedError, ParsedFeed, parse_feed
from zonereader.store.rows import PreparedArticle, prepare_article
from zonereader.sync.command_jobs import (
    DiscoverJob,
    InspectedPage,
    InspectJob,
    discover_page,
    inspect_page,
)
from zonereader.text.decode import DecodeError, decode_body
from zonereader.text.html_limits import nesting_problem
from zonereader.text.sanitize import clean_line

if TYPE_CHECKING:
    from zonereader.sync.discover import Discovery

#: Frame header: the length of the pickled payload that follows.
FRAME = struct.Struct(">I")

#: Most article links taken from one list page (real ones list 20 to a few hundred); the rest
#: are counted as dropped. Together with the walk's chunks this bounds what a channel queues.
MAX_ENTRIES_PER_PAGE = 2000
#: Most channel links taken from one section index.
MAX_CHANNELS_PER_PAGE = 500


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
class ListJob:
    """One list or index page to decode and read."""

    body: bytes
    content_type: str | None
    """The response's Content-Type header, if any."""
    url: str
    """Where the page was fetched from (after redirects)."""
    selectors: PortalSelectors | None
    """The source's selector overrides, if any."""
    may_be_article: bool
    """Tell the page's kind first: a start URL may be an article page."""


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


@dataclass(slots=True)
class ParsedListing:
    """What a list-page job found.

    Attributes:
        page: the list or index page; None when ``kind`` is ``"article"``.
        kind: ``"list"``, ``"index"`` or ``"article"``.
        dropped: article and channel links past the per-page caps, not taken.
    """

    page: ListPage | None
    kind: str
    dropped: int = 0


#: A job for :func:`run_job`.
ParseJob = ArticleJob | ListJob | FeedJob | InspectJob | DiscoverJob
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
    problem = nesting_problem(text)
    if problem:
        return problem
    try:
        article = parse_article_page(
            text, job.url, source=job.source, zone_prefix=job.zone_prefix, selectors=job.selectors
        )
        article.url = job.identity
        if not article.zone:
            article.zone = job.zone
        return prepare_article(article)
    except ExtractError as exc:
        return str(exc)
    except Exception as exc:  # a parser bug on hostile input fails this article only
        return _bug("cannot parse page", exc)


def prepare_list_page(job: ListJob) -> ParsedListing | str:
    """Decode and read one list or index page.

    With ``job.may_be_article``, the page's kind is told first, and an article page comes back
    as such (with no page). Returns (never raises) a one-line reason when the page cannot be
    read.
    """
    from zonereader.sources.portal import ExtractError, classify_and_read_list, parse_list_page

    try:
        text = decode_body(job.body, job.content_type).text
    except DecodeError as exc:
        return str(exc)
    problem = nesting_problem(text)
    if problem:
        return problem
    try:
        if job.may_be_article:
            # One parse of the page tells its kind and reads its list (a start URL of 20,000
            # links costs a second or more to parse).
            signals, listed = classify_and_read_list(text, job.url, job.selectors)
            if listed is None:
                return ParsedListing(None, signals.kind)
            kind, page = signals.kind, listed
        else:
            kind, page = "list", parse_list_page(text, job.url, job.selectors)
    except ExtractError as exc:
        return str(exc)
    except Exception as exc:  # a parser bug on hostile input fails this page only
        return _bug("cannot parse page", exc)
    dropped = max(0, len(page.entries) - MAX_ENTRIES_PER_PAGE)
    dropped += max(0, len(page.channels) - MAX_CHANNELS_PER_PAGE)
    if dropped:
        page.entries = page.entries[:MAX_ENTRIES_PER_PAGE]
        page.channels = page.channels[:MAX_CHANNELS_PER_PAGE]
    return ParsedListing(page, kind, dropped)


def prepare_feed(job: FeedJob) -> PreparedFeed:
    """Parse a feed and prepare its changed entries for the store (see :data:`PreparedFeed`).

    An entry that cannot be prepared fails alone (in ``failed`` of the feed, without a digest).

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
    prepared: list[PreparedArticle] = []
    for article in parsed.entries:
        try:
            prepared.append(prepare_article(article))
        except Exception as exc:  # one entry that cannot be prepared fails alone
            parsed.failed.append((article.url, _bug("cannot prepare entry", exc)))
            parsed.digests.pop(article.url, None)
    # The entries travel once, inside the prepared articles (a helper pickles all of it).
    return replace(parsed, entries=[]), prepared


def run_job(
    job: ParseJob,
) -> PreparedArticle | ParsedListing | str | PreparedFeed | FeedError | InspectedPage | Discovery:
    """Do one parse job, in a helper process or in-process; never raises.

    An :class:`ArticleJob` gives :func:`prepare_article_page`'s answer (a PreparedArticle, or
    why not as a string); a :class:`ListJob` :func:`prepare_list_page`'s (a ParsedListing, or
    why not); a :class:`FeedJob` gives :func:`prepare_feed`'s (a PreparedFeed, or the
    FeedError to raise). The commands' jobs (:mod:`zonereader.sync.command_jobs`) give an
    InspectedPage or a Discovery, or why not.
    """
    if isinstance(job, ArticleJob):
        return prepare_article_page(job)
    if isinstance(job, ListJob):
        return prepare_list_page(job)
    if isinstance(job, InspectJob):
        return inspect_page(job)
    if isinstance(job, DiscoverJob):
        return discover_page(job)
    try:
        return prepare_feed(job)
    except FeedError as exc:
        return exc
    except Exception as exc:  # a parser bug on hostile input fails this feed only
        return FeedError(_bug("cannot read the feed", exc))


def _bug(what: str, exc: Exception) -> str:
    """A one-line reason for an unexpected error of a parser on one page or entry."""
    return clean_line(f"{what}: {type(exc).__name__}: {exc}")[:300]
