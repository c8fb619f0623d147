"""Finding the next or previous unread article: plain functions over the Store.

They run in worker threads (a few indexed queries each) and never touch the UI. The order they
walk is the list's own order without the unread filter, so reading an article (which takes it
out of the unread list) never loses the place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from zonereader.models import ListQuery
from zonereader.store import Store


@dataclass(frozen=True, slots=True)
class UnreadHit:
    """Where next/previous-unread lands: an article, and the zone when it crossed into one."""

    article_id: int
    zone: str | None = None


def _id_at(store: Store, query: ListQuery, index: int) -> int | None:
    rows = store.page(query, index, 1)
    return rows[0].id if rows else None


def find_unread(store: Store, base: ListQuery, current_id: int | None, step: int) -> int | None:
    """Return the first unread article after (``step > 0``) or before ``current_id`` in ``base``.

    With no current article (or one no longer in the list) the first (last) unread article of the
    list is returned. Uses a binary search over the unread sub-list, comparing positions in the
    full list, so it stays fast on 100,000-article zones whatever was read in between.

    Args:
        store: The cache.
        base: The list's query without the unread filter.
        current_id: The article the search starts from.
        step: +1 for next, -1 for previous.

    Returns:
        An article id, or None when there is no unread article in that direction.
    """
    base = replace(base, unread_only=False)
    unread = replace(base, unread_only=True)
    if current_id is not None and not base.bookmarks:
        # Zone lists and search results place an article by its sort key, even one that has
        # just left the unread list: one indexed query.
        hit = store.neighbour(unread, current_id, 1 if step > 0 else -1)
        if hit is not None:
            return hit.id
    total = store.count(unread)
    if total == 0:
        return None
    current_pos = store.index_of(base, current_id) if current_id is not None else None
    if current_pos is None:
        return _id_at(store, unread, 0 if step > 0 else total - 1)
    if step > 0:
        # smallest j whose position is after the current one
        low, high = 0, total
        while low < high:
            middle = (low + high) // 2
            middle_id = _id_at(store, unread, middle)
            position = store.index_of(base, middle_id) if middle_id is not None else None
            if position is not None and position > current_pos:
                high = middle
            else:
                low = middle + 1
        return _id_at(store, unread, low) if low < total else None
    # largest j whose position is before the current one
    low, high = 0, total
    while low < high:
        middle = (low + high) // 2
        middle_id = _id_at(store, unread, middle)
        position = store.index_of(base, middle_id) if middle_id is not None else None
        if position is not None and position >= current_pos:
            high = middle
        else:
            low = middle + 1
    return _id_at(store, unread, low - 1) if low > 0 else None


def next_unread(
    store: Store,
    base: ListQuery,
    current_id: int | None,
    step: int,
    zones_after: Sequence[str] = (),
) -> UnreadHit | None:
    """Find the next/previous unread article, crossing into the following zones when needed.

    Args:
        store: The cache.
        base: The current list's query (any unread filter is ignored).
        current_id: The article open now, if any.
        step: +1 for next, -1 for previous.
        zones_after: Zones to try in order when the current list runs out (empty for lists that
            are not a zone: virtual nodes and search results never cross).

    Returns:
        The hit, with ``zone`` set when it crossed into another zone; None when nothing is left.
    """
    found = find_unread(store, base, current_id, step)
    if found is not None:
        return UnreadHit(found)
    for zone in zones_after:
        query = ListQuery(zone=zone)
        found = find_unread(store, query, None, step)
        if found is not None:
            return UnreadHit(found, zone)
    return None
