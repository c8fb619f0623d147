"""Feeds to articles: RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 (through feedparser), JSON Feed 1.0/1.1.

A pure function of bytes: no I/O, no clock. The bytes are decoded by our own charset rules
(:func:`zonereader.text.decode.decode_body`: BOM, HTTP header, XML declaration, GB2312/GBK as
GB18030, strict fallbacks) and handed to feedparser as UTF-8 with a matching declaration, so a GBK
feed with no declaration, or whose header and declaration disagree, comes out as correct Chinese.

Entries become :class:`~zonereader.models.Article` records: identity is the entry's link, falling
back to its id, and where entries share a link, their link with its fragment, their id or their
content (:mod:`zonereader.sources.feed_identity`); the title loses any HTML; the body becomes the
same clean paragraphs portal articles have, its links (and enclosures) kept as footnotes.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from zonereader.models import Article
from zonereader.sources.feed_identity import EntryFacts, assign_identities
from zonereader.text.dates import parse_date
from zonereader.text.decode import DecodeError, decode_body
from zonereader.text.html import html_to_paragraphs
from zonereader.text.sanitize import clean_line, clean_text, scrub_surrogates
from zonereader.text.urls import canonical_url

_XML_DECL = re.compile(r"^\s*<\?xml\b[^>]*\?>", re.DOTALL)
#: Numeric character references, to replace those naming no character XML allows (a lone
#: surrogate such as ``&#xD800;`` makes one parser fail the feed and another crash on it).
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_TAG = re.compile(r"<[A-Za-z/!][^>]*>")
_HTML_HINT = re.compile(r"<[A-Za-z/][^>]*>|&[#A-Za-z0-9]+;")
#: Length of a title made up from the body when an entry has none.
_TITLE_FROM_BODY = 40


class FeedError(ValueError):
    """The bytes are not a feed we can read; ``str()`` is one line."""


@dataclass(slots=True)
class ParsedFeed:
    """A parsed feed: its title, site link and entries as articles (newest first, as served)."""

    title: str
    link: str
    entries: list[Article] = field(default_factory=list)
    format: str = ""
    """feedparser's version string (``rss20``, ``atom10``, ...) or ``json10``/``json11``."""
    encoding: str = ""
    """The encoding the bytes were decoded with."""
    duplicates: int = 0
    """Entries dropped because an earlier entry had the same identity."""
    digests: dict[str, str] = field(default_factory=dict)
    """A digest of every entry's raw fields, by identity (pass it back as ``known``)."""
    unchanged: list[str] = field(default_factory=list)
    """Identities whose digest matched ``known``: not converted, not in ``entries``."""
    failed: list[tuple[str, str]] = field(default_factory=list)
    """Entries that could not be read, as (identity, one-line reason); they have no digest,
    so the next parse tries them again. One bad entry never costs the others."""
    split: dict[str, list[str]] = field(default_factory=dict)
    """Links several entries shared (plain identity → the identities those entries now have,
    in feed order): a cache written while they were one article may hold the plain one."""


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
        parsed = _parse_json_feed(text, url, source=source, zone=zone, known=known, previous=before)
    else:
        parsed = _parse_xml_feed(
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


# --------------------------------------------------------------------------- XML (feedparser)


def _parse_xml_feed(
    text: str,
    url: str,
    *,
    source: str,
    zone: str,
    use_feedparser: bool = False,
    known: Mapping[str, str] | None = None,
    previous: Mapping[str, str] | None = None,
) -> ParsedFeed:
    # Re-encode as UTF-8 and say so, in the declaration and in the "header": neither parser then
    # second-guesses the charset, and neither ever sees GBK bytes.
    utf8 = _valid_char_refs(_XML_DECL.sub("", text, count=1))
    data = ('<?xml version="1.0" encoding="utf-8"?>\n' + utf8).encode("utf-8")
    if not use_feedparser:
        fast = _parse_fast(data, url, source=source, zone=zone, known=known, previous=previous)
        if fast is not None:
            return fast
    # Imported here: the fast path reads most feeds, and feedparser (with urllib.request, ssl,
    # email) is ~40 ms of a sync's start-up.
    import feedparser

    try:
        result = feedparser.parse(
            data,
            response_headers={
                "content-type": "application/xml; charset=utf-8",
                "content-location": url,
            },
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as exc:  # feedparser's own bugs on hostile input: this feed fails alone
        reason = clean_line(f"{type(exc).__name__}: {exc}")[:200]
        raise FeedError(f"cannot read the feed: {reason}") from None
    if not isinstance(result.get("entries"), list):
        raise FeedError("cannot read the feed")
    if not result.get("version") and not result.entries:
        reason = result.get("bozo_exception")
        detail = f": {clean_line(str(reason))[:120]}" if reason else ""
        raise FeedError(f"not an RSS, Atom or JSON feed{detail}")
    version = str(result.get("version") or "")
    return _build(
        result.feed,
        result.entries,
        version,
        url,
        source=source,
        zone=zone,
        known=known,
        previous=previous,
    )


def _xml_article(
    entry: Any, identity: str, url: str, *, source: str, zone: str, feed_title: str
) -> Article:
    body_html, body_type, base = _entry_body(entry, url)
    paragraphs, links = _body(body_html, body_type, base)
    for enclosure in entry.get("enclosures", []) or []:
        href = _absolute(enclosure.get("href", ""), base)
        if href and href not in links:
            links.append(href)
    title = _plain_title(entry.get("title", ""), entry.get("title_detail")) or _title_from(
        paragraphs
    )
    published, has_time = _entry_date(entry)
    author = clean_line(entry.get("author", "") or "")
    if not author:
        authors = entry.get("authors") or []
        author = clean_line(str(authors[0].get("name", ""))) if authors else ""
    return Article(
        url=identity,
        title=title,
        zone=zone,
        source=source,
        published=published,
        has_time=has_time,
        origin=author or feed_title,
        paragraphs=paragraphs,
        links=links,
    )


def _entry_body(entry: Any, url: str) -> tuple[str, str, str]:
    """The entry's fullest body: (text, mime type, base URL for its relative links)."""
    contents = entry.get("content") or []
    best = max(contents, key=lambda c: len(c.get("value", "") or ""), default=None)
    detail = best if best is not None and best.get("value") else entry.get("summary_detail")
    value = (best or {}).get("value") or entry.get("summary", "") or ""
    body_type = (detail or {}).get("type", "text/html") or "text/html"
    base = (detail or {}).get("base") or url
    if not base.startswith(("http://", "https://")):
        base = url
    return value, body_type, base


def _entry_date(entry: Any) -> tuple[datetime | None, bool]:
    # Our own date parser only: feedparser's reads "2024年1月5日" as the 1st of November.
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not raw:
            continue
        when, has_time = parse_date(str(raw))
        if when is not None:
            return when, has_time
    return None, False


# --------------------------------------------------------------------------- fast XML reader

_ATOM = "{http://www.w3.org/2005/Atom}"
_RSS1 = "{http://purl.org/rss/1.0/}"
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


def _parse_fast(
    data: bytes,
    url: str,
    *,
    source: str,
    zone: str,
    known: Mapping[str, str] | None = None,
    previous: Mapping[str, str] | None = None,
) -> ParsedFeed | None:
    """Read well-formed RSS 0.91-2.0, RSS 1.0 and Atom 1.0 with ElementTree.

    About five times faster than feedparser on large feeds. It builds the same entry records
    feedparser does (the fields :func:`_xml_entry` reads), so both paths give the same articles;
    it returns None for anything else (malformed XML, Atom 0.3, RSS 0.90, XHTML content), which
    feedparser then reads.
    """
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return None
    if root.tag == "rss":
        channel = root.find("channel")
        if channel is None:
            return None
        version = {"2.0": "rss20", "0.92": "rss092"}.get((root.get("version") or "").strip(), "")
        if not version:
            return None
        meta: dict[str, Any] = {
            "title": channel.findtext("title") or "",
            "link": channel.findtext("link") or "",
        }
        entries = [_rss_item(item, "") for item in channel.iterfind("item")]
    elif root.tag == f"{_RDF}RDF":
        channel = root.find(f"{_RSS1}channel")
        if channel is None:
            return None
        version = "rss10"
        meta = {
            "title": channel.findtext(f"{_RSS1}title") or "",
            "link": channel.findtext(f"{_RSS1}link") or "",
        }
        entries = [_rss_item(item, _RSS1) for item in root.iterfind(f"{_RSS1}item")]
    elif root.tag == f"{_ATOM}feed":
        version = "atom10"
        base = _join_base(url, root.get(_XML_BASE))
        title = root.find(f"{_ATOM}title")
        meta = {
            "title": _atom_text(title),
            "title_detail": {"type": _atom_type(title)},
            "link": _atom_link(root, base, "alternate"),
        }
        entries = []
        for element in root.iterfind(f"{_ATOM}entry"):
            entry = _atom_entry(element, base)
            if entry is None:
                return None
            entries.append(entry)
    else:
        return None
    return _build(
        meta, entries, version, url, source=source, zone=zone, known=known, previous=previous
    )


def _rss_item(item: ET.Element, ns: str) -> dict[str, Any]:
    link = (item.findtext(f"{ns}link") or "").strip()
    guid = item.find("guid")
    entry_id = (guid.text or "").strip() if guid is not None else ""
    if not entry_id and ns:
        entry_id = (item.get(f"{_RDF}about") or "").strip()
    if not link and guid is not None and (guid.get("isPermaLink") or "true").lower() != "false":
        link = entry_id
    pub = item.findtext("pubDate")
    dc_date = item.findtext(f"{_DC}date")
    author = item.findtext(f"{_DC}creator") or item.findtext("author") or ""
    encoded = item.findtext(f"{_CONTENT}encoded")
    description = item.findtext(f"{ns}description")
    entry: dict[str, Any] = {
        "title": item.findtext(f"{ns}title") or "",
        "link": link,
        "id": entry_id,
        "published": pub,
        "updated": dc_date or pub,
        "author": author.strip(),
        "summary": description or "",
        "summary_detail": {"type": "text/html", "base": ""},
        "enclosures": [{"href": e.get("url") or ""} for e in item.iterfind("enclosure")],
    }
    if encoded:
        entry["content"] = [{"value": encoded, "type": "text/html", "base": ""}]
    return entry


def _atom_entry(element: ET.Element, feed_base: str) -> dict[str, Any] | None:
    base = _join_base(feed_base, element.get(_XML_BASE))
    content = element.find(f"{_ATOM}content")
    summary = element.find(f"{_ATOM}summary")
    if any(
        node is not None and (_atom_type(node) == "application/xhtml+xml" or node.get("src"))
        for node in (content, summary)
    ):
        return None  # XHTML or out-of-line content: feedparser's job
    title = element.find(f"{_ATOM}title")
    author = element.find(f"{_ATOM}author")
    entry: dict[str, Any] = {
        "title": _atom_text(title),
        "title_detail": {"type": _atom_type(title)},
        "link": _atom_link(element, base, "alternate"),
        "id": (element.findtext(f"{_ATOM}id") or "").strip(),
        "published": element.findtext(f"{_ATOM}published"),
        "updated": element.findtext(f"{_ATOM}updated"),
        "author": (author.findtext(f"{_ATOM}name") or "").strip() if author is not None else "",
        "enclosures": [
            {"href": _join_base(base, link.get("href"))}
            for link in element.iterfind(f"{_ATOM}link")
            if link.get("rel") == "enclosure" and link.get("href")
        ],
    }
    if content is not None:
        entry["content"] = [
            {
                "value": _atom_text(content),
                "type": _atom_type(content),
                "base": _join_base(base, content.get(_XML_BASE)),
            }
        ]
    if summary is not None:
        entry["summary"] = _atom_text(summary)
        entry["summary_detail"] = {
            "type": _atom_type(summary),
            "base": _join_base(base, summary.get(_XML_BASE)),
        }
    return entry


def _atom_text(node: ET.Element | None) -> str:
    return (node.text or "") if node is not None else ""


def _atom_type(node: ET.Element | None) -> str:
    kind = (node.get("type") or "text") if node is not None else "text"
    return {"text": "text/plain", "html": "text/html", "xhtml": "application/xhtml+xml"}.get(
        kind, kind
    )


def _atom_link(element: ET.Element, base: str, rel: str) -> str:
    for link in element.iterfind(f"{_ATOM}link"):
        if (link.get("rel") or "alternate") == rel and link.get("href"):
            return _join_base(base, link.get("href"))
    return ""


def _join_base(base: str, href: str | None) -> str:
    if not href:
        return base
    return urljoin(base, href.strip())


def _build(
    meta: dict[str, Any],
    entries: list[dict[str, Any]],
    version: str,
    url: str,
    *,
    source: str,
    zone: str,
    known: Mapping[str, str] | None = None,
    previous: Mapping[str, str] | None = None,
) -> ParsedFeed:
    """Turn feed metadata and entry records (feedparser's shape) into a :class:`ParsedFeed`."""
    title = _plain_title(meta.get("title", ""), meta.get("title_detail"))
    link = _absolute(meta.get("link", ""), url)
    feed = ParsedFeed(title=title, link=link, format=version)
    admit = _Admitter(feed, known, f"{source}\x1f{zone}\x1f{title}\x1f{url}")
    facts = [
        EntryFacts(
            link=_entry_link(entry.get("link", ""), url),
            entry_id=str(entry.get("id", "") or "").strip(),
            digest=admit.digest([entry.get(k) for k in _RAW_KEYS]),
            content=(
                entry.get("title"),
                entry.get("published") or entry.get("updated"),
                entry.get("content") or entry.get("summary"),
            ),
        )
        for entry in entries
    ]
    identities = assign_identities(facts, url, {url, link}, previous)
    feed.split = identities.split
    for entry, fact, identity in zip(entries, facts, identities.urls, strict=True):
        if identity is None:
            feed.duplicates += 1
        elif admit(identity, fact.digest):
            try:
                feed.entries.append(
                    _xml_article(entry, identity, url, source=source, zone=zone, feed_title=title)
                )
            except Exception as exc:  # one entry a bug chokes on fails alone
                _entry_failed(feed, identity, exc)
    return feed


def _entry_failed(feed: ParsedFeed, identity: str, exc: Exception) -> None:
    """Record an entry that could not be read; without its digest, the next parse retries it."""
    feed.digests.pop(identity, None)
    reason = clean_line(f"cannot read entry: {type(exc).__name__}: {exc}")[:300]
    feed.failed.append((identity, reason))


def _valid_char_refs(text: str) -> str:
    """``text`` with numeric character references to characters XML forbids (lone
    surrogates, U+0000, code points past U+10FFFF...) made ``&#xFFFD;``."""
    if "&#" not in text:
        return text
    return _CHAR_REF.sub(_char_ref, text)


def _char_ref(match: re.Match[str]) -> str:
    hex_digits, decimal = match.groups()
    code = int(hex_digits, 16) if hex_digits else int(decimal)
    allowed = (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )
    return match.group(0) if allowed else "&#xFFFD;"


#: The entry fields an article is made from (their raw values make an entry's digest).
_RAW_KEYS = (
    "title", "title_detail", "link", "id", "content", "summary", "summary_detail",
    "enclosures", "published", "updated", "created", "author", "authors",
)  # fmt: skip


class _Admitter:
    """Decides which entries become articles: records a digest of each entry's raw fields,
    and skips entries whose digest the caller already knows."""

    def __init__(self, feed: ParsedFeed, known: Mapping[str, str] | None, salt: str) -> None:
        self.feed = feed
        self.known = known or {}
        self.salt = salt

    def digest(self, raw: object) -> str:
        """The digest of an entry's raw fields (salted with the source, zone, feed title, URL)."""
        return hashlib.blake2b(
            f"{self.salt}\x1e{raw!r}".encode("utf-8", "surrogatepass"), digest_size=12
        ).hexdigest()

    def __call__(self, identity: str, digest: str) -> bool:
        """Record the entry's digest; return whether it must be converted (not known as is)."""
        self.feed.digests[identity] = digest
        if self.known.get(identity) == digest:
            self.feed.unchanged.append(identity)
            return False
        return True


# --------------------------------------------------------------------------- JSON Feed


def _parse_json_feed(
    text: str,
    url: str,
    *,
    source: str,
    zone: str,
    known: Mapping[str, str] | None,
    previous: Mapping[str, str] | None = None,
) -> ParsedFeed:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise FeedError(f"not a JSON feed: {exc}") from exc
    version = data.get("version") if isinstance(data, dict) else None
    if not isinstance(version, str) or "jsonfeed.org/version/" not in version:
        raise FeedError("not a JSON feed: no jsonfeed.org version")
    fmt = "json11" if version.rstrip("/").endswith("1.1") else "json10"
    title = clean_line(_str(data.get("title")))
    link = _absolute(_str(data.get("home_page_url")), url)
    feed_author = _json_author(data)
    feed = ParsedFeed(title=title, link=link, format=fmt)
    admit = _Admitter(feed, known, f"{source}\x1f{zone}\x1f{feed_author or title}\x1f{url}")
    raw_items = data.get("items")
    listed = raw_items if isinstance(raw_items, list) else []
    items = [item for item in listed if isinstance(item, dict)]
    facts = [
        EntryFacts(
            link=_entry_link(_str(item.get("url")) or _str(item.get("external_url")), url),
            entry_id=_str(item.get("id")).strip(),
            digest=admit.digest(sorted(item.items(), key=lambda kv: kv[0])),
            content=(
                item.get("title"),
                item.get("date_published") or item.get("date_modified"),
                item.get("content_html") or item.get("content_text") or item.get("summary"),
            ),
        )
        for item in items
    ]
    identities = assign_identities(facts, url, {url, link}, previous)
    feed.split = identities.split
    for item, fact, identity in zip(items, facts, identities.urls, strict=True):
        if identity is None:
            feed.duplicates += 1
        elif admit(identity, fact.digest):
            fallback = feed_author or title
            try:
                feed.entries.append(
                    _json_item(item, identity, url, source=source, zone=zone, fallback=fallback)
                )
            except Exception as exc:  # one entry a bug chokes on fails alone
                _entry_failed(feed, identity, exc)
    return feed


def _json_item(
    item: dict[str, Any], identity: str, url: str, *, source: str, zone: str, fallback: str
) -> Article:
    if item.get("content_html"):
        paragraphs, links = _body(_str(item["content_html"]), "text/html", url)
    else:
        text = _str(item.get("content_text")) or _str(item.get("summary"))
        paragraphs, links = _body(text, "text/plain", url)
    for attachment in item.get("attachments") or []:
        if isinstance(attachment, dict):
            href = _absolute(_str(attachment.get("url")), url)
            if href and href not in links:
                links.append(href)
    title = _plain_title(_str(item.get("title")), None) or _title_from(paragraphs)
    published, has_time = None, False
    for key in ("date_published", "date_modified"):
        if item.get(key):
            published, has_time = parse_date(_str(item[key]))
            if published is not None:
                break
    return Article(
        url=identity,
        title=title,
        zone=zone,
        source=source,
        published=published,
        has_time=has_time,
        origin=_json_author(item) or fallback,
        paragraphs=paragraphs,
        links=links,
    )


def _json_author(data: dict[str, Any]) -> str:
    authors = data.get("authors")
    if isinstance(authors, list) and authors and isinstance(authors[0], dict):
        return clean_line(_str(authors[0].get("name")))
    author = data.get("author")
    if isinstance(author, dict):
        return clean_line(_str(author.get("name")))
    return ""


def _str(value: object) -> str:
    """A JSON value as text; lone surrogates (``"\\ud800"``) replaced, never kept."""
    if value is None:
        return ""
    return scrub_surrogates(value if isinstance(value, str) else str(value))


# --------------------------------------------------------------------------- shared helpers


def _absolute(href: str, base: str) -> str:
    """``href`` made absolute and canonical; ``""`` unless it is an http(s) URL with a host
    the URL parser accepts (``http://[::1`` is not one)."""
    href = (href or "").strip()
    if not href:
        return ""
    result = canonical_url(href, base)
    if not result.startswith(("http://", "https://")):
        return ""
    try:
        return result if urlsplit(result).hostname else ""
    except ValueError:
        return ""


def _entry_link(href: str, base: str) -> str:
    """An entry's link: absolute and canonical, with its fragment kept (``""`` if unusable)."""
    absolute = _absolute(href, base)
    if not absolute:
        return ""
    fragment = href.strip().partition("#")[2]
    return f"{absolute}#{fragment}" if fragment else absolute


def _plain_title(title: str, detail: Any) -> str:
    """A title as one clean line: HTML tags stripped, entities decoded."""
    title = title or ""
    kind = (detail or {}).get("type", "") if detail else ""
    if "html" in kind or _HTML_HINT.search(title):
        title = html.unescape(_TAG.sub("", title))
    return clean_line(title)


def _body(value: str, body_type: str, base: str) -> tuple[list[str], list[str]]:
    if not value.strip():
        return [], []
    if "html" in body_type or _HTML_HINT.search(value):
        paragraphs, links = html_to_paragraphs(value, base_url=base)
        return paragraphs, list(links)
    lines = (clean_line(line) for line in clean_text(value).split("\n"))
    return [line for line in lines if line], []


def _title_from(paragraphs: list[str]) -> str:
    if not paragraphs:
        return "(无标题)"
    first = paragraphs[0]
    return first if len(first) <= _TITLE_FROM_BODY else first[:_TITLE_FROM_BODY] + "…"
