"""The search prompt: a one-line input as a modal screen that dismisses with the query."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class SearchScreen(ModalScreen[str | None]):
    """Asks for a search query; Enter searches, Escape cancels (dismisses with None)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, initial: str = "") -> None:
        super().__init__()
        self.initial = initial

    def compose(self) -> ComposeResult:
        """The prompt and its input."""
        with Vertical(id="search-box"):
            yield Static(
                Text("Search titles and text (2 Chinese characters are enough)", style="bold"),
                id="search-title",
            )
            yield Input(value=self.initial, placeholder="开发区, 招商, GDP…", id="search-input")
            yield Static(Text("Enter: search     Esc: cancel", style="dim"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Search for what was typed (nothing typed: cancel)."""
        event.stop()
        query = event.value.strip()
        self.dismiss(query or None)

    def action_cancel(self) -> None:
        """Close without searching."""
        self.dismiss(None)
