"""A modal screen of text that scrolls with the reader's keys: the base of help and sync log."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen


class ScrollingModal(ModalScreen[None]):
    """A dialog whose one :class:`VerticalScroll` (``#{BOX_ID}``) scrolls with j/k, g/G…"""

    BOX_ID: ClassVar[str] = "box"
    """The id of the scrolling container a subclass composes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close"),
        Binding("down,j", "scroll('down')", show=False),
        Binding("up,k", "scroll('up')", show=False),
        Binding("pagedown,space", "scroll('page_down')", show=False),
        Binding("pageup", "scroll('page_up')", show=False),
        Binding("g,home", "scroll('home')", show=False),
        Binding("G,end", "scroll('end')", show=False),
    ]

    def action_scroll(self, direction: str) -> None:
        """Scroll the text."""
        box = self.query_one(f"#{self.BOX_ID}", VerticalScroll)
        moves = {
            "down": box.scroll_down,
            "up": box.scroll_up,
            "page_down": box.scroll_page_down,
            "page_up": box.scroll_page_up,
            "home": box.scroll_home,
            "end": box.scroll_end,
        }
        moves[direction](animate=False)

    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(None)
