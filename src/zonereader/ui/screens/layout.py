"""The main screen's layout: which panes show, for the terminal's width and the task at hand.

:class:`LayoutScreen` composes the status line, the zone tree, the article list, the reader
and the key bar, and switches between the layouts of :mod:`zonereader.ui.layout` with
reactives that set CSS classes (never by mounting and unmounting, so every pane keeps its
state): three panes side by side from :data:`~zonereader.ui.layout.WIDE_WIDTH` columns
(``-wide``, with ``-zoom`` when the reader takes the screen), below that the list-first layout
(``-narrow``) where the reader takes the screen to read (``-reading``) and the zone tree is a
drawer (``-drawer``). Switching keeps the list's position, the article and the pane in use.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Container, Horizontal
from textual.events import Resize
from textual.reactive import reactive
from textual.screen import Screen

from zonereader.ui.layout import is_wide, tree_width
from zonereader.ui.widgets.article_list import ArticleList
from zonereader.ui.widgets.empty import EmptyPanel
from zonereader.ui.widgets.keybar import KeyBar
from zonereader.ui.widgets.reader import Reader
from zonereader.ui.widgets.status import StatusLine
from zonereader.ui.widgets.zone_tree import ZoneTree


class LayoutScreen(Screen[None]):
    """The panes, and which of them show."""

    # The list; the zone tree when the screen starts with its drawer open (the first start).
    AUTO_FOCUS = ".-drawer #zones, #articles"

    wide: reactive[bool] = reactive(False)
    """Three panes side by side (a wide terminal); else the list-first layout."""
    reading: reactive[bool] = reactive(False)
    """List-first layout: the reader has the screen (Escape goes back to the list)."""
    drawer: reactive[bool] = reactive(False)
    """List-first layout: the zone tree is open beside the list."""
    zoomed: reactive[bool] = reactive(False)
    """Three panes: the reader has the whole screen (z)."""

    def __init__(self) -> None:
        super().__init__()
        self._tree_line_width = 0

    def compose(self) -> ComposeResult:
        """Status line, the panes (or the empty-cache panel) and the key bar."""
        # The layout's class before the panes mount, so that they are styled once for it
        # (setting it after the mount restyles every widget of the screen a second time).
        narrow = not is_wide(self.app.size.width)
        self.set_reactive(LayoutScreen.wide, not narrow)  # its first watch then changes nothing
        self.set_class(narrow, "-narrow", update=False)
        self.set_class(not narrow, "-wide", update=False)
        if narrow and self.opens_drawer():
            self.set_reactive(LayoutScreen.drawer, True)
            self.set_class(True, "-drawer", update=False)
        yield StatusLine(id="status")
        with Horizontal(id="panes"):
            yield ZoneTree(id="zones")
            with Container(id="right"):
                yield ArticleList(id="articles")
                yield Reader(id="reader")
        yield EmptyPanel(id="empty")
        yield KeyBar(id="keys")

    def opens_drawer(self) -> bool:
        """Whether the list-first layout starts with the zone tree open (known to subclasses,
        which know the cache: drawn open from the first frame, it is styled and focused once)."""
        return False

    @property
    def zone_tree(self) -> ZoneTree:
        """The zone tree."""
        return self.query_one(ZoneTree)

    @property
    def articles(self) -> ArticleList:
        """The article list."""
        return self.query_one(ArticleList)

    @property
    def reader(self) -> Reader:
        """The reader."""
        return self.query_one(Reader)

    @property
    def status(self) -> StatusLine:
        """The status line."""
        return self.query_one(StatusLine)

    def start_layout(self) -> None:
        """Pick the layout for the terminal's width (once mounted)."""
        self.wide = is_wide(self.app.size.width)
        self.set_class(not self.wide, "-narrow")
        self.set_class(self.wide, "-wide")

    def on_resize(self, event: Resize) -> None:
        """Three panes side by side when wide, the list-first layout when narrow."""
        self.wide = is_wide(event.size.width)

    # ------------------------------------------------------------------ layout switches

    def watch_wide(self, wide: bool) -> None:
        """Switch layouts, keeping the list position, the article and the pane in use."""
        focused = self.focused
        self.set_class(wide, "-wide")
        self.set_class(not wide, "-narrow")
        if wide:
            self.drawer = False
            self.reading = False
        elif self.has_class("-ready"):  # a resize, not the first layout
            self.zoomed = False
            self.drawer = focused is self.zone_tree
            self.reading = focused is self.reader and self.reader.article is not None
            if not self.drawer and not self.reading:
                self.articles.focus()
        self._fit_tree()
        self.refresh_bindings()

    def watch_reading(self, reading: bool) -> None:
        """List-first layout: the reader takes the screen, or gives it back to the list."""
        self.set_class(reading, "-reading")
        if self.wide:
            return
        if reading:
            self.drawer = False
            self.reader.focus()
        elif not self.drawer:
            self.articles.focus()
        self.refresh_bindings()

    def watch_drawer(self, drawer: bool) -> None:
        """List-first layout: open or close the zone tree beside the list."""
        self.set_class(drawer, "-drawer")
        if self.wide:
            return
        if drawer:
            self.zone_tree.focus()
            # just shown (or its panes just were): focus again once it is laid out
            self.call_after_refresh(self._focus_open_drawer)
        elif self.focused is self.zone_tree or self.focused is None:
            (self.reader if self.reading else self.articles).focus()
        self.refresh_bindings()

    def _focus_open_drawer(self) -> None:
        if self.drawer and not self.wide and self.focused is not self.zone_tree:
            self.zone_tree.focus()

    def watch_zoomed(self, zoomed: bool) -> None:
        """Zoom: the reader takes the whole screen (three-pane layout)."""
        self.set_class(zoomed, "-zoom")
        if zoomed:
            self.reader.focus()
        self.refresh_bindings()

    @property
    def reader_shown(self) -> bool:
        """Whether the reader is on screen (always beside the list when wide)."""
        return self.wide or self.reading

    @property
    def hidden_keys(self) -> frozenset[str]:
        """Key bar entries that make no sense in the layout shown now."""
        hidden = {"zoom"} if not self.wide else {"close_reader"}
        if self.reader.article is None or not self.reader_shown:
            hidden.add("links")
        return frozenset(hidden)

    @on(ZoneTree.WidthChanged)
    def _tree_width_changed(self, message: ZoneTree.WidthChanged) -> None:
        self.fit_tree_to(message.width)

    def fit_tree_to(self, line_width: int) -> None:
        """The tree as wide as its longest visible line, ``line_width`` cells (capped)."""
        self._tree_line_width = line_width
        self._fit_tree()

    def _fit_tree(self) -> None:
        """The tree as wide as its longest visible line (capped), as a pane or a drawer."""
        self.zone_tree.styles.width = tree_width(self._tree_line_width)
