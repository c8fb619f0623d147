"""The entry point: decode a feed's bytes by our own charset rules and read it by its format."""

from __future__ import annotations

from collections.abc import Mapping

from zonereader.sources.feed.json_feed import read_json_feed
from zonereader.sources.feed.model import FeedError, ParsedFeed
from zonereader.sources.feed.xml_feed import read_xml_feed
from zonereader.text.decode import DecodeError, decode_body


def parse_feed(
    body: bytes,
    content_type: str | None,
    url: str,
    *,
    source: str,
    zone: str,
    use_feedparser: bool = False,
    known: Mapping[str, str] | None = None,
    previous: Mapping[str, str] | None = None,
) -> ParsedFeed:
    """Parse a feed's bytes into articles.

    Args:
        body: the feed as received, undecoded.
        content_type: the HTTP ``Content-Type`` header, if any (its charset counts).
        url: the feed's URL (after redirects); relative links resolve against it.
        source: the source name given to every article.
        zone: the zone path given to every article.
        use_feedparser: parse well-formed RSS/Atom with feedparser too, instead of the fast
            ElementTree reader (tests compare the two).
        known: digests of entries from an earlier parse (:attr:`ParsedFeed.digests`): entries
            whose digest is unchanged are listed in :attr:`ParsedFeed.unchanged` instead of
            being converted again.
        previous: the digests of the last parse of this feed, even when ``known`` is left out
            to convert every entry: entries that share a link keep the identities they had.

    Returns:
        The feed's title, site link and entries.

    Raises:
        FeedError: the bytes cannot be decoded, or are neither XML nor a JSON feed.
    """
    try:
        decoded = decode_body(body, content_type)
    except DecodeError as exc:
        raise FeedError(str(exc)) from exc
    text = decoded.text.lstrip("\ufeff \t\r\n")
    before = previous if previous is not None else known
    if text.startswith("{"):
        parsed = read_json_feed(text, url, source=source, zone=zone, known=known, previous=before)
    else:
        parsed = read_xml_feed(
            text,
            url,
            source=source,
            zone=zone,
            use_feedparser=use_feedparser,
            known=known,
            previous=before,
        )
    parsed.encoding = decoded.encoding
    return parsed
