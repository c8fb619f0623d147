"""The configuration's typed dataclasses: sources, topics and the settings tables.

Plain frozen dataclasses with the defaults a missing key means; reading them from TOML is
:mod:`zonereader.config.reader`'s job, editing the user's file :mod:`zonereader.config.edits`'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from zonereader.models import FullText, PortalSelectors, SourceKind

DEFAULT_USER_AGENT = "zonereader/{version} (+terminal news reader)"


class ConfigError(Exception):
    """A config file that cannot be used; ``str()`` is one line naming file, line and key."""


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """One configured source.

    For a portal, ``zone`` is an optional prefix put before the breadcrumb's zone path;
    for a feed, it is the zone its entries go to.
    """

    name: str
    url: str
    kind: SourceKind = SourceKind.PORTAL
    extra_urls: tuple[str, ...] = ()
    zone: str = ""
    max_connections: int = 4
    delay: float = 0.0
    selectors: PortalSelectors = field(default_factory=PortalSelectors)
    allow_hosts: tuple[str, ...] = ()
    """Hosts besides its own that a portal may fetch from (``img.example.cn``, ``*.example.cn``)."""
    full_text: FullText = FullText.AUTO
    """Feeds: when to complete an entry with the text of the page it links to."""

    @property
    def urls(self) -> tuple[str, ...]:
        """Every start URL of the source, the main one first."""
        return (self.url, *self.extra_urls)


@dataclass(frozen=True, slots=True)
class SyncSettings:
    """How sync talks to servers."""

    timeout: float = 20.0
    """Overall deadline of one request, in seconds."""
    connect_timeout: float = 10.0
    retries: int = 3
    max_body_bytes: int = 8 * 1024 * 1024
    max_redirects: int = 5
    max_pages: int = 500
    """Upper bound on list pages walked per channel (guards against pagination loops)."""
    user_agent: str = ""
    max_run_seconds: float = 3600.0
    """A whole run stops cleanly after this long, keeping what it stored."""
    max_source_seconds: float = 3600.0
    """One source stops cleanly after this long (or at the run's limit, if sooner)."""
    parse_timeout: float = 30.0
    """The most time one page may take to parse before it is given up (that page only)."""
    busy_timeout: float = 30.0
    """How long a sync's write waits for another program's write lock on the cache."""


@dataclass(frozen=True, slots=True)
class UISettings:
    """How the app looks."""

    theme: str = ""
    """A Textual theme name; empty means the default."""
    images: bool = True
    """Show the pictures of an article in the reader (fetched when it is opened)."""
    image_cache_mb: int = 100
    """The most disk the fetched pictures may take, in megabytes (oldest go first)."""


@dataclass(frozen=True, slots=True)
class RetentionSettings:
    """How long the cache keeps articles."""

    keep_days: int = 0
    """After each sync, articles older than this many days go (bookmarked ones stay);
    0 keeps everything."""


@dataclass(frozen=True, slots=True)
class TopicConfig:
    """A saved search, shown under Topics in the zone tree."""

    name: str
    query: str
    """In the query language of the search (see docs/topics.md)."""


@dataclass(frozen=True, slots=True)
class Config:
    """The whole configuration."""

    sources: tuple[SourceConfig, ...] = ()
    topics: tuple[TopicConfig, ...] = ()
    sync: SyncSettings = field(default_factory=SyncSettings)
    retention: RetentionSettings = field(default_factory=RetentionSettings)
    ui: UISettings = field(default_factory=UISettings)
    keys: dict[str, str] = field(default_factory=dict)
    """Key remaps: action id -> comma-separated keys, e.g. ``{"next_article": "n,ctrl+n"}``."""
    path: Path | None = None
    warnings: tuple[str, ...] = ()

    def source(self, name: str) -> SourceConfig | None:
        """Return the source called ``name``, or None."""
        return next((s for s in self.sources if s.name == name), None)

    def topic(self, name: str) -> TopicConfig | None:
        """Return the topic called ``name``, or None."""
        return next((t for t in self.topics if t.name == name), None)
