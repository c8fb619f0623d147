"""``zonereader doctor``'s recovery of a cache written by this version: pictures and the
tombstones of pruned articles come across with the articles and their user state."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from zonereader.models import CST, Article, BodyImage, ListQuery
from zonereader.store import Store, retention
from zonereader.store.salvage import recover

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=CST)


def _article(index: int, *, days_old: int) -> Article:
    return Article(
        url=f"http://s.example/{index}.html",
        title=f"新闻{index}",
        zone="园区动态",
        source="s",
        published=NOW - timedelta(days=days_old),
        paragraphs=["第一段", "第二段"],
        images=[BodyImage(f"http://s.example/{index}.jpg", "图", 1)],
    )


def test_recovery_keeps_pictures_and_tombstones(tmp_path: Path) -> None:
    path = tmp_path / "cache.db"
    with Store.open(path, clock=lambda: NOW.timestamp()) as store:
        store.upsert_articles([_article(n, days_old=n * 30) for n in range(6)])
        old = store.page(ListQuery(), 0, 10)[-1]
        store.toggle_bookmark(old.id)  # the oldest stays: bookmarked
        pruned = store.prune((NOW - timedelta(days=75)).timestamp())
        assert (pruned.articles, pruned.kept_bookmarked) == (2, 1)  # 90, 120 days; 150 kept
        retention.checkpoint(store._db)

    target = tmp_path / "recovered.db"
    done = recover(path, target)
    assert done.articles == 4 and done.bookmarks == 1 and done.tombstones == 2
    with Store.open(target) as store:
        first = store.article_by_url("http://s.example/0.html")
        assert first is not None
        assert first.article.images == [BodyImage("http://s.example/0.jpg", "图", 1)]
        gone = store.tombstones([f"http://s.example/{n}.html" for n in range(6)])
        assert set(gone) == {"http://s.example/3.html", "http://s.example/4.html"}
