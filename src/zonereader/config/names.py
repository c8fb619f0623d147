"""Names of sources: one derived from a feed's title or a URL's host, made unique."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit


def default_source_name(url: str, title: str = "") -> str:
    """Derive a source name: a feed's or outline's title when there is one, else the URL's host.

    ``www.example.cn`` gives ``example.cn``; a title keeps its words (control characters and
    runs of white space folded, at most 40 characters), so ``source list`` and
    ``sync --source`` read as the user knows the source.
    """
    # isprintable() is False for controls, bidi controls, zero-width characters and surrogates.
    words = " ".join("".join(ch for ch in title if ch.isprintable()).split())[:40].strip()
    if words:
        return words
    try:
        host = urlsplit(url).hostname or "source"
    except ValueError:
        host = "source"
    return host.removeprefix("www.")


def unique_source_name(base: str, taken: Iterable[str]) -> str:
    """Return ``base``, or ``base-2``, ``base-3``… whichever no source in ``taken`` has."""
    used = set(taken)
    base = base.strip() or "source"
    if base not in used:
        return base
    number = 2
    while f"{base}-{number}" in used:
        number += 1
    return f"{base}-{number}"
