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


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class SiteLink:
    """A link the site itself shows, such as its 上一条/下一条 neighbours."""

    url: str
    title: str


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
    links: list[str] = field(default_factory=list)
    """Footnote links of the body (feeds keep the body's links here)."""
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
class ListQuery:
    """Which articles a list shows. One type for zones, virtual nodes and search results.

    Exactly one of the selectors applies, in this order: ``search`` (full-text query),
    ``bookmarks`` (bookmarked articles, newest bookmark first), ``zone`` (the zone and every
    zone below it), else all articles. ``unread_only`` filters any of them.
    """

    zone: str | None = None
    bookmarks: bool = False
    search: str | None = None
    unread_only: bool = False


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
        )


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
