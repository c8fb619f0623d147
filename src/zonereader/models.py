"""Plain records shared by every layer: no I/O, no imports beyond the standard library.

Sources produce them from bytes, the store keeps them, the UI and the CLI show them.
Dates are timezone-aware; portal dates without a zone are China Standard Time.
"""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

_D = TypeVar("_D", bound="DataclassInstance")

#: China Standard Time, the zone of every portal date that does not name one.
CST = timezone(timedelta(hours=8), "CST")

#: Separator between the parts of a zone path, e.g. ``开发区新闻/舟山/文字新闻``.
ZONE_SEP = "/"
#: Deepest zone path kept: real breadcrumbs have 3 to 6 levels. A deeper one (a hostile page's
#: breadcrumb of 1,000 levels) keeps its first levels, and the rest is joined into the last.
MAX_ZONE_DEPTH = 32
#: What joins the levels of a zone path past :data:`MAX_ZONE_DEPTH` into its last part.
ZONE_CUT = " › "
#: The longest that joined last part gets (a name in the zone tree, not a dump of 1,000 levels).
MAX_CUT_CHARS = 120


def pickled_by_fields(cls: type[_D]) -> type[_D]:
    """Make a dataclass pickle as ``(class, field values)``, rebuilt by calling the class.

    A sync's parse helpers send thousands of records back to the sync; the standard pickling
    of slotted dataclasses looks every field up by name, both ways, which makes it about twice
    as slow (measured on feed entries: 24 µs against 12 µs an entry, there and back).
    """
    names = [item.name for item in fields(cls)]
    if len(names) < 2:
        raise TypeError(f"{cls.__name__}: pickled_by_fields needs two fields or more")
    values = operator.attrgetter(*names)  # with two names or more, it returns a tuple

    def reduce(self: Any) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return type(self), values(self)

    cls.__reduce__ = reduce  # type: ignore[method-assign]  # giving it __reduce__ is the point
    return cls


class SourceKind(enum.StrEnum):
    """What kind of origin a source is."""

    PORTAL = "portal"
    FEED = "feed"


class FullText(enum.StrEnum):
    """When a feed's entries are completed with the text of the page they link to."""

    AUTO = "auto"
    """When the entry's text is short or ends in a cut-off marker (``…``, ``阅读全文``...)."""
    ALWAYS = "always"
    NEVER = "never"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class SiteLink:
    """A link the site itself shows, such as its 上一条/下一条 neighbours."""

    url: str
    title: str


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class BodyLink:
    """A link inside an article's body: where it leads and the text it showed."""

    url: str
    text: str = ""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class BodyImage:
    """An image inside an article's body.

    ``paragraph`` is how many of the article's paragraphs come before it (0: above the first);
    ``caption`` its alt text or title, if the page gave one.
    """

    url: str
    caption: str = ""
    paragraph: int = 0


@pickled_by_fields
@dataclass(slots=True)
class Article:
    """One news item as a source extracted it, ready to be stored.

    ``url`` is canonical (see :func:`zonereader.text.urls.canonical_url`) and is the identity.
    ``published`` is aware (CST when the page gave no zone); ``has_time`` says whether the page
    gave a time of day or only a date.
    """

    url: str
    title: str
    zone: str
    source: str
    published: datetime | None = None
    has_time: bool = False
    origin: str = ""
    publisher: str = ""
    paragraphs: list[str] = field(default_factory=list)
    prev_link: SiteLink | None = None
    next_link: SiteLink | None = None
    links: list[BodyLink] = field(default_factory=list)
    """The distinct http(s) links of the body, in order (feeds add their enclosures)."""
    images: list[BodyImage] = field(default_factory=list)
    """The images of the body, in order, each placed between two paragraphs."""
    continuation: list[str] = field(default_factory=list)
    """The later pages of an article split over several pages, in order (canonical URLs on the
    article's host). A sync fetches them and joins their text to the body; not stored."""


@dataclass(frozen=True, slots=True)
class PortalSelectors:
    """Per-source CSS selector overrides for portals the extraction heuristics miss.

    Each field, when set, replaces the heuristic for that part of a page.
    """

    list_item: str | None = None
    """Each article row of a list page (a link inside it is the article)."""
    list_date: str | None = None
    """The date inside a list row."""
    next_page: str | None = None
    """The link to the next list page."""
    title: str | None = None
    meta: str | None = None
    """The element holding 发布时间/来源/发布开发区."""
    body: str | None = None
    breadcrumb: str | None = None
    prev_link: str | None = None
    next_link: str | None = None

    def is_empty(self) -> bool:
        """Return True when no selector is set."""
        return all(getattr(self, name) is None for name in self.__slots__)


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One row of a portal list page: a link to an article, its title and date if shown."""

    url: str
    title: str
    published: datetime | None = None


@dataclass(frozen=True, slots=True)
class ChannelLink:
    """A link from a section index to a channel's first list page, with its zone path."""

    url: str
    zone: str


@dataclass(slots=True)
class ListExplanation:
    """Why a list page was read as it was (``zonereader inspect --json`` shows it)."""

    next_page: str = ""
    """Where the next page came from: ``link "下一页"``, ``rel=next``, ``page-number link
    "2"``, ``createPageHTML(12, 0, "index", "html")``, ``text "共8页 第1页"``, a selector
    (empty when there is no next page)."""
    blocks: list[str] = field(default_factory=list)
    """The blocks taken as the list, e.g. ``8 × ul in div.listcon (40 links)``."""
    skipped: list[str] = field(default_factory=list)
    """Links near the list that were not taken, and why."""
    revealed: str = ""
    """Markup read from where the page's own script reveals it (HTML comments, a datastore)."""


@dataclass(slots=True)
class ListPage:
    """What a portal list or index page offers: articles, further pages, and channels."""

    url: str
    entries: list[ListEntry] = field(default_factory=list)
    next_url: str | None = None
    channels: list[ChannelLink] = field(default_factory=list)
    zone: str = ""
    """The zone path of the channel, from the page's breadcrumb, if it has one."""
    explanation: ListExplanation = field(default_factory=ListExplanation)
    """Where the entries and the next page came from."""


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """A row of the article list: enough to draw it, nothing more."""

    id: int
    url: str
    title: str
    zone: str
    published: datetime | None
    publisher: str
    read: bool
    bookmarked: bool


@dataclass(slots=True)
class StoredArticle:
    """An article as the cache holds it, with its id and the user's state."""

    id: int
    article: Article
    first_seen: datetime
    read: bool = False
    bookmarked: bool = False
    bookmarked_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ZoneCount:
    """A zone path with how many articles it holds directly and how many are unread."""

    path: str
    total: int
    unread: int


@dataclass(frozen=True, slots=True)
class SourceCount:
    """A source name with how many cached articles it has and how many are unread."""

    name: str
    total: int
    unread: int


@dataclass(frozen=True, slots=True)
class CacheStats:
    """What ``zonereader stats`` reports. Dates are aware; sizes in bytes."""

    articles: int
    unread: int
    bookmarks: int
    tombstones: int
    """Articles removed by a prune that a sync will not fetch again."""
    sources: tuple[SourceCount, ...]
    zones: tuple[ZoneCount, ...]
    """Articles filed directly under each zone."""
    oldest: datetime | None
    newest: datetime | None
    file_bytes: int
    """The database file and its write-ahead log."""
    free_bytes: int
    """Free pages inside the file (reused by new articles, or given back by a vacuum)."""
    search_bytes: int | None
    """The search index's share of the file (None: this SQLite cannot tell)."""
    auto_vacuum: str
    runs: tuple[RunRecord, ...]
    """The latest finished sync runs, newest first."""


@dataclass(frozen=True, slots=True)
class PruneCount:
    """What a prune removes (or, in a dry run, would remove)."""

    articles: int
    """Articles removed (or to remove)."""
    kept_bookmarked: int
    """Articles old enough to go that stay because they are bookmarked."""


@dataclass(frozen=True, slots=True)
class ListQuery:
    """Which articles a list shows. One type for zones, virtual nodes, topics and searches.

    Exactly one of the selectors applies, in this order: ``search`` (a query in the search
    language, answered live), ``topic`` (a topic's query: the same articles, answered from the
    topic index when it is up to date), ``bookmarks`` (bookmarked articles, newest bookmark
    first), ``zone`` (the zone and every zone below it), else all articles. ``unread_only``
    filters any of them.
    """

    zone: str | None = None
    bookmarks: bool = False
    search: str | None = None
    unread_only: bool = False
    topic: str | None = None


class UpsertOutcome(enum.StrEnum):
    """What storing an article did."""

    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class Validators:
    """HTTP validators remembered for a URL, sent back as a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(slots=True)
class SyncCounts:
    """Totals of one sync run, as the ``--json`` summary reports them."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    requests: int = 0
    not_modified: int = 0
    left: int = 0
    """Articles a time limit left for the next sync (neither fetched nor failed)."""
    errors: list[str] = field(default_factory=list)
    full_text: int = 0
    """Feed entries stored with the text of their page (``full_text``)."""
    full_text_failed: int = 0
    """Feed entries whose page could not be used (their summary was stored)."""

    def as_dict(self) -> dict[str, object]:
        """Return the counts as a JSON-ready dict."""
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "requests": self.requests,
            "not_modified": self.not_modified,
            "left": self.left,
            "errors": list(self.errors),
            "full_text": self.full_text,
            "full_text_failed": self.full_text_failed,
        }

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> SyncCounts:
        """Read counts saved with :meth:`as_dict` (unknown keys are ignored, missing ones 0)."""
        errors = values.get("errors")
        return cls(
            new=int(values.get("new", 0)),
            updated=int(values.get("updated", 0)),
            unchanged=int(values.get("unchanged", 0)),
            failed=int(values.get("failed", 0)),
            requests=int(values.get("requests", 0)),
            not_modified=int(values.get("not_modified", 0)),
            errors=[str(error) for error in errors] if isinstance(errors, list) else [],
            full_text=int(values.get("full_text", 0)),
            full_text_failed=int(values.get("full_text_failed", 0)),
        )


class SourceState(enum.StrEnum):
    """How a source fared in a sync run."""

    OK = "ok"
    """Every page and article went through."""
    PARTIAL = "partial"
    """Walked, but some pages or articles failed."""
    FAILED = "failed"
    """Could not be walked at all (its start page failed)."""


@dataclass(frozen=True, slots=True)
class SourceResult:
    """What one source of a finished run did, as the cache remembers it (the sync log)."""

    name: str
    kind: str
    state: SourceState
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    not_modified: int = 0
    errors: tuple[str, ...] = ()
    """One line each (at most :data:`MAX_SOURCE_ERRORS` are kept)."""
    more_errors: int = 0
    """Errors past those kept."""
    notes: tuple[str, ...] = ()


#: Error lines kept per source and run in the sync log (the count of the rest is kept).
MAX_SOURCE_ERRORS = 50


@dataclass(frozen=True, slots=True)
class RunRecord:
    """A finished sync run, as the cache remembers it."""

    id: int
    started: datetime
    """When it started (aware, UTC)."""
    finished: datetime
    """When it finished (aware, UTC)."""
    sources: tuple[str, ...]
    """The names of the sources it synced."""
    counts: SyncCounts
    results: tuple[SourceResult, ...] = ()
    """Each source's outcome (empty for runs recorded before the cache kept them)."""

    @property
    def failed_sources(self) -> int:
        """How many sources could not be walked at all."""
        return sum(1 for result in self.results if result.state is SourceState.FAILED)

    @property
    def partial_sources(self) -> int:
        """How many sources were walked with some pages or articles failing."""
        return sum(1 for result in self.results if result.state is SourceState.PARTIAL)


def zone_parts(path: str) -> list[str]:
    """Split a zone path into its parts, ignoring empty ones."""
    return [part for part in path.split(ZONE_SEP) if part]


def join_zone(*parts: str) -> str:
    """Join zone path parts (each may itself be a path) into one normalised path, at most
    :data:`MAX_ZONE_DEPTH` deep (see :func:`cap_zone_parts`)."""
    out: list[str] = []
    for part in parts:
        out.extend(zone_parts(part))
    return ZONE_SEP.join(cap_zone_parts(out))


def cap_zone_parts(parts: list[str]) -> list[str]:
    """``parts`` if they are at most :data:`MAX_ZONE_DEPTH`, else the first ones and the rest
    joined with :data:`ZONE_CUT` into the last (at most :data:`MAX_CUT_CHARS` long)."""
    if len(parts) <= MAX_ZONE_DEPTH:
        return parts
    keep = MAX_ZONE_DEPTH - 1
    rest = ZONE_CUT.join(parts[keep:])
    if len(rest) > MAX_CUT_CHARS:
        rest = rest[: MAX_CUT_CHARS - 1] + "…"
    return [*parts[:keep], rest]


def zone_was_cut(path: str) -> bool:
    """Whether ``path`` is a zone path that :func:`cap_zone_parts` shortened."""
    parts = zone_parts(path)
    return len(parts) == MAX_ZONE_DEPTH and ZONE_CUT in parts[-1]
