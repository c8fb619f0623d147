"""The parse jobs of a sync, as plain functions: decode and parse one page or feed.

They run in a sync's parse helper processes (:mod:`zonereader.sync.parse_worker`) or, for small
runs, in the sync itself (:mod:`zonereader.sync.parsing`). This module imports neither asyncio
nor the store, so a helper starts in about half the time it would otherwise take.
"""

from __future__ import annotations

import struct

from zonereader.models import Article, PortalSelectors
from zonereader.sources.feed import FeedError, ParsedFeed, parse_feed
from zonereader.sources.portal import ExtractError, parse_article_page
from zonereader.text.bigrams import article_index_texts
from zonereader.text.decode import DecodeError, decode_body

#: Frame header: the length of the pickled payload that follows.
FRAME = struct.Struct(">I")

ParseArgs = tuple[bytes, str | None, str, str, str, PortalSelectors | None]
FeedArgs = tuple[bytes, str | None, str, str, str, dict[str, str]]
#: A helper's answer: the result (an Article or ParsedFeed, or why not: a one-line reason or
#: the FeedError to raise) and the search-index texts it split (or None).
Reply = tuple[object, dict[str, str] | None]


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


def parse_feed_for_store(
    body: bytes,
    content_type: str | None,
    url: str,
    source: str,
    zone: str,
    known: dict[str, str],
) -> tuple[ParsedFeed, dict[str, str]]:
    """Parse a feed and split its entries' titles and bodies for the search index.

    Run in a worker process for big feeds, so that the sync's writer only looks the split texts
    up (see ``Store.upsert_articles``). Raises what :func:`parse_feed` raises.
    """
    parsed = parse_feed(body, content_type, url, source=source, zone=zone, known=known)
    texts: dict[str, str] = {}
    for article in parsed.entries:
        texts.update(article_index_texts(article.title, article.paragraphs))
    return parsed, texts


def run_job(kind: str, args: tuple[object, ...]) -> Reply:
    """Do one parse job, in a helper process or in-process; never raises.

    ``"article"``: :func:`parse_article_bytes` plus the article's search-index texts.
    ``"feed"``: :func:`parse_feed_for_store` (its FeedError comes back as the result).
    """
    if kind == "article":
        result = parse_article_bytes(*args)  # type: ignore[arg-type]
        if isinstance(result, str):
            return result, None
        return result, article_index_texts(result.title, result.paragraphs)
    if kind == "feed":
        try:
            parsed, texts = parse_feed_for_store(*args)  # type: ignore[arg-type]
        except FeedError as exc:
            return exc, None
        return parsed, texts
    return f"unknown parse job {kind!r}", None
