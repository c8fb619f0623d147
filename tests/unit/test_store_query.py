"""The query language over a real cache: every query's list equals a brute-force evaluation.

A cache of a few thousand articles over several zones, sources, origins, publishers and dates,
with some read and some bookmarked, is searched with each query; the store's list (count,
order, pages, positions) must be exactly what evaluating the parsed query in Python over every
article gives. Plans are checked to be index walks (no sort), and hostile queries to end in a
QueryError or a result, never in an SQLite error.
"""

from __future__ import annotations

import functools
import random
import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from zonereader.models import CST, Article, ListQuery
from zonereader.store import Store, StoreError
from zonereader.store.rows import to_epoch
from zonereader.text.query import (
    And,
    Field,
    FieldTerm,
    Flag,
    FlagTerm,
    Node,
    Not,
    Or,
    QueryError,
    Words,
    parse_query,
)

ZONES = [
    "开发区新闻/浙江/舟山/文字新闻",
    "开发区新闻/浙江/舟山/图片新闻",
    "开发区新闻/浙江/温州/文字新闻",
    "开发区新闻/江苏/苏州/文字新闻",
    "长三角/上海/张江",
    "半导体观察",
]
SOURCES = ["portal", "semi-feed", "sh-feed"]
ORIGINS = ["舟山日报", "新华社", "Reuters", ""]
PUBLISHERS = ["舟山高新技术产业园区", "温州经开区", "张江科学城", ""]
WORDS = [
    "半导体", "签约", "开工", "产业园", "政策", "舟山", "数字经济", "集成电路", "项目",
    "招商引资", "新能源", "园区", "投产", "合作", "论坛", "AI", "GDP", "芯片", "长三角",
]  # fmt: skip
ARTICLES = 3000


@dataclass(frozen=True)
class Row:
    """What the oracle knows of one cached article."""

    id: int
    url: str
    text: str
    """Title and body, NFKC and lower case."""
    zone: str
    source: str
    origin: str
    publisher: str
    sort_ts: int
    read: bool
    bookmarked: bool


def _sentence(rng: random.Random) -> str:
    return "".join(rng.choice(WORDS) + rng.choice("，。的在和") for _ in range(rng.randint(3, 9)))


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, list[Row]]]:
    """A cache of ARTICLES articles, some read, some bookmarked, and the oracle's rows."""
    rng = random.Random(20240101)
    db = tmp_path_factory.mktemp("query") / "cache.db"
    base = datetime(2024, 3, 1, 9, 0, tzinfo=CST)
    articles = []
    for index in range(ARTICLES):
        published = base - timedelta(hours=7 * index + rng.randint(0, 5))
        articles.append(
            Article(
                url=f"http://q.example/{index}.html",
                title=_sentence(rng)[:20],
                zone=rng.choice(ZONES),
                source=rng.choice(SOURCES),
                published=None if index % 97 == 0 else published,
                origin=rng.choice(ORIGINS),
                publisher=rng.choice(PUBLISHERS),
                paragraphs=[_sentence(rng) for _ in range(rng.randint(1, 3))],
            )
        )
    store = Store.open(db, clock=lambda: 1_709_250_000.0)
    for start in range(0, len(articles), 500):
        store.upsert_articles(articles[start : start + 500])
    everything = store.page(ListQuery(), 0, ARTICLES)
    for row in everything[::3]:
        store.set_read(row.id, True)
    for row in everything[::41]:
        store.toggle_bookmark(row.id)
    by_url = {a.url: a for a in articles}
    rows = []
    for summary in store.page(ListQuery(), 0, ARTICLES):
        article = by_url[summary.url]
        epoch = to_epoch(article.published)[0]
        rows.append(
            Row(
                id=summary.id,
                url=summary.url,
                text=_norm(f"{article.title}\n" + "\n".join(article.paragraphs)),
                zone=article.zone,
                source=article.source,
                origin=article.origin,
                publisher=article.publisher,
                sort_ts=epoch if epoch is not None else 1_709_250_000,
                read=summary.read,
                bookmarked=summary.bookmarked,
            )
        )
    yield store, rows
    store.close()


# --------------------------------------------------------------------------- the oracle


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


@functools.cache
def _zone_path(value: str) -> str:
    """The zone path a zone: filter names (the tests only use unambiguous ones)."""
    paths = {
        "/".join(zone.split("/")[:depth])
        for zone in ZONES
        for depth in range(1, len(zone.split("/")) + 1)
    }
    if value in paths:
        return value
    ending = [path for path in paths if path.endswith("/" + value)]
    assert len(ending) == 1, (value, ending)
    return ending[0]


def _day_ts(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=CST).timestamp())


def holds(node: Node, row: Row) -> bool:
    """Evaluate a parsed query on one article (words: substring of title or body)."""
    if isinstance(node, Words):
        parts = [p for p in re.split(r"[\W_]+", _norm(node.text)) if p]
        return all(part in row.text for part in parts)
    if isinstance(node, FlagTerm):
        return not row.read if node.flag is Flag.UNREAD else row.bookmarked
    if isinstance(node, FieldTerm):
        if node.field is Field.ZONE:
            path = _zone_path(node.value)
            return row.zone == path or row.zone.startswith(path + "/")
        if node.field is Field.SOURCE:
            return row.source == node.value
        if node.field is Field.ORIGIN:
            return _norm(node.value) in _norm(row.origin)
        if node.field is Field.PUBLISHER:
            return _norm(node.value) in _norm(row.publisher)
        assert node.day is not None
        if node.field is Field.AFTER:
            return row.sort_ts >= _day_ts(node.day)
        return row.sort_ts < _day_ts(node.day)
    if isinstance(node, Not):
        return not holds(node.item, row)
    if isinstance(node, And):
        return all(holds(item, row) for item in node.items)
    assert isinstance(node, Or)
    return any(holds(item, row) for item in node.items)


def expected_ids(rows: list[Row], text: str, unread_only: bool = False) -> list[int]:
    node = parse_query(text)
    ordered = sorted(rows, key=lambda r: (r.sort_ts, r.id), reverse=True)
    return [r.id for r in ordered if holds(node, r) and not (unread_only and r.read)]


QUERIES = [
    "半导体",
    "签约 开工",
    "签约 AND 开工",
    "签约 OR 开工",
    "集成电路 OR 芯片 OR AI",
    "(签约 OR 开工) 舟山",
    "园区 NOT 舟山",
    "园区 NOT (舟山 OR 温州)",
    "NOT 园区",
    "NOT 园区 zone:舟山",
    "zone:舟山",
    "zone:舟山/文字新闻",
    "zone:开发区新闻/浙江",
    "zone:张江 半导体",
    "半导体 zone:长三角",
    "半导体观察",
    "zone:半导体观察 unread",
    "source:semi-feed",
    "source:semi-feed 签约",
    "origin:新华社",
    "origin:reuters 芯片",
    "publisher:舟山",
    "publisher:舟山 OR origin:舟山",
    "after:2024-02-01",
    "before:2024-01-01",
    "after:2024-01-01 before:2024-02-01",
    "签约 after:2024-02-01",
    "签约 before:2024-02-01 unread",
    "unread",
    "bookmarked",
    "bookmarked OR 半导体",
    "签约 OR zone:温州",
    "(签约 zone:舟山) OR (开工 zone:温州)",
    "NOT zone:舟山 NOT zone:温州 新能源",
    "政策 (after:2024-02-15 OR bookmarked)",
    "GDP",
    "gd",
    "数字经济 NOT NOT 新能源",
    "招商 引资",
    '"招商引资"',
    "unread bookmarked",
    "NOT unread",
    "(园区 OR NOT 舟山) 签约",
]


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("unread_only", [False, True])
def test_lists_equal_brute_force(
    cache: tuple[Store, list[Row]], text: str, unread_only: bool
) -> None:
    store, rows = cache
    if text == "gd":
        pytest.skip("ASCII prefix semantics: checked in test_ascii_words_are_prefixes")
    query = ListQuery(search=text, unread_only=unread_only)
    want = expected_ids(rows, text, unread_only)
    assert store.count(query) == len(want)
    got = [row.id for row in store.page(query, 0, ARTICLES)]
    assert got == want
    if len(want) > 20:
        middle = len(want) // 2
        assert [r.id for r in store.page(query, middle, 10)] == want[middle : middle + 10]
        assert store.index_of(query, want[middle]) == middle
        assert store.neighbour(query, want[middle], 1).id == want[middle + 1]  # type: ignore[union-attr]
        assert store.neighbour(query, want[middle], -3).id == want[middle - 3]  # type: ignore[union-attr]
    outside = next((r.id for r in rows if r.id not in set(want)), None)
    if outside is not None:
        assert store.index_of(query, outside) is None


def test_ascii_words_are_prefixes(cache: tuple[Store, list[Row]]) -> None:
    store, rows = cache
    starts = re.compile(r"(?<![a-z0-9])gd")
    want = sum(1 for row in rows if starts.search(row.text))
    assert store.count(ListQuery(search="gd")) == want  # GDP, and GD where a title was cut
    assert store.count(ListQuery(search="GDP")) < want


def test_after_and_before_split_the_cache(cache: tuple[Store, list[Row]]) -> None:
    store, rows = cache
    after = store.count(ListQuery(search="after:2024-01-15"))
    before = store.count(ListQuery(search="before:2024-01-15"))
    assert after + before == len(rows)
    words_after = store.count(ListQuery(search="园区 after:2024-01-15"))
    words_before = store.count(ListQuery(search="园区 before:2024-01-15"))
    assert words_after + words_before == store.count(ListQuery(search="园区"))


# --------------------------------------------------------------------------- zones


def test_zone_suffixes_must_be_unique_and_known(cache: tuple[Store, list[Row]]) -> None:
    store, _rows = cache
    with pytest.raises(QueryError) as caught:
        store.count(ListQuery(search="签约 zone:文字新闻"))
    message = str(caught.value)
    assert "zone:文字新闻 is ambiguous" in message
    assert "开发区新闻/江苏/苏州/文字新闻" in message
    assert "at character 4" in message
    with pytest.raises(QueryError, match="no zone is called '宁波' or ends with it"):
        store.count(ListQuery(search="zone:宁波"))
    with pytest.raises(QueryError, match="no zone is called '山'"):
        store.count(ListQuery(search="zone:山"))  # whole parts only


def test_zone_names_with_like_wildcards_are_literal(tmp_path: Path) -> None:
    with Store.open(tmp_path / "w.db") as store:
        for index, zone in enumerate(["a/100%_x", "b/100", "c/1000x"]):
            store.upsert_article(Article(url=f"http://w/{index}", title="t", zone=zone, source="s"))
        assert store.count(ListQuery(search="zone:100%_x")) == 1
        assert store.count(ListQuery(search="zone:100")) == 1
        with pytest.raises(QueryError):
            store.count(ListQuery(search="zone:%"))


# --------------------------------------------------------------------------- plans


def _plan_details(store: Store, text: str, unread_only: bool = False) -> str:
    plan = store._lists.plan(store._db, ListQuery(search=text, unread_only=unread_only))
    sql = (
        f"SELECT {plan.id_expr} FROM {plan.table} WHERE {plan.where} "  # type: ignore[union-attr]
        f"ORDER BY {plan.order} LIMIT 50"  # type: ignore[union-attr]
    )
    found = store._db.execute(f"EXPLAIN QUERY PLAN {sql}", plan.params).fetchall()  # type: ignore[union-attr]
    return "\n".join(str(row[3]) for row in found)


@pytest.mark.parametrize(
    ("text", "driver"),
    [
        ("签约 zone:舟山", "VIRTUAL TABLE INDEX"),
        ("签约 unread source:portal", "VIRTUAL TABLE INDEX"),
        ("签约 after:2024-01-01", "VIRTUAL TABLE INDEX"),
        ("zone:舟山 unread", "zone_members_unread"),
        ("zone:舟山 source:portal", "SEARCH m USING PRIMARY KEY (zone_id=?)"),
        ("after:2024-01-01", "SEARCH m USING PRIMARY KEY (zone_id=? AND sort_ts>?)"),
        ("NOT 签约 zone:舟山", "SEARCH m USING PRIMARY KEY (zone_id=?)"),
    ],
)
def test_pages_are_index_walks_in_list_order(
    cache: tuple[Store, list[Row]], text: str, driver: str
) -> None:
    store, _rows = cache
    details = _plan_details(store, text)
    first = details.splitlines()[0]
    assert driver in first, details
    assert "TEMP B-TREE" not in details, details


# --------------------------------------------------------------------------- hostile input


def test_hostile_queries_never_reach_sqlite_as_syntax(cache: tuple[Store, list[Row]]) -> None:
    """Random strings over FTS5 and query syntax: a list or a QueryError, never SQLite's error."""
    store, _rows = cache
    alphabet = [
        *"()\"*^:+-{}NEAR ORANDNOT 签约园区aZ9_%\\'\x00\x1b，。",
        "zone:",
        "source:",
        "after:2024-01-01",
        "unread",
        "NEAR(",
        "title:",
        " OR ",
        " NOT ",
    ]
    rng = random.Random(5)
    answered = refused = 0
    for _ in range(1500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))
        try:
            store.count(ListQuery(search=text))
            store.page(ListQuery(search=text, unread_only=True), 0, 5)
            answered += 1
        except QueryError as exc:
            assert "\n" not in str(exc)
            refused += 1
        except (StoreError, sqlite3.Error) as exc:  # pragma: no cover - the failure we guard
            pytest.fail(f"{text!r}: {exc}")
    assert answered > 100 and refused > 100


@pytest.mark.parametrize(
    "text",
    ['"NEAR(a b)"', "a:b", "col:val", "title:舟山", "^舟山", "舟山*", "{title body}:签约", "a'b"],
)
def test_fts_operators_inside_words_are_searched_as_text(
    cache: tuple[Store, list[Row]], text: str
) -> None:
    store, _rows = cache
    try:
        store.count(ListQuery(search=text))
    except QueryError as exc:
        assert "unknown filter" in str(exc)


def test_a_long_query_within_limits_answers(cache: tuple[Store, list[Row]]) -> None:
    store, _rows = cache
    text = " OR ".join(f"zone:{zone}" for zone in ZONES[:4]) + " " + " ".join(WORDS[:40])
    assert store.count(ListQuery(search=text)) >= 0
    assert store.count(ListQuery(search="签约" * 999)) == 0
