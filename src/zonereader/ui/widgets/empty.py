"""What the app shows instead of three empty panes when the cache holds no article."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def empty_text(has_sources: bool) -> Text:
    """Return the friendly explanation for an empty cache."""
    text = Text()
    text.append("Nothing to read yet\n\n", style="bold")
    if has_sources:
        text.append("Your sources are configured but nothing has been synced.\n")
        text.append("Press ")
        text.append("r", style="bold reverse")
        text.append(" to sync now, or run ")
        text.append("zonereader sync", style="bold")
        text.append(" in a shell (cron works too).\n")
    else:
        text.append("Add a portal or a feed, then sync it:\n\n")
        text.append("    zonereader source add URL\n", style="bold")
        text.append("    zonereader sync\n\n", style="bold")
        text.append("Or try the built-in sample portal:\n\n")
        text.append("    zonereader demo\n", style="bold")
    text.append("\nPress ")
    text.append("?", style="bold reverse")
    text.append(" for keys, ")
    text.append("q", style="bold reverse")
    text.append(" to quit.")
    return text


class EmptyPanel(Static):
    """A centred panel explaining how to fill the cache."""

    def set_sources(self, has_sources: bool) -> None:
        """Say the right thing for whether sources are configured."""
        self.update(empty_text(has_sources))
