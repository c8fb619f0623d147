"""JSON Feed 1.0 and 1.1 to a :class:`ParsedFeed`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from zonereader.models import Article
from zonereader.sources.feed.entries import (
    Admitter,
    absolute_url,
    attach,
    body_parts,
    convert_entries,
    entry_link,
    plain_title,
    title_from,
)
from zonereader.sources.feed.model import FeedError, ParsedFeed
from zonereader.sources.feed_identity import EntryFacts
from zonereader.text.dates import parse_date
from zonereader.text.sanitize import clean_line, scrub_surrogates


def read_json_feed(
    text: str,
    url: str,
    *,
    source: str,
    zone: str,
    known: Mapping[str, str] | None,
    previous: Mapping[str, str] | None = None,
) -> ParsedFeed:
    """Read a JSON Feed's ``text`` (see :func:`~zonereader.sources.feed.parse_feed`).

    Raises:
        FeedError: the text is not JSON, or not a JSON feed.
    """
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise FeedError(f"not a JSON feed: {exc}") from exc
    version = data.get("version") if isinstance(data, dict) else None
    if not isinstance(version, str) or "jsonfeed.org/version/" not in version:
        raise FeedError("not a JSON feed: no jsonfeed.org version")
    fmt = "json11" if version.rstrip("/").endswith("1.1") else "json10"
    title = clean_line(_str(data.get("title")))
    link = absolute_url(_str(data.get("home_page_url")), url)
    feed_author = _json_author(data)
    feed = ParsedFeed(title=title, link=link, format=fmt)
    admit = Admitter(feed, known, f"{source}\x1f{zone}\x1f{feed_author or title}\x1f{url}")
    raw_items = data.get("items")
    listed = raw_items if isinstance(raw_items, list) else []
    items = [item for item in listed if isinstance(item, dict)]
    facts = [
        EntryFacts(
            link=entry_link(_str(item.get("url")) or _str(item.get("external_url")), url),
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
    fallback = feed_author or title
    convert_entries(
        feed,
        admit,
        items,
        facts,
        (url, link),
        previous,
        lambda item, identity: _json_item(
            item, identity, url, source=source, zone=zone, fallback=fallback
        ),
    )
    return feed


def _json_item(
    item: dict[str, Any], identity: str, url: str, *, source: str, zone: str, fallback: str
) -> Article:
    if item.get("content_html"):
        body = body_parts(_str(item["content_html"]), "text/html", url)
    else:
        text = _str(item.get("content_text")) or _str(item.get("summary"))
        body = body_parts(text, "text/plain", url)
    paragraphs = body.paragraphs
    for attachment in item.get("attachments") or []:
        if isinstance(attachment, dict):
            attach(
                body, absolute_url(_str(attachment.get("url")), url), attachment.get("mime_type")
            )
    title = plain_title(_str(item.get("title")), None) or title_from(paragraphs)
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
        links=body.links,
        images=body.images,
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
