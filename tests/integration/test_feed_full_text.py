"""Full text for summary-only feeds, synced for real against the sample feed server.

The server's summary feeds cut each item short (``…``, ``……阅读全文``, `` [更多]``, or simply
short) and serve the whole article on the item's page, in the sample portal's template.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from zonereader.config import Config, SourceConfig
from zonereader.demo.faults import FaultPlan
from zonereader.demo.feeds import FeedOptions, FeedServer, FeedSet
from zonereader.models import FullText, ListQuery, SourceKind
from zonereader.store import Store
from zonereader.sync.engine import run_sync

ITEMS = 8


def serve(**options: Any) -> FeedServer:
    feeds = FeedSet(2, ITEMS, seed=6, options=lambda _n: FeedOptions(paragraphs=4, **options))
    return FeedServer(feeds, faults=FaultPlan()).start()


@pytest.fixture
def summary_feeds() -> Iterator[FeedServer]:
    server = serve(summary=True)
    try:
        yield server
    finally:
        server.stop()


def config(server: FeedServer, mode: FullText = FullText.AUTO, feeds: int = 1) -> Config:
    return Config(
        sources=tuple(
            SourceConfig(
                name=f"f{n}",
                url=server.feed_url(n),
                kind=SourceKind.FEED,
                zone=f"订阅/源{n}",
                full_text=mode,
            )
            for n in range(feeds)
        )
    )


def stored(db: Path) -> dict[str, Any]:
    """``{url: StoredArticle}`` of every cached article."""
    with Store.open(db) as store:
        rows = store.page(ListQuery(), 0, 1000)
        return {row.url: store.article_by_url(row.url) for row in rows}


def truth(server: FeedServer, feed: int = 0) -> dict[str, Any]:
    """``{item page URL: item}`` of one feed (the whole text of each)."""
    feeds = server.feed_set
    return {
        f"{server.base_url}/items/{feed}/{number}.html": feeds.item(feed, number)
        for number in range(feeds.items(feed))
    }


def test_summaries_are_completed_with_the_article_pages(
    summary_feeds: FeedServer, tmp_path: Path
) -> None:
    db = tmp_path / "cache.db"
    report = run_sync(config(summary_feeds, feeds=2), db)
    assert report.ok, report.as_dict()
    assert report.counts.new == 2 * ITEMS
    assert report.counts.full_text == 2 * ITEMS and report.counts.full_text_failed == 0
    assert summary_feeds.stats["item"] == 2 * ITEMS
    cached = stored(db)
    for url, item in truth(summary_feeds).items():
        article = cached[url].article
        assert article.paragraphs == list(item["paragraphs"]), url
        assert article.title == item["title"]  # the feed's title, not the page's
        assert article.zone == "订阅/源0"
        assert article.origin  # the page's 来源, which the feed does not carry
    assert report.as_dict()["sources"]["f0"]["full_text"] == ITEMS  # type: ignore[index]
    # the next sync: the feed answers 304, and no page is asked for again
    summary_feeds.reset_stats()
    again = run_sync(config(summary_feeds, feeds=2), db)
    assert again.ok and again.counts.new == 0
    assert summary_feeds.stats["item"] == 0 and summary_feeds.stats["not_modified"] == 2


def test_never_keeps_the_summaries_and_fetches_no_page(
    summary_feeds: FeedServer, tmp_path: Path
) -> None:
    db = tmp_path / "cache.db"
    report = run_sync(config(summary_feeds, FullText.NEVER), db)
    assert report.ok and report.counts.full_text == 0
    assert summary_feeds.stats["item"] == 0
    for url, item in truth(summary_feeds).items():
        assert stored(db)[url].article.paragraphs[0].startswith(item["paragraphs"][0][:40])


def test_auto_leaves_whole_entries_alone(tmp_path: Path) -> None:
    server = serve(summary=False)
    try:
        report = run_sync(config(server), tmp_path / "cache.db")
        assert report.ok and report.counts.new == ITEMS and report.counts.full_text == 0
        assert server.stats["item"] == 0
    finally:
        server.stop()


def test_an_unreachable_page_keeps_the_summary_and_is_read_by_the_next_sync(
    summary_feeds: FeedServer, tmp_path: Path
) -> None:
    db = tmp_path / "cache.db"
    broken = f"{summary_feeds.base_url}/items/0/5.html"
    summary_feeds.faults.status("/items/0/5.html", 503)
    report = run_sync(config(summary_feeds), db)
    assert report.ok, report.as_dict()  # a page is not the feed: the source synced
    assert report.counts.new == ITEMS
    assert report.counts.full_text == ITEMS - 1 and report.counts.full_text_failed == 1
    (note,) = report.sources["f0"].notes
    assert note.startswith("full text of 1 entry not read, summaries kept, 1 tried again next")
    assert broken in note and "503" in note
    summary = stored(db)[broken]
    item = truth(summary_feeds)[broken]
    assert summary.article.paragraphs != list(item["paragraphs"])  # the summary, whole
    assert summary.article.paragraphs[0].startswith(item["paragraphs"][0][:40])
    with Store.open(db) as store:
        store.set_read(summary.id, True)
        store.set_bookmark(summary.id, True)
    # the page is back: the next sync reads the feed whole again and completes the entry
    summary_feeds.faults.clear()
    summary_feeds.reset_stats()
    again = run_sync(config(summary_feeds), db)
    assert again.ok and again.counts.updated == 1 and again.counts.full_text == 1
    assert summary_feeds.stats["not_modified"] == 0 and summary_feeds.stats["item"] == 1
    completed = stored(db)[broken]
    assert completed.id == summary.id
    assert completed.article.paragraphs == list(item["paragraphs"])
    assert completed.read and completed.bookmarked  # the person's state stays
    summary_feeds.reset_stats()
    assert run_sync(config(summary_feeds), db).counts.updated == 0
    assert summary_feeds.stats["item"] == 0


def test_pages_that_are_not_articles_keep_the_summaries_for_good(tmp_path: Path) -> None:
    server = serve(summary=True, article_pages=False)
    try:
        db = tmp_path / "cache.db"
        report = run_sync(config(server), db)
        assert report.ok and report.counts.new == ITEMS
        assert report.counts.full_text == 0 and report.counts.full_text_failed == ITEMS
        (note,) = report.sources["f0"].notes
        assert note.startswith(f"full text of {ITEMS} entries not read, summaries kept; first:")
        assert "tried again" not in note
        for url, item in truth(server).items():
            assert stored(db)[url].article.paragraphs[0].startswith(item["paragraphs"][0][:40])
        server.reset_stats()
        again = run_sync(config(server), db)
        assert again.ok and server.stats["not_modified"] == 1 and server.stats["item"] == 0
    finally:
        server.stop()


def test_always_asks_even_for_whole_entries_and_keeps_them_when_the_page_has_less(
    tmp_path: Path,
) -> None:
    server = serve(summary=False)  # whole entries; item pages hold no article
    try:
        db = tmp_path / "cache.db"
        report = run_sync(config(server, FullText.ALWAYS), db)
        assert report.ok and server.stats["item"] == ITEMS
        assert report.counts.full_text_failed == ITEMS
        for url, item in truth(server).items():  # the feed's whole entry, as it came
            assert stored(db)[url].article.paragraphs == [*item["paragraphs"], "相关链接:园区介绍"]
    finally:
        server.stop()


def test_pages_on_another_host_are_not_fetched(tmp_path: Path) -> None:
    server = serve(summary=True)
    try:
        # the feed read through "localhost": its items link to 127.0.0.1, another host
        source = SourceConfig(
            name="f0",
            url=server.feed_url(0).replace("127.0.0.1", "localhost"),
            kind=SourceKind.FEED,
        )
        report = run_sync(Config(sources=(source,)), tmp_path / "cache.db")
        assert report.ok and report.counts.new == ITEMS
        assert server.stats["item"] == 0 and report.counts.full_text_failed == ITEMS
        assert "the page is on another host" in report.sources["f0"].notes[0]
    finally:
        server.stop()


def test_allow_hosts_lets_the_pages_of_another_host_be_read(tmp_path: Path) -> None:
    server = serve(summary=True)
    try:
        source = SourceConfig(
            name="f0",
            url=server.feed_url(0).replace("127.0.0.1", "localhost"),
            kind=SourceKind.FEED,
            allow_hosts=("127.0.0.1",),
        )
        report = run_sync(Config(sources=(source,)), tmp_path / "cache.db")
        assert report.ok and report.counts.new == ITEMS
        assert server.stats["item"] == ITEMS and report.counts.full_text == ITEMS
        assert report.counts.full_text_failed == 0
    finally:
        server.stop()
