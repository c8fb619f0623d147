"""Feeds to articles: RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 (through feedparser), JSON Feed 1.0/1.1.

A pure function of bytes: no I/O, no clock. The bytes are decoded by our own charset rules
(:func:`zonereader.text.decode.decode_body`: BOM, HTTP header, XML declaration, GB2312/GBK as
GB18030, strict fallbacks) and handed to feedparser as UTF-8 with a matching declaration, so a GBK
feed with no declaration, or whose header and declaration disagree, comes out as correct Chinese.

Entries become :class:`~zonereader.models.Article` records: identity is the entry's link, falling
back to its id, and where entries share a link, their link with its fragment, their id or their
content (:mod:`zonereader.sources.feed_identity`); the title loses any HTML; the body becomes the
same clean paragraphs portal articles have, its links and images (and enclosures) kept in order.

The work is split by job: :mod:`.parse` (decoding and dispatch), :mod:`.xml_feed` and
:mod:`.etree_reader` (RSS and Atom), :mod:`.json_feed`, :mod:`.records` (entry records to
articles) and :mod:`.entries` (what every format shares: digests, links, titles, bodies).
"""

from __future__ import annotations

from zonereader.sources.feed.model import FeedError, ParsedFeed
from zonereader.sources.feed.parse import parse_feed

__all__ = ["FeedError", "ParsedFeed", "parse_feed"]
