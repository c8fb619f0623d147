"""One-line prompts as modal screens: the search, and the name of a topic to save.

A :class:`PromptScreen` dismisses with what was typed, or None on Escape. What is typed is
checked before it is accepted: a malformed search says what is wrong and where, on the line
under the input, and the prompt stays open to fix it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from zonereader.text.query import QueryError, parse_query
from zonereader.text.sanitize import clean_line


class PromptScreen(ModalScreen[str | None]):
    """Asks for one line; Enter accepts it if ``check`` finds nothing wrong, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        *,
        initial: str = "",
        placeholder: str = "",
        hint: str = "Enter: accept     Esc: cancel",
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        """A prompt titled ``title``; ``check`` returns why a value is refused, or None."""
        super().__init__()
        self.title_text = title
        self.initial = initial
        self.placeholder = placeholder
        self.hint = hint
        self.check = check

    def compose(self) -> ComposeResult:
        """The title, the input, the line for problems and the keys."""
        with Vertical(id="search-box"):
            yield Static(Text(self.title_text, style="bold"), id="search-title")
            yield Input(value=self.initial, placeholder=self.placeholder, id="search-input")
            yield Static(Text(), id="search-problem")
            yield Static(Text(self.hint, style="dim"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Accept what was typed (nothing typed: cancel), unless it is refused."""
        event.stop()
        value = event.value.strip()
        if not value:
            self.dismiss(None)
            return
        problem = self.check(value) if self.check is not None else None
        if problem:
            self.query_one("#search-problem", Static).update(
                Text(clean_line(problem), style="bold red")
            )
            return
        self.dismiss(value)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Forget the last problem as soon as the text changes."""
        self.query_one("#search-problem", Static).update(Text())

    def action_cancel(self) -> None:
        """Close without accepting anything."""
        self.dismiss(None)


def query_problem(text: str) -> str | None:
    """Why ``text`` is not a query the search language accepts, or None."""
    try:
        parse_query(text)
    except QueryError as exc:
        return str(exc)
    return None


class SearchScreen(PromptScreen):
    """Asks for a search in the query language; dismisses with it, or None."""

    def __init__(self, initial: str = "") -> None:
        """A search prompt showing ``initial`` (the current search, if any)."""
        super().__init__(
            "Search titles and text (2 Chinese characters are enough)",
            initial=initial,
            placeholder="招商, 签约 OR 开工, 半导体 zone:舟山 after:2024-01-01…",
            hint='Enter: search     Esc: cancel     AND OR NOT ( ) "phrase" zone: unread',
            check=query_problem,
        )


class TopicNameScreen(PromptScreen):
    """Asks for the name of a new topic; dismisses with it, or None."""

    def __init__(self, query: str, taken: Collection[str]) -> None:
        """A prompt to save ``query`` as a topic whose name is none of ``taken``."""

        def check(name: str) -> str | None:
            if name in taken:
                return f"A topic called {name!r} exists already: choose another name."
            return None

        super().__init__(
            f"Save the search “{clean_line(query)}” as a topic named:",
            initial=clean_line(query)[:40],
            hint="Enter: save to the config file     Esc: cancel",
            check=check,
        )
