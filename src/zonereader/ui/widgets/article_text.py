"""A run of an article's text, drawn line by line (Textual's Line API).

The reader stacks these with the article's images between them. Each is as tall as its text
at the width it is given: the blocks are wrapped once per width (see
:func:`zonereader.ui.article_view.layout`), and only the lines on screen are drawn, so a long
article costs nothing to scroll. Words of the search that led to the article are highlighted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from zonereader.ui.article_view import Block, layout
from zonereader.ui.textfmt import fit_cells

#: Kinds of line whose search matches are highlighted.
HIGHLIGHTED_KINDS = frozenset({"title", "para"})


def match_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    """A pattern finding any of ``terms`` (longest first, case-insensitive), or None."""
    words = sorted({term for term in terms if term.strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)


class ArticleText(Widget):
    """Lines of an article, as tall as they need to be at the widget's width."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--title",
        "reader--meta",
        "reader--para",
        "reader--rule",
        "reader--link",
        "reader--url",
        "reader--footnote",
        "reader--hint",
        "reader--image",
        "reader--match",
    }

    DEFAULT_CSS = """
    ArticleText {
        height: auto;
        width: 1fr;
    }
    """

    def __init__(
        self,
        blocks: list[Block] | None = None,
        *,
        matches: re.Pattern[str] | None = None,
        id: str | None = None,
    ) -> None:
        """Lines of ``blocks``, highlighting what ``matches`` finds."""
        super().__init__(id=id)
        self._blocks: list[Block] = blocks or []
        self._lines: list[Block] = []
        self._laid_out_width = -1
        self._style_cache: dict[str, Style] = {}
        self._matches = matches

    def set_blocks(self, blocks: list[Block], matches: re.Pattern[str] | None = None) -> None:
        """Show ``blocks`` instead, highlighting what ``matches`` finds."""
        self._blocks = blocks
        self._matches = matches
        self._laid_out_width = -1
        self.refresh(layout=True)

    def lines_at(self, width: int) -> list[Block]:
        """The lines as laid out at ``width`` cells (kept until the width changes)."""
        if width != self._laid_out_width:
            self._laid_out_width = width
            self._lines = layout(self._blocks, width) if self._blocks else []
        return self._lines

    def text_lines(self) -> list[str]:
        """The lines as laid out now (for tests and the benchmark)."""
        return [line.text for line in self.lines_at(self._text_width(self.size.width))]

    @staticmethod
    def _text_width(width: int) -> int:
        return max(4, (width or 80) - 1)  # a space on the left

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many rows as the text takes at ``width``."""
        return len(self.lines_at(self._text_width(width)))

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
        """Draw line ``y`` of the laid-out text."""
        width = self.size.width or 1
        lines = self.lines_at(self._text_width(width))
        base = self._style("blank")
        if y >= len(lines):
            return Strip.blank(width, base)
        line = lines[y]
        text = fit_cells(line.text, width - 1)
        style = self._style(line.kind)
        segments = [Segment(" ", base)]
        if self._matches is not None and line.kind in HIGHLIGHTED_KINDS:
            segments.extend(self._highlighted(text, style))
        else:
            segments.append(Segment(text, style))
        return Strip(segments, width)

    def _highlighted(self, text: str, style: Style) -> list[Segment]:
        assert self._matches is not None
        match_style = style + self._style("match")
        segments: list[Segment] = []
        position = 0
        for found in self._matches.finditer(text):
            if found.start() > position:
                segments.append(Segment(text[position : found.start()], style))
            segments.append(Segment(found.group(0), match_style))
            position = found.end()
        segments.append(Segment(text[position:], style))
        return segments
