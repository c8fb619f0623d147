"""The reader pane: one article, wrapped for Chinese, scrolled with the keyboard.

The article's text is drawn by :class:`~zonereader.ui.widgets.article_text.ArticleText`
widgets (Textual's Line API: only the lines on screen are drawn). An article opens as one text
widget, reused from article to article, each image being a numbered line in it: nothing is
mounted. When its first picture arrives, the text is cut into runs with an
:class:`~zonereader.ui.widgets.image_slot.ImageSlot` wherever the body had an image.
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

#: What a picture's line says while it is fetched.
LOADING = "loading…"

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
        self._blocks: list[Block] = PLACEHOLDER
        self._slots: dict[int, ImageSlot] = {}
        self._notes: dict[int, str] = {}
        self._pictures: dict[int, Picture] = {}
        self._cut_for: int | None = None
        """The article whose text is to be cut at its images after the next frame."""

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
        """The article's image slots, by image number (1-based), once a picture has come."""
        return dict(self._slots)

    def image_state(self, number: int) -> str:
        """What image ``number`` shows: "shown", "loading", a reason, or "" (nothing to say)."""
        if number in self._pictures:
            return "shown"
        return self._notes.get(number, "")

    def show(
        self,
        article: StoredArticle | None,
        *,
        keep_scroll: bool = False,
        terms: Sequence[str] = (),
    ) -> None:
        """Show ``article`` (None: the hint), from the top unless ``keep_scroll``.

        The whole text goes into the one text widget at once, an image being its numbered
        line: nothing is mounted, so an article with pictures opens as fast as one without.
        The text is cut into runs with the pictures between them when the first picture
        arrives (:meth:`show_picture`).

        Args:
            article: The article, or None for the hint.
            keep_scroll: Stay where the reader is (the same article, its flags changed): the
                pictures already shown stay too.
            terms: Words to highlight (the search that led here).
        """
        same = article is not None and article.id == self.article_id
        self.article = article
        self._blocks = article_blocks(article) if article is not None else PLACEHOLDER
        if keep_scroll and same:
            self._show_text()
            return
        self._matches = match_pattern(terms)
        for extra in list(self.children)[1:]:
            extra.remove()
        self._slots = {}
        self._notes = {}
        self._pictures = {}
        self._cut_for = None
        self._show_text()
        self.scroll_home(animate=False, immediate=True)

    def _show_text(self) -> None:
        """Lay the text out again: whole (image lines noted), or its first run once cut."""
        if self._slots:
            first = split_at_images(self._blocks)[0]
            assert isinstance(first, list)
            self._first.set_blocks(first, self._matches)
            return
        blocks = [
            Block("image", f"{block.text}  ({self._notes[block.image]})", block.image)
            if block.kind == "image" and self._notes.get(block.image)
            else block
            for block in self._blocks
        ]
        self._first.set_blocks(blocks, self._matches)

    def _cut_at_images(self) -> None:
        """Put each picture under its numbered line: runs of text with image slots between."""
        extras: list[Widget] = []
        for piece in split_at_images(self._blocks)[1:]:
            if isinstance(piece, Block):
                slot = ImageSlot(piece.image, piece.text)
                picture = self._pictures.get(piece.image)
                note = self._notes.get(piece.image, "")
                if picture is not None:
                    slot.show_picture(picture)
                elif note == LOADING:
                    slot.show_loading()
                elif note:
                    slot.show_failed(note)
                self._slots[piece.image] = slot
                extras.append(slot)
            elif piece:
                extras.append(ArticleText(piece, matches=self._matches))
        self._show_text()
        self.mount(*extras)

    def show_picture(self, article_id: int, number: int, picture: Picture) -> None:
        """Picture ``number`` of article ``article_id`` arrived: draw it if still shown."""
        if article_id != self.article_id:
            return
        self._pictures[number] = picture
        slot = self._slots.get(number)
        if slot is not None:
            slot.show_picture(picture)
        elif not self._slots and self._cut_for != article_id:
            # after the text's frame: the words never wait for the pictures
            self._cut_for = article_id
            self.call_after_refresh(self._cut_when_still_shown, article_id)

    def _cut_when_still_shown(self, article_id: int) -> None:
        if self._cut_for != article_id:
            return
        self._cut_for = None
        if article_id == self.article_id and not self._slots and self._pictures:
            self._cut_at_images()

    def show_image_note(self, article_id: int, number: int, note: str) -> None:
        """Say why picture ``number`` is not shown ("": it is on its way)."""
        if article_id != self.article_id:
            return
        self._notes[number] = note or LOADING
        slot = self._slots.get(number)
        if slot is None:
            self._show_text()
        elif note:
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
