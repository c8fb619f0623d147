"""What every feed format shares: which entries are converted (digests), and an entry's
links, title and body made into an article's."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import urlsplit

from zonereader.models import Article, BodyImage, BodyLink
from zonereader.sources.feed.model import ParsedFeed
from zonereader.sources.feed_identity import EntryFacts, assign_identities
from zonereader.text.html import BodyParts, html_body
from zonereader.text.sanitize import clean_line, clean_text
from zonereader.text.urls import canonical_url

_TAG = re.compile(r"<[A-Za-z/!][^>]*>")
_HTML_HINT = re.compile(r"<[A-Za-z/][^>]*>|&[#A-Za-z0-9]+;")
#: Length of a title made up from the body when an entry has none.
_TITLE_FROM_BODY = 40


def entry_failed(feed: ParsedFeed, identity: str, exc: Exception) -> None:
    """Record an entry that could not be read; without its digest, the next parse retries it."""
    feed.digests.pop(identity, None)
    reason = clean_line(f"cannot read entry: {type(exc).__name__}: {exc}")[:300]
    feed.failed.append((identity, reason))


Record = TypeVar("Record")


def convert_entries(
    feed: ParsedFeed,
    admit: Admitter,
    records: Sequence[Record],
    facts: Sequence[EntryFacts],
    feed_urls: tuple[str, str],
    previous: Mapping[str, str] | None,
    convert: Callable[[Record, str], Article],
) -> None:
    """Give each entry its identity and append to ``feed`` the articles of those ``admit``
    lets through, made by ``convert(record, identity)``.

    ``feed_urls`` is the feed's own address and its home page (links to them identify no
    entry). An entry without an identity is counted as a duplicate; one that ``convert``
    fails on fails alone (:func:`entry_failed`).
    """
    identities = assign_identities(list(facts), feed_urls[0], set(feed_urls), previous)
    feed.split = identities.split
    for record, fact, identity in zip(records, facts, identities.urls, strict=True):
        if identity is None:
            feed.duplicates += 1
        elif admit(identity, fact.digest):
            try:
                feed.entries.append(convert(record, identity))
            except Exception as exc:  # one entry a bug chokes on fails alone
                entry_failed(feed, identity, exc)


RAW_KEYS = (
    "title", "title_detail", "link", "id", "content", "summary", "summary_detail",
    "enclosures", "published", "updated", "created", "author", "authors",
)  # fmt: skip


class Admitter:
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


def absolute_url(href: str, base: str) -> str:
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


def entry_link(href: str, base: str) -> str:
    """An entry's link: absolute and canonical, with its fragment kept (``""`` if unusable)."""
    absolute = absolute_url(href, base)
    if not absolute:
        return ""
    fragment = href.strip().partition("#")[2]
    return f"{absolute}#{fragment}" if fragment else absolute


def plain_title(title: str, detail: Any) -> str:
    """A title as one clean line: HTML tags stripped, entities decoded."""
    title = title or ""
    kind = (detail or {}).get("type", "") if detail else ""
    if "html" in kind or _HTML_HINT.search(title):
        title = html.unescape(_TAG.sub("", title))
    return clean_line(title)


def body_parts(value: str, body_type: str, base: str) -> BodyParts:
    """An entry's body as clean paragraphs, links and images (HTML, or plain text by lines)."""
    if not value.strip():
        return BodyParts()
    if "html" in body_type or _HTML_HINT.search(value):
        return html_body(value, base_url=base)
    lines = (clean_line(line) for line in clean_text(value).split("\n"))
    return BodyParts(paragraphs=[line for line in lines if line])


def attach(body: BodyParts, href: str, mime_type: object) -> None:
    """Add an enclosure or attachment to the body's links (and images, for a picture)."""
    if not href:
        return
    if all(link.url != href for link in body.links):
        body.links.append(BodyLink(href))
    is_picture = isinstance(mime_type, str) and mime_type.lower().startswith("image/")
    if is_picture and all(image.url != href for image in body.images):
        body.images.append(BodyImage(href, "", len(body.paragraphs)))


def title_from(paragraphs: list[str]) -> str:
    """A title for an entry that has none: the start of its first paragraph."""
    if not paragraphs:
        return "(无标题)"
    first = paragraphs[0]
    return first if len(first) <= _TITLE_FROM_BODY else first[:_TITLE_FROM_BODY] + "…"
