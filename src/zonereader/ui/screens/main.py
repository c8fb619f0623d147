"""The main screen: every key's action, over the three panes of :mod:`.panes`.

Each ``action_*`` method here is what a key does (the keys themselves are declared in
:mod:`zonereader.ui.keymap`); one that needs the cache starts a worker method (``@work``) that
runs in a thread and posts its result back as a message, applied by
:class:`~zonereader.ui.screens.panes.PanesScreen`. Widgets announce what the person did; this
screen decides, and is the only one that talks to the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from zonereader.config import Config
from zonereader.models import ListQuery
from zonereader.text.sanitize import clean_line
from zonereader.ui import messages as msg
from zonereader.ui.keymap import bindings
from zonereader.ui.lists import ListSpec, search_key, spec_for_key, zone_key
from zonereader.ui.pending import shows_store_errors
from zonereader.ui.position import ReturnPoint
from zonereader.ui.reads import find_unread_landing, follow_site_link
from zonereader.ui.screens.panes import PanesScreen
from zonereader.ui.services import FetchFunction, SyncFunction, is_lock_held, is_web_url
from zonereader.ui.textfmt import format_count
from zonereader.ui.zones import zones_with_unread

if TYPE_CHECKING:
    from zonereader.store import Store
    from zonereader.sync.progress import ProgressEvent

__all__ = ["MainScreen"]


@dataclass(frozen=True, slots=True)
class Target:
    """The article a key such as ``b``, ``m``, ``o`` or ``y`` acts on."""

    id: int
    url: str
    read: bool
    bookmarked: bool


class MainScreen(PanesScreen):
    """Three panes over one cache, with a status line on top and the keys at the bottom."""

    BINDINGS = bindings("screen")

    # ------------------------------------------------------------------ moving

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
        zone = self.spec.zone
        zones = zones_with_unread(self.zones, zone, step) if zone is not None else []
        self._read_unread_landing(self.spec, self.reader.article_id, step, zones, self.unread_only)

    @work(thread=True, group="navigate", exclusive=True)
    @shows_store_errors
    def _read_unread_landing(
        self,
        spec: ListSpec,
        current_id: int | None,
        step: int,
        zones: Sequence[str],
        unread_only: bool,
    ) -> None:
        """Find where next/previous unread lands."""
        landing = find_unread_landing(self.store, spec, current_id, step, zones, unread_only)
        self.post_message(landing)

    def on_landed(self, message: msg.Landed) -> None:
        """Go to the unread article found (into its zone when it crossed)."""
        if message.article_id is None:
            where = "" if self.spec.zone is not None else " in this list"
            self.notify(f"No more unread articles{where}.")
            return
        if message.zone is not None:
            spec = spec_for_key(zone_key(message.zone))
            self.zone_tree.select_key(spec.key)
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
        fetch = self.services.fetch_article
        self._follow_site_link(fetch, self.config, self.db_path, link.url, label, step)

    @work(thread=True, group="navigate", exclusive=True)
    @shows_store_errors
    def _follow_site_link(
        self, fetch: FetchFunction, config: Config, db_path: Path, url: str, label: str, step: int
    ) -> None:
        """Open a site link's article from the cache, or fetch it."""
        follow_site_link(self.store, fetch, config, db_path, url, label, step, self.post_message)

    def action_back(self) -> None:
        """Leave zoom, else leave search results for the list they were started from."""
        if self.zoomed:
            self.zoomed = False
            self.articles.focus()
            return
        if self.spec.is_search and self._return_to is not None:
            back = self._return_to
            self._return_to = None
            self._show_list(
                back.spec, target_id=back.article_id, target_index=back.index, screen_row=back.row
            )
            self.articles.focus()

    def action_zoom(self) -> None:
        """Give the reader the whole screen (again: back to the panes)."""
        self.zoomed = not self.zoomed
        if not self.zoomed:
            self.articles.focus()

    # ------------------------------------------------------------------ read and bookmarks

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
        self._toggle_bookmark(target.id)

    def _toggle_bookmark(self, article_id: int) -> None:
        """Flip one article's bookmark (kept and tried again while the cache cannot take it)."""

        def write(store: Store) -> msg.StateChanged:
            return msg.StateChanged(article_id, bookmarked=store.toggle_bookmark(article_id))

        self.save_change(write)

    def action_toggle_read(self) -> None:
        """Mark the article read, or unread again."""
        target = self._target()
        if target is None:
            self.notify("No article selected.")
            return
        self._set_read(target.id, not target.read)

    def _set_read(self, article_id: int, read: bool) -> None:
        """Mark one article read or unread (kept and tried again while the cache cannot)."""

        def write(store: Store) -> msg.StateChanged:
            store.set_read(article_id, read)
            return msg.StateChanged(article_id, read=read)

        self.save_change(write)

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

        def answered(yes: bool | None) -> None:
            if yes:
                self._mark_read(query)

        from zonereader.ui.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen(question), answered)

    def _mark_read(self, query: ListQuery) -> None:
        """Mark every article of ``query`` read (kept and tried again while the cache cannot)."""

        def write(store: Store) -> msg.ListMarkedRead:
            return msg.ListMarkedRead(store.mark_read(query))

        self.save_change(write)

    def on_list_marked_read(self, message: msg.ListMarkedRead) -> None:
        """Refresh after marking a whole list read."""
        self.notify(f"Marked {format_count(message.changed)} articles read.")
        self._refresh_in_place()

    # ------------------------------------------------------------------ lists and search

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
                self._return_to = ReturnPoint(
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

    # ------------------------------------------------------------------ leaving the app

    def action_open_browser(self) -> None:
        """Open the article in the system browser (http and https only)."""
        target = self._target()
        if target is None:
            self.notify("No article selected.")
            return
        if not is_web_url(target.url):
            self.notify("Not a web address: not opened.", severity="warning")
            return
        self._open_url(target.url)

    @work(thread=True, group="browser")
    def _open_url(self, url: str) -> None:
        """Hand ``url`` to the system browser (which may take a while to start)."""
        if self.services.open_url(url):
            self.post_message(msg.Notice("Opened in the browser."))
        else:
            self.post_message(msg.Notice("No browser found: y copies the URL.", "warning"))

    def action_copy_url(self) -> None:
        """Copy the article's URL to the clipboard (OSC 52: works over SSH)."""
        target = self._target()
        if target is None:
            self.notify("No article selected.")
            return
        url = clean_line(target.url)
        self.app.copy_to_clipboard(url)
        self.notify(f"Copied {url}", markup=False, timeout=3)

    # ------------------------------------------------------------------ sync

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
        self._run_sync(self.services.sync, self.config, self.db_path)

    @work(thread=True, group="sync", exclusive=True)
    def _run_sync(self, sync: SyncFunction, config: Config, db_path: Path) -> None:
        """Run a sync, posting progress lines and how it ended."""
        # Loaded with the first sync, not with the app: it brings the sync's event records.
        from zonereader.ui.syncview import SyncTally, summarize_report

        tally = SyncTally()

        def progress(event: ProgressEvent) -> None:
            if tally.add(event):
                self.post_message(msg.SyncProgress(tally.text()))

        try:
            report = sync(config, db_path, progress=progress)
        except Exception as exc:  # shown on the status line, never swallowed
            line = clean_line(str(exc))
            self.post_message(msg.SyncFinished(error=line, locked=is_lock_held(exc)))
            return
        self.post_message(msg.SyncFinished(summary=summarize_report(report)))

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
