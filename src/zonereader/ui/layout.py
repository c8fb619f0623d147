"""How the screen is shared out: which layout a width gets, and the columns of a list row.

Pure (no Textual), so every threshold is unit-tested on its own:

* below :data:`WIDE_WIDTH` columns the list gets the whole screen (as in mutt or newsboat):
  Enter reads an article full-screen, Escape comes back, and the zone tree is a drawer;
* from :data:`WIDE_WIDTH` columns the three panes sit side by side, the tree only as wide as
  its longest visible line (:func:`tree_width`);
* a list row is markers, date, title and, when there is room left after a title of
  :data:`MIN_TITLE_CELLS`, one more column: the publishing zone (发布开发区) in a zone's list,
  the zone in lists that cross zones (:func:`row_layout`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from rich.cells import cell_len

from zonereader.models import zone_parts
from zonereader.ui.textfmt import truncate_cells

#: From this many columns the three panes sit side by side; below it the list fills the screen.
WIDE_WIDTH = 140
#: The narrowest and widest the zone tree gets in the three-pane layout (borders included).
TREE_MIN_WIDTH = 18
TREE_MAX_WIDTH = 32
#: Cells the tree's border and scrollbar take beside its longest line.
TREE_CHROME = 3
#: A title keeps at least this many cells before a list row gives room to another column.
MIN_TITLE_CELLS = 30
#: The extra column is at most this wide (and at most a quarter of the row: titles come
#: first), and not shown at all when it would be narrower than :data:`MIN_COLUMN_CELLS` (a
#: zone name cut to two characters helps nobody).
MAX_COLUMN_CELLS = 20
COLUMN_SHARE = 4
MIN_COLUMN_CELLS = 8
#: Below this many cells a row's date drops its century (``24-01-05``).
SHORT_DATE_BELOW = 56
#: Cells before the title: a space, two markers, a space, then the date and two spaces.
_LEAD_CELLS = 4
_DATE_CELLS = 10
_SHORT_DATE_CELLS = 8
_GAP = 2
#: A zone path this long (section/…/place/channel) has a place worth more than its channel.
MIN_PARTS_FOR_PLACE = 3


def is_wide(width: int) -> bool:
    """Whether a terminal ``width`` columns wide shows the three panes side by side."""
    return width >= WIDE_WIDTH


def tree_width(longest_line: int) -> int:
    """The zone tree's width in the three-pane layout, for its longest visible line."""
    return max(TREE_MIN_WIDTH, min(TREE_MAX_WIDTH, longest_line + TREE_CHROME))


class Column(enum.StrEnum):
    """The extra column of a list row."""

    NONE = ""
    PUBLISHER = "publisher"
    """The publishing zone (发布开发区): for a zone's own list."""
    ZONE = "zone"
    """The article's zone: for lists that cross zones (Unread, Bookmarks, All, search)."""


@dataclass(frozen=True, slots=True)
class RowLayout:
    """Where things go on a list row ``width`` cells wide."""

    width: int
    short_date: bool
    title: int
    """Cells for the title."""
    column: int
    """Cells for the extra column (0: not shown)."""


def row_layout(width: int, column: Column) -> RowLayout:
    """Share a row of ``width`` cells between the title and, when there is room, ``column``.

    Args:
        width: The row's width in cells.
        column: Which extra column the list would like.

    Returns:
        The layout: the title never drops below :data:`MIN_TITLE_CELLS` to make room.
    """
    short_date = width < SHORT_DATE_BELOW
    fixed = _LEAD_CELLS + (_SHORT_DATE_CELLS if short_date else _DATE_CELLS) + _GAP + 1
    remaining = max(0, width - fixed)
    extra = 0
    if column is not Column.NONE:
        extra = min(MAX_COLUMN_CELLS, width // COLUMN_SHARE, remaining - MIN_TITLE_CELLS - _GAP)
        if extra < MIN_COLUMN_CELLS:
            extra = 0
    title = remaining - (extra + _GAP if extra else 0)
    return RowLayout(width, short_date, max(0, title), extra)


def zone_label(path: str, width: int) -> str:
    """The most telling end of a zone path that fits in ``width`` cells.

    ``开发区新闻/浙江/舟山/文字新闻`` in 16 cells is ``舟山/文字新闻``: the parts are taken
    from the right while they fit (the first part, the portal's section, is the least telling).
    When only one part fits, the place before the channel (``舟山``) is shown rather than the
    channel; a part that alone is too long is cut.
    """
    parts = zone_parts(path)
    if not parts:
        return ""
    chosen: list[str] = []
    used = 0
    for part in reversed(parts):
        extra = cell_len(part) + (1 if chosen else 0)
        if used + extra > width:
            break
        chosen.insert(0, part)
        used += extra
    if len(chosen) <= 1 and len(parts) >= MIN_PARTS_FOR_PLACE and cell_len(parts[-2]) <= width:
        return parts[-2]  # one part fits at most: the place (舟山) tells more than the channel
    if not chosen:
        return truncate_cells(parts[-1], width)
    return "/".join(chosen)
