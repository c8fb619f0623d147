"""Pictures in the reader: asking the terminal what it can draw, and reading cached pictures.

:class:`TerminalGraphics` must have asked before the app starts: textual-image asks the
terminal (Kitty graphics? Sixel? its cell size?) when it is imported, by writing escape
sequences and reading the answers from the terminal, which it can no longer do once Textual
reads the keyboard. :func:`load_picture` runs in a worker: it decodes a picture that
:func:`zonereader.sync.images.fetch_images` checked, shrank and cached.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image as Picture


#: Why pictures cannot be drawn in this process ("" when they can): set when asking the
#: terminal failed, so that nothing asks it again once Textual reads the keyboard.
_unavailable = ""


def pictures_unavailable() -> str:
    """Why pictures cannot be drawn here, or "" when they can."""
    return _unavailable


class TerminalGraphics:
    """Asks the terminal how it draws pictures, in a thread, while the app's modules load.

    textual-image asks when it is imported, by writing escape sequences and reading the
    answers from the terminal (a terminal that does not know a question lets it time out
    after 0.1 s). Doing that in a thread hides it behind the import of Textual; the thread
    loads only textual-image's renderers and Pillow, never Textual itself. :meth:`ready` must
    be called before the app starts: once Textual reads the keyboard, the answers would be
    taken for keys.
    """

    def __init__(self) -> None:
        """Start asking."""
        import threading

        import rich.console  # noqa: F401  (loaded here first, so the thread only reads it)

        self.method = "characters"
        self.error = ""
        self._thread = threading.Thread(target=self._ask, name="terminal-graphics", daemon=True)
        self._thread.start()

    def _ask(self) -> None:
        try:
            from textual_image import renderable
            from textual_image._terminal import get_cell_size

            get_cell_size()
            chosen = renderable.Image
            if chosen is renderable.SixelImage:
                self.method = "sixel"
            elif chosen is renderable.TGPImage:
                self.method = "kitty"
            elif chosen is renderable.HalfcellImage:
                self.method = "half-blocks"
        except Exception as exc:  # pictures then show as characters; the app still starts
            self.error = f"{type(exc).__name__}: {exc}"

    def ready(self) -> str:
        """Wait for the answers (and load the picture widget); return the drawing method:
        ``kitty``, ``sixel``, ``half-blocks`` or ``characters``."""
        global _unavailable
        self._thread.join()
        if self.error:
            _unavailable = f"pictures unavailable: {self.error}"
        else:
            import textual_image.widget  # noqa: F401  (its cell-size question is answered)
        return self.method


def load_picture(path: Path) -> Picture:
    """Decode a cached picture (a PNG the image fetch wrote), fully, off the event loop."""
    from PIL import Image

    with Image.open(path, formats=("PNG",)) as picture:
        picture.load()
        return picture.copy()
