"""A first sync of many feeds starts its parse helpers at once; a routine one does not."""

from __future__ import annotations

import asyncio
from pathlib import Path

from zonereader.config import Config, SourceConfig
from zonereader.models import SourceKind, Validators
from zonereader.store import Store
from zonereader.sync.context import WalkContext
from zonereader.sync.feed_walk import EARLY_HELPERS_FEEDS, start_helpers_early
from zonereader.sync.http import Fetcher


def _feeds(count: int) -> list[SourceConfig]:
    return [
        SourceConfig(name=f"f{n}", url=f"http://127.0.0.1:9/{n}.xml", kind=SourceKind.FEED)
        for n in range(count)
    ]


def _starts_early(store: Store, sources: list[SourceConfig], *, full: bool = False) -> bool:
    async def run() -> bool:
        ctx = WalkContext(config=Config(), store=store, fetcher=Fetcher(), full=full)
        ctx.parser.wanted = 1  # one helper is enough to see whether it starts
        try:
            start_helpers_early(ctx, sources)
            return ctx.parser._starting is not None
        finally:
            await ctx.aclose()

    return asyncio.run(run())


def test_helpers_start_early_only_for_many_feeds_never_fetched(tmp_path: Path) -> None:
    sources = _feeds(EARLY_HELPERS_FEEDS)
    with Store.open(tmp_path / "c.db") as store:
        assert _starts_early(store, sources)
        assert not _starts_early(store, sources[:-1])  # too few feeds
        for source in sources[1:]:
            store.save_validators(source.url, Validators(etag='"x"'))
        assert not _starts_early(store, sources)  # mostly 304s to come: parse on demand
        assert _starts_early(store, sources, full=True)  # --full fetches every feed whole
