"""Benchmark the reader app on a 100,000-article cache; prints one JSON object.

Figures (medians of several runs, milliseconds unless named otherwise):

- ``first_frame_ms`` / ``bare_first_frame_ms``: from launching a process to the first frame
  that shows the list (headless, 80x24: the list-first layout), for zonereader and for a bare
  Textual app in the same run (the floor). Target: zonereader <= 1.5 x floor + 100 ms.
- ``first_frame_160x48_ms``: the same in a 160x48 terminal (three panes).
- ``zone_open_ms``: choosing the 100,000-article zone until its rows are drawn.
- ``next_article_ms``: ``n`` until the next article is in the reader (marked read).
- ``next_unread_ms``: ``N`` in the big zone.
- ``search_2char_ms`` / ``search_4char_ms``: a search until its results are drawn.
- ``jump_to_end_ms``: ``G`` in the big zone until the last row is drawn.
- ``open_text_article_ms`` / ``open_5_images_article_ms``: opening an article until its text
  is drawn, for one without pictures and for one with 5 (not waiting for the pictures);
  ``pictures_5_fetched_ms`` / ``pictures_5_cached_ms``: until all 5 pictures are drawn, fetched
  from a loopback sample portal, then from the image cache.
- ``topic_open_ms``: choosing a topic (one of 20, from a handful of articles to two thirds of
  the cache) until its rows are drawn.
- ``topic_counts_20_ms``: the unread counts of the 20 topics, as the app's worker reads them
  after a sync or a read (``read_topic_counts``: the topic index brought up to date, then 20
  counts). ``topic_index_build_s``: indexing the 20 topics the first time (once, in the
  sync or the app that first meets them); ``topic_counts_live_ms``: the same 20 counts
  answered from the search index without the topic index, for comparison.
- ``peak_rss_mb``: peak resident memory of the process running the app through all of that.
Targets: zone open, next article, search and topic open < 50 ms median; the 20 topic counts
< 100 ms; peak RSS < 150 MB.

Usage: ``python benchmarks/tui.py [--articles N] [--cache PATH] [--repeat R]``. The cache is
built once (synthetic rows in the real schema, through Store.upsert_articles) and reused when
``--cache`` names an existing file.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

BIG_ZONE = "开发区新闻/浙江/舟山/文字新闻"
OTHER_ZONES = [
    f"开发区新闻/{province}/{city}/{channel}"
    for province, city in (("江苏", "苏州"), ("广东", "深圳"), ("山东", "青岛"), ("四川", "成都"))
    for channel in ("文字新闻", "图片新闻", "招商动态")
]
SUBJECTS = ["舟山经济开发区", "舟山港综合保税区", "舟山高新技术产业园区", "普陀经济开发区"]
VERBS = ["召开", "推进", "签约", "启动", "举办", "部署", "完成", "发布"]
TITLE_TOPICS = [
    "招商引资工作会议",
    "重点项目集中开工",
    "产业园区建设现场会",
    "营商环境提升行动",
    "高质量发展推进会",
    "数字经济合作项目",
    "人才引进专项计划",
    "绿色低碳改造工程",
]
SENTENCES = [
    "会议强调，要坚持项目为王，全力以赴抓招商、促投资、稳增长。",
    "园区今年新增市场主体三千余户，产业园区承载能力持续提升。",
    "下一步将围绕目标任务，完善配套设施，优化服务流程。",
    "企业家代表纷纷建言献策，就用地、用工、融资等问题提出意见建议。",
    "项目建成后预计年产值超过五十亿元，带动就业岗位一千余个。",
    "管委会主要负责人出席活动并讲话，要求压实责任、抓好落实。",
    "今年以来，园区共走访企业两千余家次，协调解决各类问题三十个。",
    "园区坚持绿色低碳发展，单位工业增加值能耗同比下降。",
    "据园区经济发展局介绍，上半年规上工业产值同比增长百分之十二。",
    "园区同步启动主题宣传活动，营造全员抓项目的浓厚氛围。",
    "新建学校、医院和商业综合体，产城融合水平稳步提升。",
    "数字化服务平台已上线运行，企业足不出户即可办理常用事项。",
]
#: The numbers of the 5 pictures of the benchmark's picture article.
PICTURES = range(1, 6)
SEARCH_2 = "招商"
SEARCH_4 = "产业园区"
#: Twenty topics over the cache's vocabulary: words, phrases, OR, NOT, zones, dates, fields.
TOPICS = {
    "签约": "签约",
    "舟山签约": "签约 zone:舟山",
    "招商": "招商引资",
    "开工": "重点项目 开工",
    "数字经济": "(数字经济 OR 数字化) 合作",
    "绿色": "绿色低碳 after:2023-06-01",
    "普陀": "publisher:普陀",
    "综保区": "舟山港综合保税区 NOT 会议",
    "苏州": "zone:苏州",
    "深圳招商": "zone:深圳 招商",
    "人才": "人才引进",
    "营商": "营商环境 OR 优化服务",
    "产城": "产城融合",
    "高新区会": "舟山高新技术产业园区 推进会",
    "五十亿": "五十亿元",
    "走访": "走访企业",
    "能耗": "能耗 下降",
    "平台": "服务平台 上线",
    "签约启动": "签约 OR 启动",
    "日报": "origin:舟山日报 现场会",
}


def build_cache(db_path: Path, articles: int, seed: int = 7) -> float:
    """Fill ``db_path`` with ``articles`` synthetic articles; return the seconds it took."""
    from zonereader.models import CST, Article
    from zonereader.store import Store

    rng = random.Random(seed)
    start = time.perf_counter()
    base = datetime(2024, 1, 1, 8, 0, tzinfo=CST)
    others = max(0, articles // 100)
    with Store.open(db_path) as store:
        batch: list[Article] = []
        for index in range(articles + others):
            zone = BIG_ZONE if index < articles else OTHER_ZONES[index % len(OTHER_ZONES)]
            words = rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(TITLE_TOPICS)
            title = f"{''.join(words)}（{index}）"
            body = ["".join(rng.choice(SENTENCES) for _ in range(3)) for _ in range(3)]
            batch.append(
                Article(
                    url=f"http://bench.test/a/{index}.html",
                    title=title,
                    zone=zone,
                    source="bench",
                    published=base - timedelta(minutes=7 * index),
                    has_time=True,
                    origin="舟山日报",
                    publisher=rng.choice(SUBJECTS),
                    paragraphs=body,
                )
            )
            if len(batch) >= 500:
                store.upsert_articles(batch)
                batch = []
        if batch:
            store.upsert_articles(batch)
    return time.perf_counter() - start


def reset_position(db_path: Path) -> None:
    """Forget the position a previous run saved, so that every start is a fresh start."""
    from zonereader.store import Store
    from zonereader.ui.position import META_KEYS

    with Store.open(db_path) as store:
        for key in META_KEYS:
            store.set_meta(key, None)


# --------------------------------------------------------------------------- first frame


def _child_first_frame(kind: str, db_path: str, t0: float) -> None:
    """In a fresh process: start an app headless, print ms from launch to its first frame
    (``app``: 80x24, the list-first layout; ``app160``: 160x48, three panes)."""
    from textual.app import App

    if kind == "bare":
        from textual.widgets import Static

        class Bare(App[None]):
            def compose(self):  # type: ignore[no-untyped-def]
                yield Static("hello")

            def on_mount(self) -> None:
                self.call_after_refresh(self.done)

            def done(self) -> None:
                print(json.dumps({"ms": (time.time() - t0) * 1000}), flush=True)
                self.exit()

        Bare().run(headless=True)
        return

    from zonereader.config import Config
    from zonereader.store import Store
    from zonereader.ui.app import make_app

    store = Store.open(Path(db_path))
    app = make_app(Config(), store, Path(db_path), check_interval=0)

    async def until_listed(pilot: Any) -> None:
        screen = pilot.app.screen
        while not (hasattr(screen, "articles") and screen.articles.loaded):
            await asyncio.sleep(0.001)
            screen = pilot.app.screen
        done = asyncio.Event()
        pilot.app.call_after_refresh(done.set)
        await done.wait()
        print(json.dumps({"ms": (time.time() - t0) * 1000}), flush=True)
        pilot.app.exit()

    size = (160, 48) if kind == "app160" else (80, 24)
    app.run(headless=True, size=size, auto_pilot=until_listed)
    store.close()


def first_frame(kind: str, db_path: Path) -> float:
    """Launch a process that shows a first frame; return ms from launch to that frame."""
    t0 = time.time()
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            f"frame-{kind}",
            "--cache",
            str(db_path),
            "--t0",
            repr(t0),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    lines = [line for line in out.splitlines() if line.startswith("{")]
    return float(json.loads(lines[-1])["ms"])


# --------------------------------------------------------------------------- in the app


async def _wait(check: Any, timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not check():
        if time.perf_counter() > deadline:
            raise TimeoutError("benchmark step did not finish")
        await asyncio.sleep(0)


async def _painted(app: Any) -> None:
    done = asyncio.Event()
    app.call_after_refresh(done.set)
    await done.wait()


def _picture_articles(store: Any, base: str, urls: list[str]) -> tuple[int, int]:
    """Store two articles of the same text, one with the 5 pictures at ``urls`` (served at
    ``base``), one without; return their ids."""
    from zonereader.models import CST, Article, BodyImage

    body = [SENTENCES[n % len(SENTENCES)] * 3 for n in range(10)]
    made = []
    for name, images in (("plain", []), ("pictures", urls)):
        article = Article(
            url=f"{base}/bench-{name}.html",
            title=f"图片新闻基准（{name}）",
            zone=OTHER_ZONES[2],
            source="bench",
            published=datetime(2030, 1, 1, tzinfo=CST),
            paragraphs=body,
            images=[BodyImage(url, f"图{n}", n * 2) for n, url in enumerate(images)],
        )
        made.append(store.upsert_article(article)[0])
    return made[0], made[1]


def index_topics(db_path: Path) -> float:
    """Index the benchmark's topics (as the first sync that meets them does); return seconds."""
    from zonereader.store import Store

    with Store.open(db_path) as store:
        store.refresh_topics([])  # a reused cache: index them afresh
        start = time.perf_counter()
        problems = store.refresh_topics(TOPICS.values())
        seconds = time.perf_counter() - start
    if problems:
        raise RuntimeError(f"benchmark topics do not compile: {problems}")
    return seconds


def _child_measure(db_path: Path, repeat: int) -> dict[str, Any]:
    """In a fresh process: drive the app over the cache and time each operation."""
    from zonereader.config import Config, TopicConfig
    from zonereader.demo import PortalServer, SamplePortal
    from zonereader.models import ListQuery
    from zonereader.store import Store
    from zonereader.ui.app import make_app
    from zonereader.ui.lists import search_key, spec_for_key, topic_key, zone_key
    from zonereader.ui.reads import read_topic_counts

    os.environ["ZONEREADER_IMAGE_CACHE"] = tempfile.mkdtemp(prefix="zr-bench-images-")
    server = PortalServer(SamplePortal(articles=60)).start()
    pictures = [url for item in server.manifest()["articles"] for url in item["images"]][:5]
    store = Store.open(db_path)
    plain_id, pictures_id = _picture_articles(store, server.base_url, pictures)
    config = Config(topics=tuple(TopicConfig(name, query) for name, query in TOPICS.items()))
    app = make_app(config, store, db_path, check_interval=0)
    results: dict[str, list[float]] = {}

    def record(name: str, seconds: float) -> None:
        results.setdefault(name, []).append(seconds * 1000)

    async def show(screen: Any, key: str) -> float:
        start = time.perf_counter()
        screen._show_list(spec_for_key(key, TOPICS))
        generation = screen.generation
        await _wait(
            lambda: screen.articles.generation == generation and screen.articles.current is not None
        )
        await _painted(app)
        return time.perf_counter() - start

    async def scenario(pilot: Any) -> None:
        screen = app.screen
        await _wait(lambda: getattr(screen, "articles", None) is not None)
        screen = app.screen
        await _wait(lambda: screen.articles.loaded)
        for _ in range(repeat):
            record("zone_open_ms", await show(screen, zone_key(BIG_ZONE)))
            await show(screen, zone_key(OTHER_ZONES[0]))
        await show(screen, zone_key(BIG_ZONE))
        big_count = screen.articles.count
        # n: next article, from the cursor down
        screen.articles.move_cursor(1000)
        for _ in range(repeat * 2):
            before = screen.reader.article_id
            start = time.perf_counter()
            screen.action_next_article()
            await _wait(lambda b=before: screen.reader.article_id not in (None, b))
            await _painted(app)
            record("next_article_ms", time.perf_counter() - start)
        # N: next unread in the big zone
        for _ in range(repeat * 2):
            before = screen.reader.article_id
            start = time.perf_counter()
            screen.action_next_unread()
            await _wait(lambda b=before: screen.reader.article_id not in (None, b))
            await _painted(app)
            record("next_unread_ms", time.perf_counter() - start)
        # G: jump to the end of 100,000 rows
        for _ in range(repeat):
            screen.articles.move_cursor(0)
            await _painted(app)
            start = time.perf_counter()
            screen.articles.action_last()
            await _wait(lambda: screen.articles.current is not None)
            await _painted(app)
            record("jump_to_end_ms", time.perf_counter() - start)
        for name, term in (("search_2char_ms", SEARCH_2), ("search_4char_ms", SEARCH_4)):
            for _ in range(repeat):
                record(name, await show(screen, search_key(term)))
                await show(screen, zone_key(OTHER_ZONES[1]))
        # an article with 5 pictures: the text first (the pictures come in a worker)
        for round_ in range(repeat + 1):
            for name, article_id in (("open_text_article_ms", plain_id),
                                     ("open_5_images_article_ms", pictures_id)):  # fmt: skip
                screen.reader.show(None)
                await _painted(app)
                start = time.perf_counter()
                screen._open_article(article_id, mark_read=False)
                await _wait(lambda a=article_id: screen.reader.article_id == a)
                await _painted(app)
                record(name, time.perf_counter() - start)
                if article_id == pictures_id:
                    reader = screen.reader
                    await _wait(
                        lambda r=reader: all(r.image_state(n) == "shown" for n in range(1, 6))
                    )
                    await _painted(app)
                    label = "pictures_5_fetched_ms" if round_ == 0 else "pictures_5_cached_ms"
                    record(label, time.perf_counter() - start)
        for name in TOPICS:
            for _ in range(max(1, repeat // 3)):
                record("topic_open_ms", await show(screen, topic_key(name)))
                await show(screen, zone_key(OTHER_ZONES[2]))
        topics = dict(TOPICS)
        for _ in range(repeat):
            store.forget_counts()
            start = time.perf_counter()
            counts = read_topic_counts(store, topics).counts
            record("topic_counts_20_ms", time.perf_counter() - start)
        results["topic_unread_min"] = [float(min(int(c) for c in counts.values()))]
        results["topic_unread_max"] = [float(max(int(c) for c in counts.values()))]
        for _ in range(max(1, repeat // 3)):
            store.forget_counts()
            start = time.perf_counter()
            for query in TOPICS.values():
                store.count(ListQuery(search=query, unread_only=True))
            record("topic_counts_live_ms", time.perf_counter() - start)
        results["big_zone_rows"] = [float(big_count)]
        await show(screen, search_key(SEARCH_2))
        results["search_2char_results"] = [float(screen.articles.count)]
        await show(screen, search_key(SEARCH_4))
        results["search_4char_results"] = [float(screen.articles.count)]
        app.exit()

    app.run(headless=True, size=(160, 48), auto_pilot=scenario)
    store.close()
    server.stop()
    summary: dict[str, Any] = {
        name: round(statistics.median(values), 2) for name, values in results.items()
    }
    summary["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return summary


def measure(db_path: Path, repeat: int) -> dict[str, Any]:
    """Run :func:`_child_measure` in a fresh process (so its peak RSS is the app's alone)."""
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            "measure",
            "--cache",
            str(db_path),
            "--repeat",
            str(repeat),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stdout
    lines = [line for line in out.splitlines() if line.startswith("{")]
    return json.loads(lines[-1])


def main() -> None:
    """Build (or reuse) the cache, measure, print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--t0", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child == "measure":
        print(json.dumps(_child_measure(args.cache, args.repeat)), flush=True)
        return
    if args.child and args.child.startswith("frame-"):
        _child_first_frame(args.child.removeprefix("frame-"), str(args.cache), args.t0)
        return

    directory = Path(tempfile.mkdtemp(prefix="zr-bench-tui-"))
    db_path = args.cache or directory / "bench.db"
    build_seconds = None
    if not db_path.exists():
        build_seconds = round(build_cache(db_path, args.articles), 1)

    reset_position(db_path)
    topic_index_s = round(index_topics(db_path), 1)
    frames = {"zonereader": [], "bare": [], "wide": []}  # type: dict[str, list[float]]
    for _ in range(max(3, args.repeat // 2)):
        frames["bare"].append(first_frame("bare", db_path))
        frames["zonereader"].append(first_frame("app", db_path))
        frames["wide"].append(first_frame("app160", db_path))
    figures = measure(db_path, args.repeat)
    floor = statistics.median(frames["bare"])
    ours = statistics.median(frames["zonereader"])
    result = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "date": time.strftime("%Y-%m-%d"),
        "articles_in_big_zone": args.articles,
        "cache_build_s": build_seconds,
        "cache_mb": round(db_path.stat().st_size / 1e6, 1),
        "first_frame_ms": round(ours, 1),
        "bare_first_frame_ms": round(floor, 1),
        "first_frame_target_ms": round(1.5 * floor + 100, 1),
        "first_frame_160x48_ms": round(statistics.median(frames["wide"]), 1),
        "topic_index_build_s": topic_index_s,
        **figures,
    }
    result["targets_met"] = {
        "first_frame": ours <= 1.5 * floor + 100,
        "zone_open": figures["zone_open_ms"] < 50,
        "next_article": figures["next_article_ms"] < 50,
        "open_5_images_article": figures["open_5_images_article_ms"] < 50,
        "search_2char": figures["search_2char_ms"] < 50,
        "search_4char": figures["search_4char_ms"] < 50,
        "topic_open": figures["topic_open_ms"] < 50,
        "topic_counts_20": figures["topic_counts_20_ms"] < 100,
        "peak_rss": figures["peak_rss_mb"] < 150,
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
