"""The sync log: the last runs on this cache, each source's outcome and its errors."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from zonereader.models import RunRecord
from zonereader.ui.screens.scrolling import ScrollingModal
from zonereader.ui.synclog import sync_log_text


class SyncLogScreen(ScrollingModal):
    """Shows :func:`~zonereader.ui.synclog.sync_log_text` for ``runs``, scrollable."""

    BOX_ID = "synclog-box"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("L", "close", "Close", show=False)]

    def __init__(self, runs: Sequence[RunRecord], now: datetime) -> None:
        """Show ``runs`` (newest first), their ages counted from ``now``."""
        super().__init__()
        self.runs = list(runs)
        self.now = now

    def compose(self) -> ComposeResult:
        """A title, the log and how to leave."""
        with VerticalScroll(id=self.BOX_ID):
            yield Static(Text("Sync log: the last runs, newest first", style="bold"))
            yield Static(sync_log_text(self.runs, self.now), id="synclog-text")
            yield Static(Text("Esc closes · r in the main screen syncs again", style="dim"))
