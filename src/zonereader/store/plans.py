"""How a list query is answered: a range of the zone-membership index, or an ordered id list."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class IdList:
    """An ordered list of article ids (search results, bookmarks), cached per data version."""

    version: tuple[int, int]
    ids: list[int]
    keys: list[tuple[int, int]] | None = None
    """Ascending sort keys ``(-sort_ts, -id)`` for search lists; None for bookmarks."""
    positions: dict[int, int] = field(default_factory=dict)

    def position(self, article_id: int) -> int | None:
        """Return where ``article_id`` sits in the list, or None."""
        if not self.positions and self.ids:
            self.positions = {value: index for index, value in enumerate(self.ids)}
        return self.positions.get(article_id)


@dataclass(frozen=True, slots=True)
class ZonePlan:
    """A query answered from ``zone_members``: one zone (root: all articles)."""

    zone_id: int | None
    unread_only: bool

    @property
    def table(self) -> str:
        """The FROM item: the unread filter reads its own partial index."""
        if self.unread_only:
            return "zone_members m INDEXED BY zone_members_unread"
        return "zone_members m"

    @property
    def where(self) -> str:
        """The WHERE clause; its one parameter is the zone id."""
        return "m.zone_id = ?" + (" AND m.read = 0" if self.unread_only else "")
