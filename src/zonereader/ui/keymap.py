"""Every key binding of the app, with an id per action so ``[keys]`` in the config can remap it.

The bindings are declared once here as :class:`KeySpec` records; screens and widgets build
their ``BINDINGS`` from them, the help screen, the key bar and the command palette list them,
:func:`keymap_from_config` turns the user's ``[keys]`` table into a Textual keymap, and
:func:`key_clashes` says when a remapped key can never reach its action.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType, Keymap

if TYPE_CHECKING:
    from textual.app import App


@dataclass(frozen=True, slots=True)
class KeySpec:
    """One remappable action.

    ``scope`` says where it applies: ``app`` (everywhere, before any widget), ``screen`` (from
    any pane), ``list``, ``reader`` or ``move`` (cursor movement in every pane).
    """

    id: str
    keys: str
    action: str
    description: str
    scope: str
    key_display: str | None = None
    short: str = ""
    """What the key bar says (the description when empty)."""
    rank: int = 0
    """Whether and how long the key bar keeps the key: 0 never shows it; when the bar is too
    narrow, the lowest ranks go first (``?`` goes last)."""


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
    KeySpec("open", "enter", "open", "Open the article", "list", short="Read", rank=6),
    KeySpec(
        "close_reader",
        "q",
        "screen.close_reader",
        "Back to the list (when reading full-screen)",
        "reader",
        short="List",
        rank=8,
    ),
    KeySpec("zones", "t", "toggle_zones", "Zone tree: open/close the drawer", "screen",
            short="Zones", rank=5),
    KeySpec("next_article", "n", "next_article", "Next article in the list", "screen"),
    KeySpec("previous_article", "p", "previous_article", "Previous article in the list", "screen"),
    KeySpec(
        "next_unread",
        "N",
        "next_unread",
        "Next unread (crosses zones)",
        "screen",
        short="Next unread",
        rank=7,
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
    KeySpec("links", "l", "links", "Links and images of the article", "screen", short="Links",
            rank=4),
    KeySpec(
        "toggle_bookmark", "b", "toggle_bookmark", "Bookmark on/off", "screen", short="Bookmark",
        rank=3,
    ),
    KeySpec("toggle_read", "m", "toggle_read", "Read/unread", "screen"),
    KeySpec("mark_zone_read", "M", "mark_list_read", "Mark the whole list read", "screen"),
    KeySpec(
        "unread_only", "u", "toggle_unread_only", "Unread only / all", "screen",
        short="Unread only", rank=1,
    ),
    KeySpec("search", "slash", "search", "Search", "screen", key_display="/", rank=4),
    KeySpec("save_topic", "T", "save_topic", "Save the search as a topic", "screen"),
    KeySpec("back", "escape", "back", "Back (to the list, out of search, unzoom)", "screen",
            key_display="Esc"),
    KeySpec("sync", "r", "sync", "Sync now", "screen", short="Sync", rank=2),
    KeySpec("sync_log", "L", "sync_log", "Sync log: the last runs, per source", "screen",
            short="Sync log"),
    KeySpec("open_browser", "o", "open_browser", "Open in the browser", "screen"),
    KeySpec("copy_url", "y", "copy_url", "Copy the URL (OSC 52)", "screen"),
    KeySpec("zoom", "z", "zoom", "Zoom the reader (three panes)", "screen", short="Zoom"),
    KeySpec(
        "help", "question_mark", "help", "Help: every key", "screen", key_display="?",
        short="Help", rank=10,
    ),
    KeySpec("quit", "q", "app.quit", "Quit", "screen", rank=9),
    KeySpec(
        "command_palette", "ctrl+p", "command_palette", "Command palette", "app",
        short="Palette",
    ),
)  # fmt: skip

#: Keys Textual widgets keep on their own (listed by the help screen, not remappable here).
FIXED_KEYS: tuple[tuple[str, str], ...] = (
    ("space", "Zone tree: expand/collapse; reader: page down"),
    ("→ l", "Zone tree: expand"),
    ("← h", "Zone tree: collapse, or go to the parent"),
    ("ctrl+q", "Quit at once (also from dialogs)"),
)

SPECS_BY_ID = {spec.id: spec for spec in KEY_SPECS}

#: Keys Textual keeps for itself before any binding of ours can see them.
RESERVED_KEYS: dict[str, str] = {
    "ctrl+q": "quits the app at once",
    "ctrl+c": "is the terminal's interrupt and copies in Textual",
}

#: Scopes whose bindings are live at the same time (a key bound twice among them is a clash).
_OVERLAPPING = {
    "app": {"app", "screen", "list", "reader", "move"},
    "screen": {"app", "screen", "list", "reader", "move"},
    "list": {"app", "screen", "list", "move"},
    "reader": {"app", "screen", "reader", "move"},
    "move": {"app", "screen", "list", "reader", "move"},
}

#: Pairs of actions that share a key on purpose: the widget's binding wins where it applies.
_SHARED_ON_PURPOSE = {frozenset({"close_reader", "quit"})}


def bindings(*scopes: str) -> list[BindingType]:
    """Return Textual bindings for every spec in ``scopes``."""
    return [
        Binding(
            spec.keys,
            spec.action,
            spec.short or spec.description,
            show=False,
            tooltip=spec.description,
            key_display=spec.key_display,
            id=spec.id,
            priority=spec.scope == "app",
        )
        for spec in KEY_SPECS
        if spec.scope in scopes
    ]


def keymap_from_config(keys: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """Turn the config's ``[keys]`` table into a Textual keymap.

    Args:
        keys: Action id -> comma-separated keys, e.g. ``{"next_article": "n,ctrl+n"}``.

    Returns:
        The keymap, and one warning per unknown action id and per key that clashes
        (see :func:`key_clashes`).
    """
    keymap: dict[str, str] = {}
    warnings: list[str] = []
    for action_id, value in keys.items():
        if action_id not in SPECS_BY_ID:
            known = ", ".join(sorted(SPECS_BY_ID))
            warnings.append(f"[keys] {action_id!r} is not an action (known: {known})")
            continue
        keymap[action_id] = ",".join(_key_name(k) for k in value.split(",") if k.strip())
    warnings.extend(key_clashes(keymap))
    return keymap, warnings


_SYMBOL_NAMES = {
    "/": "slash",
    "?": "question_mark",
    "[": "left_square_bracket",
    "]": "right_square_bracket",
    " ": "space",
}
_DISPLAY_NAMES = {
    **{name: symbol for symbol, name in _SYMBOL_NAMES.items() if symbol != " "},
    "enter": "Enter",
    "escape": "Esc",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "space": "Space",
    "pagedown": "PgDn",
    "pageup": "PgUp",
}


def _key_name(key: str) -> str:
    stripped = key.strip()
    return _SYMBOL_NAMES.get(stripped, stripped)


def keys_in_effect(spec: KeySpec, keymap: Mapping[str, str]) -> list[str]:
    """The keys ``spec``'s action is bound to under ``keymap`` (Textual names)."""
    value = keymap.get(spec.id, spec.keys)
    return [key.strip() for key in value.split(",") if key.strip()]


def key_clashes(keymap: Mapping[str, str]) -> list[str]:
    """One line per remapped key that cannot reach its action, saying how to fix it.

    A key clashes when Textual keeps it for itself (``ctrl+q``), when another action that is
    live at the same time is bound to it (``ctrl+p`` is the command palette's unless the
    palette is moved), or when it is remapped to two actions at once.
    """
    owners: dict[str, list[KeySpec]] = {}
    for spec in KEY_SPECS:
        for key in keys_in_effect(spec, keymap):
            owners.setdefault(key, []).append(spec)
    problems: list[str] = []
    for action_id in keymap:
        spec = SPECS_BY_ID[action_id]
        for key in keys_in_effect(spec, keymap):
            shown = display_key(key)
            if key in RESERVED_KEYS:
                problems.append(
                    f"[keys] {action_id} = {shown!r}: {shown} {RESERVED_KEYS[key]}, so it will "
                    f"never reach {action_id}; choose another key for {action_id}"
                )
                continue
            for other in owners.get(key, []):
                if other.id == spec.id or other.scope not in _OVERLAPPING[spec.scope]:
                    continue
                if frozenset({other.id, spec.id}) in _SHARED_ON_PURPOSE:
                    continue
                if other.id in keymap and other.id < spec.id:
                    continue  # both remapped: reported once, under the first id
                problems.append(_clash_line(spec, other, key, remapped=other.id in keymap))
    return problems


def _clash_line(spec: KeySpec, other: KeySpec, key: str, *, remapped: bool) -> str:
    shown = display_key(key)
    wins = other.scope == "app" or (other.scope in ("list", "reader") and spec.scope == "screen")
    who = f"{shown} is also {other.id}'s key ({other.description.lower()})"
    if wins:
        outcome = f"and {other.id} takes it first, so {spec.id} never gets it"
    else:
        outcome = "and only one of them can have it"
    fix = f"choose another key for {spec.id}"
    if not remapped:
        fix += f', or move {other.id} too: [keys] {other.id} = "…"'
    return f"[keys] {spec.id} = {shown!r}: {who}, {outcome}; {fix}"


def display_key(key: str) -> str:
    """How a key is written for people: ``/`` rather than ``slash``."""
    return _DISPLAY_NAMES.get(key, key)


def keymap_in_effect(app: App[object]) -> Keymap:
    """The keymap ``app`` binds keys with now (what ``[keys]`` remapped, in Textual's names).

    Textual (8.2) has ``App.set_keymap`` and ``App.update_keymap`` but no public way to read
    the keymap back, and what it holds is normalised (``?`` becomes ``question_mark``), so a
    copy kept by us could drift from what the bindings use. The private attribute is read
    here and nowhere else: if Textual renames it, this one function changes.
    """
    return app._keymap


def effective_keys(spec: KeySpec, keymap: Mapping[str, str]) -> str:
    """Return the keys an action is bound to now, for display (``n, ctrl+n``)."""
    if spec.id in keymap:
        return ", ".join(display_key(key) for key in keys_in_effect(spec, keymap))
    if spec.key_display:
        return spec.key_display
    return ", ".join(display_key(key) for key in keys_in_effect(spec, keymap))


def first_key(spec: KeySpec, keymap: Mapping[str, str]) -> str:
    """The first key of an action now, as the key bar shows it (``?``, ``ctrl+n``)."""
    keys = keys_in_effect(spec, keymap)
    if not keys:
        return ""
    if spec.id not in keymap and spec.key_display:
        return spec.key_display.split()[0]
    return display_key(keys[0])
