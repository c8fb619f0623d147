"""The zone tree: virtual nodes (Unread, Bookmarks, All) on top, the topics under a Topics
heading, then every zone.

Each node shows how many of its articles are unread, and nothing when none are: a number in
the tree always means unread (totals are in the list's header), also without colours. A topic
whose query fails shows ``!``.

It draws a :class:`~zonereader.ui.zones.ZoneNode` tree and the configured topics, and
announces the list a person chose with :class:`ZoneTree.Chosen`; it never talks to the store.
Updating counts keeps the cursor and which nodes are expanded.
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
from zonereader.ui.lists import ALL, BOOKMARKS, UNREAD, VIRTUAL_TITLES, topic_key, zone_key
from zonereader.ui.textfmt import format_count
from zonereader.ui.zones import ZoneNode


def _label(name: str, unread: int, *, virtual: bool = False) -> Text:
    """A node's label: its name and, only when some are unread, how many (never a total)."""
    text = Text(clean_line(name), style="bold" if virtual else "")
    if unread:
        text.append(f" {format_count(unread)}", style="bold")
    return text


#: Label of the heading the topics are listed under.
TOPICS_TITLE = "Topics"
#: Data of the Topics heading: empty, so that choosing it opens no list.
_HEADING = ""


def _topic_label(name: str, count: int | str | None) -> Text:
    """A topic's label: its name and unread count; ``!`` when its query fails."""
    text = Text(clean_line(name))
    if isinstance(count, str):
        text.append(" !", style="bold red")
    elif count:
        text.append(f" {format_count(count)}", style="bold")
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
        self._topics: tuple[str, ...] = ()
        self._topic_counts: dict[str, int | str] = {}
        self._topics_heading: TreeNode[str] | None = None
        self._shown: tuple[ZoneNode, int, int] = (ZoneNode(path="", name=""), 0, 0)
        self._announced_width = -1

    # -- data

    @dataclass
    class WidthChanged(Message):
        """The longest visible line is now ``width`` cells (nodes were expanded, labels grew)."""

        width: int

    def show_zones(self, root: ZoneNode, unread_total: int, bookmark_unread: int) -> None:
        """Draw ``root``'s zones with their unread counts, keeping the cursor and expansion.

        Args:
            root: The zone tree with its counts.
            unread_total: Unread articles in the whole cache.
            bookmark_unread: Unread articles among the bookmarked ones.
        """
        self._shown = (root, unread_total, bookmark_unread)
        paths = {node_path for node_path in _all_paths(root)}
        if paths == self._paths and self._by_key:
            self._update_labels(root, unread_total, bookmark_unread)
            self._announce_width()
            return
        self._paths = paths
        self._rebuild()

    def show_topics(self, names: tuple[str, ...]) -> None:
        """List these topics (config order) under the Topics heading; none: no heading."""
        if names == self._topics:
            return
        self._topics = names
        self._topic_counts = {n: c for n, c in self._topic_counts.items() if n in names}
        if self._by_key:
            self._rebuild()

    def show_topic_counts(self, counts: dict[str, int | str]) -> None:
        """Show each topic's unread count (a string: why it cannot be counted)."""
        self._topic_counts = dict(counts)
        for name in self._topics:
            node = self._by_key.get(topic_key(name))
            if node is not None:
                node.set_label(_topic_label(name, self._topic_counts.get(name)))

    def topic_problem(self, name: str) -> str | None:
        """Why the topic ``name`` cannot be counted, if it cannot."""
        count = self._topic_counts.get(name)
        return count if isinstance(count, str) else None

    def _rebuild(self) -> None:
        """Build every node again (the zone paths or the topics changed)."""
        root, unread_total, bookmark_unread = self._shown
        cursor_key = self.cursor_node.data if self.cursor_node is not None else None
        expanded = {key for key, node in self._by_key.items() if node.is_expanded}
        first_build = not self._by_key
        topics_open = self._topics_heading is None or self._topics_heading.is_expanded
        self.clear()
        self._by_key = {}
        self._topics_heading = None
        for key in (UNREAD, BOOKMARKS, ALL):
            self._by_key[key] = self.root.add_leaf(Text(), data=key)
        if self._topics:
            heading = self.root.add(Text(TOPICS_TITLE, style="bold"), data=_HEADING)
            for name in self._topics:
                label = _topic_label(name, self._topic_counts.get(name))
                self._by_key[topic_key(name)] = heading.add_leaf(label, data=topic_key(name))
            if topics_open:
                heading.expand()
            self._topics_heading = heading
        self._add_zone_nodes(self.root, root, expanded, first_build)
        self._update_labels(root, unread_total, bookmark_unread)
        self.root.expand()
        if cursor_key:
            self.select_key(cursor_key, announce=False)
        self._announce_width()

    @property
    def line_width(self) -> int:
        """The longest visible line, in cells, as :class:`WidthChanged` last announced it."""
        return max(0, self._announced_width)

    def _announce_width(self) -> None:
        """Post :class:`WidthChanged` when the longest visible line changed."""
        _ = self._tree_lines  # builds the lines, which sets the virtual width
        width = self.virtual_size.width
        if width != self._announced_width:
            self._announced_width = width
            self.post_message(self.WidthChanged(width))

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[str]) -> None:
        """A node opened: the longest line may have grown."""
        self.call_after_refresh(self._announce_width)

    def on_tree_node_collapsed(self, event: Tree.NodeCollapsed[str]) -> None:
        """A node closed: the longest line may have shrunk."""
        self.call_after_refresh(self._announce_width)

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

    def _update_labels(self, root: ZoneNode, unread_total: int, bookmark_unread: int) -> None:
        self._by_key[UNREAD].set_label(_label(VIRTUAL_TITLES[UNREAD], unread_total, virtual=True))
        self._by_key[BOOKMARKS].set_label(
            _label(VIRTUAL_TITLES[BOOKMARKS], bookmark_unread, virtual=True)
        )
        self._by_key[ALL].set_label(_label(VIRTUAL_TITLES[ALL], root.unread, virtual=True))
        stack = list(root.children.values())
        while stack:
            zone = stack.pop()
            node = self._by_key.get(zone_key(zone.path))
            if node is not None:
                node.set_label(_label(zone.name, zone.unread))
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
        """Turn Tree's selection into a :class:`Chosen` message (a heading opens or closes)."""
        event.stop()
        if event.node.data:
            self.post_message(self.Chosen(event.node.data))
        elif event.node.children:
            event.node.toggle()

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
