"""The zone tree: virtual nodes (Unread, Bookmarks, All) on top, then every zone with counts.

It draws a :class:`~zonereader.ui.zones.ZoneNode` tree and announces the list a person chose
with :class:`ZoneTree.Chosen`; it never talks to the store. Updating counts keeps the cursor
and which nodes are expanded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from zonereader.text.sanitize import clean_line
from zonereader.ui.keymap import bindings
from zonereader.ui.lists import ALL, BOOKMARKS, UNREAD, VIRTUAL_TITLES, zone_key
from zonereader.ui.textfmt import format_count
from zonereader.ui.zones import ZoneNode


def _label(name: str, unread: int, total: int | None = None, *, virtual: bool = False) -> Text:
    text = Text(clean_line(name), style="bold" if virtual else "")
    if unread:
        text.append(f" {format_count(unread)}", style="bold")
    elif total is not None:
        text.append(f" {format_count(total)}", style="dim")
    return text


class ZoneTree(Tree[str]):
    """The zone tree; each node's data is its list key (``unread``, ``zone:PATH``...)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings("move"),
        Binding("right,l", "expand", "Expand", show=False),
        Binding("left,h", "collapse", "Collapse", show=False),
    ]

    @dataclass
    class Chosen(Message):
        """A list was chosen (Enter on a node)."""

        key: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("zones", data="", id=id)
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2
        self._by_key: dict[str, TreeNode[str]] = {}
        self._paths: set[str] = set()
        self._wanted_key: str | None = None

    # -- data

    def show_zones(self, root: ZoneNode, unread_total: int, bookmark_total: int) -> None:
        """Draw ``root``'s zones with their counts, keeping the cursor and expanded nodes."""
        paths = {node_path for node_path in _all_paths(root)}
        if paths == self._paths and self._by_key:
            self._update_labels(root, unread_total, bookmark_total)
            return
        cursor_key = self.cursor_node.data if self.cursor_node is not None else None
        expanded = {key for key, node in self._by_key.items() if node.is_expanded}
        first_build = not self._by_key
        self.clear()
        self._by_key = {}
        self._paths = paths
        for key in (UNREAD, BOOKMARKS, ALL):
            self._by_key[key] = self.root.add_leaf(Text(), data=key)
        self._add_zone_nodes(self.root, root, expanded, first_build)
        self._update_labels(root, unread_total, bookmark_total)
        self.root.expand()
        if cursor_key is not None:
            self.select_key(cursor_key, announce=False)

    def _add_zone_nodes(
        self, parent: TreeNode[str], zone: ZoneNode, expanded: set[str], first_build: bool
    ) -> None:
        """Add ``zone``'s children (and theirs) under ``parent``, expanded as they were
        (with an explicit stack: no recursion however deep the zones go)."""
        stack: list[tuple[TreeNode[str], ZoneNode, int]] = [
            (parent, child, 1) for child in reversed(zone.sorted_children())
        ]
        while stack:
            under, child, depth = stack.pop()
            key = zone_key(child.path)
            if child.children:
                node = under.add(Text(), data=key)
                if key in expanded or (first_build and depth == 1):
                    node.expand()
                stack.extend(
                    (node, grand, depth + 1) for grand in reversed(child.sorted_children())
                )
            else:
                node = under.add_leaf(Text(), data=key)
            self._by_key[key] = node

    def _update_labels(self, root: ZoneNode, unread_total: int, bookmark_total: int) -> None:
        self._by_key[UNREAD].set_label(_label(VIRTUAL_TITLES[UNREAD], unread_total, virtual=True))
        self._by_key[BOOKMARKS].set_label(
            _label(VIRTUAL_TITLES[BOOKMARKS], 0, bookmark_total, virtual=True)
        )
        self._by_key[ALL].set_label(_label(VIRTUAL_TITLES[ALL], 0, root.total, virtual=True))
        stack = list(root.children.values())
        while stack:
            zone = stack.pop()
            node = self._by_key.get(zone_key(zone.path))
            if node is not None:
                node.set_label(_label(zone.name, zone.unread, zone.total))
            stack.extend(zone.children.values())

    # -- cursor

    def select_key(self, key: str, *, announce: bool = False) -> bool:
        """Move the cursor to the node of ``key``, expanding its ancestors."""
        node = self._by_key.get(key)
        if node is None:
            return False
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        self._wanted_key = key
        _ = self._tree_lines  # lay out the lines now so the node knows its line
        if node.line >= 0:
            self.move_cursor(node)
        else:
            self.call_after_refresh(self._move_if_still_wanted, key, node)
        if announce:
            self.post_message(self.Chosen(key))
        return True

    def _move_if_still_wanted(self, key: str, node: TreeNode[str]) -> None:
        if self._wanted_key == key:
            self.move_cursor(node)

    @property
    def cursor_key(self) -> str | None:
        """The list key under the cursor."""
        node = self.cursor_node
        return node.data if node is not None else None

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        """Turn Tree's selection into a :class:`Chosen` message."""
        event.stop()
        if event.node.data:
            self.post_message(self.Chosen(event.node.data))

    def action_first(self) -> None:
        """Go to the first node."""
        self.scroll_home(animate=False)
        self.cursor_line = 0

    def action_last(self) -> None:
        """Go to the last node."""
        self.cursor_line = self.last_line
        self.scroll_end(animate=False)

    def action_expand(self) -> None:
        """Expand the node under the cursor."""
        if self.cursor_node is not None:
            self.cursor_node.expand()

    def action_collapse(self) -> None:
        """Collapse the node under the cursor, or go to its parent."""
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node.children:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)


def _all_paths(root: ZoneNode) -> list[str]:
    out: list[str] = []
    stack = list(root.children.values())
    while stack:
        zone = stack.pop()
        out.append(zone.path)
        stack.extend(zone.children.values())
    return out
