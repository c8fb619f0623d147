"""What is at a URL: a feed, a portal page, or a page that advertises feeds.

``zonereader source add`` calls :func:`discover`, which fetches the URL once through the sync
layer's HTTP client and hands the bytes to :func:`classify`, a pure function that looks at the
content type and the content itself (servers often send feeds as ``text/html`` or
``application/octet-stream``, and pages as ``text/xml``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from zonereader.config import SyncSettings
from zonereader.models import SourceKind
from zonereader.sources.feed import FeedError, parse_feed
from zonereader.sync.command_jobs import DiscoverJob
from zonereader.sync.parsing import JOB_TIMEOUT, run_with_time_limit
from zonereader.text.decode import DecodeError, decode_body
from zonereader.text.html_limits import nesting_problem
from zonereader.text.sanitize import clean_line
from zonereader.text.urls import canonical_url

#: ``<link rel="alternate" type=...>`` values that name a feed, best first.
FEED_LINK_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/rdf+xml",
    "application/json",
)

_FEED_CONTENT_TYPES = ("rss+xml", "atom+xml", "rdf+xml", "feed+json")
_XML_FEED_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(rss|feed|RDF)[\s>/]")
_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
# The first element after any XML declaration, comments, doctype or processing instructions.
_FIRST_ELEMENT = re.compile(
    rb"\A(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*<([A-Za-z_][\w.:-]*)", re.DOTALL | re.I
)
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title)[\s>]", re.IGNORECASE)


class DiscoverError(Exception):
    """The URL could not be fetched; ``str()`` is one line."""


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed that an HTML page advertises with ``<link rel="alternate">``."""

    url: str
    title: str
    type: str


@dataclass(frozen=True, slots=True)
class Discovery:
    """What was found at a URL.

    ``kind`` is :attr:`SourceKind.FEED` for a feed, :attr:`SourceKind.PORTAL` for an HTML page,
    and None when the content is neither (an image, a JSON document that is not a feed...).
    """

    url: str
    kind: SourceKind | None
    title: str = ""
    feeds: tuple[FeedLink, ...] = ()
    content_type: str = ""
    final_url: str = ""


def classify(body: bytes, content_type: str | None, url: str) -> Discovery:
    """Tell what ``body`` (fetched from ``url`` with ``content_type``) is.

    Args:
        body: the response body, undecoded.
        content_type: the ``Content-Type`` header, if any.
        url: the URL the body came from (after redirects); relative feed links resolve to it.

    Returns:
        A :class:`Discovery`; for a feed its title, for an HTML page its title and the feeds it
        advertises.
    """
    ctype = (content_type or "").split(";")[0].strip().lower()
    head = body[:2048].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    root = _xml_root(head)
    if head.startswith(b"<?xml") and root and root.lower() not in _FEED_ROOTS | {"html"}:
        # Some other XML document (OPML, a sitemap...): neither a feed nor a page.
        return Discovery(url=url, kind=None, content_type=f"XML with a <{root}> root")
    if _looks_like_feed(head, ctype, body):
        try:
            parsed = parse_feed(body, content_type, url, source="discover", zone="")
        except FeedError:
            return Discovery(url=url, kind=None, content_type=ctype)
        return Discovery(url=url, kind=SourceKind.FEED, title=parsed.title, content_type=ctype)
    if ctype in ("text/html", "application/xhtml+xml") or _HTML_START.search(head[:1024]):
        try:
            text = decode_body(body, content_type).text
        except DecodeError:
            return Discovery(url=url, kind=None, content_type=ctype)
        if nesting_problem(text):  # a page built to choke the parser: a page, no title read
            return Discovery(url=url, kind=SourceKind.PORTAL, content_type=ctype)
        title, feeds = _page_title_and_feeds(text, url)
        return Discovery(
            url=url, kind=SourceKind.PORTAL, title=title, feeds=feeds, content_type=ctype
        )
    return Discovery(url=url, kind=None, content_type=ctype)


def _xml_root(head: bytes) -> str | None:
    """The name of the first element of an XML or HTML document (prefix dropped), if any."""
    match = _FIRST_ELEMENT.search(head)
    if match is None:
        return None
    return match.group(1).decode("ascii", "replace").rsplit(":", 1)[-1]


def _looks_like_feed(head: bytes, ctype: str, body: bytes) -> bool:
    if any(marker in ctype for marker in _FEED_CONTENT_TYPES):
        return True
    if head.startswith(b"{"):
        return _is_json_feed(body)
    if head.startswith(b"<"):
        # Skip the XML declaration, comments and processing instructions before the root.
        return bool(_XML_FEED_ROOT.search(head)) and not _HTML_START.match(head)
    return False


def _is_json_feed(body: bytes) -> bool:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return False
    version = data.get("version") if isinstance(data, dict) else None
    return isinstance(version, str) and "jsonfeed.org/version/" in version


def _page_title_and_feeds(html: str, url: str) -> tuple[str, tuple[FeedLink, ...]]:
    tree = LexborHTMLParser(html)
    title_node = tree.css_first("title")
    title = clean_line(title_node.text()) if title_node is not None else ""
    found: list[FeedLink] = []
    seen: set[str] = set()
    for node in tree.css("link[href]"):
        rel = (node.attributes.get("rel") or "").lower().split()
        link_type = (node.attributes.get("type") or "").strip().lower()
        href = (node.attributes.get("href") or "").strip()
        if "alternate" not in rel or link_type not in FEED_LINK_TYPES or not href:
            continue
        try:
            feed_url = canonical_url(href, url)
        except ValueError:
            continue
        if not feed_url.startswith(("http://", "https://")) or feed_url in seen:
            continue
        seen.add(feed_url)
        found.append(
            FeedLink(
                url=feed_url, title=clean_line(node.attributes.get("title") or ""), type=link_type
            )
        )
    found.sort(key=lambda link: FEED_LINK_TYPES.index(link.type))
    return title, tuple(found)


def looks_like_feed(body: bytes, content_type: str | None) -> bool:
    """Whether :func:`classify` will read ``body`` as a feed (a cheap look at its start)."""
    ctype = (content_type or "").split(";")[0].strip().lower()
    head = body[:2048].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    return _looks_like_feed(head, ctype, body)


def discover(url: str, settings: SyncSettings | None = None) -> Discovery:
    """Fetch ``url`` once and classify what it holds, bounded as a sync bounds a response.

    Args:
        url: an absolute http(s) URL.
        settings: the config's ``[sync]`` settings (the defaults when None): the request is
            bounded by them (:func:`zonereader.sync.http.fetch_once`), and an HTML page may
            take ``parse_timeout`` seconds to parse (a feed: the time a sync gives a feed).

    Raises:
        DiscoverError: the URL could not be fetched (connection refused, timeout, HTTP error),
            or its body could not be parsed.
        ParseTimedOut: parsing the body took longer than its time limit.
    """
    from zonereader.sync.fetched import FetchError
    from zonereader.sync.http import fetch_once

    try:
        body, content_type, final_url = fetch_once(url, settings)
    except FetchError as exc:
        raise DiscoverError(exc.reason) from exc
    page_limit = (settings or SyncSettings()).parse_timeout
    limit = JOB_TIMEOUT if looks_like_feed(body, content_type) else page_limit
    found = run_with_time_limit(DiscoverJob(body, content_type, final_url), limit)
    if isinstance(found, str):
        raise DiscoverError(found)
    assert isinstance(found, Discovery)
    return Discovery(
        url=url,
        kind=found.kind,
        title=found.title,
        feeds=found.feeds,
        content_type=found.content_type,
        final_url=final_url,
    )
