"""The main screen: the keys' actions, over the panes of :mod:`.panes`.

Each ``action_*`` method here (and in :mod:`.article`, for what acts on one article) is what a
key does (the keys themselves are declared in
:mod:`zonereader.ui.keymap`); one that needs the cache starts a worker method (``@work``) that
runs in a thread and posts its result back as a message, applied by
:class:`~zonereader.ui.screens.panes.PanesScreen`. Widgets announce what the person did; this
screen decides, and is the only one that talks to the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.notifications import SeverityLevel

from zonereader.config import Config, ConfigError, TopicConfig, add_topic
from zonereader.models import ListQuery
from zonereader.text.sanitize import clean_line
from zonereader.ui import messages as msg
from zonereader.ui.keymap import bindings
from zonereader.ui.lists import ListSpec, search_key, spec_for_key, topic_key, zone_key
from zonereader.ui.pending import shows_store_errors
from zonereader.ui.position import ReturnPoint
from zonereader.ui.reads import find_unread_landing
from zonereader.ui.screens.article import ArticleScreen
from zonereader.ui.services import SyncFunction, is_lock_held
from zonereader.ui.textfmt import format_count, plural
from zonereader.ui.zones import zones_with_unread

if TYPE_CHECKING:
    from zonereader.store import Store
    from zonereader.sync.progress import ProgressEvent

__all__ = ["MainScreen"]

#: How many runs the sync log shows.
SYNC_LOG_RUNS = 20


class MainScreen(ArticleScreen):
    """The panes over one cache, with a status line on top and the keys at the bottom."""

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

    def action_back(self) -> None:
        """Step back: close the drawer, leave the reader or zoom, else leave search results."""
        if self.drawer and not self.wide:
            self.drawer = False
            return
        if self.reading and not self.wide:
            self.reading = False
            return
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
        """Give the reader the whole screen (again: back to the panes).

        In the list-first layout the reader already has the screen: ``z`` reads the article
        under the cursor, or goes back to the list.
        """
        if not self.wide:
            if self.reading:
                self.reading = False
            else:
                self.articles.action_open()
            return
        self.zoomed = not self.zoomed
        if not self.zoomed:
            self.articles.focus()

    def action_close_reader(self) -> None:
        """``q`` in the reader: back to the list when the reader has the screen, else quit."""
        if self.reading and not self.wide:
            self.reading = False
            return
        self.app.exit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``q`` in the reader only goes back to the list when the reader has the screen."""
        if action == "close_reader":
            return self.reading and not self.wide
        return True

    def action_toggle_zones(self) -> None:
        """Open or close the zone tree (a drawer below three-pane widths; else focus it)."""
        if self.wide:
            if self.focused is self.zone_tree:
                self.articles.focus()
            else:
                self.zone_tree.focus()
            return
        self.drawer = not self.drawer

    def action_mark_list_read(self) -> None:
        """Mark every article of the list read, after asking."""
        count = self.articles.count
        if not count:
            self.notify("This list is empty.")
            return
        query = self.spec.effective(self.unread_only)
        what = "the article" if count == 1 else f"all {format_count(count)} articles"
        question = f"Mark {what} of “{clean_line(self.spec.title)}” read?"

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
        self.notify(f"Marked {plural(message.changed, 'article')} read.")
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
        """Ask for a query (in this zone, or everywhere); its results become the list (Esc
        returns)."""
        from zonereader.ui.screens.search import Search, SearchScreen

        if self.spec.is_search:
            origin = self._return_to.spec if self._return_to is not None else None
            initial = self._last_search.text if self._last_search else ""
        else:
            origin, initial = self.spec, ""
        zone = origin.zone if origin is not None else None

        def searched(search: Search | None) -> None:
            if search is None:
                return
            if not self.spec.is_search:
                current = self.articles.current
                self._return_to = ReturnPoint(
                    self.spec,
                    current.id if current else None,
                    self.articles.cursor,
                    self.articles.screen_row,
                )
            self._last_search = search
            self._show_list(spec_for_key(search_key(search.query)))
            self.reading = False
            self.articles.focus()

        self.app.push_screen(SearchScreen(initial, zone), searched)

    def action_save_topic(self) -> None:
        """Save the search shown as a topic: ask for its name, write it to the config."""
        query = self.spec.query.search
        if not self.spec.is_search or query is None:
            self.notify("Search first (/), then T saves the search as a topic.")
            return
        path = self.config.path
        if path is None:
            self.notify("No config file to save the topic in.", severity="warning")
            return

        def named(name: str | None) -> None:
            if name:
                self._save_topic(path, name, query)

        from zonereader.ui.screens.topic_name import TopicNameScreen

        self.app.push_screen(TopicNameScreen(query, set(self.topics)), named)

    @work(thread=True, group="config")
    def _save_topic(self, path: Path, name: str, query: str) -> None:
        """Append the topic to the config file (comments and the rest kept)."""
        try:
            add_topic(path, TopicConfig(name=name, query=query))
        except ConfigError as exc:
            self.post_message(msg.TopicSaved(name, query, error=clean_line(str(exc))))
            return
        self.post_message(msg.TopicSaved(name, query))

    def on_topic_saved(self, message: msg.TopicSaved) -> None:
        """Show the new topic in the tree, and its list in place of the search results."""
        if message.error:
            self.notify(f"Topic not saved: {message.error}", severity="warning", markup=False)
            return
        topic = TopicConfig(name=message.name, query=message.query)
        self.config = replace(self.config, topics=(*self.config.topics, topic))
        self.topics[topic.name] = topic.query
        self.zone_tree.show_topics(tuple(self.topics))
        self._return_to = None
        key = topic_key(topic.name)
        current = self.articles.current
        self._show_list(
            spec_for_key(key, self.topics),
            target_id=current.id if current else None,
            target_index=self.articles.cursor,
            screen_row=self.articles.screen_row,
        )
        self.zone_tree.select_key(key)
        self._refresh_counts()
        self.notify(f"Saved the topic “{clean_line(topic.name)}”.", markup=False, timeout=3)

    def action_help(self) -> None:
        """Show every key."""
        from zonereader.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    # ------------------------------------------------------------------ sync

    def action_sync_log(self) -> None:
        """Show the last sync runs, per source, with their errors."""
        self._read_runs()

    @work(thread=True, group="synclog", exclusive=True)
    @shows_store_errors
    def _read_runs(self) -> None:
        """Read the last runs for the sync log."""
        self.post_message(msg.RunsLoaded(self.store.recent_runs(SYNC_LOG_RUNS)))

    def on_runs_loaded(self, message: msg.RunsLoaded) -> None:
        """Open the sync log on the runs just read."""
        from zonereader.ui.screens.synclog import SyncLogScreen

        self.app.push_screen(SyncLogScreen(message.runs, self.services.clock()))

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
        troubled = bool(report.failed_sources or report.partial_sources)
        self.post_message(msg.SyncFinished(summary=summarize_report(report), troubled=troubled))

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
        severity: SeverityLevel = "warning" if message.troubled else "information"
        self.notify(message.summary, markup=False, timeout=6, severity=severity)
        self._refresh_in_place()
