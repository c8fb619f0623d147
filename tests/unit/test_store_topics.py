"""The topic index: a topic's list from its index is always the live query's list.

Over a cache of a few thousand articles, topics are indexed, then the cache changes in every
way it can (new and changed articles from a sync, read flags, bookmarks, a prune, a new zone
that changes what ``zone:`` means); after each change, every topic list, page and count (with
and without the unread filter) must equal the live search of the same query.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from zonereader.models import CST, Article, ListQuery
from zonereader.store import Store, retention

WORDS = ["签约", "开工", "产业园", "半导体", "政策", "投资", "项目", "人才", "港口", "物流"]
ZONES = ["开发区新闻/浙江/舟山/文字新闻", "开发区新闻/浙江/温州/文字新闻", "园区动态/苏州"]
ARTICLES = 2000
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=CST)
TOPICS = [
    "签约",
    "签约 zone:舟山",
    "(签约 OR 开工) NOT 港口",
    "zone:苏州",
    "半导体 after:2024-03-01",
    "source:b",
    "origin:新华 OR publisher:舟山",
    '"产业园 政策"',
]
LIVE = "签约 unread"  # filters on user state: never indexed


def _article(rng: random.Random, index: int, **changes: object) -> Article:
    article = Article(
        url=f"http://t.example/{index}.html",
        title="".join(rng.choice(WORDS) for _ in range(3)),
        zone=ZONES[index % len(ZONES)],
        source=rng.choice("ab"),
        published=NOW - timedelta(hours=2 * index),
        origin=rng.choice(["新华社", "舟山日报", ""]),
        publisher=rng.choice(["舟山高新区", "温州经开区", ""]),
        paragraphs=["，".join(rng.choice(WORDS) for _ in range(12))],
    )
    for name, value in changes.items():
        setattr(article, name, value)
    return article


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("topics") / "cache.db"
    rng = random.Random(8)
    with Store.open(path, clock=lambda: NOW.timestamp()) as store:
        articles = [_article(rng, index) for index in range(ARTICLES)]
        for start in range(0, ARTICLES, 500):
            store.upsert_articles(articles[start : start + 500])
        for row in store.page(ListQuery(), 0, ARTICLES)[::3]:
            store.set_read(row.id, True)
        retention.checkpoint(store._db)
    return path


@pytest.fixture
def store(tmp_path: Path, template: Path) -> Iterator[Store]:
    path = tmp_path / "cache.db"
    shutil.copyfile(template, path)
    with Store.open(path, clock=lambda: NOW.timestamp()) as opened:
        yield opened


def _uses_index(store: Store, query: str) -> bool:
    plan = store._lists.plan(store._db, ListQuery(topic=query))
    return "topic_members" in plan.table  # type: ignore[union-attr]


def assert_topics_match_live(store: Store, queries: list[str]) -> None:
    """Every topic list equals the live search list: ids in order, counts, unread, pages."""
    store._lists.forget_counts()
    for query in queries:
        for unread in (False, True):
            topic = ListQuery(topic=query, unread_only=unread)
            live = ListQuery(search=query, unread_only=unread)
            want = [row.id for row in store.page(live, 0, ARTICLES * 2)]
            assert [row.id for row in store.page(topic, 0, ARTICLES * 2)] == want, query
            assert store.count(topic) == len(want), query
            if len(want) > 10:
                middle = len(want) // 2
                assert store.index_of(topic, want[middle]) == middle
                assert store.neighbour(topic, want[middle], 1).id == want[middle + 1]  # type: ignore[union-attr]


def test_topics_are_indexed_and_answer_like_the_live_query(store: Store) -> None:
    assert not any(_uses_index(store, query) for query in TOPICS)  # never refreshed: live
    assert store.refresh_topics([*TOPICS, LIVE]) == {}
    assert all(_uses_index(store, query) for query in TOPICS)
    assert not _uses_index(store, LIVE)
    assert_topics_match_live(store, [*TOPICS, LIVE])
    counts = store.topic_counts([*TOPICS, LIVE])
    for query in [*TOPICS, LIVE]:
        assert counts[query] == store.count(ListQuery(search=query, unread_only=True))


def test_the_index_follows_syncs_reads_bookmarks_and_prunes(store: Store) -> None:
    store.refresh_topics(TOPICS)
    rng = random.Random(99)
    # a sync: new articles, and changed ones (new title, new date: a new list key)
    new = [_article(rng, ARTICLES + n, title=f"签约新闻{n}", published=NOW) for n in range(50)]
    changed = [
        _article(rng, n, title="港口半导体开工", published=NOW + timedelta(days=1))
        for n in range(5)
    ]
    store.upsert_articles(new + changed)
    assert not any(_uses_index(store, query) for query in TOPICS)  # pending: answered live
    assert_topics_match_live(store, TOPICS)
    store.refresh_topics(TOPICS)
    assert all(_uses_index(store, query) for query in TOPICS)
    assert_topics_match_live(store, TOPICS)
    # reading, one at a time and by whole lists
    rows = store.page(ListQuery(topic="签约"), 0, 40)
    for row in rows[:10]:
        store.set_read(row.id, True)
    store.mark_read(ListQuery(topic="zone:苏州"))
    store.mark_unread(ListQuery(zone="开发区新闻/浙江/舟山"))
    store.set_bookmark(rows[3].id, True)
    assert all(_uses_index(store, query) for query in TOPICS)  # reads need no refresh
    assert_topics_match_live(store, [*TOPICS, LIVE])
    # a prune removes members with their articles
    store.prune((NOW - timedelta(days=60)).timestamp())
    assert all(_uses_index(store, query) for query in TOPICS)
    assert_topics_match_live(store, TOPICS)


def test_a_new_zone_that_changes_what_zone_means_rebuilds_the_topic(store: Store) -> None:
    store.refresh_topics(["zone:苏州 签约"])
    assert _uses_index(store, "zone:苏州 签约")
    rng = random.Random(5)
    store.upsert_article(_article(rng, 9999, zone="新闻/苏州", title="签约苏州"))
    # zone:苏州 now names two zones: the query fails, live and indexed alike
    problems = store.refresh_topics(["zone:苏州 签约"])
    assert "zone:苏州 is ambiguous" in problems["zone:苏州 签约"]
    counts = store.topic_counts(["zone:苏州 签约", "zone:园区动态/苏州 签约"])
    assert isinstance(counts["zone:苏州 签约"], str)
    assert counts["zone:园区动态/苏州 签约"] == store.count(
        ListQuery(search="zone:园区动态/苏州 签约", unread_only=True)
    )
    assert_topics_match_live(store, ["zone:园区动态/苏州 签约"])


def test_topics_no_longer_asked_for_are_dropped(store: Store) -> None:
    store.refresh_topics(TOPICS)
    store.refresh_topics(TOPICS[:2])
    conn = store._db
    assert [row[0] for row in conn.execute("SELECT query FROM topics ORDER BY id")] == TOPICS[:2]
    store.refresh_topics([])
    assert conn.execute("SELECT count(*) FROM topic_members").fetchone()[0] == 0
    rng = random.Random(1)
    store.upsert_article(_article(rng, 7777))
    assert conn.execute("SELECT count(*) FROM topic_pending").fetchone()[0] == 0  # none indexed


def test_a_malformed_topic_is_a_problem_not_an_error(store: Store) -> None:
    problems = store.refresh_topics(["(签约", "签约"])
    assert "never closed" in problems["(签约"]
    counts = store.topic_counts(["(签约", "签约"])
    assert isinstance(counts["(签约"], str) and isinstance(counts["签约"], int)
