"""The three panes over one cache: what the main screen shows, and how results come back.

:class:`PanesScreen` lays out the zone tree, the article list and the reader, starts the
workers that read lists, rows, articles and counts (their reads are in
:mod:`zonereader.ui.reads`), applies the messages they post back (dropping those for a list or
an article that is no longer wanted), follows syncs run by other processes, and saves the
reading position (:mod:`zonereader.ui.position`). The keys' actions are on its subclass,
:class:`zonereader.ui.screens.main.MainScreen`.
"""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Container, Horizontal
from textual.events import Resize
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

from zonereader.config import Config
from zonereader.models import ListQuery, RunRecord
from zonereader.store import Store
from zonereader.store.errors import CacheUnusable
from zonereader.text.sanitize import clean_line
from zonereader.ui import messages as msg
from zonereader.ui.lists import UNREAD, ListSpec, spec_for_key
from zonereader.ui.pending import (
    RETRY_SECONDS,
    Attempt,
    CacheProblem,
    PendingWrites,
    Write,
    shows_store_errors,
)
from zonereader.ui.position import (
    Position,
    ReturnPoint,
    SavedPosition,
    current_position,
)
from zonereader.ui.reads import (
    STARTUP_GENERATION,
    load_list,
    load_rows,
    read_article,
    read_counts,
    read_startup,
)
from zonereader.ui.services import Services
from zonereader.ui.textfmt import format_age
from zonereader.ui.widgets.article_list import ArticleList
from zonereader.ui.widgets.empty import EmptyPanel
from zonereader.ui.widgets.reader import Reader
from zonereader.ui.widgets.status import StatusLine
from zonereader.ui.widgets.zone_tree import ZoneTree
from zonereader.ui.zones import ZoneNode, build_zone_tree

#: Widths from which the three panes sit side by side.
WIDE_WIDTH = 120


class PanesScreen(Screen[None]):
    """Zone tree, article list and reader over one cache, a status line and the keys."""

    zoomed: reactive[bool] = reactive(False)
    unread_only: reactive[bool] = reactive(False)

    def __init__(
        self,
        config: Config,
        store: Store,
        db_path: Path,
        services: Services,
        prefetch: Future[list[Message]] | None = None,
    ) -> None:
        """Show ``store``'s cache; ``prefetch`` holds the first frame's reads if started."""
        super().__init__()
        self.prefetch = prefetch
        self.config = config
        self.store = store
        self.db_path = db_path
        self.services = services
        self.spec: ListSpec = spec_for_key(UNREAD)
        self.generation = STARTUP_GENERATION
        self.zones = ZoneNode(path="", name="")
        self.unread_total = 0
        self.last_run: RunRecord | None = None
        self.syncing = False
        self.started = False
        self._wanted_article: int | None = None
        self._pending_open: tuple[int, int] | None = None
        self._return_to: ReturnPoint | None = None
        self._save_timer: Timer | None = None
        self._counts_timer: Timer | None = None
        self._saved = SavedPosition()
        self._sync_text = ""
        self.pending = PendingWrites()
        """The person's changes not saved yet (the cache was busy or full)."""
        self._retry_timer: Timer | None = None
        self._told: set[str] = set()

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        """Status line, the three panes (or the empty-cache panel) and the footer."""
        yield StatusLine(id="status")
        with Horizontal(id="panes"):
            yield ZoneTree(id="zones")
            with Container(id="right"):
                yield ArticleList(id="articles")
                yield Reader(id="reader")
        yield EmptyPanel(id="empty")
        yield Footer()

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

    def on_mount(self) -> None:
        """Read the counts and the saved position, and start the light change check."""
        self.empty_panel_update()
        self._read_startup(self.prefetch)
        if self.services.check_interval > 0:
            self.set_interval(self.services.check_interval, self._check_changes)
        if self.store.read_only:
            self.notify(
                "The cache is read-only: you can read, but bookmarks and read marks are not saved.",
                severity="warning",
                timeout=10,
                markup=False,
            )

    def on_resize(self, event: Resize) -> None:
        """Three panes side by side when wide, list over reader when narrow."""
        self.set_class(event.size.width >= WIDE_WIDTH, "-wide")

    def watch_zoomed(self, zoomed: bool) -> None:
        """Zoom: the reader takes the whole screen."""
        self.set_class(zoomed, "-zoom")
        if zoomed:
            self.reader.focus()

    def watch_unread_only(self) -> None:
        """Show the filter in the status line."""
        self.status.show(unread_only=self.unread_only)

    def empty_panel_update(self) -> None:
        """Tell the empty-cache panel whether sources are configured."""
        self.query_one(EmptyPanel).set_sources(bool(self.config.sources))

    # ------------------------------------------------------------------ counts and start-up

    @work(thread=True, group="counts")
    @shows_store_errors
    def _read_startup(self, prefetch: Future[list[Message]] | None) -> None:
        """The first read: from the app's prefetch when it started one, else from the store."""
        for message in prefetch.result() if prefetch is not None else read_startup(self.store):
            self.post_message(message)

    @work(thread=True, group="counts", exclusive=True)
    @shows_store_errors
    def _refresh_counts(self) -> None:
        """Re-read the tree's counts and the last sync."""
        self.post_message(read_counts(self.store))

    def _refresh_counts_soon(self) -> None:
        """Refresh the tree's counts shortly (coalesces a burst of reads)."""
        if self._counts_timer is not None:
            self._counts_timer.stop()
            self._counts_timer = None
        if self.services.counts_delay <= 0:
            self.call_later(self._refresh_counts)
            return
        self._counts_timer = self.set_timer(self.services.counts_delay, self._refresh_counts)

    def on_loaded(self, message: msg.Loaded) -> None:
        """Redraw the tree and counts; at start-up, go back to where the user left off."""
        self.zones = build_zone_tree(message.counts)
        self.unread_total = message.unread_total
        self.zone_tree.show_zones(self.zones, message.unread_total, message.bookmark_total)
        was_empty = self.has_class("-empty")
        self.set_class(self.zones.total == 0, "-empty")
        if was_empty and self.zones.total:
            self.articles.focus()  # the first sync just filled the cache
        self.last_run = message.last_run
        if not self.syncing:
            self._sync_text = self._last_sync_text()
        self.status.show(unread=self.unread_total, sync=self._sync_text)
        if message.saved is not None and not self.started:
            self.started = True
            self._restore(message.saved)

    def _restore(self, saved: dict[str, str]) -> None:
        """Go back to the saved position; its list and article are already on their way."""
        self._saved = SavedPosition(saved)
        if self.generation != STARTUP_GENERATION:
            return  # the person already chose another list
        position = Position.from_meta(saved)
        self.unread_only = position.unread_only
        self.spec = spec_for_key(position.list_key)
        self._wanted_article = position.article_id
        self.articles.empty_text = self._empty_list_text()
        self.status.show(place=self.spec.title)
        self.zone_tree.select_key(self.spec.key if not self.spec.is_search else UNREAD)
        if self.zones.total:
            self.articles.focus()

    def _last_sync_text(self) -> str:
        if self.last_run is None:
            return "never synced"
        return f"synced {format_age(self.last_run.finished, self.services.clock())}"

    # ------------------------------------------------------------------ the list

    def _show_list(
        self,
        spec: ListSpec,
        *,
        target_id: int | None = None,
        target_index: int = 0,
        screen_row: int | None = None,
        open_cursor: bool = False,
    ) -> None:
        """Load ``spec`` into the article list with the cursor on ``target_id`` (or index)."""
        self.spec = spec
        self.generation += 1
        self.articles.empty_text = self._empty_list_text()
        self.status.show(place=spec.title)
        self._load_list(
            spec.effective(self.unread_only),
            self.generation,
            target_id,
            target_index,
            screen_row,
            open_cursor,
        )

    @work(thread=True, group="list", exclusive=True)
    @shows_store_errors
    def _load_list(
        self,
        query: ListQuery,
        generation: int,
        target_id: int | None,
        target_index: int,
        screen_row: int | None,
        open_cursor: bool,
    ) -> None:
        """Read a list's size and the page around its cursor."""
        self.post_message(
            load_list(
                self.store,
                query,
                generation,
                target_id=target_id,
                target_index=target_index,
                screen_row=screen_row,
                open_cursor=open_cursor,
            )
        )

    def _empty_list_text(self) -> str:
        if self.spec.is_search:
            return "No article matches this search. Esc goes back."
        if self.unread_only or self.spec.key == UNREAD:
            return "No unread articles here. u shows all."
        if self.spec.query.bookmarks:
            return "No bookmarks yet: b bookmarks the article under the cursor."
        return "No articles here."

    def on_list_loaded(self, message: msg.ListLoaded) -> None:
        """Show a loaded list, unless another one was asked for since."""
        if message.generation != self.generation:
            return
        articles = self.articles
        articles.reset(
            message.generation,
            message.count,
            message.offset,
            message.rows,
            message.cursor,
            message.screen_row,
        )
        self._update_position()
        if message.open_cursor and articles.current is not None:
            self._open_article(articles.current.id)
        self._save_soon()

    @on(ArticleList.NeedRows)
    def _need_rows(self, message: ArticleList.NeedRows) -> None:
        if message.generation != self.generation:
            return
        query = self.spec.effective(self.unread_only)
        self._load_rows(query, message.generation, message.offset, message.limit)

    @work(thread=True, group="rows")
    @shows_store_errors
    def _load_rows(self, query: ListQuery, generation: int, offset: int, limit: int) -> None:
        """Read a page of rows the list asked for."""
        self.post_message(load_rows(self.store, query, generation, offset, limit))

    def on_rows_loaded(self, message: msg.RowsLoaded) -> None:
        """Hand a page to the list; open the row a key was waiting for."""
        if not self.articles.add_rows(message.generation, message.offset, message.rows):
            return
        if self._pending_open is not None:
            generation, index = self._pending_open
            row = self.articles.row(index)
            if generation == self.generation and row is not None:
                self._pending_open = None
                self._open_article(row.id)

    @on(ArticleList.Highlighted)
    def _highlighted(self, message: ArticleList.Highlighted) -> None:
        self._update_position()
        self._save_soon()

    @on(ArticleList.Chosen)
    def _chosen(self, message: ArticleList.Chosen) -> None:
        self._open_index(message.index)

    @on(ZoneTree.Chosen)
    def _zone_chosen(self, message: ZoneTree.Chosen) -> None:
        self._return_to = None
        self._show_list(spec_for_key(message.key))
        self.articles.focus()

    def _update_position(self) -> None:
        articles = self.articles
        self.status.show(
            place=self.spec.title,
            position=articles.cursor + 1 if articles.count else 0,
            count=articles.count,
        )

    # ------------------------------------------------------------------ opening articles

    def _open_index(self, index: int) -> None:
        articles = self.articles
        articles.move_cursor(index)
        row = articles.row(articles.cursor)
        if row is not None:
            self._pending_open = None
            self._open_article(row.id)
        else:
            self._pending_open = (self.generation, articles.cursor)

    def _open_article(self, article_id: int, *, mark_read: bool = True) -> None:
        """Load an article into the reader (marking it read) in a worker."""
        self._wanted_article = article_id
        self._read_article(article_id, mark_read)

    @work(thread=True, group="article", exclusive=True)
    @shows_store_errors
    def _read_article(self, article_id: int, mark_read: bool) -> None:
        """Read an article for the reader (marking it read)."""
        self.post_message(read_article(self.store, article_id, mark_read=mark_read))

    def on_article_loaded(self, message: msg.ArticleLoaded) -> None:
        """Show the article unless the person has moved on to another one."""
        stored = message.article
        if message.unsaved is not None:  # the read mark waits for the cache, if it can
            attempt = Attempt(error=message.unsaved)
            if attempt.retry:
                article_id = stored.id
                self.pending.add(lambda store: _marked_read(store, article_id))
            self.on_writes_attempted(msg.WritesAttempted(attempt))
        if stored.id != self._wanted_article:
            return
        self.reader.show(stored)
        if message.changed_read:
            self.articles.update_flags(stored.id, read=True)
            self.unread_total = max(0, self.unread_total - 1)
            self.status.show(unread=self.unread_total)
            self._refresh_counts_soon()
        self._save_soon()

    def on_notice(self, message: msg.Notice) -> None:
        """Show a worker's one-line message."""
        self.notify(message.text, markup=False, severity=message.severity)

    # ------------------------------------------------------------------ saving changes

    def save_change(self, write: Write) -> None:
        """Write one change of the person's to the cache, after any still waiting.

        When the cache cannot take it now (busy, full), it waits and is tried again in the
        background; the person is told either way.
        """
        self.pending.add(write)
        if self._retry_timer is None:  # else the timer's next try takes this one too
            self._write_pending()

    @work(thread=True, group="state")
    @shows_store_errors
    def _write_pending(self) -> None:
        """Write the waiting changes, in order."""
        self.post_message(msg.WritesAttempted(self.pending.run(self.store)))

    def on_writes_attempted(self, message: msg.WritesAttempted) -> None:
        """Apply what was saved; say what was not, and try again later when worth it."""
        attempt = message.attempt
        for shown in attempt.shown:
            self.post_message(shown)
        for reason in attempt.refused:
            self.notify(f"Not saved: {clean_line(reason)}", severity="warning", markup=False)
        error = attempt.error
        if error is None:
            if "waiting" in self._told and not self.pending:
                self._told.discard("waiting")
                self.notify("Saved the changes that were waiting.", timeout=4)
            return
        if attempt.retry:
            if "waiting" not in self._told:
                self._told.add("waiting")
                self.notify(
                    f"Not saved yet: {clean_line(str(error))}. Trying again every "
                    f"{RETRY_SECONDS:g} s; keep reading.",
                    severity="warning",
                    timeout=8,
                    markup=False,
                )
            if self._retry_timer is None:
                self._retry_timer = self.set_timer(RETRY_SECONDS, self._retry_writes)
            return
        kind = type(error).__name__
        if kind not in self._told:  # read-only or damaged: said once
            self._told.add(kind)
            self.notify(
                f"Not saved: {clean_line(str(error))}", severity="error", timeout=10, markup=False
            )

    def _retry_writes(self) -> None:
        self._retry_timer = None
        if self.pending:
            self._write_pending()

    def on_cache_problem(self, message: CacheProblem) -> None:
        """A read that failed on the cache (damaged, unreadable) says why, once per kind;
        the app keeps running."""
        kind = f"read:{type(message.error).__name__}"
        if kind not in self._told:
            self._told.add(kind)
            self.notify(clean_line(str(message.error)), severity="error", timeout=10, markup=False)

    # ------------------------------------------------------------------ other processes

    def _check_changes(self) -> None:
        """Every few seconds: has another process finished a sync? (a single cheap query)"""
        if self.syncing or not self.started:
            return
        self._read_last_run(self.last_run)

    @work(thread=True, group="check", exclusive=True)
    @shows_store_errors
    def _read_last_run(self, seen: RunRecord | None) -> None:
        """Post :class:`~zonereader.ui.messages.ExternalChange` when the last run changed."""
        last = self.store.last_run()
        if last != seen:
            self.post_message(msg.ExternalChange(last))

    def on_external_change(self, message: msg.ExternalChange) -> None:
        """Refresh counts and the list, keeping the cursor on the same article."""
        if message.last_run is not None:
            self.last_run = message.last_run
        self._refresh_in_place()

    def _refresh_in_place(self) -> None:
        self._refresh_counts()
        articles = self.articles
        current = articles.current
        self._show_list(
            self.spec,
            target_id=current.id if current else None,
            target_index=articles.cursor,
            screen_row=articles.screen_row,
        )

    # ------------------------------------------------------------------ saving the position

    def _position(self) -> Position:
        """Where the user is now (see :func:`zonereader.ui.position.current_position`)."""
        return current_position(
            self.spec,
            self._return_to,
            reader_id=self.reader.article_id,
            cursor=self.articles.cursor,
            screen_row=self.articles.screen_row,
            unread_only=self.unread_only,
        )

    def _save_soon(self) -> None:
        if not self.started:
            return
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.services.save_delay <= 0:
            self.call_later(self._save_position)
            return
        self._save_timer = self.set_timer(self.services.save_delay, self._save_position)

    def _save_position(self) -> None:
        changes = self._saved.changes(self._position())
        if changes:
            self._saved.written(changes)
            self._write_position(changes)

    @work(thread=True, group="save")
    def _write_position(self, changes: dict[str, str]) -> None:
        """Write the changed position fields (an empty value deletes one); a cache that takes
        no writes just keeps the old position."""
        if self.store.read_only:
            return
        try:
            for key, value in changes.items():
                self.store.set_meta(key, value or None)
        except CacheUnusable:
            self._saved = SavedPosition()  # written again with the next move

    def save_now(self) -> None:
        """Write the position at once (on quit), and try once more any change still waiting."""
        if not self.started:
            return
        if self.pending:
            self.pending.run(self.store)
        if self.store.read_only:
            return
        changes = self._saved.changes(self._position())
        try:
            for key, value in changes.items():
                self.store.set_meta(key, value or None)
        except CacheUnusable:
            return
        self._saved.written(changes)


def _marked_read(store: Store, article_id: int) -> None:
    """The write of a read mark that could not be saved when the article was opened."""
    store.set_read(article_id, True)
