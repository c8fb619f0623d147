"""The links and images of a page's text blocks, resolved only when looked at.

Most links of a page (navigation, footers) are never looked at: :class:`Link` and
:class:`ImageRef` keep the address as the page wrote it and make it canonical on first use.
:func:`image_ref` tells a content picture from a spacer, a tracking pixel or an inline
``data:`` image by an ``<img>`` element's attributes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from zonereader.text.sanitize import clean_text
from zonereader.text.urls import canonical_url

#: A run of ASCII whitespace (and no-break spaces): one space in a block's text.
WHITESPACE_RUN = re.compile(r"[ \t\n\r\f\xa0]+")
#: The spaces stripped from the ends of a line (full-width, en, em and zero-width ones too).
EDGE_SPACE = " \t\n\r\f\xa0\u3000\u2002\u2003\u200b"


class Link:
    """A link inside a block: its absolute canonical URL and its text.

    Both are worked out on first use: most links of a page (navigation, footers) are never
    looked at, and resolving every one was a third of the cost of reading an article page.
    """

    __slots__ = ("_base", "_href", "_raw_text", "_text", "_url")

    def __init__(self, url: str, text: str) -> None:
        """Make a link to the canonical ``url`` with the clean ``text``."""
        self._href = url
        self._base: str | None = None
        self._url: str | None = url
        self._raw_text = text
        self._text: str | None = text

    @classmethod
    def to_resolve(cls, href: str, raw_text: str, base: str | None) -> Link:
        """A link to ``href`` as written in a page at ``base``, showing ``raw_text``.

        The URL is made canonical and the text collapsed and cleaned on first use.
        """
        link = cls(href, raw_text)
        link._base = base
        link._url = None
        link._text = None
        return link

    @property
    def href(self) -> str:
        """The link's target as the page wrote it (not resolved: cheap to look at)."""
        return self._href

    @property
    def url(self) -> str:
        """The absolute canonical URL."""
        url = self._url
        if url is None:
            url = self._url = canonical_url(self._href, self._base)
        return url

    @property
    def text(self) -> str:
        """The link's text: whitespace runs collapsed, edges stripped, controls removed."""
        text = self._text
        if text is None:
            collapsed = WHITESPACE_RUN.sub(" ", self._raw_text).strip(EDGE_SPACE)
            text = self._text = clean_text(collapsed)
        return text

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Link):
            return NotImplemented
        return (self.url, self.text) == (other.url, other.text)

    def __hash__(self) -> int:
        return hash((self.url, self.text))

    def __repr__(self) -> str:
        return f"Link(url={self.url!r}, text={self.text!r})"


class ImageRef:
    """An image inside a block: its absolute canonical URL (worked out on first use) and its
    alt text or title."""

    __slots__ = ("_base", "_href", "_url", "alt")

    def __init__(self, href: str, alt: str, base: str | None) -> None:
        """An image at ``href`` as written in a page at ``base``, described by ``alt``."""
        self._href = href
        self._base = base
        self._url: str | None = None
        self.alt = alt

    @property
    def url(self) -> str:
        """The absolute canonical URL."""
        url = self._url
        if url is None:
            url = self._url = canonical_url(self._href, self._base)
        return url

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ImageRef):
            return NotImplemented
        return (self.url, self.alt) == (other.url, other.alt)

    def __hash__(self) -> int:
        return hash((self.url, self.alt))

    def __repr__(self) -> str:
        return f"ImageRef(url={self.url!r}, alt={self.alt!r})"


#: Attributes that may hold an image's address, in the order they are tried (lazy-loading
#: scripts keep the real one in ``data-src`` or ``data-original`` behind a placeholder).
_IMAGE_SOURCES = ("src", "data-src", "data-original")
#: An image no wider or taller than this many pixels (by its attributes) is a spacer or a
#: tracking pixel, not content.
_TINY_IMAGE_PX = 4


def image_ref(attrs: Mapping[str, str | None], base: str | None) -> ImageRef | None:
    """The image an ``<img>`` element's attributes describe, or None when it shows nothing
    worth keeping (no address, an inline ``data:`` picture, a spacer or tracking pixel)."""
    href = ""
    for name in _IMAGE_SOURCES:
        value = (attrs.get(name) or "").strip()
        if value and not value.lower().startswith(("data:", "javascript:")):
            href = value
            break
    if not href or _is_tiny(attrs.get("width"), attrs.get("height")):
        return None
    alt = (attrs.get("alt") or attrs.get("title") or "").strip()
    return ImageRef(href, clean_text(WHITESPACE_RUN.sub(" ", alt)).strip(EDGE_SPACE), base)


def _is_tiny(width: str | None, height: str | None) -> bool:
    sides = []
    for value in (width, height):
        digits = (value or "").strip().removesuffix("px")
        if digits.isdigit():
            sides.append(int(digits))
    return bool(sides) and min(sides) <= _TINY_IMAGE_PX
