"""Messages that workers post back to the main screen: small dataclasses, one per result.

Each carries what is needed to decide whether it is still wanted (a list generation, an
article id), so that results of a stale request are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.notifications import SeverityLevel

from zonereader.models import ArticleSummary, RunRecord, StoredArticle, ZoneCount
from zonereader.store.errors import CacheUnusable
from zonereader.ui.pending import Attempt


@dataclass
class Loaded(Message):
    """The tree counts (and, at start-up, the saved position) were read from the store."""

    counts: list[ZoneCount]
    unread_total: int
    bookmark_total: int
    last_run: RunRecord | None
    saved: dict[str, str] | None = None


@dataclass
class ListLoaded(Message):
    """A list's size and the page around its cursor were read."""

    generation: int
    count: int
    cursor: int
    offset: int
    rows: list[ArticleSummary]
    screen_row: int | None = None
    open_cursor: bool = False


@dataclass
class RowsLoaded(Message):
    """A page of rows the article list asked for."""

    generation: int
    offset: int
    rows: list[ArticleSummary]


@dataclass
class ArticleLoaded(Message):
    """An article to show in the reader (already marked read when it was opened)."""

    article: StoredArticle
    changed_read: bool = False
    unsaved: CacheUnusable | None = None
    """Why marking it read could not be saved (the screen keeps it for later)."""


@dataclass
class Landed(Message):
    """Where a navigation key (N, P, [, ]) lands (``article_id`` None: nothing left)."""

    article_id: int | None
    zone: str | None
    index: int | None
    step: int


@dataclass
class StateChanged(Message):
    """Read or bookmark state of one article changed in the store."""

    article_id: int
    read: bool | None = None
    bookmarked: bool | None = None


@dataclass
class ListMarkedRead(Message):
    """Every article of the current list was marked read."""

    changed: int


@dataclass
class SyncProgress(Message):
    """A sync in this app made progress; a newer one replaces an older one in the queue."""

    text: str

    def can_replace(self, message: Message) -> bool:
        """Coalesce progress floods: only the newest line matters."""
        return isinstance(message, SyncProgress)


@dataclass
class SyncFinished(Message):
    """A sync in this app ended: ``summary`` on success, ``error`` (one line) otherwise."""

    summary: str = ""
    error: str = ""
    locked: bool = False


@dataclass
class ExternalChange(Message):
    """Another process finished a sync: lists and counts should refresh in place."""

    last_run: RunRecord | None = None


@dataclass
class Notice(Message):
    """A one-line message for the user, from a worker."""

    text: str
    severity: SeverityLevel = "information"


@dataclass
class WritesAttempted(Message):
    """The person's pending changes were written (or some could not be, and why)."""

    attempt: Attempt
