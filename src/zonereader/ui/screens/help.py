"""The help screen: every key the app knows, as the keymap has them now."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from zonereader.ui.keymap import FIXED_KEYS, KEY_SPECS, effective_keys
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


class HelpScreen(ModalScreen[None]):
    """Lists every binding; remap them with ``[keys]`` in the config, by the ids shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close"),
        Binding("down,j", "scroll('down')", show=False),
        Binding("up,k", "scroll('up')", show=False),
        Binding("pagedown,space", "scroll('page_down')", show=False),
        Binding("pageup", "scroll('page_up')", show=False),
        Binding("g,home", "scroll('home')", show=False),
        Binding("G,end", "scroll('end')", show=False),
    ]

    def compose(self) -> ComposeResult:
        """The table of keys in a scrolling box."""
        with VerticalScroll(id="help-box"):
            yield Static(Text("zonereader keys", style="bold"), id="help-title")
            yield Static(help_table(self.app._keymap), id="help-table")
            yield Static(
                Text(
                    "Remap any action in the config file's [keys] table by its id, "
                    'e.g. next_article = "n,ctrl+n". Esc closes this screen.',
                    style="dim",
                ),
                id="help-footer",
            )

    def action_scroll(self, direction: str) -> None:
        """Scroll the help text."""
        box = self.query_one("#help-box", VerticalScroll)
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
        """Close the help screen."""
        self.dismiss(None)
