"""Storing articles: upsert outcomes, round trips, user state across delete and re-sync."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from zonereader.models import (
    CST,
    Article,
    BodyImage,
    BodyLink,
    ListQuery,
    SiteLink,
    SyncCounts,
    UpsertOutcome,
    Validators,
)
from zonereader.store import Store, StoreError


def make(url: str = "http://zone.example/a/1.html", **changes: object) -> Article:
    fields: dict[str, object] = {
        "url": url,
        "title": "勇当先行者,谱写新篇章!市委八届五次全体(扩大)会议举行",
        "zone": "开发区新闻/舟山/文字新闻",
        "source": "sample",
        "published": datetime(2023, 12, 28, tzinfo=CST),
        "origin": "舟山日报",
        "publisher": "舟山高新技术产业园区",
        "paragraphs": ["12月27日,中共舟山市委八届五次全体(扩大)会议在新城举行。", "会议指出…"],
        "prev_link": SiteLink("http://zone.example/a/0.html", "温州布局中部循环经济产业链"),
        "next_link": None,
        "links": [BodyLink("http://zone.example/x.pdf", "实施细则"), BodyLink("http://z.example/")],
        "images": [BodyImage("http://zone.example/p.jpg", "园区全景", 1)],
    }
    fields.update(changes)
    return Article(**fields)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "cache.db") as opened:
        yield opened


def test_round_trip_keeps_every_field(store: Store) -> None:
    article = make()
    article_id, outcome = store.upsert_article(article)
    assert outcome is UpsertOutcome.NEW
    stored = store.article(article_id)
    assert stored is not None
    assert stored.article == article
    assert stored.article.published is not None
    assert stored.article.published.utcoffset() == timedelta(hours=8)
    assert stored.read is False and stored.bookmarked is False
    assert stored.first_seen.tzinfo is not None
    assert store.article_by_url(article.url) == stored


def test_dates_in_other_zones_and_naive_dates(store: Store) -> None:
    utc_article = make("http://f/1", published=datetime(2024, 3, 1, 10, 30, tzinfo=UTC))
    minus5 = timezone(timedelta(hours=-5))
    other = make("http://f/2", published=datetime(2024, 3, 1, 5, 0, tzinfo=minus5), has_time=True)
    naive = make("http://f/3", published=datetime(2024, 3, 1, 9, 0))
    for item in (utc_article, other, naive):
        article_id, _ = store.upsert_article(item)
        stored = store.article(article_id)
        assert stored is not None
        published = stored.article.published
        assert published is not None and published.tzinfo is not None
        expected = item.published if item.published.tzinfo else item.published.replace(tzinfo=CST)
        assert published == expected
    assert store.article_by_url("http://f/2").article.has_time is True  # type: ignore[union-attr]


def test_upsert_outcomes(store: Store) -> None:
    first_id, outcome = store.upsert_article(make())
    assert outcome is UpsertOutcome.NEW
    assert store.upsert_article(make()) == (first_id, UpsertOutcome.UNCHANGED)
    changed = make(paragraphs=["正文已更新。"])
    assert store.upsert_article(changed) == (first_id, UpsertOutcome.UPDATED)
    assert store.article(first_id).article.paragraphs == ["正文已更新。"]  # type: ignore[union-attr]
    assert store.upsert_article(changed) == (first_id, UpsertOutcome.UNCHANGED)


def test_update_keeps_user_state_and_first_seen(store: Store) -> None:
    article_id, _ = store.upsert_article(make())
    store.set_read(article_id, True)
    assert store.toggle_bookmark(article_id) is True
    before = store.article(article_id)
    store.upsert_article(make(title="新标题", zone="开发区新闻/温州/文字新闻"))
    after = store.article(article_id)
    assert after is not None and before is not None
    assert after.read and after.bookmarked
    assert after.first_seen == before.first_seen
    assert after.article.zone == "开发区新闻/温州/文字新闻"
    assert store.count(ListQuery(zone="开发区新闻/舟山")) == 0
    assert store.count(ListQuery(zone="开发区新闻/温州")) == 1
    assert store.count(ListQuery(search="新标题")) == 1
    assert store.count(ListQuery(search="先行者")) == 0


def test_user_state_survives_delete_and_resync(store: Store) -> None:
    article_id, _ = store.upsert_article(make())
    store.set_read(article_id, True)
    store.toggle_bookmark(article_id)
    assert store.delete_article(make().url) is True
    assert store.article(article_id) is None
    assert store.count(ListQuery()) == 0
    assert store.count(ListQuery(search="先行者")) == 0
    assert store.bookmarks() == []
    assert store.delete_article(make().url) is False
    new_id, outcome = store.upsert_article(make())
    assert outcome is UpsertOutcome.NEW
    stored = store.article(new_id)
    assert stored is not None and stored.read and stored.bookmarked
    assert store.unread_total() == 0
    assert [b.id for b in store.bookmarks()] == [new_id]


def test_known_urls_in_large_batches(store: Store) -> None:
    for index in range(0, 1200, 3):
        store.upsert_article(make(f"http://k/{index}"))
    asked = [f"http://k/{index}" for index in range(1200)]
    assert store.known_urls(asked) == {f"http://k/{index}" for index in range(0, 1200, 3)}
    assert store.known_urls([]) == set()


def test_validators(store: Store) -> None:
    assert store.validators("http://v/") == Validators()
    store.save_validators("http://v/", Validators(etag='"abc"', last_modified="Thu, 28 Dec 2023"))
    assert store.validators("http://v/") == Validators('"abc"', "Thu, 28 Dec 2023")
    store.save_validators("http://v/", Validators(etag='"def"'))
    assert store.validators("http://v/") == Validators('"def"', None)
    store.save_validators("http://v/", Validators())
    assert store.validators("http://v/") == Validators()


def test_meta(store: Store) -> None:
    assert store.get_meta("ui.zone") is None
    store.set_meta("ui.zone", "开发区新闻/舟山")
    assert store.get_meta("ui.zone") == "开发区新闻/舟山"
    store.set_meta("ui.zone", None)
    assert store.get_meta("ui.zone") is None


def test_runs(tmp_path: Path) -> None:
    ticks = iter(range(1_700_000_000, 1_800_000_000, 10))
    with Store.open(tmp_path / "c.db", clock=lambda: float(next(ticks))) as store:
        assert store.last_run() is None
        first = store.start_run(["sample"])
        assert store.last_run() is None  # not finished yet
        store.finish_run(first, SyncCounts(new=3, requests=7, errors=["x: boom"]))
        second = store.start_run(["sample", "feeds"])
        store.finish_run(second, SyncCounts(unchanged=3))
        run = store.last_run()
    assert run is not None
    assert run.id == second
    assert run.sources == ("sample", "feeds")
    assert run.counts == SyncCounts(unchanged=3)
    assert run.started.tzinfo is not None and run.finished > run.started


def test_batch_upsert_outcomes_and_atomicity(store: Store) -> None:
    results = store.upsert_articles([make("http://b/1"), make("http://b/2")])
    assert [outcome for _, outcome in results] == [UpsertOutcome.NEW, UpsertOutcome.NEW]
    results = store.upsert_articles(
        [make("http://b/1"), make("http://b/2", title="改"), make("http://b/3")]
    )
    assert [outcome for _, outcome in results] == [
        UpsertOutcome.UNCHANGED,
        UpsertOutcome.UPDATED,
        UpsertOutcome.NEW,
    ]
    assert store.upsert_articles([]) == []
    broken = make("http://b/5", zone="新区/新频道")
    broken.title = None  # type: ignore[assignment]  # violates NOT NULL: the batch fails
    with pytest.raises(StoreError):
        store.upsert_articles(
            [make("http://b/4", zone="新区/新频道"), broken],
            validators=[("http://b/4", Validators(etag='"4"'))],
        )
    assert store.known_urls(["http://b/4", "http://b/5"]) == set()
    assert store.validators("http://b/4") == Validators()  # rolled back with the articles
    assert store.count(ListQuery(zone="新区")) == 0
    # The zone made inside the failed batch was rolled back and is made again correctly.
    store.upsert_article(make("http://b/4", zone="新区/新频道"))
    assert store.count(ListQuery(zone="新区")) == 1
    assert [z.path for z in store.zone_counts()] == ["开发区新闻/舟山/文字新闻", "新区/新频道"]


def test_batch_saves_validators_with_the_articles(store: Store) -> None:
    store.save_validators("http://b/old", Validators(etag='"x"'))
    store.upsert_articles(
        [make("http://b/1")],
        validators=[
            ("http://b/1", Validators(etag='"1"', last_modified="Thu, 28 Dec 2023")),
            ("http://b/old", Validators()),  # both empty: forgotten
        ],
    )
    assert store.validators("http://b/1") == Validators('"1"', "Thu, 28 Dec 2023")
    assert store.validators("http://b/old") == Validators()
    # Validators alone (every article of the batch unchanged) are saved too.
    store.upsert_articles([], validators=[("http://b/2", Validators(etag='"2"'))])
    assert store.validators("http://b/2") == Validators('"2"', None)


def test_rename_moves_the_article_and_its_user_state(store: Store) -> None:
    article_id, _ = store.upsert_article(make("http://f/page.html"))
    store.set_read(article_id, True)
    store.toggle_bookmark(article_id)
    assert store.rename_article("http://f/page.html", "http://f/page.html#a12") is True
    moved = store.article_by_url("http://f/page.html#a12")
    assert moved is not None and moved.id == article_id
    assert moved.read and moved.bookmarked
    assert store.article_by_url("http://f/page.html") is None
    assert store.count(ListQuery(bookmarks=True)) == 1
    # nothing to rename, or the new identity is taken: nothing changes
    assert store.rename_article("http://f/page.html", "http://f/other.html") is False
    store.upsert_article(make("http://f/other.html"))
    assert store.rename_article("http://f/page.html#a12", "http://f/other.html") is False
    assert store.article_by_url("http://f/page.html#a12") is not None
