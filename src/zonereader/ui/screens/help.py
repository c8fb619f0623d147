"""The help screen: every key the app knows, as the keymap has them now."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from zonereader.ui.keymap import FIXED_KEYS, KEY_SPECS, effective_keys, keymap_in_effect
from zonereader.ui.screens.scrolling import ScrollingModal
from zonereader.ui.widgets.article_list import BOOKMARK_MARK, UNREAD_MARK

SECTIONS = (
    ("Moving (every pane)", ("move",)),
    ("Lists and articles", ("list", "screen", "reader", "app")),
)


def help_table(keymap: Mapping[str, str]) -> Table:
    """Return a table of every binding under ``keymap``, grouped by where it applies."""
    table = Table(box=None, show_header=False, padding=(0, 2), expand=False)
    table.add_column("keys", style="bold", no_wrap=True)
    table.add_column("action")
    table.add_column("id", style="dim", no_wrap=True)
    for title, scopes in SECTIONS:
        table.add_row(Text(title, style="bold underline"), "", "")
        for spec in KEY_SPECS:
            if spec.scope in scopes:
                table.add_row(effective_keys(spec, keymap), spec.description, spec.id)
        table.add_row("", "", "")
    table.add_row(Text("Also", style="bold underline"), "", "")
    for keys, description in FIXED_KEYS:
        table.add_row(keys, description, "")
    table.add_row("", "", "")
    table.add_row(
        Text("List markers", style="bold underline"),
        f"{UNREAD_MARK} unread   {BOOKMARK_MARK} bookmarked",
        "",
    )
    return table


class HelpScreen(ScrollingModal):
    """Lists every binding; remap them with ``[keys]`` in the config, by the ids shown."""

    BOX_ID = "help-box"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("question_mark", "close", "Close", show=False)]

    def compose(self) -> ComposeResult:
        """The table of keys in a scrolling box."""
        with VerticalScroll(id=self.BOX_ID):
            yield Static(Text("zonereader keys", style="bold"), id="help-title")
            yield Static(help_table(keymap_in_effect(self.app)), id="help-table")
            yield Static(
                Text(
                    "Remap any action in the config file's [keys] table by its id, "
                    'e.g. next_article = "n,ctrl+n". Esc closes this screen.',
                    style="dim",
                ),
                id="help-footer",
            )
