"""The article list: a virtual Line-API widget that holds only the rows it has been given.

It never talks to the store. It knows how many rows the list has, keeps a small cache of pages,
and when a row it must draw is missing it posts :class:`ArticleList.NeedRows`; the screen fetches
that page in a worker and hands it back with :meth:`ArticleList.add_rows`. So a list of 100,000
articles costs the same as one of ten: one count and the pages on screen.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from zonereader.models import ArticleSummary
from zonereader.ui.keymap import bindings
from zonereader.ui.layout import Column, row_layout, zone_label
from zonereader.ui.textfmt import fit_cells, format_date, truncate_cells

PAGE_SIZE = 100
MAX_PAGES = 24
UNREAD_MARK = "N"
BOOKMARK_MARK = "!"


class ArticleList(ScrollView, can_focus=True):
    """A scrolling list of article rows drawn line by line."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("move", "list")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--read",
        "article-list--marker",
        "article-list--date",
        "article-list--column",
        "article-list--pending",
        "article-list--empty",
    }

    DEFAULT_CSS = """
    ArticleList {
        overflow-x: hidden;
        overflow-y: auto;
    }
    """

    @dataclass
    class NeedRows(Message):
        """Rows ``offset .. offset + limit`` of list ``generation`` are wanted."""

        generation: int
        offset: int
        limit: int

    @dataclass
    class Highlighted(Message):
        """The cursor moved to ``index`` (``article`` None while its row is loading)."""

        generation: int
        index: int
        article: ArticleSummary | None

    @dataclass
    class Chosen(Message):
        """Enter was pressed on a row."""

        generation: int
        index: int
        article: ArticleSummary | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.generation = 0
        self.count = 0
        self.cursor = 0
        self.empty_text = "Nothing here."
        self.column = Column.NONE
        """The extra column of each row (the screen sets it for each list)."""
        self.loaded = False
        self._pages: OrderedDict[int, list[ArticleSummary | None]] = OrderedDict()
        self._pending: set[int] = set()
        self._short: set[int] = set()
        self._style_cache: dict[tuple[bool, bool], tuple[Style, Style, Style, Style, Style]] = {}

    # ------------------------------------------------------------------ data in

    def reset(
        self,
        generation: int,
        count: int,
        offset: int,
        rows: list[ArticleSummary],
        cursor: int,
        screen_row: int | None = None,
    ) -> None:
        """Show a new list (or a refreshed one) with ``rows`` at ``offset`` already known.

        Args:
            generation: The list's generation; rows for other generations are ignored from now.
            count: How many rows the list has.
            offset: The position of ``rows`` in the list.
            rows: Some rows, normally the page around the cursor.
            cursor: The row to put the cursor on.
            screen_row: Where on screen the cursor row should be (keeps it still on a refresh).
        """
        self.generation = generation
        self.count = count
        self.loaded = True
        self._pages.clear()
        self._pending.clear()
        self._short.clear()
        self._store_rows(offset, rows)
        self.cursor = max(0, min(cursor, count - 1)) if count else 0
        self.virtual_size = Size(self._width(), count)
        height = self.scrollable_content_region.height
        if screen_row is not None and height:
            # A row saved at another terminal size (or by a bad session) may be off screen.
            screen_row = max(0, min(screen_row, height - 1))
        if screen_row is not None:
            self.scroll_to(
                y=max(0, self.cursor - screen_row), animate=False, immediate=True, force=True
            )
        else:
            self._scroll_cursor_into_view(center=True)
        self.refresh()
        self._request_visible()

    def add_rows(self, generation: int, offset: int, rows: list[ArticleSummary]) -> bool:
        """Take a page the screen fetched; return False when it belongs to another list."""
        if generation != self.generation:
            return False
        self._store_rows(offset, rows)
        self.refresh()
        return True

    def _store_rows(self, offset: int, rows: list[ArticleSummary]) -> None:
        for index, row in enumerate(rows):
            page, slot = divmod(offset + index, PAGE_SIZE)
            bucket = self._pages.get(page)
            if bucket is None:
                bucket = self._pages[page] = []
            if len(bucket) <= slot:
                bucket.extend([None] * (slot + 1 - len(bucket)))
            bucket[slot] = row
        for page in range(offset // PAGE_SIZE, (offset + max(len(rows), 1) - 1) // PAGE_SIZE + 1):
            self._pending.discard(page)
            if page in self._pages:
                self._pages.move_to_end(page)
        if offset % PAGE_SIZE == 0 and len(rows) < min(PAGE_SIZE, self.count - offset):
            # The list shrank under us (articles deleted): do not ask for this page again
            # until the next refresh.
            self._short.add(offset // PAGE_SIZE)
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)

    def row(self, index: int) -> ArticleSummary | None:
        """Return the row at ``index`` if it is loaded."""
        page, slot = divmod(index, PAGE_SIZE)
        bucket = self._pages.get(page)
        if bucket is None or slot >= len(bucket):
            return None
        return bucket[slot]

    def find(self, article_id: int) -> int | None:
        """Return the position of ``article_id`` among the loaded rows, or None."""
        for page, bucket in self._pages.items():
            for slot, row in enumerate(bucket):
                if row is not None and row.id == article_id:
                    return page * PAGE_SIZE + slot
        return None

    def update_flags(
        self, article_id: int, *, read: bool | None = None, bookmarked: bool | None = None
    ) -> None:
        """Change the read/bookmark markers of a loaded row in place."""
        index = self.find(article_id)
        if index is None:
            return
        page, slot = divmod(index, PAGE_SIZE)
        row = self._pages[page][slot]
        assert row is not None  # found among the loaded rows
        self._pages[page][slot] = replace(
            row,
            read=row.read if read is None else read,
            bookmarked=row.bookmarked if bookmarked is None else bookmarked,
        )
        self.refresh_line(index)

    @property
    def current(self) -> ArticleSummary | None:
        """The row under the cursor, if loaded."""
        return self.row(self.cursor) if self.count else None

    # ------------------------------------------------------------------ cursor

    def move_cursor(self, index: int) -> None:
        """Put the cursor on ``index`` (clamped), scroll it into view and announce it."""
        if not self.count:
            return
        index = max(0, min(index, self.count - 1))
        previous, top = self.cursor, int(self.scroll_y)
        self.cursor = index
        self._scroll_cursor_into_view()
        if int(self.scroll_y) == top:
            self.refresh_line(previous)
            self.refresh_line(index)
        else:
            self.refresh()
        self._request_visible()
        self.post_message(self.Highlighted(self.generation, index, self.row(index)))

    def _scroll_cursor_into_view(self, center: bool = False) -> None:
        # ``force``: right after a new list arrives, Textual has not yet decided to show the
        # scrollbar for the new virtual size, and an unforced scroll would be dropped (the
        # restored cursor would sit below the visible rows).
        height = max(1, self.scrollable_content_region.height or self.size.height or 1)
        top = int(self.scroll_y)
        if center and not (top <= self.cursor < top + height):
            self.scroll_to(
                y=max(0, self.cursor - height // 2), animate=False, immediate=True, force=True
            )
        elif self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True, force=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True, force=True)

    @property
    def screen_row(self) -> int:
        """Where the cursor is on screen (rows from the top of the widget)."""
        return self.cursor - int(self.scroll_y)

    def action_cursor_down(self) -> None:
        """Move down one row."""
        self.move_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        """Move up one row."""
        self.move_cursor(self.cursor - 1)

    def action_page_down(self) -> None:
        """Move down a screenful."""
        self.move_cursor(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        """Move up a screenful."""
        self.move_cursor(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        """Move to the first row."""
        self.move_cursor(0)

    def action_last(self) -> None:
        """Move to the last row."""
        self.move_cursor(self.count - 1)

    def action_open(self) -> None:
        """Announce that the row under the cursor should be opened."""
        if self.count:
            self.post_message(self.Chosen(self.generation, self.cursor, self.current))

    def on_click(self, event: events.Click) -> None:
        """A click moves the cursor; a click on the cursor row opens it (mouse is optional)."""
        index = int(self.scroll_y) + event.y
        if not 0 <= index < self.count:
            return
        if index == self.cursor:
            self.action_open()
        else:
            self.move_cursor(index)

    # ------------------------------------------------------------------ loading

    def _request_visible(self) -> None:
        """Ask for missing pages on screen and one screenful either side."""
        if not self.count:
            return
        height = max(1, self.scrollable_content_region.height or 1)
        top = int(self.scroll_y)
        first = max(0, min(top, self.cursor) - height)
        last = min(self.count - 1, max(top + height, self.cursor) + height)
        for page in range(first // PAGE_SIZE, last // PAGE_SIZE + 1):
            self._request_page(page)

    def _request_page(self, page: int) -> None:
        bucket = self._pages.get(page)
        expected = min(PAGE_SIZE, self.count - page * PAGE_SIZE)
        complete = bucket is not None and len(bucket) >= expected and None not in bucket
        if complete or page in self._pending or page in self._short:
            return
        self._pending.add(page)
        self.post_message(self.NeedRows(self.generation, page * PAGE_SIZE, PAGE_SIZE))

    def watch_scroll_y(self, old: float, new: float) -> None:
        """Fetch what scrolling brought into view."""
        super().watch_scroll_y(old, new)
        self._request_visible()

    def on_resize(self) -> None:
        """Keep the virtual width equal to the widget's, and the cursor row on screen."""
        self.virtual_size = Size(self._width(), self.count)
        if self.count:
            self._scroll_cursor_into_view()
            self.refresh()
        self._request_visible()

    def _width(self) -> int:
        return max(1, self.scrollable_content_region.width or self.size.width or 1)

    # ------------------------------------------------------------------ drawing

    def notify_style_update(self) -> None:
        """Styles changed (theme, focus, CSS): forget the cached ones."""
        super().notify_style_update()
        self._style_cache.clear()

    def _on_focus(self, event: events.Focus) -> None:
        self._style_cache.clear()
        super()._on_focus(event)

    def _on_blur(self, event: events.Blur) -> None:
        self._style_cache.clear()
        super()._on_blur(event)

    def _row_styles(self, cursor: bool, read: bool) -> tuple[Style, Style, Style, Style, Style]:
        """Base, text, marker, date and column styles of a row (cached: they are costly)."""
        key = (cursor, read)
        cached = self._style_cache.get(key)
        if cached is not None:
            return cached
        base = self.rich_style
        if cursor:
            base = base + self.get_component_rich_style("article-list--cursor", partial=True)
        state = "article-list--read" if read else "article-list--unread"
        text = base + self.get_component_rich_style(state, partial=True)
        marker = text + self.get_component_rich_style("article-list--marker", partial=True)
        date = base + self.get_component_rich_style("article-list--date", partial=True)
        column = base + self.get_component_rich_style("article-list--column", partial=True)
        styles = (base, text, marker, date, column)
        self._style_cache[key] = styles
        return styles

    def render_line(self, y: int) -> Strip:
        """Draw screen line ``y``: one article row."""
        width = self._width()
        index = int(self.scroll_y) + y
        base = self._row_styles(False, False)[0]
        if not self.count:
            if y == 0 and self.loaded:
                style = base + self.get_component_rich_style("article-list--empty", partial=True)
                return Strip([Segment(fit_cells(" " + self.empty_text, width), style)], width)
            return Strip.blank(width, base)
        if index >= self.count:
            return Strip.blank(width, base)
        row = self.row(index)
        cursor = index == self.cursor
        if row is None:
            self._request_page(index // PAGE_SIZE)
            base = self._row_styles(cursor, False)[0]
            pending = base + self.get_component_rich_style("article-list--pending", partial=True)
            return Strip([Segment(fit_cells("   …", width), pending)], width)
        return Strip(self._row_segments(row, width, cursor), width)

    def _row_segments(self, row: ArticleSummary, width: int, cursor: bool) -> list[Segment]:
        base, text_style, marker_style, dim_style, column_style = self._row_styles(cursor, row.read)
        markers = (UNREAD_MARK if not row.read else " ") + (
            BOOKMARK_MARK if row.bookmarked else " "
        )
        shape = row_layout(width, self.column)
        date = format_date(row.published, short=shape.short_date)
        segments = [
            Segment(" ", base),
            Segment(markers, marker_style),
            Segment(" ", base),
            Segment(date, dim_style),
            Segment("  ", base),
            Segment(fit_cells(row.title, shape.title), text_style),
        ]
        if shape.column:
            if self.column is Column.ZONE:
                extra = zone_label(row.zone, shape.column)
            else:
                extra = truncate_cells(row.publisher, shape.column)
            segments.append(Segment("  ", base))
            segments.append(Segment(fit_cells(extra, shape.column), column_style))
        segments.append(Segment(" ", base))
        used = sum(cell_len(s.text) for s in segments)
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        return segments
