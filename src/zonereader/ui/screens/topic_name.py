"""The prompt for a new topic's name: a one-line input as a modal screen.

It dismisses with the name, or None on Escape. A name already taken is refused on the line under
the input, and the prompt stays open.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from zonereader.text.sanitize import clean_line

#: Characters of the query offered as the name to start from.
_DEFAULT_NAME_CHARS = 40


class TopicNameScreen(ModalScreen[str | None]):
    """Asks for the name to save a search under as a topic."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, query: str, taken: Collection[str]) -> None:
        """A prompt to save ``query`` as a topic whose name is none of ``taken``."""
        super().__init__()
        self.query_text = clean_line(query)
        self.taken = set(taken)

    def compose(self) -> ComposeResult:
        """The title, the input, the line for problems and the keys."""
        with Vertical(id="topic-box"):
            yield Static(
                Text(f"Save the search “{self.query_text}” as a topic named:", style="bold"),
                id="topic-title",
            )
            yield Input(value=self.query_text[:_DEFAULT_NAME_CHARS], id="topic-input")
            yield Static(Text(), id="topic-problem")
            yield Static(Text("Enter: save to the config file     Esc: cancel", style="dim"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Save under the name typed (nothing typed: cancel), unless it is taken."""
        event.stop()
        name = clean_line(event.value)
        if not name:
            self.dismiss(None)
            return
        if name in self.taken:
            self.query_one("#topic-problem", Static).update(
                Text(f"A topic called {name!r} exists already: choose another name.", "bold red")
            )
            return
        self.dismiss(name)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Forget the last problem as soon as the text changes."""
        self.query_one("#topic-problem", Static).update(Text())

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
