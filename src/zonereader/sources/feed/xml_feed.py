"""RSS and Atom: the fast ElementTree reader first, feedparser for everything else.

The text is re-encoded as UTF-8 with a matching declaration (it was decoded by our own charset
rules), so neither parser second-guesses the charset; numeric character references to
characters XML forbids are replaced before either parser sees them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from zonereader.sources.feed.etree_reader import read_fast
from zonereader.sources.feed.model import FeedError, ParsedFeed
from zonereader.sources.feed.records import build_feed
from zonereader.text.sanitize import clean_line

_XML_DECL = re.compile(r"^\s*<\?xml\b[^>]*\?>", re.DOTALL)
#: Numeric character references, to replace those naming no character XML allows (a lone
#: surrogate such as ``&#xD800;`` makes one parser fail the feed and another crash on it).
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def read_xml_feed(
    text: str,
    url: str,
    *,
    source: str,
    zone: str,
    use_feedparser: bool = False,
    known: Mapping[str, str] | None = None,
    previous: Mapping[str, str] | None = None,
) -> ParsedFeed:
    """Read an RSS or Atom feed's ``text`` (see :func:`~zonereader.sources.feed.parse_feed`).

    Raises:
        FeedError: the text is neither RSS nor Atom.
    """
    # Re-encode as UTF-8 and say so, in the declaration and in the "header": neither parser then
    # second-guesses the charset, and neither ever sees GBK bytes.
    utf8 = _valid_char_refs(_XML_DECL.sub("", text, count=1))
    data = ('<?xml version="1.0" encoding="utf-8"?>\n' + utf8).encode("utf-8")
    if not use_feedparser:
        fast = read_fast(data, url, source=source, zone=zone, known=known, previous=previous)
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
    return build_feed(
        result.feed,
        result.entries,
        version,
        url,
        source=source,
        zone=zone,
        known=known,
        previous=previous,
    )


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
