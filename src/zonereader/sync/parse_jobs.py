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

from zonereader.models import ListPage, PortalSelectors
from zonereader.sources.feed import FeedError, ParsedFeed, parse_feed
from zonereader.store.rows import PreparedArticle, prepare_article
from zonereader.text.decode import DecodeError, decode_body
from zonereader.text.html_limits import nesting_problem
from zonereader.text.sanitize import clean_line

#: Frame header: the length of the pickled payload that follows.
FRAME = struct.Struct(">I")

#: An article page: body, content type, the URL it was fetched from, source name, zone prefix,
#: selectors, then its identity (the canonical URL the list page gave) and the zone to give it
#: when its page names none.
ParseArgs = tuple[bytes, str | None, str, str, str, PortalSelectors | None, str, str]
FeedArgs = tuple[bytes, str | None, str, str, str, dict[str, str]]
#: A list or index page: body, content type, the URL it was fetched from, selectors, and
#: whether it may turn out to be an article page (a start URL may be one).
ListArgs = tuple[bytes, str | None, str, PortalSelectors | None, bool]

#: Most article links taken from one list page (real ones list 20 to a few hundred); the rest
#: are counted as dropped. Together with the walk's chunks this bounds what a channel queues.
MAX_ENTRIES_PER_PAGE = 2000
#: Most channel links taken from one section index.
MAX_CHANNELS_PER_PAGE = 500


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


#: A feed, parsed: the feed without its entries (its digests, unchanged identities...) and the
#: entries, prepared for the store, in feed order.
PreparedFeed = tuple[ParsedFeed, list[PreparedArticle]]


def prepare_article_page(
    body: bytes,
    content_type: str | None,
    url: str,
    source: str,
    zone_prefix: str,
    selectors: PortalSelectors | None,
    identity: str,
    zone: str,
) -> PreparedArticle | str:
    """Decode and parse one article page fetched from ``url`` and prepare it for the store.

    The article gets its identity (``identity``, the canonical URL its list page gave) and,
    if the page names no zone, ``zone``. Returns (never raises) a one-line reason when nothing
    usable came out, so that a helper process can send it back as is.
    """
    # Imported on first use, like the HTML parser it loads: a feed sync's helpers never need it.
    from zonereader.sources.portal import ExtractError, parse_article_page

    try:
        text = decode_body(body, content_type).text
    except DecodeError as exc:
        return str(exc)
    problem = nesting_problem(text)
    if problem:
        return problem
    try:
        article = parse_article_page(
            text, url, source=source, zone_prefix=zone_prefix, selectors=selectors
        )
        article.url = identity
        if not article.zone:
            article.zone = zone
        return prepare_article(article)
    except ExtractError as exc:
        return str(exc)
    except Exception as exc:  # a parser bug on hostile input fails this article only
        return _bug(exc)


def prepare_list_page(
    body: bytes,
    content_type: str | None,
    url: str,
    selectors: PortalSelectors | None,
    may_be_article: bool,
) -> ParsedListing | str:
    """Decode and read one list or index page fetched from ``url``.

    With ``may_be_article``, the page's kind is told first, and an article page comes back as
    such (with no page). Returns (never raises) a one-line reason when the page cannot be read.
    """
    from zonereader.sources.portal import ExtractError, page_kind, parse_list_page

    try:
        text = decode_body(body, content_type).text
    except DecodeError as exc:
        return str(exc)
    problem = nesting_problem(text)
    if problem:
        return problem
    try:
        kind = page_kind(text, url) if may_be_article else "list"
        if kind == "article":
            return ParsedListing(None, kind)
        page = parse_list_page(text, url, selectors)
    except ExtractError as exc:
        return str(exc)
    except Exception as exc:  # a parser bug on hostile input fails this page only
        return _bug(exc)
    dropped = max(0, len(page.entries) - MAX_ENTRIES_PER_PAGE)
    dropped += max(0, len(page.channels) - MAX_CHANNELS_PER_PAGE)
    if dropped:
        page.entries = page.entries[:MAX_ENTRIES_PER_PAGE]
        page.channels = page.channels[:MAX_CHANNELS_PER_PAGE]
    return ParsedListing(page, kind, dropped)


def _bug(exc: Exception) -> str:
    """A one-line reason for an unexpected error of a parser on one page."""
    return clean_line(f"cannot parse page: {type(exc).__name__}: {exc}")[:300]


def prepare_feed(
    body: bytes,
    content_type: str | None,
    url: str,
    source: str,
    zone: str,
    known: dict[str, str],
) -> PreparedFeed:
    """Parse a feed and prepare its changed entries for the store (see :data:`PreparedFeed`).

    Raises what :func:`~zonereader.sources.feed.parse_feed` raises.
    """
    parsed = parse_feed(body, content_type, url, source=source, zone=zone, known=known)
    prepared: list[PreparedArticle] = []
    for article in parsed.entries:
        try:
            prepared.append(prepare_article(article))
        except Exception as exc:  # one entry that cannot be prepared fails alone
            reason = clean_line(f"cannot prepare entry: {type(exc).__name__}: {exc}")[:300]
            parsed.failed.append((article.url, reason))
            parsed.digests.pop(article.url, None)
    # The entries travel once, inside the prepared articles (a helper pickles all of it).
    return replace(parsed, entries=[]), prepared


def run_job(kind: str, args: tuple[object, ...]) -> object:
    """Do one parse job, in a helper process or in-process; never raises.

    ``"article"``: :func:`prepare_article_page` (a PreparedArticle, or why not as a string).
    ``"list"``: :func:`prepare_list_page` (a ParsedListing, or why not as a string).
    ``"feed"``: :func:`prepare_feed` (a PreparedFeed, or the FeedError to raise).
    """
    if kind == "article":
        return prepare_article_page(*args)  # type: ignore[arg-type]
    if kind == "list":
        return prepare_list_page(*args)  # type: ignore[arg-type]
    if kind == "feed":
        try:
            return prepare_feed(*args)  # type: ignore[arg-type]
        except FeedError as exc:
            return exc
        except Exception as exc:  # a parser bug on hostile input fails this feed only
            return FeedError(_bug(exc))
    return f"unknown parse job {kind!r}"
