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
- A permanent redirect (301/308) updates the source's URL in the config file and says so.
- 410 Gone marks the source gone (store meta; ``zonereader source list`` shows it) and reports
  it as the source's error; a later successful fetch clears the mark.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from datetime import UTC, datetime

from zonereader.config import ConfigError, SourceConfig, update_source_url
from zonereader.models import Article
from zonereader.sources.feed import FeedError, ParsedFeed, parse_feed
from zonereader.store.store import StoreError
from zonereader.sync.context import WalkContext
from zonereader.sync.http import FetchError
from zonereader.sync.progress import PageFetched

#: Store meta key set (to the date it was seen) when a feed answers 410 Gone.
GONE_META = "source-gone:{name}"
#: Entries stored per transaction: one commit per article is several times slower with the
#: search index, and a crash loses at most one batch (the feed is fetched again next time,
#: since its validators are saved only once every entry is stored).
BATCH = 100
#: Store meta key holding ``{feed url: {entry url: digest}}`` of what the last run stored.
DIGESTS_META = "feed-digests:{name}"


async def walk_feed(ctx: WalkContext, source: SourceConfig) -> None:
    """Fetch every URL of feed ``source`` and store its new and changed entries.

    Errors are recorded on ``ctx`` (never raised): a feed that cannot be fetched or parsed fails
    the source; the source's other URLs are still walked.
    """
    digests = _load_digests(ctx, source)
    kept: dict[str, dict[str, str]] = {}
    for url in source.urls:
        key = await _walk_url(ctx, source, url, digests)
        if key in digests:
            kept[key] = digests[key]
    ctx.store.set_meta(DIGESTS_META.format(name=source.name), json.dumps(kept))


async def _walk_url(
    ctx: WalkContext, source: SourceConfig, url: str, digests: dict[str, dict[str, str]]
) -> str:
    """Walk one feed URL; return the URL its digests are kept under from now on."""
    validators = None if ctx.full else ctx.store.validators(url)
    if validators is not None and not (validators.etag or validators.last_modified):
        validators = None
    try:
        result = await ctx.fetch(source, url, validators)
    except FetchError as exc:
        if exc.status == 410:
            ctx.store.set_meta(GONE_META.format(name=source.name), _today())
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
    gone_key = GONE_META.format(name=source.name)
    if ctx.store.get_meta(gone_key) is not None:
        ctx.store.set_meta(gone_key, None)

    if result.not_modified:
        ctx.counts.not_modified += 1
        ctx.status(source).not_modified += 1
        ctx.emit(PageFetched(source.name, url, "feed", not_modified=True))
        return url

    zone = source.zone or source.name
    loop = asyncio.get_running_loop()
    try:
        parsed: ParsedFeed = await loop.run_in_executor(
            None,
            lambda: parse_feed(
                result.body, result.content_type, result.url, source=source.name, zone=zone
            ),
        )
    except FeedError as exc:
        ctx.fail(source, f"{result.url}: {exc}", fatal=True)
        return url

    old = {} if ctx.full else digests.get(url, {})
    fresh: dict[str, str] = {}
    changed: list[Article] = []
    for article in parsed.entries:
        digest = _digest(article)
        fresh[article.url] = digest
        if old.get(article.url) != digest:
            changed.append(article)
    unchanged = [a.url for a in parsed.entries if old.get(a.url) == fresh[a.url]]
    if unchanged:
        # A digest only vouches for an article that is still in the cache.
        cached = await ctx.in_writer(ctx.store.known_urls, unchanged)
        missing = set(unchanged) - cached
        changed.extend(a for a in parsed.entries if a.url in missing)
        for url_ in cached:
            ctx.count_unchanged(source, url_)
    ctx.emit(PageFetched(source.name, url, "feed", queued=len(changed)))

    # Oldest first: entries without dates then list in the feed's own order (newest on top).
    position = {a.url: index for index, a in enumerate(parsed.entries)}
    changed.sort(key=lambda a: position[a.url], reverse=True)
    for start in range(0, len(changed), BATCH):
        batch = changed[start : start + BATCH]
        try:
            outcomes = await ctx.in_writer(ctx.store.upsert_articles, batch)
        except StoreError:
            outcomes = None
        if outcomes is not None:
            for article, (_id, outcome) in zip(batch, outcomes, strict=True):
                ctx._count(article, outcome)  # the context's own tally of stored articles
            continue
        for article in batch:  # the batch failed as a whole: find the entry the cache refuses
            try:
                await ctx.store_article_async(article)
            except StoreError as exc:
                ctx.article_failed(source, article.url, f"cannot store: {exc}")
                fresh.pop(article.url, None)
    # After a permanent redirect, remember everything under the URL the config now holds.
    key = result.permanent_url or url
    digests.pop(url, None)
    digests[key] = fresh
    await ctx.in_writer(ctx.store.save_validators, key, result.validators)
    return key


def _digest(article: Article) -> str:
    """A short digest of everything stored about an entry."""
    parts = [
        article.title,
        article.zone,
        article.published.isoformat() if article.published else "",
        str(article.has_time),
        article.origin,
        *article.paragraphs,
        "\x1e",
        *article.links,
    ]
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=12).hexdigest()


def _load_digests(ctx: WalkContext, source: SourceConfig) -> dict[str, dict[str, str]]:
    raw = ctx.store.get_meta(DIGESTS_META.format(name=source.name))
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
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
