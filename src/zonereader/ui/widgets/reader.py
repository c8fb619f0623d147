"""The reader pane: one article, wrapped for Chinese, scrolled with the keyboard.

The article's text is drawn by :class:`~zonereader.ui.widgets.article_text.ArticleText`
widgets (Textual's Line API: only the lines on screen are drawn), with an
:class:`~zonereader.ui.widgets.image_slot.ImageSlot` wherever the body had an image. An article
without images is one text widget that is reused from article to article: nothing is mounted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget

from zonereader.models import StoredArticle
from zonereader.ui.article_view import Block, article_blocks, split_at_images
from zonereader.ui.keymap import bindings
from zonereader.ui.widgets.article_text import ArticleText, match_pattern
from zonereader.ui.widgets.image_slot import ImageSlot

if TYPE_CHECKING:
    from PIL.Image import Image as Picture

PLACEHOLDER = [
    Block("hint", "No article open."),
    Block("blank", ""),
    Block("hint", "Enter opens the article under the cursor; n / p open the next and previous;"),
    Block("hint", "N opens the next unread article, crossing into the next zone."),
    Block("hint", "? lists every key."),
]


class Reader(VerticalScroll, can_focus=True):
    """Shows one article: title, meta line, paragraphs and images, links, 上一条/下一条."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings("move", "reader"),
        Binding("space", "page_down", "Page down", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: StoredArticle | None = None
        self._matches: re.Pattern[str] | None = None
        self._slots: dict[int, ImageSlot] = {}

    def compose(self) -> ComposeResult:
        """The text before the first image (for most articles, all of it)."""
        yield ArticleText(PLACEHOLDER, id="reader-text")

    @property
    def _first(self) -> ArticleText:
        return self.query_one("#reader-text", ArticleText)

    @property
    def article_id(self) -> int | None:
        """The id of the article shown, if any."""
        return self.article.id if self.article is not None else None

    @property
    def image_slots(self) -> dict[int, ImageSlot]:
        """The article's image slots, by image number (1-based)."""
        return dict(self._slots)

    def show(
        self,
        article: StoredArticle | None,
        *,
        keep_scroll: bool = False,
        terms: Sequence[str] = (),
    ) -> None:
        """Show ``article`` (None: the hint), from the top unless ``keep_scroll``.

        Args:
            article: The article, or None for the hint.
            keep_scroll: Stay where the reader is (the same article, its flags changed): the
                images already shown stay too.
            terms: Words to highlight (the search that led here).
        """
        same = article is not None and article.id == self.article_id
        self.article = article
        blocks = article_blocks(article) if article is not None else PLACEHOLDER
        pieces = split_at_images(blocks)
        if keep_scroll and same:
            first = pieces[0]
            assert isinstance(first, list)
            self._first.set_blocks(first, self._matches)
            return
        self._matches = match_pattern(terms)
        for extra in list(self.children)[1:]:
            extra.remove()
        self._slots = {}
        extras: list[Widget] = []
        for piece in pieces:
            if isinstance(piece, Block):
                slot = ImageSlot(piece.image, piece.text)
                self._slots[piece.image] = slot
                extras.append(slot)
            elif piece and extras:
                extras.append(ArticleText(piece, matches=self._matches))
        first = pieces[0]
        assert isinstance(first, list)
        self._first.set_blocks(first, self._matches)
        if extras:
            self.mount(*extras)
        if not keep_scroll:
            self.scroll_home(animate=False, immediate=True)

    def show_picture(self, article_id: int, number: int, picture: Picture) -> None:
        """Image ``number`` of article ``article_id`` arrived: draw it if still shown."""
        slot = self._slots.get(number)
        if article_id == self.article_id and slot is not None:
            slot.show_picture(picture)

    def show_image_note(self, article_id: int, number: int, note: str) -> None:
        """Say why image ``number`` is not shown ("" while it loads)."""
        slot = self._slots.get(number)
        if article_id != self.article_id or slot is None:
            return
        if note:
            slot.show_failed(note)
        else:
            slot.show_loading()

    def text_lines(self) -> list[str]:
        """The lines as laid out now, image lines included (for tests and the benchmark)."""
        lines: list[str] = []
        for child in self.children:
            if isinstance(child, ArticleText):
                lines.extend(child.text_lines())
            elif isinstance(child, ImageSlot):
                lines.append(child.label)
        return lines

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
