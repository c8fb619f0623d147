"""Progress events of a sync run: small records a UI or a progress bar can coalesce.

The engine calls the progress callback with one of these from the thread that runs the sync
(a TUI hands them to its event loop with ``call_from_thread``). Events are plain frozen
dataclasses; consumers may drop or merge them freely: every event carries enough to update a
display on its own, and :class:`SourceFinished` carries the source's final totals.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from zonereader.models import SourceKind, UpsertOutcome
from zonereader.sync.report import SourceStatus


class PageKind(enum.StrEnum):
    """What kind of page a :class:`PageFetched` was."""

    LIST = "list"
    """A portal channel's list page."""
    FEED = "feed"
    """A feed."""


@dataclass(frozen=True, slots=True)
class SourceStarted:
    """Walking a source has begun."""

    source: str
    kind: SourceKind


@dataclass(frozen=True, slots=True)
class PageFetched:
    """A portal's list page or a feed was fetched (or was unchanged: ``not_modified``).

    ``queued`` is how many articles this page added to the fetch queue: the sum over a run is
    the total a progress bar should aim for.
    """

    source: str
    url: str
    kind: PageKind
    not_modified: bool = False
    queued: int = 0


@dataclass(frozen=True, slots=True)
class ArticleStored:
    """An article was stored (or found unchanged)."""

    source: str
    url: str
    outcome: UpsertOutcome


@dataclass(frozen=True, slots=True)
class ArticleFailed:
    """An article could not be fetched or parsed; ``message`` is one line."""

    source: str
    url: str
    message: str


@dataclass(frozen=True, slots=True)
class SourceFinished:
    """A source is done; ``status`` holds its totals and errors."""

    source: str
    status: SourceStatus


ProgressEvent = SourceStarted | PageFetched | ArticleStored | ArticleFailed | SourceFinished
ProgressCallback = Callable[[ProgressEvent], None]

__all__ = [
    "ArticleFailed",
    "ArticleStored",
    "PageFetched",
    "PageKind",
    "ProgressCallback",
    "ProgressEvent",
    "SourceFinished",
    "SourceStarted",
]
