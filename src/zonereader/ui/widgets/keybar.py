"""The key bar at the bottom: the keys that matter where the focus is, with their labels.

Textual's own footer cuts labels to a letter when it runs out of room (``q Q``) and could not
show a remapped key. This one reads the keys in effect (the config's ``[keys]`` applied), shows
whole entries only, and when the terminal is too narrow drops entries by rank, lowest first:
``?`` (help) goes last.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget

from zonereader.ui.keymap import KEY_SPECS, KeySpec, first_key, keymap_in_effect

#: Cells between two entries.
_GAP = 2


@dataclass(frozen=True, slots=True)
class KeyEntry:
    """One entry of the bar: a key, its label and how long it stays when room runs out."""

    key: str
    label: str
    rank: int

    @property
    def cells(self) -> int:
        """How wide the entry is."""
        return cell_len(self.key) + 1 + cell_len(self.label)


def key_entries(active_ids: Iterable[str], keymap: Mapping[str, str]) -> list[KeyEntry]:
    """The entries for the actions in ``active_ids``, in the order the help screen lists them.

    Args:
        active_ids: Ids of the bindings live where the focus is.
        keymap: The keymap in effect (remapped keys are shown, not the defaults).
    """
    live = set(active_ids)
    entries: list[KeyEntry] = []
    for spec in KEY_SPECS:
        if spec.rank and spec.id in live:
            key = first_key(spec, keymap)
            if key:
                entries.append(KeyEntry(key, _label(spec), spec.rank))
    return entries


def _label(spec: KeySpec) -> str:
    return spec.short or spec.description


def fit_entries(entries: list[KeyEntry], width: int) -> list[KeyEntry]:
    """Drop whole entries, lowest rank first, until the rest fit in ``width`` cells."""
    kept = list(entries)

    def cells() -> int:
        return 1 + sum(entry.cells + _GAP for entry in kept)

    while kept and cells() > width:
        lowest = min(kept, key=lambda entry: entry.rank)
        kept.remove(lowest)
    return kept


def key_bar_text(entries: list[KeyEntry], width: int, key_style: Style | str = "bold") -> Text:
    """The bar for ``entries``, fitted to ``width`` cells, keys drawn in ``key_style``."""
    text = Text(" ", no_wrap=True, overflow="crop")
    for entry in fit_entries(entries, width):
        text.append(entry.key, style=key_style)
        text.append(f" {entry.label}")
        text.append(" " * _GAP)
    text.truncate(width)
    return text


class KeyBar(Widget):
    """One line of keys at the bottom of the main screen."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key"}

    DEFAULT_CSS = """
    KeyBar {
        height: 1;
        dock: bottom;
    }
    KeyBar > .keybar--key {
        text-style: bold;
    }
    """

    def on_mount(self) -> None:
        """Redraw whenever the live bindings change (focus moved, a dialog opened)."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        """Stop listening."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def render(self) -> Text:
        """The keys live now, fitted to the width."""
        screen = self.screen
        hidden: frozenset[str] = getattr(screen, "hidden_keys", frozenset())
        ids = [
            active.binding.id
            for active in screen.active_bindings.values()
            if active.binding.id and active.binding.id not in hidden
        ]
        key_style = self.get_component_rich_style("keybar--key", partial=True)
        entries = key_entries(ids, keymap_in_effect(self.app))
        return key_bar_text(entries, self.size.width or 80, key_style)
