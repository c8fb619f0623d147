"""The reading position the app saves and restores: which list, which article, where on screen.

The position is kept in the cache's ``meta`` table as five string fields (the ``META_*`` keys
below), written a moment after it changes and at quit, and read back at start-up. Every field
that is saved lives here: what it holds (:class:`Position`), how it is read back
(:meth:`Position.from_meta`) and what is written (:meth:`Position.to_meta`), and
:class:`SavedPosition` says what changed since the last write. Pure: no Textual, no store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from zonereader.ui.lists import UNREAD, ListSpec

#: The list shown (a list key: ``unread``, ``zone:PATH``...).
META_LIST = "ui.list"
#: The article in the reader (an id; empty: none).
META_ARTICLE = "ui.article"
#: The cursor's row in the list.
META_INDEX = "ui.index"
#: The screen row the cursor was drawn on, so the list scrolls back to the same view.
META_ROW = "ui.row"
#: Whether only unread articles were shown ("1" or "0").
META_UNREAD_ONLY = "ui.unread_only"
META_KEYS = (META_LIST, META_ARTICLE, META_INDEX, META_ROW, META_UNREAD_ONLY)


@dataclass(frozen=True, slots=True)
class ReturnPoint:
    """Where Escape goes back to from search results: the list the search started from."""

    spec: ListSpec
    article_id: int | None
    index: int
    row: int


@dataclass(frozen=True, slots=True)
class Position:
    """The user's place in the app, as saved between sessions."""

    list_key: str
    unread_only: bool
    article_id: int | None
    index: int
    row: int | None

    @classmethod
    def from_meta(cls, values: Mapping[str, str]) -> Position:
        """Read the saved meta values (missing or bad ones give a fresh start)."""
        return cls(
            list_key=values.get(META_LIST, UNREAD),
            unread_only=values.get(META_UNREAD_ONLY) == "1",
            article_id=_int(values.get(META_ARTICLE)),
            index=_int(values.get(META_INDEX)) or 0,
            row=_int(values.get(META_ROW)),
        )

    def to_meta(self) -> dict[str, str]:
        """The meta values to save (an empty value deletes the key)."""
        return {
            META_LIST: self.list_key,
            META_ARTICLE: str(self.article_id) if self.article_id is not None else "",
            META_INDEX: str(self.index),
            META_ROW: str(max(0, self.row or 0)),
            META_UNREAD_ONLY: "1" if self.unread_only else "0",
        }


def current_position(
    spec: ListSpec,
    return_to: ReturnPoint | None,
    *,
    reader_id: int | None,
    cursor: int,
    screen_row: int,
    unread_only: bool,
) -> Position:
    """The position to save for what the screen shows now.

    Search results are not a place to come back to: during a search, the list the search was
    started from is saved (or the Unread list when there is none).

    Args:
        spec: the list shown.
        return_to: where Escape would go back to from search results.
        reader_id: the article in the reader, if any.
        cursor: the list's cursor row.
        screen_row: the screen row the cursor is drawn on.
        unread_only: whether the unread-only filter is on.
    """
    key, index, row = spec.key, cursor, screen_row
    if spec.is_search:
        if return_to is not None:
            key, index, row = return_to.spec.key, return_to.index, return_to.row
        else:
            key, index, row = UNREAD, 0, 0
    return Position(key, unread_only, reader_id, index, row)


class SavedPosition:
    """The meta values the cache holds for the position, as last written or read."""

    def __init__(self, values: Mapping[str, str] | None = None) -> None:
        """Start from the values read at start-up (none: nothing saved yet)."""
        self._values: dict[str, str] = dict(values or {})

    def changes(self, position: Position) -> dict[str, str]:
        """The meta values of ``position`` that differ from what the cache holds."""
        return {
            key: value
            for key, value in position.to_meta().items()
            if self._values.get(key, "") != value
        }

    def written(self, changes: Mapping[str, str]) -> None:
        """Record that ``changes`` were written (or handed to a writer)."""
        self._values.update(changes)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None
