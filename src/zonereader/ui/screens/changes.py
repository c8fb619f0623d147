"""The person's changes on their way to the cache, and what the screen says about the cache.

:class:`ChangesScreen` is the base of the panes screen that writes the person's changes
(bookmarks, read marks) in a worker, in order, keeps those the cache cannot take now and tries
them again (:mod:`zonereader.ui.pending`), and shows what workers have to say: their notices,
and reads that failed on the cache, each problem once (:mod:`zonereader.ui.saving`).
"""

from __future__ import annotations

from textual import work
from textual.timer import Timer

from zonereader.store import Store
from zonereader.ui import messages as msg
from zonereader.ui.pending import (
    RETRY_SECONDS,
    CacheProblem,
    PendingWrites,
    Write,
    shows_store_errors,
)
from zonereader.ui.saving import Tell, Told
from zonereader.ui.screens.layout import LayoutScreen


class ChangesScreen(LayoutScreen):
    """Writes the person's changes to ``store`` and says what became of them."""

    def __init__(self, store: Store) -> None:
        """Write the person's changes to ``store``."""
        super().__init__()
        self.store = store
        self.pending = PendingWrites()
        """The person's changes not saved yet (the cache was busy or full)."""
        self._retry_timer: Timer | None = None
        self._told = Told()

    def on_notice(self, message: msg.Notice) -> None:
        """Show a worker's one-line message."""
        self.notify(message.text, markup=False, severity=message.severity)

    # ------------------------------------------------------------------ saving changes

    def save_change(self, write: Write) -> None:
        """Write one change of the person's to the cache, after any still waiting.

        When the cache cannot take it now (busy, full), it waits and is tried again in the
        background; the person is told either way.
        """
        self.pending.add(write)
        if self._retry_timer is None:  # else the timer's next try takes this one too
            self._write_pending()

    @work(thread=True, group="state")
    @shows_store_errors
    def _write_pending(self) -> None:
        """Write the waiting changes, in order."""
        self.post_message(msg.WritesAttempted(self.pending.run(self.store)))

    def on_writes_attempted(self, message: msg.WritesAttempted) -> None:
        """Apply what was saved; say what was not, and try again later when worth it."""
        attempt = message.attempt
        for shown in attempt.shown:
            self.post_message(shown)
        self._tell(self._told.after_writes(attempt, waiting=bool(self.pending)))
        if attempt.retry and self._retry_timer is None:
            self._retry_timer = self.set_timer(RETRY_SECONDS, self._retry_writes)

    def _retry_writes(self) -> None:
        self._retry_timer = None
        if self.pending:
            self._write_pending()

    def on_cache_problem(self, message: CacheProblem) -> None:
        """A read that failed on the cache (damaged, unreadable) says why, once per kind;
        the app keeps running."""
        self._tell(self._told.read_failed(message.error))

    def _tell(self, tells: list[Tell]) -> None:
        for tell in tells:
            self.notify(tell.text, severity=tell.severity, timeout=tell.timeout, markup=False)
