"""Where an image of an article stands in the reader: its numbered line, then the picture.

The line (``[图2] 园区全景``) is always there, so every image can be reached from the links view
(``l``) even where pictures are not shown. The picture arrives later, fetched by a worker
(see :func:`zonereader.sync.images.fetch_images`), and is drawn by textual-image with the best
method the terminal offers: Kitty graphics or Sixel where the terminal has them, coloured
half-blocks elsewhere (which work over plain SSH), characters when the output is not a
terminal. textual-image asks the terminal what it can do when it is imported, which must
happen before the app starts (:func:`zonereader.ui.images.prepare_terminal_graphics`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

if TYPE_CHECKING:
    from PIL.Image import Image as Picture

#: Rows a picture takes in the reader (its width follows from its shape).
PICTURE_ROWS = 12


class ImageSlot(Vertical):
    """Image ``number`` of the article: its label line, and the picture once it is here."""

    DEFAULT_CSS = f"""
    ImageSlot {{
        height: auto;
        width: 1fr;
        padding: 0 0 1 1;
    }}
    ImageSlot > .image-picture {{
        width: auto;
        height: {PICTURE_ROWS};
    }}
    """

    def __init__(self, number: int, label: str) -> None:
        """The slot of image ``number`` (1-based), whose numbered line reads ``label``."""
        super().__init__()
        self.number = number
        self.label = label
        self.state = ""
        """What is shown besides the label: "", "loading", "shown" or a reason."""
        self._label = Static(Text(label), classes="image-label")
        self._picture: Picture | None = None

    def compose(self) -> ComposeResult:
        """The numbered line (the picture is mounted when it arrives)."""
        yield self._label

    def on_mount(self) -> None:
        """A picture that arrived before the slot was on screen is drawn now."""
        if self._picture is not None:
            self._mount_picture(self._picture)

    def _set_note(self, note: str) -> None:
        text = Text(self.label)
        if note:
            text.append(f"  ({note})", style="italic")
        self._label.update(text)

    def show_loading(self) -> None:
        """Say the picture is on its way."""
        self.state = "loading"
        self._set_note("loading…")

    def show_failed(self, reason: str) -> None:
        """Say why there is no picture (one line)."""
        self.state = reason
        self._set_note(reason)

    def show_picture(self, picture: Picture) -> None:
        """Draw ``picture`` under the label."""
        self.state = "shown"
        self._set_note("")
        self._picture = picture
        if self.is_mounted:
            self._mount_picture(picture)

    def _mount_picture(self, picture: Picture) -> None:
        from textual_image.widget import Image as PictureWidget

        for old in self.query(".image-picture"):
            old.remove()
        self.mount(PictureWidget(picture, classes="image-picture"))
