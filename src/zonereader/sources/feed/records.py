"""Entry records in feedparser's shape (from either XML reader) to a :class:`ParsedFeed`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from zonereader.models import Article
from zonereader.sources.feed.entries import (
    RAW_KEYS,
    Admitter,
    absolute_url,
    attach,
    body_parts,
    convert_entries,
    entry_link,
    plain_title,
    title_from,
)
from zonereader.sources.feed.model import ParsedFeed
from zonereader.sources.feed_identity import EntryFacts
from zonereader.text.dates import parse_date
from zonereader.text.sanitize import clean_line


def build_feed(
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
    title = plain_title(meta.get("title", ""), meta.get("title_detail"))
    link = absolute_url(meta.get("link", ""), url)
    feed = ParsedFeed(title=title, link=link, format=version)
    admit = Admitter(feed, known, f"{source}\x1f{zone}\x1f{title}\x1f{url}")
    facts = [
        EntryFacts(
            link=entry_link(entry.get("link", ""), url),
            entry_id=str(entry.get("id", "") or "").strip(),
            digest=admit.digest([entry.get(k) for k in RAW_KEYS]),
            content=(
                entry.get("title"),
                entry.get("published") or entry.get("updated"),
                entry.get("content") or entry.get("summary"),
            ),
        )
        for entry in entries
    ]
    convert_entries(
        feed,
        admit,
        entries,
        facts,
        (url, link),
        previous,
        lambda entry, identity: _xml_article(
            entry, identity, url, source=source, zone=zone, feed_title=title
        ),
    )
    return feed


def _xml_article(
    entry: Any, identity: str, url: str, *, source: str, zone: str, feed_title: str
) -> Article:
    body_html, body_type, base = _entry_body(entry, url)
    body = body_parts(body_html, body_type, base)
    paragraphs = body.paragraphs
    for enclosure in entry.get("enclosures", []) or []:
        attach(body, absolute_url(enclosure.get("href", ""), base), enclosure.get("type"))
    title = plain_title(entry.get("title", ""), entry.get("title_detail")) or title_from(paragraphs)
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
        links=body.links,
        images=body.images,
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
