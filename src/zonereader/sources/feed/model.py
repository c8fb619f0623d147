"""What a parsed feed is: :class:`ParsedFeed`, and :class:`FeedError` for bytes that are none."""

from __future__ import annotations

from dataclasses import dataclass, field

from zonereader.models import Article


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
