"""The status line: where you are, the position in the list, unread count and sync state."""

from __future__ import annotations

from dataclasses import dataclass

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
    """Return the status line for ``info`` fitted to ``width`` cells (the place is cut first)."""
    right = Text()
    if info.count:
        right.append(f"{format_count(info.position)}/{format_count(info.count)}", style="bold")
    else:
        right.append("0/0", style="bold")
    if info.unread_only:
        right.append("  unread only", style="italic")
    right.append(f"  {format_count(info.unread)} unread")
    if info.sync:
        right.append(f"  {clean_line(info.sync)}", style="italic")
    room = max(0, width - right.cell_len - 3)
    text = Text(" ")
    text.append(truncate_cells(clean_line(info.place), room), style="bold")
    gap = max(1, width - text.cell_len - right.cell_len - 1)
    text.append(" " * gap)
    text.append_text(right)
    text.append(" ")
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
