"""Benchmark the cache: list queries at 100,000 articles, and the full-text search options.

Prints one JSON object. Never pass/fail: the figures go to docs/performance.md.

Part ``lists``: ``--list-articles`` articles (short bodies, so the fill is quick) stored through
:meth:`Store.upsert_article` in one zone, and as many again spread over ``--children`` child
zones of one parent (and one province holding a tenth of them); every third article read.
Medians of count, a 50-row page at offsets 0/middle/end, index_of, neighbour, the same with
``unread_only``, zone_counts, unread_total.

Part ``search``: ``--search-articles`` synthetic Chinese articles of about ``--chars``
characters stored through the Store (its bigram FTS5 index, built as articles arrive), then the
same text in a trigram FTS5 table, and LIKE over title+body. Medians of count queries for 1-4
character Chinese, mixed and ASCII queries, with index sizes and build times.

Usage: ``.venv/bin/python benchmarks/store.py [--list-articles N] [--search-articles N]``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from zonereader.models import CST, Article, ListQuery
from zonereader.store import Store

#: A phrase bank written for this benchmark (no real articles): development-zone news words.
_COMMON = (  # noqa: SIM905 (a readable bank of words)
    "开发区 高新区 经济技术 产业园 招商引资 项目签约 投资 基础设施 营商环境 创新驱动 "
    "高质量发展 产业链 供应链 智能制造 新能源 新材料 生物医药 数字经济 5G基站 GDP "
    "集成电路 跨境电商 自贸试验区 港口 物流 园区 企业 亿元 同比增长 重点项目 开工 "
    "竣工 投产 科技 人才 政策 服务 改革 开放 合作 论坛 会议 举行 召开 市委 管委会 "
    "舟山 温州 苏州 无锡 合肥 成都 西安 武汉 长沙 青岛 厦门 宁波 绿色低碳 碳达峰 "
    "专精特新 孵化器 研发中心 总部经济 工业互联网 数据中心 人工智能 AI 芯片 光伏 储能"
).split()
#: Characters for a long tail of rarer two- and three-character words.
_CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下"
    "过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都"
    "两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重"
    "新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想"
)


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Return words and their cumulative Zipf-like weights."""
    tail = ["".join(rng.choice(_CHARS) for _ in range(rng.choice((2, 2, 3)))) for _ in range(4000)]
    words = _COMMON + tail
    weights = [1.0 / (rank + 10) for rank in range(len(words))]
    return words, list(itertools.accumulate(weights))


_VOCAB = _vocabulary(random.Random(0))
_PUNCT = ("，", "，", "，", "。", "；", "、")


def _sentence(rng: random.Random, length: int) -> str:
    words, cumulative = _VOCAB
    parts: list[str] = []
    size = 0
    batch = rng.choices(words, cum_weights=cumulative, k=length)
    while size < length:
        word = batch.pop()
        parts.append(word)
        size += len(word)
        if rng.random() < 0.15:
            parts.append(rng.choice(_PUNCT))
    return "".join(parts) + "。"


def make_article(rng: random.Random, index: int, zone: str, chars: int) -> Article:
    """Build one synthetic article of about ``chars`` characters of body."""
    paragraphs = [_sentence(rng, 150) for _ in range(max(1, chars // 150))]
    day = datetime(2024, 1, 1, tzinfo=CST) - timedelta(days=index // 20)
    return Article(
        url=f"http://bench.invalid/{zone}/{index}.html",
        title=_sentence(rng, 16)[:-1],
        zone=zone,
        source="bench",
        published=day,
        origin="舟山日报",
        publisher="舟山高新技术产业园区",
        paragraphs=paragraphs,
    )


def median_ms(func: Callable[[], object], repeat: int = 15) -> float:
    """Median wall time of ``func`` in milliseconds (one warm-up call first)."""
    func()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(samples), 3)


def _file_mb(path: Path) -> float:
    total = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    return round(total / 1e6, 1)


def bench_lists(workdir: Path, articles: int, children: int) -> dict[str, object]:
    """List queries on one flat zone and one parent zone, each with ``articles`` articles."""
    rng = random.Random(1)
    db = workdir / "lists.db"
    store = Store.open(db)
    flat = "开发区新闻/舟山/文字新闻"
    start = time.perf_counter()
    for index in range(articles):
        store.upsert_article(make_article(rng, index, flat, 60))
    for index in range(articles):
        zone = f"开发区新闻/各地/省份{index % 10}/园区{index % children}/文字新闻"
        store.upsert_article(make_article(rng, index, zone, 60))
    fill_s = time.perf_counter() - start
    ids = [s.id for s in store.page(ListQuery(), 0, 2 * articles)]
    for article_id in ids[::3]:
        store.set_read(article_id, True)
    result: dict[str, object] = {
        "articles_per_zone": articles,
        "child_zones": children,
        "fill_articles_per_s": round(2 * articles / fill_s, 1),
        "db_mb": _file_mb(db),
        "zone_counts_ms": median_ms(store.zone_counts),
        "zone_counts_rows": len(store.zone_counts()),
        "unread_total_ms": median_ms(store.unread_total),
    }
    parents = (
        ("flat_zone", flat),
        ("parent_zone", "开发区新闻/各地"),
        ("province", "开发区新闻/各地/省份3"),
    )
    for label, zone in parents:
        for unread in (False, True):
            query = ListQuery(zone=zone, unread_only=unread)
            total = store.count(query)
            middle = store.page(query, total // 2, 1)[0].id
            figures = {
                "rows": total,
                "count_ms": median_ms(lambda q=query: _uncached_count(store, q)),
                "page50_first_ms": median_ms(lambda q=query: store.page(q, 0, 50)),
                "page50_middle_ms": median_ms(lambda q=query, t=total: store.page(q, t // 2, 50)),
                "page50_last_ms": median_ms(lambda q=query, t=total: store.page(q, t - 50, 50)),
                "index_of_middle_ms": median_ms(lambda q=query, m=middle: store.index_of(q, m)),
                "neighbour_next_ms": median_ms(lambda q=query, m=middle: store.neighbour(q, m, 1)),
                "neighbour_prev_ms": median_ms(lambda q=query, m=middle: store.neighbour(q, m, -1)),
            }
            result[f"{label}{'_unread' if unread else ''}"] = figures
    store.close()
    return result


_QUERIES = {
    "1char": "舟",
    "2char": "园区",
    "2char_rare": _VOCAB[0][len(_COMMON) + 3000][:2],
    "3char": "开发区",
    "4char": "招商引资",
    "mixed": "5G基站",
    "ascii": "GDP",
}


def bench_search(workdir: Path, articles: int, chars: int) -> dict[str, object]:
    """Compare LIKE, FTS5 trigram and the Store's bigram FTS5 index on the same texts."""
    rng = random.Random(2)
    db = workdir / "search.db"
    store = Store.open(db)
    texts: list[tuple[str, str]] = []
    start = time.perf_counter()
    for index in range(articles):
        article = make_article(rng, index, f"开发区新闻/城市{index % 50}/文字新闻", chars)
        store.upsert_article(article)
        texts.append((article.title, "\n".join(article.paragraphs)))
    bigram_build_s = time.perf_counter() - start
    body_chars = sum(len(body) for _, body in texts)

    bigram: dict[str, object] = {"build_s_including_store": round(bigram_build_s, 1)}
    bigram["index_mb"] = round((store.search_index_bytes() or 0) / 1e6, 1)
    for label, text in _QUERIES.items():
        query = ListQuery(search=text)
        bigram[f"{label}_count_ms"] = median_ms(lambda q=text: _bigram_count(store, q), repeat=7)
        bigram[f"{label}_rows"] = store.count(query)
        bigram[f"{label}_store_count_page_ms"] = median_ms(
            lambda q=query: (store.forget_counts(), store.count(q), store.page(q, 0, 50)),
            repeat=7,
        )
    store.close()

    tri_db = workdir / "trigram.db"
    tri = sqlite3.connect(tri_db)
    tri.execute("PRAGMA journal_mode = WAL")
    tri.execute("CREATE VIRTUAL TABLE t USING fts5 (title, body, tokenize = 'trigram')")
    tri.execute("CREATE TABLE plain (id INTEGER PRIMARY KEY, title TEXT, body TEXT)")
    start = time.perf_counter()
    for index, (title, body) in enumerate(texts, start=1):
        with tri:
            tri.execute("INSERT INTO t (rowid, title, body) VALUES (?, ?, ?)", (index, title, body))
    trigram_build_s = time.perf_counter() - start
    with tri:
        tri.executemany(
            "INSERT INTO plain (id, title, body) VALUES (?, ?, ?)",
            [(i, t, b) for i, (t, b) in enumerate(texts, start=1)],
        )
    size = tri.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 't%'").fetchone()[0]
    trigram: dict[str, object] = {
        "build_s": round(trigram_build_s, 1),
        "index_mb": round(size / 1e6, 1),
    }
    like: dict[str, object] = {}
    for label, text in _QUERIES.items():
        trigram[f"{label}_count_ms"] = median_ms(
            lambda q=text: tri.execute(
                "SELECT count(*) FROM t WHERE t MATCH ?", (_tri(q),)
            ).fetchall(),
            repeat=7,
        )
        trigram[f"{label}_rows"] = tri.execute(
            "SELECT count(*) FROM t WHERE t MATCH ?", (_tri(text),)
        ).fetchone()[0]
        trigram[f"{label}_like_rows"] = tri.execute(
            "SELECT count(*) FROM t WHERE title LIKE ?1 OR body LIKE ?1", (f"%{text}%",)
        ).fetchone()[0]
        like[f"{label}_count_ms"] = median_ms(
            lambda q=text: tri.execute(_LIKE_SQL, (f"%{q}%",)).fetchall(), repeat=3
        )
        like[f"{label}_rows"] = tri.execute(_LIKE_SQL, (f"%{text}%",)).fetchone()[0]
    tri.close()
    return {
        "articles": articles,
        "body_chars_total": body_chars,
        "bigram_fts5_store": bigram,
        "trigram_fts5": trigram,
        "like_title_body": like,
    }


_LIKE_SQL = "SELECT count(*) FROM plain WHERE title LIKE ?1 OR body LIKE ?1"


def _uncached_count(store: Store, query: ListQuery) -> int:
    """Count without the Store's per-data-version count cache (the cold cost)."""
    store.forget_counts()
    return store.count(query)


def _bigram_count(store: Store, text: str) -> int:
    return _uncached_count(store, ListQuery(search=text))


def _tri(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list-articles", type=int, default=100_000)
    parser.add_argument("--children", type=int, default=200)
    parser.add_argument("--search-articles", type=int, default=20_000)
    parser.add_argument("--chars", type=int, default=1500)
    parser.add_argument("--skip-lists", action="store_true")
    parser.add_argument("--skip-search", action="store_true")
    args = parser.parse_args(argv)
    report: dict[str, object] = {
        "machine": {
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "date": datetime.now().strftime("%Y-%m-%d"),
    }
    with tempfile.TemporaryDirectory(prefix="zr-bench-store-") as tmp:
        workdir = Path(tmp)
        if not args.skip_lists:
            report["lists"] = bench_lists(workdir, args.list_articles, args.children)
        if not args.skip_search:
            report["search"] = bench_search(workdir, args.search_articles, args.chars)
    json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
