"""The reader pane: one article, wrapped for Chinese, scrolled with the keyboard.

A Line-API widget: the article is laid out once per width (see :mod:`zonereader.ui.article_view`)
and drawn line by line, so a long article costs nothing to scroll and resizing re-wraps it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from zonereader.models import StoredArticle
from zonereader.ui.article_view import Block, article_blocks, layout
from zonereader.ui.keymap import bindings
from zonereader.ui.textfmt import fit_cells

PLACEHOLDER = [
    Block("hint", "No article open."),
    Block("blank", ""),
    Block("hint", "Enter opens the article under the cursor; n / p open the next and previous;"),
    Block("hint", "N opens the next unread article, crossing into the next zone."),
    Block("hint", "? lists every key."),
]


class Reader(ScrollView, can_focus=True):
    """Shows one article: title, meta line, paragraphs, the site's 上一条/下一条."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings("move", "reader"),
        Binding("space", "page_down", "Page down", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--title",
        "reader--meta",
        "reader--para",
        "reader--rule",
        "reader--link",
        "reader--url",
        "reader--footnote",
        "reader--hint",
    }

    DEFAULT_CSS = """
    Reader {
        overflow-x: hidden;
        overflow-y: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: StoredArticle | None = None
        self._blocks: list[Block] = PLACEHOLDER
        self._lines: list[Block] = []
        self._laid_out_width = -1
        self._style_cache: dict[str, Style] = {}

    @property
    def article_id(self) -> int | None:
        """The id of the article shown, if any."""
        return self.article.id if self.article is not None else None

    def show(self, article: StoredArticle | None, *, keep_scroll: bool = False) -> None:
        """Show ``article`` (None: the hint), from the top unless ``keep_scroll``."""
        self.article = article
        self._blocks = article_blocks(article) if article is not None else PLACEHOLDER
        self._laid_out_width = -1
        self._relayout()
        if not keep_scroll:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def text_lines(self) -> list[str]:
        """The lines as laid out now (for tests and the benchmark)."""
        self._relayout()
        return [line.text for line in self._lines]

    def _width(self) -> int:
        return max(4, (self.scrollable_content_region.width or self.size.width or 80) - 2)

    def _relayout(self) -> None:
        width = self._width()
        if width == self._laid_out_width:
            return
        self._laid_out_width = width
        self._lines = layout(self._blocks, width)
        self.virtual_size = Size(width + 2, len(self._lines))

    def on_resize(self) -> None:
        """Re-wrap for the new width."""
        self._relayout()
        self.refresh()

    # cursor actions shared with the other panes: here they scroll
    def action_cursor_down(self) -> None:
        """Scroll down one line."""
        self.scroll_down(animate=False)

    def action_cursor_up(self) -> None:
        """Scroll up one line."""
        self.scroll_up(animate=False)

    def action_first(self) -> None:
        """Scroll to the top."""
        self.scroll_home(animate=False)

    def action_last(self) -> None:
        """Scroll to the bottom."""
        self.scroll_end(animate=False)

    def action_page_down(self) -> None:
        """Scroll down a screenful."""
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        """Scroll up a screenful."""
        self.scroll_page_up(animate=False)

    def notify_style_update(self) -> None:
        """Styles changed (theme, focus, CSS): forget the cached ones."""
        super().notify_style_update()
        self._style_cache.clear()

    def _style(self, kind: str) -> Style:
        cached = self._style_cache.get(kind)
        if cached is None:
            cached = self.rich_style
            if kind != "blank":
                cached = cached + self.get_component_rich_style(f"reader--{kind}", partial=True)
            self._style_cache[kind] = cached
        return cached

    def render_line(self, y: int) -> Strip:
        """Draw screen line ``y`` of the laid-out article."""
        self._relayout()
        full = self.scrollable_content_region.width or self.size.width or 1
        index = int(self.scroll_y) + y
        base = self._style("blank")
        if index >= len(self._lines):
            return Strip.blank(full, base)
        line = self._lines[index]
        return Strip(
            [Segment(" ", base), Segment(fit_cells(line.text, full - 1), self._style(line.kind))],
            full,
        )
