"""Every key binding of the app, with an id per action so ``[keys]`` in the config can remap it.

The bindings are declared once here as :class:`KeySpec` records; screens and widgets build
their ``BINDINGS`` from them, the help screen and the command palette list them, and
:func:`keymap_from_config` turns the user's ``[keys]`` table into a Textual keymap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True, slots=True)
class KeySpec:
    """One remappable action.

    ``scope`` says where it applies: ``screen`` (from any pane), ``list``, ``tree``, ``reader``
    or ``move`` (cursor movement in every pane).
    """

    id: str
    keys: str
    action: str
    description: str
    scope: str
    show: bool = False
    key_display: str | None = None
    short: str = ""
    """What the footer says (the description when empty)."""


#: Every action, in the order the help screen lists them.
KEY_SPECS: tuple[KeySpec, ...] = (
    KeySpec("cursor_down", "down,j", "cursor_down", "Move down", "move", key_display="↓ j"),
    KeySpec("cursor_up", "up,k", "cursor_up", "Move up", "move", key_display="↑ k"),
    KeySpec("page_down", "pagedown", "page_down", "Page down", "move"),
    KeySpec("page_up", "pageup", "page_up", "Page up", "move"),
    KeySpec("first", "home,g", "first", "Go to the top", "move", key_display="g Home"),
    KeySpec("last", "end,G", "last", "Go to the bottom", "move", key_display="G End"),
    KeySpec("next_pane", "tab", "app.focus_next", "Next pane", "screen"),
    KeySpec("previous_pane", "shift+tab", "app.focus_previous", "Previous pane", "screen"),
    KeySpec("open", "enter", "open", "Open the zone or article", "list"),
    KeySpec("next_article", "n", "next_article", "Next article in the list", "screen"),
    KeySpec("previous_article", "p", "previous_article", "Previous article in the list", "screen"),
    KeySpec(
        "next_unread",
        "N",
        "next_unread",
        "Next unread (crosses zones)",
        "screen",
        True,
        short="Next unread",
    ),
    KeySpec("previous_unread", "P", "previous_unread", "Previous unread (crosses zones)", "screen"),
    KeySpec(
        "site_previous",
        "left_square_bracket",
        "site_link(-1)",
        "Site's 上一条",
        "screen",
        key_display="[",
    ),
    KeySpec(
        "site_next",
        "right_square_bracket",
        "site_link(1)",
        "Site's 下一条",
        "screen",
        key_display="]",
    ),
    KeySpec(
        "toggle_bookmark",
        "b",
        "toggle_bookmark",
        "Bookmark on/off",
        "screen",
        True,
        short="Bookmark",
    ),
    KeySpec("toggle_read", "m", "toggle_read", "Read/unread", "screen"),
    KeySpec("mark_zone_read", "M", "mark_list_read", "Mark the whole list read", "screen"),
    KeySpec(
        "unread_only",
        "u",
        "toggle_unread_only",
        "Unread only / all",
        "screen",
        True,
        short="Unread only",
    ),
    KeySpec("search", "slash", "search", "Search", "screen", True, key_display="/"),
    KeySpec("save_topic", "T", "save_topic", "Save the search as a topic", "screen"),
    KeySpec("back", "escape", "back", "Back (leave search, unzoom)", "screen"),
    KeySpec("sync", "r", "sync", "Sync now", "screen", True, short="Sync"),
    KeySpec("open_browser", "o", "open_browser", "Open in the browser", "screen"),
    KeySpec("copy_url", "y", "copy_url", "Copy the URL (OSC 52)", "screen"),
    KeySpec("zoom", "z", "zoom", "Zoom the reader", "screen", True, short="Zoom"),
    KeySpec(
        "help",
        "question_mark",
        "help",
        "Help: every key",
        "screen",
        True,
        key_display="?",
        short="Help",
    ),
    KeySpec("quit", "q", "app.quit", "Quit", "screen", True),
)

#: Keys Textual widgets keep on their own (listed by the help screen, not remappable here).
FIXED_KEYS: tuple[tuple[str, str], ...] = (
    ("space", "Zone tree: expand/collapse; reader: page down"),
    ("→ l", "Zone tree: expand"),
    ("← h", "Zone tree: collapse, or go to the parent"),
    ("ctrl+p", "Command palette"),
)

SPECS_BY_ID = {spec.id: spec for spec in KEY_SPECS}


def bindings(*scopes: str) -> list[Binding]:
    """Return Textual bindings for every spec in ``scopes``."""
    return [
        Binding(
            spec.keys,
            spec.action,
            spec.short or spec.description,
            show=spec.show,
            tooltip=spec.description,
            key_display=spec.key_display,
            id=spec.id,
        )
        for spec in KEY_SPECS
        if spec.scope in scopes
    ]


def keymap_from_config(keys: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """Turn the config's ``[keys]`` table into a Textual keymap.

    Args:
        keys: Action id -> comma-separated keys, e.g. ``{"next_article": "n,ctrl+n"}``.

    Returns:
        The keymap, and one warning per unknown action id.
    """
    keymap: dict[str, str] = {}
    warnings: list[str] = []
    for action_id, value in keys.items():
        if action_id not in SPECS_BY_ID:
            known = ", ".join(sorted(SPECS_BY_ID))
            warnings.append(f"[keys] {action_id!r} is not an action (known: {known})")
            continue
        keymap[action_id] = ",".join(_key_name(k) for k in value.split(",") if k.strip())
    return keymap, warnings


_SYMBOL_NAMES = {
    "/": "slash",
    "?": "question_mark",
    "[": "left_square_bracket",
    "]": "right_square_bracket",
    " ": "space",
}


def _key_name(key: str) -> str:
    stripped = key.strip()
    return _SYMBOL_NAMES.get(stripped, stripped)


def effective_keys(spec: KeySpec, keymap: Mapping[str, str]) -> str:
    """Return the keys an action is bound to now, for display (``n, ctrl+n``)."""
    if spec.id in keymap:
        return ", ".join(keymap[spec.id].split(","))
    if spec.key_display:
        return spec.key_display
    return ", ".join(spec.keys.split(","))
