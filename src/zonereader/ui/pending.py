"""The person's changes (bookmarks, read marks) on their way to the cache, kept until saved.

A change is a write to the store: :class:`PendingWrites` runs the queued writes in order, and
when the cache cannot take one now (another program holds its write lock, the disk is full) the
write and every one after it stay queued, so the screen can say so and try again later: nothing
the person did is dropped while the app runs. A cache that can never take a write this session
(read-only, damaged) drops the queue instead. No widget or timer here: the screen owns the
retry timer and the notices.
"""

from __future__ import annotations

import functools
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ParamSpec

from textual.message import Message

from zonereader.store.errors import CacheBusy, CacheFull, CacheUnusable, StoreError

if TYPE_CHECKING:
    from zonereader.store import Store

#: A change: it writes to the store and returns the message that shows it (or None).
Write = Callable[["Store"], Message | None]
#: Seconds between two attempts at writes the cache could not take.
RETRY_SECONDS = 5.0

P = ParamSpec("P")


@dataclass
class CacheProblem(Message):
    """A read of the cache failed (a damaged page, a file gone): shown, the app goes on."""

    error: StoreError


def shows_store_errors(method: Callable[P, None]) -> Callable[P, None]:
    """Make a worker method (of a screen) post a :class:`CacheProblem` instead of dying on a
    StoreError: a worker that dies takes the app with it."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            method(*args, **kwargs)
        except StoreError as exc:
            owner = args[0]  # the screen the worker belongs to
            owner.post_message(CacheProblem(exc))  # type: ignore[attr-defined]  # a Screen

    return wrapper


@dataclass(slots=True)
class Attempt:
    """What one run of the queue did."""

    shown: list[Message] = field(default_factory=list)
    """The messages of the writes that were saved, in order."""
    saved: int = 0
    error: CacheUnusable | None = None
    """Why the queue stopped (None: every write was saved)."""
    dropped: int = 0
    """Writes given up because the cache can never take them this session."""
    refused: list[str] = field(default_factory=list)
    """Why single writes were refused (an article gone meanwhile...): dropped, reported."""

    @property
    def retry(self) -> bool:
        """Whether the queue is worth trying again later (busy or full, not read-only)."""
        return isinstance(self.error, CacheBusy | CacheFull)


class PendingWrites:
    """The changes not saved yet, in the order they were made. Thread-safe."""

    def __init__(self) -> None:
        self._queue: deque[Write] = deque()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._queue)

    def add(self, write: Write) -> None:
        """Queue one change (after those still waiting, so their order holds)."""
        with self._lock:
            self._queue.append(write)

    def run(self, store: Store) -> Attempt:
        """Write the queued changes in order, stopping at the first the cache cannot take.

        A write that fails because the cache is busy or full stays at the head of the queue;
        when the cache is read-only or damaged, the whole queue is dropped (it could never be
        saved this session).
        """
        attempt = Attempt()
        with self._lock:
            while self._queue:
                try:
                    shown = self._queue[0](store)
                except CacheUnusable as exc:
                    attempt.error = exc
                    if not attempt.retry:
                        attempt.dropped = len(self._queue)
                        self._queue.clear()
                    break
                except StoreError as exc:  # this one write only
                    self._queue.popleft()
                    attempt.refused.append(str(exc))
                    continue
                self._queue.popleft()
                attempt.saved += 1
                if shown is not None:
                    attempt.shown.append(shown)
        return attempt
