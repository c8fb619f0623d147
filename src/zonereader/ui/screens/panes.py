"""The panes over one cache: what the main screen shows, and how results come back.

:class:`PanesScreen` fills the panes that its base
:class:`~zonereader.ui.screens.layout.LayoutScreen` lays out (zone tree, article list, reader).
It starts the workers that read lists, rows, articles and counts (their reads are in
:mod:`zonereader.ui.reads`), applies the messages they post back (dropping those for a list or
an article that is no longer wanted), follows syncs run by other processes, and saves the
reading position (:mod:`zonereader.ui.position`); the person's other changes go to the cache
through its base :class:`~zonereader.ui.screens.changes.ChangesScreen`. The keys' actions are
on its subclasses (:mod:`zonereader.ui.screens.article` and :mod:`zonereader.ui.screens.main`).
"""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.reactive import reactive

from zonereader.config import Config
from zonereader.models import ListQuery, RunRecord, StoredArticle
from zonereader.store import Store
from zonereader.text.sanitize import clean_line
from zonereader.ui import messages as msg
from zonereader.ui.lists import UNREAD, ListSpec, empty_list_text, search_terms, spec_for_key
from zonereader.ui.pending import (
    Attempt,
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
    read_topic_counts,
)
from zonereader.ui.saving import read_mark, write_position
from zonereader.ui.screens.changes import ChangesScreen
from zonereader.ui.screens.search import Search
from zonereader.ui.services import Services
from zonereader.ui.startup import STARTUP_WAIT_S, is_first_start, prefetched
from zonereader.ui.synclog import status_sync_text
from zonereader.ui.textfmt import list_header
from zonereader.ui.timers import Debounced
from zonereader.ui.widgets.article_list import ArticleList
from zonereader.ui.widgets.empty import EmptyPanel
from zonereader.ui.widgets.zone_tree import ZoneTree
from zonereader.ui.zones import ZoneNode, build_zone_tree


class PanesScreen(ChangesScreen):
    """Zone tree, article list and reader over one cache, a status line and the keys."""

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
        super().__init__(store)
        self.prefetch = prefetch
        self.config = config
        self.db_path = db_path
        self.services = services
        self.topics: dict[str, str] = {topic.name: topic.query for topic in config.topics}
        """The configured topics, name -> query, in config order."""
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
        self._last_search: Search | None = None
        self._save_later = Debounced(self, services.save_delay, self._save_position)
        """Save the position a moment after the last move (a burst of moves saves once)."""
        self._refresh_counts_soon = Debounced(self, services.counts_delay, self._refresh_counts)
        """Refresh the tree's counts shortly (coalesces a burst of reads)."""
        self._saved = SavedPosition()
        self._sync_text = ""
        self._startup: list[Message] | None = None
        """The first frame's reads, when prefetched by the time the panes were built."""

    def on_mount(self) -> None:
        """Read the counts and the saved position, and start the light change check."""
        self.empty_panel_update()
        self.start_layout()
        self.zone_tree.show_topics(tuple(self.topics))
        self._start_reads(self.prefetch)
        if self.services.check_interval > 0:
            self.set_interval(self.services.check_interval, self._check_changes)
        if self.store.read_only:
            self.notify(
                "The cache is read-only: you can read, but bookmarks and read marks are not saved.",
                severity="warning",
                timeout=10,
                markup=False,
            )

    def watch_unread_only(self) -> None:
        """Show the filter in the status line."""
        self.status.show(unread_only=self.unread_only)

    def empty_panel_update(self) -> None:
        """Tell the empty-cache panel whether sources are configured."""
        self.query_one(EmptyPanel).set_sources(bool(self.config.sources))

    # ------------------------------------------------------------------ counts and start-up

    def compose(self) -> ComposeResult:
        """The panes, built once the first frame's reads are in (if they come soon)."""
        self._startup = prefetched(self.prefetch, STARTUP_WAIT_S)
        yield from super().compose()

    def opens_drawer(self) -> bool:
        """On a first start, :meth:`_restore` opens the zone tree: open from the first frame."""
        return self._startup is not None and is_first_start(self._startup)

    def _start_reads(self, prefetch: Future[list[Message]] | None) -> None:
        """The first frame's reads: at once if prefetched (the first frame draws them, not
        empty panes), else from a worker that waits for them or reads them."""
        if self._startup is None:
            self._read_startup(prefetch)
            return
        for message in self._startup:
            self.post_message(message)
        if self.topics:  # after the first frame's reads: they come first
            self._read_topic_counts(dict(self.topics))

    @work(thread=True, group="counts")
    @shows_store_errors
    def _read_startup(self, prefetch: Future[list[Message]] | None) -> None:
        """The first read: from the app's prefetch when it started one, else from the store."""
        if prefetch is not None:
            messages = prefetch.result()
        else:
            messages = read_startup(self.store, self.topics)
        for message in messages:
            self.post_message(message)
        if self.topics:  # after the first frame's reads: they come first
            self.post_message(read_topic_counts(self.store, dict(self.topics)))

    def _refresh_counts(self) -> None:
        """Re-read the tree's counts, the last sync and the topics' unread counts."""
        self._read_counts()
        if self.topics:
            self._read_topic_counts(dict(self.topics))

    @work(thread=True, group="counts", exclusive=True)
    @shows_store_errors
    def _read_counts(self) -> None:
        """Re-read the tree's counts and the last sync."""
        self.post_message(read_counts(self.store))

    @work(thread=True, group="topic-counts", exclusive=True)
    @shows_store_errors
    def _read_topic_counts(self, topics: dict[str, str]) -> None:
        """Count the topics' unread articles (a query each, off the event loop)."""
        self.post_message(read_topic_counts(self.store, topics))

    def on_topic_counts(self, message: msg.TopicCounts) -> None:
        """Show the topics' unread counts in the tree."""
        self.zone_tree.show_topic_counts(message.counts)

    def on_loaded(self, message: msg.Loaded) -> None:
        """Redraw the tree and counts; at start-up, go back to where the user left off."""
        self.zones = build_zone_tree(message.counts)
        self.unread_total = message.unread_total
        self.zone_tree.show_zones(self.zones, message.unread_total, message.bookmark_unread)
        # Its width now, not when WidthChanged arrives (after a frame, then laid out again).
        self.fit_tree_to(self.zone_tree.line_width)
        was_empty = self.has_class("-empty")
        self.set_class(self.zones.total == 0, "-empty")
        if was_empty and self.zones.total:
            # the first sync just filled the cache; no zone is chosen yet: show where to go
            if self.wide:
                self.articles.focus()
            else:
                self.drawer = True
        self.last_run = message.last_run
        if message.data_version is not None:
            self._data_version = message.data_version
        if not self.syncing:
            self._sync_text = status_sync_text(self.last_run, self.services.clock())
        self.status.show(unread=self.unread_total, sync=self._sync_text)
        if message.saved is not None and not self.started:
            self.started = True
            self._restore(message.saved)

    def _restore(self, saved: dict[str, str]) -> None:
        """Go back to the saved position; its list and article are already on their way.

        With nothing saved (a first start), the list-first layout opens the zone tree: no zone
        has been chosen yet.
        """
        self._saved = SavedPosition(saved)
        # A marker for the code (no style uses it): no need to restyle the screen for it.
        self.set_class(True, "-ready", update=False)
        if self.generation != STARTUP_GENERATION:
            return  # the person already chose another list
        if not saved and not self.wide and self.zones.total:
            self.drawer = True
        position = Position.from_meta(saved)
        self.unread_only = position.unread_only
        self.spec = spec_for_key(position.list_key, self.topics)
        self._wanted_article = position.article_id
        self.articles.empty_text = empty_list_text(self.spec, unread_only=self.unread_only)
        self.status.show(place=self.spec.title)
        self.zone_tree.select_key(self.spec.key if not self.spec.is_search else UNREAD)
        self.articles.column = self.spec.column
        if self.zones.total and not self.drawer:
            self.articles.focus()

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
        self.articles.empty_text = empty_list_text(self.spec, unread_only=self.unread_only)
        self.articles.column = spec.column
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

    def on_list_loaded(self, message: msg.ListLoaded) -> None:
        """Show a loaded list, unless another one was asked for since."""
        if message.generation != self.generation:
            return
        articles = self.articles
        if message.error:
            if self.spec.topic is not None:
                articles.empty_text = f"Topic {self.spec.topic} cannot be shown: {message.error}"
            else:
                articles.empty_text = f"{message.error}. Esc goes back."
            self.notify(articles.empty_text, severity="warning", markup=False)
        articles.reset(
            message.generation,
            message.count,
            message.offset,
            message.rows,
            message.cursor,
            message.screen_row,
        )
        self._list_totals = (message.total, message.unread)
        self._show_header()
        self._update_position()
        if message.open_cursor and articles.current is not None:
            self._open_article(articles.current.id)
        self._save_soon()

    def _show_header(self) -> None:
        """The list's name and totals on its border."""
        total, unread = self._list_totals
        title = clean_line(self.spec.title)
        header = list_header(title, total, unread, unread_only=self.unread_only)
        self.articles.border_title = Text(header)

    def _count_read_change(self, article_id: int, read: bool) -> None:
        """An article of the list was read (or unread again): keep the header's count true."""
        if self.articles.find(article_id) is None:
            return
        total, unread = self._list_totals
        unread = max(0, min(total, unread + (-1 if read else 1)))
        self._list_totals = (total, unread)
        self._show_header()

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
        self._show_list(spec_for_key(message.key, self.topics))
        self.drawer = False
        self.reading = False
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
        """Load an article into the reader (marking it read) in a worker.

        In the list-first layout the reader takes the screen at once.
        """
        self._wanted_article = article_id
        if not self.wide:
            self.reading = True
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
                self.pending.add(read_mark(stored.id))
            self.on_writes_attempted(msg.WritesAttempted(attempt))
        if stored.id != self._wanted_article:
            return
        terms = search_terms(self.spec.query.search or "") if self.spec.is_search else []
        had_article = self.reader.article is not None
        self.reader.show(stored, terms=terms)
        if not had_article:
            self.refresh_bindings()  # the key bar offers l (links) from now on
        self.article_shown(stored)
        if message.changed_read:
            self._count_read_change(stored.id, True)
            self.articles.update_flags(stored.id, read=True)
            self.unread_total = max(0, self.unread_total - 1)
            self.status.show(unread=self.unread_total)
            self._refresh_counts_soon()
        self._save_soon()

    def article_shown(self, stored: StoredArticle) -> None:
        """An article was just put in the reader (subclasses fetch its pictures)."""

    # ------------------------------------------------------------------ other processes

    def _check_changes(self) -> None:
        """Every few seconds: has another process changed the cache? (one cheap pragma)

        Another process is a sync (cron's or the app's own), a prune, or a command such as
        ``zonereader bookmark`` or ``mark``; the app's own writes do not count.
        """
        if self.syncing or not self.started:
            return
        self._read_data_version(self._data_version)

    @work(thread=True, group="check", exclusive=True)
    @shows_store_errors
    def _read_data_version(self, seen: int | None) -> None:
        """Post :class:`~zonereader.ui.messages.ExternalChange` when another process wrote."""
        if self.store.data_version() != seen:
            self.post_message(msg.ExternalChange(self.store.last_run()))

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
        if self.started:
            self._save_later()

    def _save_position(self) -> None:
        changes = self._saved.changes(self._position())
        if changes:
            self._saved.written(changes)
            self._write_position(changes)

    @work(thread=True, group="save")
    def _write_position(self, changes: dict[str, str]) -> None:
        """Write the changed position fields (an empty value deletes one); a cache that takes
        no writes just keeps the old position."""
        if not write_position(self.store, changes) and not self.store.read_only:
            self._saved = SavedPosition()  # written again with the next move

    def save_now(self) -> None:
        """Write the position at once (on quit), and try once more any change still waiting."""
        if not self.started:
            return
        if self.pending:
            self.pending.run(self.store)
        changes = self._saved.changes(self._position())
        if write_position(self.store, changes):
            self._saved.written(changes)
