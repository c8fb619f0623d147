"""The main screen: zone tree, article list and reader; the one place that talks to the store.

Widgets announce what the person did (``ZoneTree.Chosen``, ``ArticleList.NeedRows``...);
this screen decides, runs store queries and syncs in thread workers, and applies the results
that come back as messages (:mod:`zonereader.ui.messages`), dropping those for a list or an
article that is no longer wanted.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Container, Horizontal
from textual.events import Resize
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

from zonereader.config import Config
from zonereader.models import ArticleSummary, ListQuery
from zonereader.store import Store
from zonereader.text.sanitize import clean_line
from zonereader.text.urls import canonical_url
from zonereader.ui import messages as msg
from zonereader.ui.keymap import bindings
from zonereader.ui.lists import UNREAD, ListSpec, search_key, spec_for_key, zone_key
from zonereader.ui.navigate import next_unread
from zonereader.ui.services import Services, is_lock_held, is_web_url
from zonereader.ui.syncview import SyncTally, summarize_report
from zonereader.ui.textfmt import format_age, format_count
from zonereader.ui.widgets.article_list import PAGE_SIZE, ArticleList
from zonereader.ui.widgets.empty import EmptyPanel
from zonereader.ui.widgets.reader import Reader
from zonereader.ui.widgets.status import StatusLine
from zonereader.ui.widgets.zone_tree import ZoneTree
from zonereader.ui.zones import ZoneNode, build_zone_tree, zones_with_unread

#: Widths from which the three panes sit side by side.
WIDE_WIDTH = 120

#: The user's position, as saved with Store.set_meta.
META_LIST = "ui.list"
META_ARTICLE = "ui.article"
META_INDEX = "ui.index"
META_ROW = "ui.row"
META_UNREAD_ONLY = "ui.unread_only"
META_KEYS = (META_LIST, META_ARTICLE, META_INDEX, META_ROW, META_UNREAD_ONLY)


def clean_summary(row: ArticleSummary) -> ArticleSummary:
    """Return ``row`` with its displayed text sanitised (done in the worker, once per row)."""
    return replace(
        row,
        title=clean_line(row.title) or "(untitled)",
        publisher=clean_line(row.publisher),
        zone=clean_line(row.zone),
    )


def load_list(
    store: Store,
    query: ListQuery,
    generation: int,
    *,
    target_id: int | None = None,
    target_index: int = 0,
    screen_row: int | None = None,
    open_cursor: bool = False,
) -> msg.ListLoaded:
    """Read a list's size and the page around its cursor (runs in a worker thread).

    The cursor goes on ``target_id`` when it is in the list, else on ``target_index`` (clamped).
    """
    count = store.count(query)
    cursor = target_index
    if target_id is not None:
        found = store.index_of(query, target_id)
        if found is not None:
            cursor = found
    cursor = max(0, min(cursor, count - 1)) if count else 0
    offset = (cursor // PAGE_SIZE) * PAGE_SIZE
    rows = [clean_summary(r) for r in store.page(query, offset, PAGE_SIZE)] if count else []
    return msg.ListLoaded(generation, count, cursor, offset, rows, screen_row, open_cursor)


@dataclass(frozen=True, slots=True)
class Saved:
    """The position saved by the last session."""

    spec: ListSpec
    unread_only: bool
    article_id: int | None
    index: int
    row: int | None

    @classmethod
    def parse(cls, values: dict[str, str]) -> Saved:
        """Read the saved meta values (missing or bad ones give a fresh start)."""
        return cls(
            spec=spec_for_key(values.get(META_LIST, UNREAD)),
            unread_only=values.get(META_UNREAD_ONLY) == "1",
            article_id=_int(values.get(META_ARTICLE)),
            index=_int(values.get(META_INDEX)) or 0,
            row=_int(values.get(META_ROW)),
        )


#: The generation of the list read at start-up, with the counts, in one worker.
STARTUP_GENERATION = 1


def read_counts(store: Store, saved: dict[str, str] | None = None) -> msg.Loaded:
    """Read the zone tree's counts and the sync state (runs in a worker thread)."""
    return msg.Loaded(
        counts=store.zone_counts(),
        unread_total=store.unread_total(),
        bookmark_total=store.count(ListQuery(bookmarks=True)),
        last_run=store.last_run(),
        saved=saved,
    )


def read_startup(store: Store) -> list[Message]:
    """Everything the first frame needs, in one go: counts, the saved position, its list and
    its article (runs in a thread, possibly while Textual is still starting)."""
    saved = {key: value for key in META_KEYS if (value := store.get_meta(key))}
    position = Saved.parse(saved)
    messages: list[Message] = [
        read_counts(store, saved),
        load_list(
            store,
            position.spec.effective(position.unread_only),
            STARTUP_GENERATION,
            target_id=position.article_id,
            target_index=position.index,
            screen_row=position.row,
        ),
    ]
    if position.article_id is not None:
        stored = store.article(position.article_id)
        if stored is not None:
            messages.append(msg.ArticleLoaded(stored))
    return messages


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Target:
    """The article a key such as ``b``, ``m``, ``o`` or ``y`` acts on."""

    id: int
    url: str
    read: bool
    bookmarked: bool


class MainScreen(Screen[None]):
    """Three panes over one cache, with a status line on top and the keys at the bottom."""

    BINDINGS = bindings("screen")

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
        self.last_run: dict[str, Any] | None = None
        self.syncing = False
        self.started = False
        self._wanted_article: int | None = None
        self._pending_open: tuple[int, int] | None = None
        self._return_to: tuple[ListSpec, int | None, int, int] | None = None
        self._save_timer: Timer | None = None
        self._counts_timer: Timer | None = None
        self._saved: dict[str, str] = {}
        self._sync_text = ""

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
    def tree(self) -> ZoneTree:
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
        self._worker(self._startup_work(), "counts")
        if self.services.check_interval > 0:
            self.set_interval(self.services.check_interval, self._check_changes)

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

    # ------------------------------------------------------------------ workers

    def _worker(self, work: Callable[[], None], group: str, exclusive: bool = False) -> None:
        """Run ``work`` in a thread; it posts its result back as a message."""
        self.run_worker(work, thread=True, group=group, exclusive=exclusive)

    def _load_counts_work(self) -> Callable[[], None]:
        store = self.store

        def work() -> None:
            self.post_message(read_counts(store))

        return work

    def _startup_work(self) -> Callable[[], None]:
        """The first read: from the app's prefetch when it started one, else from the store."""
        prefetch = self.prefetch
        store = self.store

        def work() -> None:
            for message in prefetch.result() if prefetch is not None else read_startup(store):
                self.post_message(message)

        return work

    def _refresh_counts(self) -> None:
        self._worker(self._load_counts_work(), "counts", exclusive=True)

    def _refresh_counts_soon(self) -> None:
        """Refresh the tree's counts shortly (coalesces a burst of reads)."""
        if self._counts_timer is not None:
            self._counts_timer.stop()
            self._counts_timer = None
        if self.services.counts_delay <= 0:
            self.call_later(self._refresh_counts)
            return
        self._counts_timer = self.set_timer(self.services.counts_delay, self._refresh_counts)

    # ------------------------------------------------------------------ counts and start-up

    def on_loaded(self, message: msg.Loaded) -> None:
        """Redraw the tree and counts; at start-up, go back to where the user left off."""
        self.zones = build_zone_tree(message.counts)
        self.unread_total = message.unread_total
        self.tree.show_zones(self.zones, message.unread_total, message.bookmark_total)
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
        self._saved = dict(saved)
        if self.generation != STARTUP_GENERATION:
            return  # the person already chose another list
        position = Saved.parse(saved)
        self.unread_only = position.unread_only
        self.spec = position.spec
        self._wanted_article = position.article_id
        self.articles.empty_text = self._empty_list_text()
        self.status.show(place=self.spec.title)
        self.tree.select_key(self.spec.key if not self.spec.is_search else UNREAD)
        if self.zones.total:
            self.articles.focus()

    def _last_sync_text(self) -> str:
        finished = self.last_run.get("finished") if self.last_run else None
        if finished is None or not hasattr(finished, "tzinfo"):
            return "never synced"
        return f"synced {format_age(finished, self.services.clock())}"

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
        generation = self.generation
        query = spec.effective(self.unread_only)
        store = self.store
        self.articles.empty_text = self._empty_list_text()
        self.status.show(place=spec.title)

        def work() -> None:
            self.post_message(
                load_list(
                    store,
                    query,
                    generation,
                    target_id=target_id,
                    target_index=target_index,
                    screen_row=screen_row,
                    open_cursor=open_cursor,
                )
            )

        self._worker(work, "list", exclusive=True)

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
        store = self.store

        def work() -> None:
            rows = [clean_summary(r) for r in store.page(query, message.offset, message.limit)]
            self.post_message(msg.RowsLoaded(message.generation, message.offset, rows))

        self._worker(work, "rows")

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
        store = self.store

        def work() -> None:
            stored = store.article(article_id)
            if stored is None:
                self.post_message(msg.Notice("That article is no longer in the cache.", "warning"))
                return
            changed = False
            if mark_read and not stored.read:
                store.set_read(article_id, True)
                stored.read = True
                changed = True
            self.post_message(msg.ArticleLoaded(stored, changed))

        self._worker(work, "article", exclusive=True)

    def on_article_loaded(self, message: msg.ArticleLoaded) -> None:
        """Show the article unless the person has moved on to another one."""
        stored = message.article
        if stored.id != self._wanted_article:
            return
        self.reader.show(stored)
        if message.changed_read:
            self.articles.update_flags(stored.id, read=True)
            self.unread_total = max(0, self.unread_total - 1)
            self.status.show(unread=self.unread_total)
            self._refresh_counts_soon()
        self._save_soon()

    # ------------------------------------------------------------------ actions: moving

    def action_next_article(self) -> None:
        """Open the next article in the list."""
        self._step_article(1)

    def action_previous_article(self) -> None:
        """Open the previous article in the list."""
        self._step_article(-1)

    def _step_article(self, step: int) -> None:
        articles = self.articles
        if not articles.count:
            self.notify("This list is empty.", severity="warning")
            return
        # Nothing open yet: n/p open the row under the cursor; else the row after/before it.
        index = articles.cursor if self.reader.article_id is None else articles.cursor + step
        if index < 0 or index >= articles.count:
            where = "last" if step > 0 else "first"
            self.notify(f"This is the {where} article of the list. N/P cross into other zones.")
            return
        self._open_index(index)

    def action_next_unread(self) -> None:
        """Open the next unread article, crossing into the next zone when this one runs out."""
        self._find_unread(1)

    def action_previous_unread(self) -> None:
        """Open the previous unread article, crossing into the previous zone."""
        self._find_unread(-1)

    def _find_unread(self, step: int) -> None:
        spec = self.spec
        zone = spec.zone
        zones = zones_with_unread(self.zones, zone, step) if zone is not None else []
        current_id = self.reader.article_id
        store = self.store
        unread_only = self.unread_only

        def work() -> None:
            hit = next_unread(store, spec.base(), current_id, step, zones)
            if hit is None:
                self.post_message(msg.Landed(None, None, None, step))
                return
            shown = spec_for_key(zone_key(hit.zone)) if hit.zone else spec
            index = store.index_of(shown.effective(unread_only), hit.article_id)
            self.post_message(msg.Landed(hit.article_id, hit.zone, index, step))

        self._worker(work, "navigate", exclusive=True)

    def on_landed(self, message: msg.Landed) -> None:
        """Go to the unread article found (into its zone when it crossed)."""
        if message.article_id is None:
            where = "" if self.spec.zone is not None else " in this list"
            self.notify(f"No more unread articles{where}.")
            return
        if message.zone is not None:
            spec = spec_for_key(zone_key(message.zone))
            self.tree.select_key(spec.key)
            self._show_list(spec, target_id=message.article_id, target_index=message.index or 0)
            self._open_article(message.article_id)
            self.notify(f"Now in {clean_line(message.zone)}", markup=False, timeout=2)
            return
        articles = self.articles
        index = articles.find(message.article_id)
        if index is None:
            index = message.index
        if index is not None:
            articles.move_cursor(index)
        self._open_article(message.article_id)

    def action_site_link(self, step: int) -> None:
        """Follow the site's own 上一条 (-1) or 下一条 (+1) link of the open article."""
        stored = self.reader.article
        if stored is None:
            self.notify("Open an article first.")
            return
        link = stored.article.prev_link if step < 0 else stored.article.next_link
        label = "上一条" if step < 0 else "下一条"
        if link is None:
            self.notify(f"The site shows no {label} for this article.")
            return
        store = self.store
        fetch = self.services.fetch_article
        config, db_path = self.config, self.db_path

        def work() -> None:
            url = canonical_url(link.url)
            found = store.article_by_url(url)
            if found is not None:
                self.post_message(msg.Landed(found.id, None, None, step))
                return
            self.post_message(msg.Notice(f"{label} is not cached: fetching it…"))
            try:
                article_id = fetch(config, db_path, url)
            except Exception as exc:  # reported to the user, never swallowed
                article_id = None
                reason = clean_line(str(exc))
            else:
                reason = "its source is not configured or not reachable"
            if article_id is None:
                self.post_message(msg.Notice(f"Cannot open {label}: {reason}.", "warning"))
                return
            self.post_message(msg.Landed(article_id, None, None, step))
            self.post_message(msg.ExternalChange(None))

        self._worker(work, "navigate", exclusive=True)

    def action_back(self) -> None:
        """Leave zoom, else leave search results for the list they were started from."""
        if self.zoomed:
            self.zoomed = False
            self.articles.focus()
            return
        if self.spec.is_search and self._return_to is not None:
            spec, article_id, index, row = self._return_to
            self._return_to = None
            self._show_list(spec, target_id=article_id, target_index=index, screen_row=row)
            self.articles.focus()

    def action_zoom(self) -> None:
        """Give the reader the whole screen (again: back to the panes)."""
        self.zoomed = not self.zoomed
        if not self.zoomed:
            self.articles.focus()

    # ------------------------------------------------------------------ actions: state

    def _target(self) -> Target | None:
        """The article under the cursor when the list has focus, else the one in the reader."""
        row = self.articles.current
        stored = self.reader.article
        if self.focused is not self.articles and stored is not None:
            return Target(stored.id, stored.article.url, stored.read, stored.bookmarked)
        if row is not None:
            return Target(row.id, row.url, row.read, row.bookmarked)
        if stored is not None:
            return Target(stored.id, stored.article.url, stored.read, stored.bookmarked)
        return None

    def action_toggle_bookmark(self) -> None:
        """Bookmark the article, or remove its bookmark."""
        target = self._target()
        if target is None:
            self.notify("No article selected.")
            return
        store = self.store

        def work() -> None:
            now = store.toggle_bookmark(target.id)
            self.post_message(msg.StateChanged(target.id, bookmarked=now))

        self._worker(work, "state")

    def action_toggle_read(self) -> None:
        """Mark the article read, or unread again."""
        target = self._target()
        if target is None:
            self.notify("No article selected.")
            return
        store = self.store
        read = not target.read

        def work() -> None:
            store.set_read(target.id, read)
            self.post_message(msg.StateChanged(target.id, read=read))

        self._worker(work, "state")

    def on_state_changed(self, message: msg.StateChanged) -> None:
        """Redraw the markers of the article that changed."""
        self.articles.update_flags(
            message.article_id, read=message.read, bookmarked=message.bookmarked
        )
        stored = self.reader.article
        if stored is not None and stored.id == message.article_id:
            if message.read is not None:
                stored.read = message.read
            if message.bookmarked is not None:
                stored.bookmarked = message.bookmarked
            self.reader.show(stored, keep_scroll=True)
        if message.bookmarked is not None:
            self.notify("Bookmarked." if message.bookmarked else "Bookmark removed.", timeout=2)
        self._refresh_counts_soon()

    def action_mark_list_read(self) -> None:
        """Mark every article of the list read, after asking."""
        count = self.articles.count
        if not count:
            self.notify("This list is empty.")
            return
        query = self.spec.effective(self.unread_only)
        question = f"Mark all {format_count(count)} articles of “{self.spec.title}” read?"
        store = self.store

        def answered(yes: bool | None) -> None:
            if not yes:
                return

            def work() -> None:
                self.post_message(msg.ListMarkedRead(store.mark_read(query)))

            self._worker(work, "state")

        from zonereader.ui.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen(question), answered)

    def on_list_marked_read(self, message: msg.ListMarkedRead) -> None:
        """Refresh after marking a whole list read."""
        self.notify(f"Marked {format_count(message.changed)} articles read.")
        self._refresh_in_place()

    def action_toggle_unread_only(self) -> None:
        """Show only unread articles of the list, or all of them again."""
        self.unread_only = not self.unread_only
        current = self.articles.current
        target = self.reader.article_id or (current.id if current else None)
        self._show_list(
            self.spec,
            target_id=target,
            target_index=self.articles.cursor,
            screen_row=self.articles.screen_row,
        )

    def action_search(self) -> None:
        """Ask for a query; its results become the list (Esc returns)."""
        initial = self.spec.query.search or ""

        def searched(text: str | None) -> None:
            if not text:
                return
            if not self.spec.is_search:
                current = self.articles.current
                self._return_to = (
                    self.spec,
                    current.id if current else None,
                    self.articles.cursor,
                    self.articles.screen_row,
                )
            self._show_list(spec_for_key(search_key(text)))
            self.articles.focus()

        from zonereader.ui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(initial), searched)

    def action_help(self) -> None:
        """Show every key."""
        from zonereader.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_open_browser(self) -> None:
        """Open the article in the system browser (http and https only)."""
        target = self._target()
        if target is None:
            self.notify("No article selected.")
            return
        url = target.url
        if not is_web_url(url):
            self.notify("Not a web address: not opened.", severity="warning")
            return
        opener = self.services.open_url

        def work() -> None:
            ok = opener(url)
            text = "Opened in the browser." if ok else "No browser found: y copies the URL."
            self.post_message(msg.Notice(text, "information" if ok else "warning"))

        self._worker(work, "browser")

    def action_copy_url(self) -> None:
        """Copy the article's URL to the clipboard (OSC 52: works over SSH)."""
        target = self._target()
        if target is None:
            self.notify("No article selected.")
            return
        url = clean_line(target.url)
        self.app.copy_to_clipboard(url)
        self.notify(f"Copied {url}", markup=False, timeout=3)

    def on_notice(self, message: msg.Notice) -> None:
        """Show a worker's one-line message."""
        severity = message.severity if message.severity in ("warning", "error") else "information"
        self.notify(message.text, markup=False, severity=severity)  # type: ignore[arg-type]

    # ------------------------------------------------------------------ sync and refresh

    def action_sync(self) -> None:
        """Sync every source in the background; lists refresh when it ends."""
        if self.syncing:
            self.notify("A sync is already running.")
            return
        if not self.config.sources:
            self.notify(
                "No sources configured: add one with `zonereader source add URL`.",
                severity="warning",
                markup=False,
            )
            return
        self.syncing = True
        self._sync_text = "syncing…"
        self.status.show(sync=self._sync_text)
        sync, config, db_path = self.services.sync, self.config, self.db_path

        def work() -> None:
            tally = SyncTally()

            def progress(event: object) -> None:
                if tally.add(event):
                    self.post_message(msg.SyncProgress(tally.text()))

            try:
                report = sync(config, db_path, progress=progress)
            except Exception as exc:  # shown on the status line, never swallowed
                line = clean_line(str(exc))
                self.post_message(msg.SyncFinished(error=line, locked=is_lock_held(exc)))
                return
            self.post_message(msg.SyncFinished(summary=summarize_report(report)))

        self._worker(work, "sync", exclusive=True)

    def on_sync_progress(self, message: msg.SyncProgress) -> None:
        """Show sync progress on the status line."""
        if self.syncing:
            self._sync_text = message.text
            self.status.show(sync=message.text)

    def on_sync_finished(self, message: msg.SyncFinished) -> None:
        """Report the sync and refresh counts and the list in place."""
        self.syncing = False
        if message.error:
            self._sync_text = "sync: another sync is running" if message.locked else "sync failed"
            self.status.show(sync=self._sync_text)
            self.notify(message.error, severity="warning", markup=False)
            return
        self._sync_text = message.summary
        self.status.show(sync=message.summary)
        self.notify(message.summary, markup=False, timeout=4)
        self._refresh_in_place()

    def _check_changes(self) -> None:
        """Every few seconds: has another process finished a sync? (a single cheap query)"""
        if self.syncing or not self.started:
            return
        store = self.store
        seen = self.last_run

        def work() -> None:
            last = store.last_run()
            if last != seen:
                self.post_message(msg.ExternalChange(last))

        self._worker(work, "check", exclusive=True)

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

    def _position(self) -> dict[str, str]:
        """What is saved: the list, the article in the reader, the cursor and its screen row.

        Search results are not a place to come back to: during a search, the list the search
        was started from is saved.
        """
        reader_id = self.reader.article_id
        key, index, row = self.spec.key, self.articles.cursor, self.articles.screen_row
        if self.spec.is_search:
            if self._return_to is not None:
                spec, _, index, row = self._return_to
                key = spec.key
            else:
                key, index, row = UNREAD, 0, 0
        return {
            META_LIST: key,
            META_ARTICLE: str(reader_id) if reader_id is not None else "",
            META_INDEX: str(index),
            META_ROW: str(max(0, row)),
            META_UNREAD_ONLY: "1" if self.unread_only else "0",
        }

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
        position = self._position()
        changed = {k: v for k, v in position.items() if self._saved.get(k, "") != v}
        if not changed:
            return
        self._saved.update(changed)
        store = self.store

        def work() -> None:
            for key, value in changed.items():
                store.set_meta(key, value or None)

        self._worker(work, "save")

    def save_now(self) -> None:
        """Write the position at once (on quit)."""
        if not self.started:
            return
        position = self._position()
        for key, value in position.items():
            if self._saved.get(key, "") != value:
                self.store.set_meta(key, value or None)
        self._saved.update(position)
