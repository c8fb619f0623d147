"""Full-text search over title and body: short Chinese queries, mixed ASCII, exactness."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from zonereader.models import CST, Article, ListQuery
from zonereader.store import Store
from zonereader.store.search import fts_query
from zonereader.text.bigrams import index_text
from zonereader.text.query import QueryError

TEXTS = [
    ("舟山高新区5G基站建设提速", "今年GDP同比增长8%，开发区新闻报道。"),
    ("温州布局中部循环经济产业链", "苏州工业园区与舟山签约，总投资12亿元。"),
    ("永乐店邀专家解读十八大精神", "会议在新城举行；AI芯片项目开工。"),
    ("合肥经开区招商引资再创新高", "全年新增企业三百家，gdp稳步提升。"),
    ("Ｇｄｐ全角测试", "全角字母５Ｇ也能搜到。"),
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "cache.db") as opened:
        for index, (title, body) in enumerate(TEXTS):
            opened.upsert_article(
                Article(
                    url=f"http://s.example/{index}",
                    title=title,
                    zone="开发区新闻/测试",
                    source="s",
                    paragraphs=[body],
                )
            )
        yield opened


def found(store: Store, text: str) -> set[int]:
    """Indexes into TEXTS of the articles a search finds."""
    return {int(row.url.rsplit("/", 1)[1]) for row in store.page(ListQuery(search=text), 0, 100)}


def expected(text: str) -> set[int]:
    """What a substring search (case-insensitive, NFKC) over title and body finds."""
    needle = unicodedata.normalize("NFKC", text).lower()
    return {
        index
        for index, (title, body) in enumerate(TEXTS)
        if needle in unicodedata.normalize("NFKC", f"{title}\n{body}").lower()
    }


@pytest.mark.parametrize(
    "query",
    ["舟", "区", "舟山", "园区", "开发区", "招商引资", "循环经济产业链", "新城举行"],
)
def test_chinese_queries_of_every_length(store: Store, query: str) -> None:
    assert found(store, query) == expected(query)
    assert found(store, query), query


@pytest.mark.parametrize("query", ["5G基站", "GDP", "gdp", "5G", "AI芯片", "12亿元", "8%", "全角"])
def test_mixed_and_ascii_queries(store: Store, query: str) -> None:
    assert found(store, query) == expected(query.rstrip("%"))


def test_full_width_text_and_queries_are_normalised(store: Store) -> None:
    assert found(store, "ＧＤＰ") == {0, 3, 4}
    assert found(store, "５G") == {0, 4}


def test_ascii_prefix_and_whole_word_rules(store: Store) -> None:
    assert found(store, "GD") == {0, 3, 4}  # the last word of a term is a prefix
    assert found(store, "DP") == set()  # documented: ASCII words match from their start


def test_terms_are_anded(store: Store) -> None:
    assert found(store, "舟山 签约") == {1}
    assert found(store, "舟山，签约") == {1}
    assert found(store, "舟山 没有的词") == set()


@pytest.mark.parametrize("text", ["", "  ，。 ", '"*', "()"])
def test_nothing_searchable_is_a_query_error(store: Store, text: str) -> None:
    with pytest.raises(QueryError):
        store.count(ListQuery(search=text))
    assert fts_query(text.strip('()"*')) is None


def test_not_a_substring_across_punctuation(store: Store) -> None:
    # "亿元" is followed by "。" then nothing: "元会" exists in no text.
    assert found(store, "元会") == set()


def test_search_follows_updates_and_deletes(store: Store) -> None:
    store.upsert_article(
        Article(url="http://s.example/0", title="改名了", zone="z", source="s", paragraphs=["新"])
    )
    assert found(store, "舟山高新") == set()
    assert found(store, "改名") == {0}
    store.delete_article("http://s.example/0")
    assert found(store, "改名") == set()


def test_search_results_are_date_ordered_and_filterable(store: Store) -> None:
    query = ListQuery(search="区")
    rows = store.page(query, 0, 100)
    assert [r.id for r in rows] == sorted((r.id for r in rows), reverse=True)  # undated: seen
    first = rows[0].id
    store.set_read(first, True)
    unread = ListQuery(search="区", unread_only=True)
    assert first not in [r.id for r in store.page(unread, 0, 100)]
    assert store.count(unread) == len(rows) - 1
    assert store.index_of(query, rows[1].id) == 1
    assert store.neighbour(query, rows[0].id, 1).id == rows[1].id  # type: ignore[union-attr]
    assert store.neighbour(unread, first, 1).id == rows[1].id  # type: ignore[union-attr]


def test_random_chinese_substrings_match_a_brute_force_search(tmp_path: Path) -> None:
    rng = random.Random(7)
    alphabet = "开发区新闻舟山高新技术产业园温州经济，"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(5, 40))) for _ in range(80)]
    with Store.open(tmp_path / "r.db") as store:
        for index, text in enumerate(texts):
            article = Article(
                url=f"http://r/{index}", title=text[:8], zone="z", source="s", paragraphs=[text[8:]]
            )
            store.upsert_article(article)
        checked = 0
        for _ in range(300):
            source = rng.choice(texts)
            start = rng.randrange(len(source))
            needle = source[start : start + rng.randint(1, 4)]
            if "，" in needle:
                continue  # punctuation separates terms; covered elsewhere
            # Title and body are separate columns: a match never straddles them.
            want = {i for i, t in enumerate(texts) if needle in t[:8] or needle in t[8:]}
            query = ListQuery(search=needle)
            got = {int(r.url.rsplit("/", 1)[1]) for r in store.page(query, 0, 1000)}
            assert got == want, needle
            assert store.count(query) == len(want)
            checked += 1
        assert checked > 100


def test_index_text_shape() -> None:
    assert index_text("舟山高新").split() == ["舟山", "山高", "高新", "新"]
    assert index_text("舟").split() == ["舟"]
    assert index_text("5G基站").split() == ["5G", "基站", "站"]


def test_search_order_equals_list_order(tmp_path: Path) -> None:
    days = [28, 3, 28, None, 15, 28, 1]
    with Store.open(tmp_path / "o.db") as store:
        for index, day in enumerate(days):
            published = datetime(2023, 12, day, tzinfo=CST) if day else None
            if index == 6:
                published = datetime(1969, 7, 20, tzinfo=CST)  # before the epoch
            store.upsert_article(
                Article(
                    url=f"http://o/{index}",
                    title=f"排序测试{index}",
                    zone="z",
                    source="s",
                    published=published,
                )
            )
        listed = [row.id for row in store.page(ListQuery(), 0, 100)]
        query = ListQuery(search="排序")
        assert [row.id for row in store.page(query, 0, 100)] == listed
        assert [row.id for row in store.page(query, 2, 3)] == listed[2:5]
        for position, article_id in enumerate(listed):
            assert store.index_of(query, article_id) == position
        assert store.neighbour(query, listed[3], 2).id == listed[5]  # type: ignore[union-attr]
        assert store.neighbour(query, listed[3], -3).id == listed[0]  # type: ignore[union-attr]
        assert store.neighbour(query, listed[0], -1) is None
        # Changing an article's date moves it in search results too.
        store.upsert_article(
            Article(
                url="http://o/6",
                title="排序测试6",
                zone="z",
                source="s",
                published=datetime(2030, 1, 1, tzinfo=CST),
            )
        )
        listed = [row.id for row in store.page(ListQuery(), 0, 100)]
        assert [row.id for row in store.page(query, 0, 100)] == listed
        assert store.count(query) == len(days)


def test_index_size_and_cold_counts_are_public_reads(store: Store) -> None:
    """What the benchmarks need, without reaching into the Store: the index's size, and a
    count that asks SQLite again after the kept counts are dropped."""
    size = store.search_index_bytes()
    assert size is None or size > 0
    query = ListQuery(search="舟山")
    assert store.count(query) == 2
    store.forget_counts()
    assert store.count(query) == 2
