"""What the main screen's workers read from the cache: plain functions, run in worker threads.

Each takes the store and plain values (never a widget), does its queries and returns the
message (:mod:`zonereader.ui.messages`) the screen applies on its own thread. Text that will be
drawn is sanitised here, once per row, off the event loop.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from textual.message import Message

from zonereader.config import Config
from zonereader.models import ArticleSummary, ListQuery
from zonereader.store import Store
from zonereader.store.errors import CacheUnusable
from zonereader.text.sanitize import clean_line
from zonereader.text.urls import canonical_url
from zonereader.ui import messages as msg
from zonereader.ui.lists import ListSpec, spec_for_key, zone_key
from zonereader.ui.navigate import next_unread
from zonereader.ui.position import META_KEYS, Position
from zonereader.ui.services import FetchFunction
from zonereader.ui.widgets.article_list import PAGE_SIZE

#: The generation of the list read at start-up, with the counts, in one worker.
STARTUP_GENERATION = 1


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
    """Read a list's size and the page around its cursor.

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


def load_rows(
    store: Store, query: ListQuery, generation: int, offset: int, limit: int
) -> msg.RowsLoaded:
    """Read the page of rows the article list asked for."""
    rows = [clean_summary(r) for r in store.page(query, offset, limit)]
    return msg.RowsLoaded(generation, offset, rows)


def read_counts(store: Store, saved: dict[str, str] | None = None) -> msg.Loaded:
    """Read the zone tree's counts and the sync state."""
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
    position = Position.from_meta(saved)
    messages: list[Message] = [
        read_counts(store, saved),
        load_list(
            store,
            spec_for_key(position.list_key).effective(position.unread_only),
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


def read_article(store: Store, article_id: int, *, mark_read: bool) -> Message:
    """Read an article for the reader, marking it read first when asked and still unread."""
    stored = store.article(article_id)
    if stored is None:
        return msg.Notice("That article is no longer in the cache.", "warning")
    changed = False
    if mark_read and not stored.read:
        try:
            store.set_read(article_id, True)
        except CacheUnusable as exc:  # the article shows all the same; the screen says why
            return msg.ArticleLoaded(stored, False, unsaved=exc)
        stored.read = True
        changed = True
    return msg.ArticleLoaded(stored, changed)


def find_unread_landing(
    store: Store,
    spec: ListSpec,
    current_id: int | None,
    step: int,
    zones: Sequence[str],
    unread_only: bool,
) -> msg.Landed:
    """Where next/previous unread lands from ``current_id`` in ``spec`` (then ``zones``)."""
    hit = next_unread(store, spec.base(), current_id, step, zones)
    if hit is None:
        return msg.Landed(None, None, None, step)
    shown = spec_for_key(zone_key(hit.zone)) if hit.zone else spec
    index = store.index_of(shown.effective(unread_only), hit.article_id)
    return msg.Landed(hit.article_id, hit.zone, index, step)


def follow_site_link(
    store: Store,
    fetch: FetchFunction,
    config: Config,
    db_path: Path,
    link_url: str,
    label: str,
    step: int,
    post: Callable[[Message], object],
) -> None:
    """Open the article a site's 上一条/下一条 link names: from the cache, else fetched.

    Posts a notice before a fetch (it can take a while), then where the link landed, or one
    line saying why it could not be opened.

    Args:
        store: the cache.
        fetch: fetches and caches one article by URL (the app's service).
        config: the config (sources and their settings, for the fetch).
        db_path: the cache file (the fetch opens its own connection).
        link_url: the link's URL, as the page gave it.
        label: ``上一条`` or ``下一条``, for messages.
        step: -1 or +1, passed on in :class:`~zonereader.ui.messages.Landed`.
        post: posts a message to the screen.
    """
    url = canonical_url(link_url)
    found = store.article_by_url(url)
    if found is not None:
        post(msg.Landed(found.id, None, None, step))
        return
    post(msg.Notice(f"{label} is not cached: fetching it…"))
    try:
        article_id = fetch(config, db_path, url)
    except Exception as exc:  # reported to the user, never swallowed
        article_id = None
        reason = clean_line(str(exc))
    else:
        reason = "its source is not configured or not reachable"
    if article_id is None:
        post(msg.Notice(f"Cannot open {label}: {reason}.", "warning"))
        return
    post(msg.Landed(article_id, None, None, step))
    post(msg.ExternalChange(None))
