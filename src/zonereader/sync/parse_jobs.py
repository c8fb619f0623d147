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

from zonereader.models import PortalSelectors
from zonereader.sources.feed import FeedError, ParsedFeed, parse_feed
from zonereader.store.rows import PreparedArticle, prepare_article
from zonereader.text.decode import DecodeError, decode_body

#: Frame header: the length of the pickled payload that follows.
FRAME = struct.Struct(">I")

#: An article page: body, content type, the URL it was fetched from, source name, zone prefix,
#: selectors, then its identity (the canonical URL the list page gave) and the zone to give it
#: when its page names none.
ParseArgs = tuple[bytes, str | None, str, str, str, PortalSelectors | None, str, str]
#: A feed: body, content type, URL, source name, zone, the digests of entries known unchanged
#: (empty: convert every entry) and the digests of the last parse (identities to keep).
FeedArgs = tuple[bytes, str | None, str, str, str, dict[str, str], dict[str, str]]
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
    try:
        article = parse_article_page(
            text, url, source=source, zone_prefix=zone_prefix, selectors=selectors
        )
    except ExtractError as exc:
        return str(exc)
    except Exception as exc:  # a parser bug on hostile input fails this article only
        return f"cannot parse page: {type(exc).__name__}: {exc}"
    article.url = identity
    if not article.zone:
        article.zone = zone
    return prepare_article(article)


def prepare_feed(
    body: bytes,
    content_type: str | None,
    url: str,
    source: str,
    zone: str,
    known: dict[str, str],
    previous: dict[str, str],
) -> PreparedFeed:
    """Parse a feed and prepare its changed entries for the store (see :data:`PreparedFeed`).

    Raises what :func:`~zonereader.sources.feed.parse_feed` raises.
    """
    parsed = parse_feed(
        body, content_type, url, source=source, zone=zone, known=known, previous=previous
    )
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
