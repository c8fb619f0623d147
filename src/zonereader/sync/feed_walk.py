"""Sync one feed source: conditional GET, parse, store what is new or changed.

The engine calls :func:`walk_feed` for every source of kind ``feed``, concurrently with the
other sources; retries, the lock, exit codes and the ``--json`` summary come from the engine and
the shared :class:`~zonereader.sync.context.WalkContext`.

- Conditional GET from the first fetch: the ETag/Last-Modified of a 200 are stored, but only
  after every entry of that response is stored, so a crash mid-feed never leaves validators that
  would hide the rest on the next run (a 304 means "unchanged").
- Entries that have not changed since the last run are recognised by a digest kept per source
  (in the store's meta table) and are not written again; changed entries update their article,
  and the store keeps the user's state.
- Entries that share a link are different items (:mod:`zonereader.sources.feed_identity`); the
  digests of the last run keep their identities stable, and an article that a cache written by
  an earlier version kept for all of them is renamed to the entry it was, with its user state.
- A permanent redirect (301/308) updates the source's URL in the config file and says so.
- 410 Gone marks the source gone (store meta; ``zonereader source list`` shows it) and reports
  it as the source's error; a later successful fetch clears the mark.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from zonereader.config import ConfigError, SourceConfig, update_source_url
from zonereader.models import SourceKind, Validators
from zonereader.sources.feed import FeedError, ParsedFeed
from zonereader.store import Store
from zonereader.store.errors import CacheUnusable, StoreError
from zonereader.store.rows import PreparedArticle
from zonereader.sync.context import WalkContext, known_and_pruned, load_json_meta
from zonereader.sync.fetched import DeadlineReached, FetchError
from zonereader.sync.full_text import Completed, complete_entries
from zonereader.sync.parse_jobs import PreparedFeed
from zonereader.sync.parsing import PARALLEL_THRESHOLD
from zonereader.sync.progress import PageFetched, PageKind

#: Store meta key set (to the date it was seen) when a feed answers 410 Gone.
GONE_META = "source-gone:{name}"
#: Entries stored per transaction: one commit per article is several times slower with the
#: search index (0.36 ms an article against 0.22 ms in batches of 1,000, measured), and a crash
#: loses at most one batch, never part of an article (the feed is fetched again next time, since
#: its validators are saved only once every entry is stored).
BATCH = 1000
#: Store meta key holding ``{feed url: {entry url: digest}}`` of what the last run stored.
DIGESTS_META = "feed-digests:{name}"
#: A run that will fetch at least this many feeds in full (never fetched before, or --full)
#: starts the parse helpers before the first answer arrives, so that their start-up overlaps
#: the fetches (otherwise it starts with the first big feed).
EARLY_HELPERS_FEEDS = 8


def start_helpers_early(ctx: WalkContext, sources: list[SourceConfig]) -> None:
    """Start the run's parse helpers now if it will parse many whole feeds (a first sync).

    Call from the event loop before the walks start; a run with few feeds, or whose feeds all
    have validators (they will mostly answer 304), leaves the helpers to start on demand.
    """
    urls = [url for source in sources if source.kind is SourceKind.FEED for url in source.urls]
    if len(urls) < EARLY_HELPERS_FEEDS:
        return
    fresh = urls if ctx.full else [url for url in urls if not _has_validators(ctx, url)]
    if len(fresh) >= EARLY_HELPERS_FEEDS:
        ctx.parser.expect(PARALLEL_THRESHOLD)


def _has_validators(ctx: WalkContext, url: str) -> bool:
    found = ctx.store.validators(url)
    return bool(found.etag or found.last_modified)


async def walk_feed(ctx: WalkContext, source: SourceConfig) -> None:
    """Fetch every URL of feed ``source`` and store its new and changed entries.

    Errors are recorded on ``ctx`` (never raised): a feed that cannot be fetched or parsed fails
    the source; the source's other URLs are still walked.
    """
    # Every store call goes through the run's writer thread (a read waiting for another feed's
    # batch write must not block the event loop), and what the walk needs to know is read in
    # one call before fetching, so a feed's parse never queues behind other feeds' writes.
    raw, gone, validators = await ctx.in_writer(_read_state, ctx, source)
    digests = _load_digests(raw)
    before = dict(digests)  # the walk replaces a URL's entry digests, never edits them
    kept: dict[str, dict[str, str]] = {}
    for url in source.urls:
        key = await _walk_url(ctx, source, url, digests, validators.get(url), gone)
        gone = False  # cleared by the first successful fetch
        if key in digests:
            kept[key] = digests[key]
    if kept != before:  # a pass where every feed answered 304 writes nothing
        await ctx.in_writer(
            ctx.store.set_meta, DIGESTS_META.format(name=source.name), json.dumps(kept)
        )


def _read_state(
    ctx: WalkContext, source: SourceConfig
) -> tuple[str | None, bool, dict[str, Validators]]:
    """In the writer thread: the source's digests, its gone mark, its URLs' validators."""
    store = ctx.store
    raw = store.get_meta(DIGESTS_META.format(name=source.name))
    gone = store.get_meta(GONE_META.format(name=source.name)) is not None
    found = {} if ctx.full else {url: store.validators(url) for url in source.urls}
    return raw, gone, found


async def _walk_url(
    ctx: WalkContext,
    source: SourceConfig,
    url: str,
    digests: dict[str, dict[str, str]],
    validators: Validators | None,
    gone: bool,
) -> str:
    """Walk one feed URL; return the URL its digests are kept under from now on.

    ``validators`` are the URL's stored ones (None: fetch unconditionally); ``gone`` says the
    source is marked gone (a successful fetch clears the mark).
    """
    if validators is not None and not (validators.etag or validators.last_modified):
        validators = None
    try:
        result = await ctx.fetch(source, url, validators)
    except DeadlineReached:
        ctx.leave(source, 0)
        return url
    except FetchError as exc:
        if exc.status == 410:
            await ctx.in_writer(ctx.store.set_meta, GONE_META.format(name=source.name), _today())
            ctx.fail(
                source,
                f"{url}: gone (HTTP 410): the feed no longer exists; "
                f"remove it with 'zonereader source remove {source.name}'",
                fatal=True,
            )
        else:
            ctx.fail(source, str(exc), fatal=True)
        return url

    if result.permanent_url and result.permanent_url != url:
        _moved(ctx, source, url, result.permanent_url)
    if gone:
        await ctx.in_writer(ctx.store.set_meta, GONE_META.format(name=source.name), None)

    if result.not_modified:
        ctx.counts.not_modified += 1
        ctx.status(source).not_modified += 1
        ctx.emit(PageFetched(source.name, url, PageKind.FEED, not_modified=True))
        return url

    # Parsed feeds wait for the one writer: bound how many, so memory stays flat however
    # many feeds arrive at once (50 feeds of 1,000 items peaked at 313 MiB unbounded).
    async with ctx.parse_slots:
        zone = source.zone or source.name
        previous = digests.get(url, {})
        old = {} if ctx.full else previous
        try:
            parsed, changed = await _parse(
                ctx, result.body, result.content_type, result.url, source, zone, old, previous
            )
            fresh = dict(parsed.digests)
            failed = parsed.failed
            if parsed.unchanged:
                # A digest only vouches for an article that is still in the cache (or that a
                # prune removed: it is not stored again).
                stored, pruned = await ctx.in_writer(known_and_pruned, ctx.store, parsed.unchanged)
                cached = stored | pruned
                missing = {u for u in parsed.unchanged if u not in cached}
                if missing:
                    known = {k: v for k, v in old.items() if k not in missing}
                    again, changed = await _parse(
                        ctx,
                        result.body,
                        result.content_type,
                        result.url,
                        source,
                        zone,
                        known,
                        previous,
                    )
                    failed = again.failed
                for entry_url in cached:
                    ctx.count_unchanged(source, entry_url)
        except FeedError as exc:
            ctx.fail(source, f"{result.url}: {exc}", fatal=True)
            return url
        changed = await _without_pruned(ctx, source, changed, old)
        completed = await complete_entries(ctx, source, changed, result.url)
        changed = completed.entries
        _count_full_text(ctx, source, completed)
        for identity in completed.retry:  # not vouched for: the next sync tries the page again
            fresh.pop(identity, None)
        ctx.emit(PageFetched(source.name, url, PageKind.FEED, queued=len(changed)))
        # Entries that could not be read fail alone: reported, kept out of the digests (so the
        # next parse tries them again) and of the validators (so the next sync parses at all).
        for identity, reason in failed:
            ctx.article_failed(source, identity, reason)
            fresh.pop(identity, None)
        if parsed.split:
            await ctx.in_writer(_adopt_shared_links, ctx.store, source.name, parsed, changed)

        # Oldest first: entries without dates then list in the feed's own order (newest on top).
        position = {identity: index for index, identity in enumerate(parsed.digests)}
        changed.sort(key=lambda entry: position[entry.article.url], reverse=True)
        stored_all = not failed and not completed.retry
        for start in range(0, len(changed), BATCH):
            batch = changed[start : start + BATCH]
            pages = [
                (entry.article.url, completed.validators[entry.article.url])
                for entry in batch
                if entry.article.url in completed.validators
            ]
            try:
                outcomes = await ctx.in_writer(ctx.store.upsert_articles, batch, pages)
            except CacheUnusable:
                raise  # the cache takes no writes now: the run stops
            except StoreError:
                outcomes = None
            if outcomes is not None:
                for entry, (_id, outcome) in zip(batch, outcomes, strict=True):
                    ctx.count_stored(entry.article, outcome)
                continue
            for entry in batch:  # the batch failed as a whole: find the entry the cache refuses
                try:
                    await ctx.store_article_async(entry)
                except CacheUnusable:
                    raise
                except StoreError as exc:
                    ctx.article_failed(source, entry.article.url, f"cannot store: {exc}")
                    fresh.pop(entry.article.url, None)
                    stored_all = False
        # After a permanent redirect, remember everything under the URL the config now holds.
        key = result.permanent_url or url
        digests.pop(url, None)
        digests[key] = fresh
        # Validators vouch for every entry of this response: if the cache refused one (or an
        # entry's page is to be read again), forget them, so that the next sync fetches the
        # feed whole and stores that entry after all.
        kept = result.validators if stored_all else Validators()
        await ctx.in_writer(ctx.store.save_validators, key, kept)
        return key


def _count_full_text(ctx: WalkContext, source: SourceConfig, completed: Completed) -> None:
    """Count what the entries' pages gave, and say in one note what they did not."""
    if not completed.fetched and not completed.failed:
        return
    status = ctx.status(source)
    status.full_text += completed.fetched
    status.full_text_failed += len(completed.failed)
    ctx.counts.full_text += completed.fetched
    ctx.counts.full_text_failed += len(completed.failed)
    if completed.failed:
        count = len(completed.failed)
        entries = "entry" if count == 1 else "entries"
        again = f", {len(completed.retry)} tried again next sync" if completed.retry else ""
        ctx.note(
            source,
            f"full text of {count} {entries} not read, summaries kept{again}; "
            f"first: {completed.failed[0]}",
        )


async def _without_pruned(
    ctx: WalkContext, source: SourceConfig, changed: list[PreparedArticle], old: dict[str, str]
) -> list[PreparedArticle]:
    """``changed`` without the entries a prune removed, unless the feed changed them since.

    An entry the last run saw (its URL is in ``old``) and that is in ``changed`` has new
    content: it is stored again. One the last run did not see (``--full``, or digests lost)
    is taken as the one that was pruned, and skipped.
    """
    if not changed:
        return changed
    pruned = await ctx.in_writer(ctx.store.tombstones, [e.article.url for e in changed])
    if not pruned:
        return changed
    kept = []
    for entry in changed:
        url = entry.article.url
        if url in pruned and url not in old:
            ctx.count_unchanged(source, url)
        else:
            kept.append(entry)
    return kept


async def _parse(
    ctx: WalkContext,
    body: bytes,
    content_type: str | None,
    url: str,
    source: SourceConfig,
    zone: str,
    known: dict[str, str],
    previous: dict[str, str],
) -> PreparedFeed:
    """Parse off the event loop, in the run's parse helpers (the second core) for big feeds.

    ``known`` holds the digests of entries not to convert again when unchanged (empty with
    ``--full``), ``previous`` those of the last parse (the identities entries keep).

    Returns the feed and its changed entries prepared for the store (JSON columns, content
    hash, search-index texts), so the writer thread (which shares the event loop's GIL) only
    runs SQL.
    """
    return await ctx.parser.parse_feed(
        body, content_type, url, source=source.name, zone=zone, known=known, previous=previous
    )


def _adopt_shared_links(
    store: Store, source: str, parsed: ParsedFeed, changed: list[PreparedArticle]
) -> int:
    """In the writer thread, before the entries are stored: give a cached article that stands
    for several entries (an earlier version kept one article per shared link) the identity of
    the entry it was, so that its read flag and bookmark stay with it.

    The entry is the one with the article's title, else the first of the link's entries (the
    one the earlier version kept). Returns how many articles were renamed.
    """
    titles = {item.article.url: item.article.title for item in changed}
    renamed = 0
    for plain, identities in parsed.split.items():
        if plain in identities or not identities:
            continue
        stored = store.article_by_url(plain)
        if stored is None or stored.article.source != source:
            continue
        target = next((u for u in identities if titles.get(u) == stored.article.title), None)
        renamed += store.rename_article(plain, target or identities[0])
    return renamed


def _load_digests(raw: str | None) -> dict[str, dict[str, str]]:
    data = load_json_meta(raw)
    if not isinstance(data, dict):
        return {}
    return {
        url: entries
        for url, entries in data.items()
        if isinstance(url, str) and isinstance(entries, dict)
    }


def _moved(ctx: WalkContext, source: SourceConfig, old: str, new: str) -> None:
    """Record a permanent redirect and point the configured URL at its target."""
    if old != source.url:
        ctx.note(source, f"{old} moved permanently to {new}")
        return
    path = ctx.config.path
    if path is None:
        ctx.note(source, f"{old} moved permanently to {new}")
        return
    try:
        updated = update_source_url(path, source.name, new)
    except (ConfigError, OSError) as exc:
        ctx.note(source, f"{old} moved permanently to {new}; could not update {path}: {exc}")
        return
    if updated:
        ctx.note(source, f"{old} moved permanently to {new}; the config now says {new}")
    else:
        ctx.note(source, f"{old} moved permanently to {new}")


def _today() -> str:
    return datetime.now(UTC).date().isoformat()
