"""List queries: order and its stability, zone subtrees, unread filter, positions, bookmarks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from zonereader.models import CST, Article, ListQuery, ZoneCount
from zonereader.store import Store

ZS = "开发区新闻/舟山/文字新闻"
ZP = "开发区新闻/舟山/图片新闻"
WZ = "开发区新闻/温州/文字新闻"


class Clock:
    """A clock that moves one second per call, so first-seen times are distinct and known."""

    def __init__(self) -> None:
        self.now = 1_750_000_000.0

    def __call__(self) -> float:
        self.now += 1
        return self.now


def art(n: int, zone: str = ZS, day: int | None = 28, title: str = "") -> Article:
    published = datetime(2023, 12, day, tzinfo=CST) if day is not None else None
    return Article(
        url=f"http://p.example/{n}.html",
        title=title or f"文章{n}",
        zone=zone,
        source="sample",
        published=published,
        paragraphs=[f"正文{n}"],
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "cache.db", clock=Clock()) as opened:
        yield opened


def ids(store: Store, query: ListQuery, offset: int = 0, limit: int = 1000) -> list[int]:
    return [row.id for row in store.page(query, offset, limit)]


def test_newest_first_and_same_day_ties_by_insertion(store: Store) -> None:
    a, _ = store.upsert_article(art(1, day=27))
    b, _ = store.upsert_article(art(2, day=28))
    c, _ = store.upsert_article(art(3, day=28))
    d, _ = store.upsert_article(art(4, day=26))
    assert ids(store, ListQuery()) == [c, b, a, d]
    # Re-storing (unchanged or updated) never reorders same-day articles.
    store.upsert_article(art(2, day=28))
    store.upsert_article(art(2, day=28, title="改过的标题"))
    assert ids(store, ListQuery()) == [c, b, a, d]
    assert ids(store, ListQuery(zone=ZS)) == [c, b, a, d]


def test_undated_articles_sort_by_first_seen(store: Store) -> None:
    old, _ = store.upsert_article(art(1, day=1))  # 2023-12-01
    undated, _ = store.upsert_article(art(2, day=None))  # first seen "now" (2025)
    assert ids(store, ListQuery()) == [undated, old]
    assert store.article(undated).article.published is None  # type: ignore[union-attr]


def test_zone_means_the_zone_and_everything_below(store: Store) -> None:
    s1, _ = store.upsert_article(art(1, ZS))
    p1, _ = store.upsert_article(art(2, ZP))
    w1, _ = store.upsert_article(art(3, WZ))
    assert ids(store, ListQuery(zone=ZS)) == [s1]
    assert ids(store, ListQuery(zone="开发区新闻/舟山")) == [p1, s1]
    assert ids(store, ListQuery(zone="开发区新闻")) == [w1, p1, s1]
    assert ids(store, ListQuery(zone="/开发区新闻/舟山/")) == [p1, s1]  # normalised
    assert ids(store, ListQuery(zone="开发区")) == []  # a prefix of a name is not a parent
    assert store.count(ListQuery(zone="没有这个")) == 0
    assert store.page(ListQuery(zone="没有这个"), 0, 10) == []
    assert store.zone_counts() == [
        ZoneCount(WZ, 1, 1),
        ZoneCount(ZP, 1, 1),
        ZoneCount(ZS, 1, 1),
    ]


def test_pages_counts_positions_and_neighbours(store: Store) -> None:
    made = [store.upsert_article(art(n, day=1 + n % 28))[0] for n in range(60)]
    query = ListQuery(zone="开发区新闻")
    order = ids(store, query)
    assert sorted(order) == sorted(made) and store.count(query) == 60
    assert ids(store, query, 10, 5) == order[10:15]
    assert ids(store, query, 58, 50) == order[58:]
    assert ids(store, query, 100, 50) == []
    assert store.page(query, 0, 0) == []
    for position in (0, 17, 59):
        assert store.index_of(query, order[position]) == position
    assert store.neighbour(query, order[10], 1).id == order[11]  # type: ignore[union-attr]
    assert store.neighbour(query, order[10], -1).id == order[9]  # type: ignore[union-attr]
    assert store.neighbour(query, order[10], 5).id == order[15]  # type: ignore[union-attr]
    assert store.neighbour(query, order[0], -1) is None
    assert store.neighbour(query, order[59], 1) is None
    assert store.index_of(query, 999_999) is None
    assert store.neighbour(query, 999_999, 1) is None


def test_unread_filter_everywhere(store: Store) -> None:
    made = [store.upsert_article(art(n, ZS if n % 2 else WZ, day=1 + n))[0] for n in range(10)]
    order = ids(store, ListQuery())
    for article_id in made[::3]:
        store.set_read(article_id, True)
    unread = ListQuery(unread_only=True)
    expected = [i for i in order if i not in made[::3]]
    assert ids(store, unread) == expected
    assert store.count(unread) == len(expected) == store.unread_total()
    zone_unread = ListQuery(zone="开发区新闻/舟山", unread_only=True)
    assert ids(store, zone_unread) == [i for i in expected if i in made[1::2]]
    assert store.index_of(unread, made[0]) is None  # read: not in the unread list
    # Next from an article that just left the unread list is the next unread after it.
    position = order.index(made[3])
    following = next(i for i in order[position + 1 :] if i in expected)
    assert store.neighbour(unread, made[3], 1).id == following  # type: ignore[union-attr]
    counts = {c.path: (c.total, c.unread) for c in store.zone_counts()}
    assert counts == {ZS: (5, 3), WZ: (5, 3)}
    store.set_read(made[0], False)
    assert store.unread_total() == 7
    store.set_read(made[0], False)  # idempotent
    assert store.unread_total() == 7


def test_mark_read_on_a_subtree(store: Store) -> None:
    for n in range(6):
        store.upsert_article(art(n, ZS if n < 2 else (ZP if n < 4 else WZ)))
    assert store.mark_read(ListQuery(zone="开发区新闻/舟山")) == 4
    assert store.mark_read(ListQuery(zone="开发区新闻/舟山")) == 0
    assert store.unread_total() == 2
    assert store.count(ListQuery(zone="开发区新闻/舟山", unread_only=True)) == 0
    assert store.count(ListQuery(unread_only=True)) == 2
    assert {c.path: c.unread for c in store.zone_counts()} == {ZS: 0, ZP: 0, WZ: 2}
    assert store.mark_read(ListQuery(search="文章5")) == 1
    assert store.mark_read(ListQuery()) == 1
    assert store.unread_total() == 0


def test_bookmarks_newest_first(store: Store) -> None:
    a, _ = store.upsert_article(art(1, day=1))
    b, _ = store.upsert_article(art(2, day=20))
    c, _ = store.upsert_article(art(3, day=10))
    for article_id in (b, a, c):
        assert store.toggle_bookmark(article_id) is True
    assert [s.id for s in store.bookmarks()] == [c, a, b]
    query = ListQuery(bookmarks=True)
    assert ids(store, query) == [c, a, b]
    assert store.count(query) == 3
    assert store.index_of(query, a) == 1
    assert store.neighbour(query, a, 1).id == b  # type: ignore[union-attr]
    assert store.toggle_bookmark(a) is False
    assert ids(store, query) == [c, b]
    store.set_read(c, True)
    assert ids(store, ListQuery(bookmarks=True, unread_only=True)) == [b]
    summaries = {row.id: row for row in store.page(ListQuery(), 0, 10)}
    assert summaries[b].bookmarked and not summaries[a].bookmarked
    assert store.bookmarks()[0].bookmarked_at is not None
    assert store.toggle_bookmark(12345) is False


def test_summary_fields(store: Store) -> None:
    article = art(7)
    article.publisher = "舟山高新技术产业园区"
    article_id, _ = store.upsert_article(article)
    (row,) = store.page(ListQuery(), 0, 1)
    assert row.id == article_id and row.url == article.url and row.title == article.title
    assert row.zone == ZS and row.publisher == "舟山高新技术产业园区"
    assert row.published == datetime(2023, 12, 28, tzinfo=CST)
    assert row.published.utcoffset() == timedelta(hours=8)  # type: ignore[union-attr]
    assert not row.read and not row.bookmarked
