"""The :class:`Store` API (interface agreed by every layer; implementation in progress)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from zonereader.models import (
    Article,
    ArticleSummary,
    ListQuery,
    StoredArticle,
    SyncCounts,
    UpsertOutcome,
    Validators,
    ZoneCount,
)


class StoreError(Exception):
    """The cache cannot be opened or used (corrupt file, newer schema, disk full...)."""


class Store:
    """A connection to the cache. Safe to share between threads (calls are serialised)."""

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating and migrating if needed) the cache at ``path``."""
        raise NotImplementedError

    def close(self) -> None:
        """Close the connection."""
        raise NotImplementedError

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- writing (sync)
    def upsert_article(self, article: Article) -> tuple[int, UpsertOutcome]:
        """Store ``article`` in its own short transaction; return its id and what changed."""
        raise NotImplementedError

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """Return which of ``urls`` (canonical) are already cached."""
        raise NotImplementedError

    def delete_article(self, url: str) -> bool:
        """Delete the article at ``url`` (user state is kept for a later re-sync)."""
        raise NotImplementedError

    def validators(self, url: str) -> Validators:
        """Return the ETag/Last-Modified remembered for ``url`` (empty if none)."""
        raise NotImplementedError

    def save_validators(self, url: str, validators: Validators) -> None:
        """Remember ``validators`` for ``url``."""
        raise NotImplementedError

    def start_run(self, sources: list[str]) -> int:
        """Record the start of a sync run; return its id."""
        raise NotImplementedError

    def finish_run(self, run_id: int, counts: SyncCounts) -> None:
        """Record the end of a sync run with its counts and errors."""
        raise NotImplementedError

    def last_run(self) -> dict[str, object] | None:
        """Return the newest finished run as a dict (started, finished, counts), or None."""
        raise NotImplementedError

    def get_meta(self, key: str) -> str | None:
        """Return a small persistent value (source state, UI position...), or None."""
        raise NotImplementedError

    def set_meta(self, key: str, value: str | None) -> None:
        """Set (or with None, delete) a small persistent value."""
        raise NotImplementedError

    # ---- reading (UI, CLI)
    def zone_counts(self) -> list[ZoneCount]:
        """Every zone path that holds articles directly, with total and unread counts."""
        raise NotImplementedError

    def count(self, query: ListQuery) -> int:
        """How many articles ``query`` lists."""
        raise NotImplementedError

    def page(self, query: ListQuery, offset: int, limit: int) -> list[ArticleSummary]:
        """Rows ``offset .. offset+limit`` of ``query``, in list order (all fetched at once)."""
        raise NotImplementedError

    def index_of(self, query: ListQuery, article_id: int) -> int | None:
        """Position of ``article_id`` in ``query``'s list, or None if it is not in it."""
        raise NotImplementedError

    def neighbour(self, query: ListQuery, article_id: int, step: int) -> ArticleSummary | None:
        """The article ``step`` rows after (negative: before) ``article_id`` in ``query``."""
        raise NotImplementedError

    def article(self, article_id: int) -> StoredArticle | None:
        """One article with its body and user state, or None."""
        raise NotImplementedError

    def article_by_url(self, url: str) -> StoredArticle | None:
        """One article by canonical URL, or None."""
        raise NotImplementedError

    def set_read(self, article_id: int, read: bool) -> None:
        """Mark one article read or unread."""
        raise NotImplementedError

    def mark_read(self, query: ListQuery) -> int:
        """Mark every article of ``query`` read; return how many changed."""
        raise NotImplementedError

    def toggle_bookmark(self, article_id: int) -> bool:
        """Flip the bookmark of one article; return whether it is now bookmarked."""
        raise NotImplementedError

    def bookmarks(self) -> list[StoredArticle]:
        """Every bookmarked article, newest bookmark first."""
        raise NotImplementedError

    def unread_total(self) -> int:
        """How many articles are unread in the whole cache."""
        raise NotImplementedError
