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
from dataclasses import replace

from zonereader.models import Article, PortalSelectors
from zonereader.sources.feed import FeedError, ParsedFeed, parse_feed
from zonereader.store.rows import PreparedArticle, prepare_article
from zonereader.text.decode import DecodeError, decode_body

#: Frame header: the length of the pickled payload that follows.
FRAME = struct.Struct(">I")

#: An article page: body, content type, the URL it was fetched from, source name, zone prefix,
#: selectors, then its identity (the canonical URL the list page gave) and the zone to give it
#: when its page names none.
ParseArgs = tuple[bytes, str | None, str, str, str, PortalSelectors | None, str, str]
FeedArgs = tuple[bytes, str | None, str, str, str, dict[str, str]]
#: A feed, parsed: the feed without its entries (its digests, unchanged identities...) and the
#: entries, prepared for the store, in feed order.
PreparedFeed = tuple[ParsedFeed, list[PreparedArticle]]


def parse_article_bytes(
    body: bytes,
    content_type: str | None,
    url: str,
    source: str,
    zone_prefix: str,
    selectors: PortalSelectors | None,
) -> Article | str:
    """Decode and parse one article page; return the article or a one-line reason.

    Returns (never raises) its failure so that a helper process can send it back as is.
    """
    # Imported on first use, like the HTML parser it loads: a feed sync's helpers never need it.
    from zonereader.sources.portal import ExtractError, parse_article_page

    try:
        text = decode_body(body, content_type).text
    except DecodeError as exc:
        return str(exc)
    try:
        return parse_article_page(
            text, url, source=source, zone_prefix=zone_prefix, selectors=selectors
        )
    except ExtractError as exc:
        return str(exc)
    except Exception as exc:  # a parser bug on hostile input fails this article only
        return f"cannot parse page: {type(exc).__name__}: {exc}"


def finish_article(article: Article, identity: str, zone: str) -> Article:
    """Give a parsed article page its identity (the URL its list gave) and, if it named
    none, ``zone``."""
    article.url = identity
    if not article.zone:
        article.zone = zone
    return article


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
    """Parse an article page (:func:`parse_article_bytes`), give it its identity
    (:func:`finish_article`) and prepare it for the store.

    Returns the prepared article, or a one-line reason it could not be parsed.
    """
    result = parse_article_bytes(body, content_type, url, source, zone_prefix, selectors)
    if isinstance(result, str):
        return result
    return prepare_article(finish_article(result, identity, zone))


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
    prepared = [prepare_article(article) for article in parsed.entries]
    # The entries travel once, inside the prepared articles (a helper pickles all of it).
    return replace(parsed, entries=[]), prepared


def run_job(kind: str, args: tuple[object, ...]) -> object:
    """Do one parse job, in a helper process or in-process; never raises.

    ``"article"``: :func:`prepare_article_page` (a PreparedArticle, or why not as a string).
    ``"feed"``: :func:`prepare_feed` (a PreparedFeed, or the FeedError to raise).
    """
    if kind == "article":
        return prepare_article_page(*args)  # type: ignore[arg-type]
    if kind == "feed":
        try:
            return prepare_feed(*args)  # type: ignore[arg-type]
        except FeedError as exc:
            return exc
    return f"unknown parse job {kind!r}"
