"""Saving what the person did: the reading position's fields, and what they are told about
changes that wait for the cache or are refused.

Plain functions and a small record of what was said (no widgets, no timers): the screen
decides when to save and shows the notices :class:`Told` returns; its workers call
:func:`write_position`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.notifications import SeverityLevel

from zonereader.store.errors import CacheUnusable, StoreError
from zonereader.text.sanitize import clean_line
from zonereader.ui.pending import RETRY_SECONDS, Attempt, Write

if TYPE_CHECKING:
    from zonereader.store import Store

#: Seconds the notices about waiting or refused changes stay up.
WAITING_NOTICE_SECONDS = 8.0
SAVED_NOTICE_SECONDS = 4.0
FAILED_NOTICE_SECONDS = 10.0
#: The key under which "changes are waiting" is remembered as said.
_WAITING = "waiting"


def write_position(store: Store, changes: Mapping[str, str]) -> bool:
    """Write the changed position fields to the cache (an empty value deletes one).

    Returns:
        Whether they were written: False when the cache is read-only or cannot take a write
        now (it keeps the old position then).
    """
    if store.read_only:
        return False
    try:
        for key, value in changes.items():
            store.set_meta(key, value or None)
    except CacheUnusable:
        return False
    return True


def read_mark(article_id: int) -> Write:
    """The write of a read mark that could not be saved when the article was opened."""

    def write(store: Store) -> None:
        store.set_read(article_id, True)

    return write


@dataclass(frozen=True, slots=True)
class Tell:
    """One notice for the person."""

    text: str
    severity: SeverityLevel = "information"
    timeout: float | None = None


class Told:
    """What the person has been told about the cache, so that each problem is said once."""

    def __init__(self) -> None:
        """Start with nothing said."""
        self._said: set[str] = set()

    def after_writes(self, attempt: Attempt, *, waiting: bool) -> list[Tell]:
        """What to say after one attempt at the waiting changes.

        Args:
            attempt: what the attempt did.
            waiting: whether changes are still queued after it.

        Returns:
            The notices, in order: refused writes, then that changes wait (once until they
            are saved), that they were saved after waiting, or why the cache takes none.
        """
        tells = [Tell(f"Not saved: {clean_line(reason)}", "warning") for reason in attempt.refused]
        error = attempt.error
        if error is None:
            if _WAITING in self._said and not waiting:
                self._said.discard(_WAITING)
                tells.append(
                    Tell("Saved the changes that were waiting.", timeout=SAVED_NOTICE_SECONDS)
                )
            return tells
        if attempt.retry:
            if _WAITING not in self._said:
                self._said.add(_WAITING)
                tells.append(
                    Tell(
                        f"Not saved yet: {clean_line(str(error))}. Trying again every "
                        f"{RETRY_SECONDS:g} s; keep reading.",
                        "warning",
                        WAITING_NOTICE_SECONDS,
                    )
                )
            return tells
        kind = type(error).__name__
        if kind not in self._said:  # read-only or damaged: said once
            self._said.add(kind)
            tells.append(
                Tell(f"Not saved: {clean_line(str(error))}", "error", FAILED_NOTICE_SECONDS)
            )
        return tells

    def read_failed(self, error: StoreError) -> list[Tell]:
        """What to say when a read failed on the cache (damaged, unreadable): once per kind."""
        kind = f"read:{type(error).__name__}"
        if kind in self._said:
            return []
        self._said.add(kind)
        return [Tell(clean_line(str(error)), "error", FAILED_NOTICE_SECONDS)]
