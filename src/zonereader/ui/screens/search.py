"""The search prompt: a one-line input as a modal screen that dismisses with the search.

In a zone's list the search starts limited to that zone (and the zones below it); Tab widens
it to the whole cache and back. A query that does not parse says why under the input and the
prompt stays open.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from zonereader.text.query import QueryError, parse_query
from zonereader.text.sanitize import clean_line


@dataclass(frozen=True, slots=True)
class Search:
    """What to search for, and in which zone (None: the whole cache)."""

    text: str
    zone: str | None = None

    @property
    def query(self) -> str:
        """The query the store runs: the text, limited to the zone with a ``zone:`` filter."""
        if self.zone is None:
            return self.text
        return f'{self.text} zone:"{self.zone.replace(chr(34), "")}"'


class SearchScreen(ModalScreen[Search | None]):
    """Asks for a search query; Enter searches, Tab switches between the zone and the whole
    cache, Escape cancels (dismisses with None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("tab", "toggle_scope", "Zone / everything", priority=True),
    ]

    def __init__(self, initial: str = "", zone: str | None = None) -> None:
        """Start with ``initial`` typed, limited to ``zone`` when given."""
        super().__init__()
        self.initial = initial
        self.zone = zone
        self.in_zone = zone is not None

    def compose(self) -> ComposeResult:
        """The prompt, its input, the scope and the keys."""
        with Vertical(id="search-box"):
            yield Static(
                Text(
                    "Search titles and text (2 Chinese characters are enough; "
                    '"phrases", OR, NOT, zone:, after:2024-01-01)',
                    style="bold",
                ),
                id="search-title",
            )
            yield Input(value=self.initial, placeholder="开发区, 招商, GDP…", id="search-input")
            yield Static(self._scope_text(), id="search-scope")
            yield Static(Text("Enter: search     Esc: cancel", style="dim"), id="search-keys")

    def _scope_text(self) -> Text:
        text = Text("In: ", style="dim")
        if self.zone is None:
            text.append("the whole cache", style="bold")
            return text
        where = clean_line(self.zone) if self.in_zone else "the whole cache"
        text.append(where, style="bold")
        other = "the whole cache" if self.in_zone else "this zone only"
        text.append(f"     Tab: {other}", style="dim")
        return text

    def action_toggle_scope(self) -> None:
        """Search in the zone, or in the whole cache."""
        if self.zone is not None:
            self.in_zone = not self.in_zone
            self.query_one("#search-scope", Static).update(self._scope_text())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Search for what was typed (nothing typed: cancel; a malformed query: say why)."""
        event.stop()
        text = event.value.strip()
        if not text:
            self.dismiss(None)
            return
        search = Search(text, self.zone if self.in_zone else None)
        try:
            parse_query(search.query)
        except QueryError as exc:
            self.query_one("#search-scope", Static).update(Text(clean_line(str(exc)), style="bold"))
            return
        self.dismiss(search)

    def action_cancel(self) -> None:
        """Close without searching."""
        self.dismiss(None)
