"""What the keys do to one article: read flags, bookmarks, its links and images, the site's
上一条/下一条, the browser and the clipboard.

"The article" is the one being read when the reader shows one, whichever pane has focus, else
the one under the list's cursor (see :meth:`ArticleScreen._target`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from zonereader.config import Config
from zonereader.models import StoredArticle
from zonereader.paths import image_cache_dir
from zonereader.text.sanitize import clean_line
from zonereader.text.urls import canonical_url
from zonereader.ui import messages as msg
from zonereader.ui.images import load_picture, pictures_unavailable
from zonereader.ui.links import LinkChoice, link_entries
from zonereader.ui.pending import shows_store_errors
from zonereader.ui.reads import follow_site_link
from zonereader.ui.screens.panes import PanesScreen
from zonereader.ui.services import FetchFunction, is_web_url
from zonereader.ui.textfmt import truncate_cells

if TYPE_CHECKING:
    from zonereader.store import Store
    from zonereader.sync.images import ImageFetched

#: Bytes in a megabyte, for the image cache's cap.
MEGABYTE = 1024 * 1024
#: How much of a title a toast quotes (``Bookmarked: 舟山港综合保税区…``).
TOAST_TITLE_CELLS = 48


@dataclass(frozen=True, slots=True)
class Target:
    """The article a key such as ``b``, ``m``, ``o`` or ``y`` acts on."""

    id: int
    url: str
    title: str
    read: bool
    bookmarked: bool


class ArticleScreen(PanesScreen):
    """The actions on one article (the main screen's base)."""

    # ------------------------------------------------------------------ read and bookmarks

    def _target(self) -> Target | None:
        """The article being read when the reader shows one (whichever pane has focus), else
        the one under the list's cursor."""
        stored = self.reader.article
        if stored is not None and self.reader_shown:
            title = clean_line(stored.article.title) or "(untitled)"
            return Target(stored.id, stored.article.url, title, stored.read, stored.bookmarked)
        row = self.articles.current
        if row is not None:
            return Target(row.id, row.url, row.title, row.read, row.bookmarked)
        return None

    def action_toggle_bookmark(self) -> None:
        """Bookmark the article, or remove its bookmark."""
        target = self._target()
        if target is None:
            self.notify("No article selected.")
            return
        self._toggle_bookmark(target.id, target.title)

    def _toggle_bookmark(self, article_id: int, title: str) -> None:
        """Flip one article's bookmark (kept and tried again while the cache cannot take it)."""

        def write(store: Store) -> msg.StateChanged:
            now = store.toggle_bookmark(article_id)
            return msg.StateChanged(article_id, bookmarked=now, title=title)

        self.save_change(write)

    def action_toggle_read(self) -> None:
        """Mark the article read, or unread again."""
        target = self._target()
        if target is None:
            self.notify("No article selected.")
            return
        self._set_read(target.id, not target.read, target.title)

    def _set_read(self, article_id: int, read: bool, title: str) -> None:
        """Mark one article read or unread (kept and tried again while the cache cannot)."""

        def write(store: Store) -> msg.StateChanged:
            store.set_read(article_id, read)
            return msg.StateChanged(article_id, read=read, title=title)

        self.save_change(write)

    def on_state_changed(self, message: msg.StateChanged) -> None:
        """Redraw the markers of the article that changed."""
        if message.read is not None:
            row_index = self.articles.find(message.article_id)
            row = self.articles.row(row_index) if row_index is not None else None
            if row is not None and row.read != message.read:
                self._count_read_change(message.article_id, message.read)
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
        title = truncate_cells(message.title, TOAST_TITLE_CELLS)
        if message.bookmarked is not None:
            done = "Bookmarked" if message.bookmarked else "Bookmark removed"
            self.notify(f"{done}: {title}", markup=False, timeout=3)
        elif message.read is not None and message.title:
            done = "Marked read" if message.read else "Marked unread"
            self.notify(f"{done}: {title}", markup=False, timeout=3)
        self._refresh_counts_soon()

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

    # ------------------------------------------------------------------ leaving the app

    def action_open_browser(self) -> None:
        """Open the article in the system browser (http and https only)."""
        target = self._target()
        if target is None:
            self.notify("No article selected.")
            return
        self._to_browser(target.url)

    def _to_browser(self, url: str) -> None:
        if not is_web_url(url):
            self.notify("Not a web address: not opened.", severity="warning")
            return
        self._open_url(url)

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
        self._copy(target.url)

    def _copy(self, url: str) -> None:
        """Put ``url`` on the clipboard (OSC 52: the terminal's, also over SSH)."""
        shown = clean_line(url)
        self.app.copy_to_clipboard(shown)
        self.notify(f"Copied {shown}", markup=False, timeout=3)

    # ------------------------------------------------------------------ pictures

    def article_shown(self, stored: StoredArticle) -> None:
        """Fetch the article's pictures (cached ones cost no request) unless images are off."""
        images = stored.article.images
        if not images or not self.config.ui.images:
            return
        unavailable = pictures_unavailable()
        for number in range(1, len(images) + 1):
            self.reader.show_image_note(stored.id, number, clean_line(unavailable, 80))
        if unavailable:
            return
        urls = [image.url for image in images]
        source = self.config.source(stored.article.source)
        allow_hosts = source.allow_hosts if source is not None else ()
        self._fetch_pictures(stored.id, urls, stored.article.url, allow_hosts)

    @work(thread=True, group="pictures", exclusive=True)
    def _fetch_pictures(
        self, article_id: int, urls: list[str], page_url: str, allow_hosts: tuple[str, ...]
    ) -> None:
        """Bring the pictures into the image cache and decode them, posting each one."""
        numbers: dict[str, list[int]] = {}
        for number, url in enumerate(urls, start=1):
            numbers.setdefault(url, []).append(number)

        def arrived(result: ImageFetched) -> None:
            picture = None
            note = result.error
            if result.path is not None:
                try:
                    picture = load_picture(result.path)
                except (OSError, ValueError) as exc:
                    note = f"cannot read the cached picture: {clean_line(str(exc), 80)}"
            for number in numbers.get(result.url, []):
                self.post_message(msg.PictureReady(article_id, number, picture, note))

        self.services.fetch_images(
            urls,
            page_url=page_url,
            settings=self.config.sync,
            cache_dir=image_cache_dir(),
            cache_bytes=self.config.ui.image_cache_mb * MEGABYTE,
            on_result=arrived,
            allow_hosts=allow_hosts,
        )

    def on_picture_ready(self, message: msg.PictureReady) -> None:
        """Draw a picture that arrived, or say why it will not."""
        if message.picture is not None:
            self.reader.show_picture(message.article_id, message.number, message.picture)
        else:
            self.reader.show_image_note(message.article_id, message.number, message.note)

    # ------------------------------------------------------------------ links and images

    def action_links(self) -> None:
        """List the article's links and images: open, copy, or read a cached one."""
        stored = self.reader.article
        if stored is None or not self.reader_shown:
            self.notify("Open an article first: its links and images are listed here.")
            return
        if not stored.article.links and not stored.article.images:
            self.notify("This article has no links or images.")
            return
        self._read_links(stored)

    @work(thread=True, group="links", exclusive=True)
    @shows_store_errors
    def _read_links(self, stored: StoredArticle) -> None:
        """Which of the article's links lead to cached articles (Enter reads those here)."""
        urls = {canonical_url(link.url): link.url for link in stored.article.links}
        known = self.store.known_urls(urls)
        cached = frozenset(urls[url] for url in known)
        self.post_message(msg.LinksRead(stored.id, link_entries(stored.article, cached)))

    def on_links_read(self, message: msg.LinksRead) -> None:
        """Open the links view (unless another article took the reader meanwhile)."""
        stored = self.reader.article
        if stored is None or stored.id != message.article_id:
            return
        from zonereader.ui.screens.links import LinksScreen

        title = clean_line(stored.article.title)
        self.app.push_screen(LinksScreen(title, message.entries), self._link_chosen)

    def _link_chosen(self, choice: LinkChoice | None) -> None:
        if choice is None:
            return
        if choice.how == "copy":
            self._copy(choice.url)
        elif choice.how == "browser":
            self._to_browser(choice.url)
        else:
            self._read_link(choice.url)

    @work(thread=True, group="navigate", exclusive=True)
    @shows_store_errors
    def _read_link(self, url: str) -> None:
        """Open a link's target in the reader when it is a cached article."""
        found = self.store.article_by_url(canonical_url(url))
        if found is None:
            self.post_message(
                msg.Notice("Not an article in the cache: o opens it in the browser, y copies it.")
            )
            return
        self.post_message(msg.Landed(found.id, None, None, 0))
