"""The zone tree as data: flat ``ZoneCount`` rows aggregated into a tree with unread counts.

Pure (no Textual): the tree widget draws it, and next/previous-unread navigation walks it to
cross from one zone into the next. Built and walked without recursion, and never deeper than
:data:`~zonereader.models.MAX_ZONE_DEPTH`: a zone path stored deeper (by an older version, from
a hostile breadcrumb of 1,000 levels) shows its last levels joined into one node, which still
lists that zone's articles.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from zonereader.models import ZONE_SEP, ZoneCount, cap_zone_parts, zone_parts


@dataclass(slots=True)
class ZoneNode:
    """One node of the zone tree.

    ``total``/``unread`` count the node's whole subtree; ``direct_total``/``direct_unread``
    count only the articles filed exactly under this path.
    """

    path: str
    name: str
    total: int = 0
    unread: int = 0
    direct_total: int = 0
    direct_unread: int = 0
    children: dict[str, ZoneNode] = field(default_factory=dict)

    def sorted_children(self) -> list[ZoneNode]:
        """Children in display order (by name)."""
        return [self.children[name] for name in sorted(self.children)]


def build_zone_tree(counts: Iterable[ZoneCount]) -> ZoneNode:
    """Aggregate per-zone counts into a tree; the returned root has the empty path.

    Args:
        counts: Every zone path that holds articles directly, with its counts.

    Returns:
        The root node, whose totals are the sums over the whole cache.
    """
    root = ZoneNode(path="", name="")
    for count in counts:
        parts = zone_parts(count.path)
        if not parts:
            root.direct_total += count.total
            root.direct_unread += count.unread
            root.total += count.total
            root.unread += count.unread
            continue
        node = root
        node.total += count.total
        node.unread += count.unread
        shown = cap_zone_parts(parts)
        for depth, part in enumerate(shown):
            child = node.children.get(part)
            if child is None:
                last = depth + 1 == len(shown)
                path = (
                    count.path if last and shown is not parts else ZONE_SEP.join(parts[: depth + 1])
                )
                child = ZoneNode(path=path, name=part)
                node.children[part] = child
            child.total += count.total
            child.unread += count.unread
            node = child
        node.direct_total += count.total
        node.direct_unread += count.unread
    return root


def iter_preorder(root: ZoneNode) -> Iterator[ZoneNode]:
    """Every node below ``root`` (root excluded), parents before children, in display order."""
    stack = list(reversed(root.sorted_children()))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.sorted_children()))


def find_node(root: ZoneNode, path: str) -> ZoneNode | None:
    """Return the node at ``path``, or None."""
    node = root
    for part in cap_zone_parts(zone_parts(path)):
        found = node.children.get(part)
        if found is None:
            return None
        node = found
    return node


def _is_within(path: str, ancestor: str) -> bool:
    return path == ancestor or path.startswith(ancestor + ZONE_SEP)


def zones_with_unread(root: ZoneNode, current: str | None, step: int) -> list[str]:
    """Zones to cross into when the current one runs out of unread articles, nearest first.

    For ``step > 0``: zones after ``current``'s subtree in display order; for ``step < 0``:
    zones before ``current`` that are not its ancestors, nearest first. Only zones holding
    unread articles directly are returned. With no current zone, every such zone in order.
    """
    nodes = list(iter_preorder(root))
    candidates = [node for node in nodes if node.direct_unread > 0]
    if current is None:
        ordered = candidates if step > 0 else list(reversed(candidates))
        return [node.path for node in ordered]
    index = next((i for i, node in enumerate(nodes) if node.path == current), None)
    if index is None:
        # The zone vanished: compare paths in display order instead.
        before = [n for n in candidates if n.path < current]
        after = [n for n in candidates if n.path > current]
        chosen = after if step > 0 else list(reversed(before))
        return [node.path for node in chosen]
    if step > 0:
        after = [
            node
            for node in nodes[index + 1 :]
            if not _is_within(node.path, current) and node.direct_unread > 0
        ]
        return [node.path for node in after]
    before = [
        node
        for node in reversed(nodes[:index])
        if not _is_within(current, node.path) and node.direct_unread > 0
    ]
    return [node.path for node in before]
