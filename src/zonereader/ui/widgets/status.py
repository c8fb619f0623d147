"""The status line: where you are, the position in the list, unread count and sync state."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from zonereader.text.sanitize import clean_line
from zonereader.ui.textfmt import format_count, truncate_cells


@dataclass(slots=True)
class StatusInfo:
    """What the status line shows."""

    place: str = ""
    position: int = 0
    count: int = 0
    unread: int = 0
    unread_only: bool = False
    sync: str = ""


def status_text(info: StatusInfo, width: int) -> Text:
    """Return the status line for ``info`` fitted to ``width`` cells.

    When space runs out, the sync state goes first, then the place is cut.
    """
    position = f"{format_count(info.position)}/{format_count(info.count)}" if info.count else "0/0"
    parts: list[tuple[str, str]] = [(position, "bold")]
    if info.unread_only:
        parts.append(("unread only", "italic"))
    parts.append((f"{format_count(info.unread)} unread", ""))
    if info.sync:
        parts.append((clean_line(info.sync), "italic"))
    place = clean_line(info.place)
    while len(parts) > 1 and sum(cell_len(p) + 2 for p, _ in parts) + 12 > width:
        parts.pop()
    right = Text()
    for index, (part, style) in enumerate(parts):
        if index:
            right.append("  ")
        right.append(part, style=style)
    room = max(0, width - right.cell_len - 3)
    text = Text(" ")
    text.append(truncate_cells(place, room), style="bold")
    gap = max(1, width - text.cell_len - right.cell_len - 1)
    text.append(" " * gap)
    text.append_text(right)
    text.append(" ")
    text.truncate(width)
    return text


class StatusLine(Widget):
    """One line at the top of the screen; redrawing it never re-lays out the screen."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.info = StatusInfo()

    def show(self, **changes: object) -> None:
        """Update some fields of the status and redraw."""
        for name, value in changes.items():
            setattr(self.info, name, value)
        self.refresh()

    def render(self) -> Text:
        """The status text, fitted to the width."""
        return status_text(self.info, self.size.width or 80)
