"""The links view (``l``): an article's links and images, to read, open or copy."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from zonereader.text.sanitize import clean_line
from zonereader.ui.links import How, LinkChoice, LinkEntry


def entry_prompt(entry: LinkEntry) -> Text:
    """One row: the number, the text (or caption), the address; cached articles marked."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{entry.label:>6} ", style="bold")
    if entry.cached:
        text.append("cached ", style="reverse")
    if entry.text:
        text.append(entry.text + "  ")
    text.append(clean_line(entry.url), style="dim italic")
    return text


class LinksScreen(ModalScreen[LinkChoice | None]):
    """Lists ``entries``; Enter reads a cached article here (else opens the browser), ``o``
    opens the browser, ``y`` copies, Escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,l", "close", "Close"),
        Binding("o", "choose('browser')", "Browser"),
        Binding("y", "choose('copy')", "Copy"),
        Binding("j", "cursor('down')", show=False),
        Binding("k", "cursor('up')", show=False),
        Binding("g", "cursor('first')", show=False),
        Binding("G", "cursor('last')", show=False),
    ]

    def __init__(self, title: str, entries: Sequence[LinkEntry]) -> None:
        """The links view of the article called ``title``."""
        super().__init__()
        self.title_text = title
        self.entries = list(entries)

    def compose(self) -> ComposeResult:
        """The article's title, the rows and the keys."""
        with Vertical(id="links-box"):
            yield Static(Text(f"Links and images: {self.title_text}", style="bold"))
            yield OptionList(
                *(
                    Option(entry_prompt(entry), id=str(index))
                    for index, entry in enumerate(self.entries)
                ),
                id="links-list",
            )
            yield Static(
                Text(
                    "Enter: read a cached article here, else open in the browser   "
                    "o: browser   y: copy   Esc: close",
                    style="dim",
                )
            )

    def on_mount(self) -> None:
        """Start on the first row."""
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    @property
    def current(self) -> LinkEntry | None:
        """The row under the cursor."""
        index = self.query_one(OptionList).highlighted
        return self.entries[index] if index is not None else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter: read a cached article in the reader, else open the browser."""
        event.stop()
        entry = self.entries[event.option_index]
        self.dismiss(LinkChoice(entry.url, "read" if entry.cached else "browser"))

    def action_choose(self, how: How) -> None:
        """Do ``how`` with the row under the cursor."""
        entry = self.current
        if entry is not None:
            self.dismiss(LinkChoice(entry.url, how))

    def action_cursor(self, where: str) -> None:
        """Move the cursor with the reader's keys too."""
        options = self.query_one(OptionList)
        {
            "down": options.action_cursor_down,
            "up": options.action_cursor_up,
            "first": options.action_first,
            "last": options.action_last,
        }[where]()

    def action_close(self) -> None:
        """Back to the reader."""
        self.dismiss(None)
