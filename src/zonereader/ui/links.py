"""The links view's rows: an article's body links and images, numbered as the reader numbers
them. Pure (no Textual)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from zonereader.models import Article
from zonereader.text.sanitize import clean_line

#: What the person chose to do with a link: read it in the reader (a cached article), open it
#: in the browser, or copy it.
How = Literal["read", "browser", "copy"]


@dataclass(frozen=True, slots=True)
class LinkEntry:
    """One row of the links view."""

    label: str
    """``[3]`` for a link, ``[图2]`` for an image, as in the reader."""
    text: str
    """The link's text or the image's caption (sanitised; may be empty)."""
    url: str
    image: bool = False
    cached: bool = False
    """The link leads to an article in the cache (Enter reads it here)."""


@dataclass(frozen=True, slots=True)
class LinkChoice:
    """What to do with which URL."""

    url: str
    how: How


def link_entries(article: Article, cached: frozenset[str] = frozenset()) -> list[LinkEntry]:
    """The links, then the images, of ``article``; ``cached`` holds the URLs of cached articles
    (canonical), whose links the reader can open itself."""
    entries = [
        LinkEntry(f"[{number}]", clean_line(link.text), link.url, cached=link.url in cached)
        for number, link in enumerate(article.links, start=1)
    ]
    entries.extend(
        LinkEntry(f"[图{number}]", clean_line(image.caption), image.url, image=True)
        for number, image in enumerate(article.images, start=1)
    )
    return entries
