"""The store's fast write path: bigram text and content hash identical to their plain
definitions, prepared articles stored like plain ones, batches exact."""

from __future__ import annotations

import hashlib
import json
import operator
import random
import re
import unicodedata
from datetime import datetime
from pathlib import Path

from zonereader.models import (
    CST,
    Article,
    BodyImage,
    BodyLink,
    ListQuery,
    SiteLink,
    UpsertOutcome,
)
from zonereader.store import Store, rows
from zonereader.store.rows import prepare_article
from zonereader.text.bigrams import CJK_CLASS as _CJK
from zonereader.text.bigrams import index_text

_RUN = re.compile(f"[{_CJK}]+")


def reference_index_text(text: str) -> str:
    """The splitting rule written the plain way (what the index was built with so far)."""

    def split(run: str) -> str:
        if len(run) == 1:
            return run
        return " ".join(map(operator.add, run, run[1:])) + " " + run[-1]

    if not text:
        return ""
    normalised = unicodedata.normalize("NFKC", text)
    return _RUN.sub(lambda m: f" {split(m.group(0))} ", normalised)


# Han, kana, full-width forms, the ideographic space, compatibility ideographs, combining marks,
# ASCII, Latin with diacritics, circled digits, ligatures: everything NFKC touches or not.
ALPHABET = (
    "舟山高新区开发新闻园产业链浙江温州苏州"
    "ひらカタ한글"
    "，。：；！？（）［］｛｝％＋－＝１２３ＡＢＣａｂｃ\u3000、“”《》"
    "\uf900\uf901\ufa10"
    "\u0301\u0308\u3099"
    "abcXYZ019 .-_/\n\t"
    "éÅñ①②ﬁ㎏"
)


def _random_text(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, length)))


def test_index_text_equals_the_plain_definition_on_random_text() -> None:
    rng = random.Random(20261126)
    for _ in range(3000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, 60)))
        assert index_text(text) == reference_index_text(text), repr(text)


def test_index_text_equals_the_plain_definition_on_real_shapes() -> None:
    samples = [
        "舟山高新区5G基站建设提速",
        "今年ＧＤＰ同比增长８％，开发区新闻报道。",
        "发布时间：2023-12-28\u3000来源：舟山日报",
        "区",
        "",
        "   ",
        "ASCII only, nothing to split",
        "\uf900\u3099漢字",
    ]
    for text in samples:
        assert index_text(text) == reference_index_text(text)


def _article(n: int, title: str, body: str) -> Article:
    return Article(
        url=f"http://example.cn/a/{n}.html",
        title=title,
        zone="开发区新闻/舟山/文字新闻",
        source="sample",
        published=datetime(2023, 12, n % 28 + 1, tzinfo=CST),
        paragraphs=[body],
    )


def test_a_batch_with_new_and_updated_articles_searches_exactly(tmp_path: Path) -> None:
    """Search writes run at the end of a batch, in order: an article stored twice in one batch
    (new, then changed) is found by its new text only."""
    with Store.open(tmp_path / "cache.db") as store:
        first = [_article(n, f"舟山新闻{n}", "温州布局中部循环经济产业链") for n in range(1, 6)]
        store.upsert_articles(first)
        changed = _article(3, "苏州工业园区签约", "总投资十二亿元")
        again = _article(3, "苏州工业园区再签约", "总投资十三亿元")
        outcomes = store.upsert_articles(
            [changed, _article(9, "永乐店专家解读", "会议在新城举行"), again]
        )
        assert [o for _id, o in outcomes] == [
            UpsertOutcome.UPDATED,
            UpsertOutcome.NEW,
            UpsertOutcome.UPDATED,
        ]
        assert store.count(ListQuery(search="循环经济")) == 4
        assert store.count(ListQuery(search="十二亿")) == 0
        assert store.count(ListQuery(search="十三亿")) == 1
        assert store.count(ListQuery(search="再签约")) == 1
        assert store.count(ListQuery(search="专家")) == 1
        assert store.count(ListQuery(search="园区")) == 1
        store.delete_article(again.url)
        assert store.count(ListQuery(search="苏州")) == 0
        assert store.count(ListQuery(search="舟山")) == 4


def reference_content_hash(
    article: Article, zone: str, published: int | None, offset: int | None
) -> str:
    """The content hash as every cached article's was made: one JSON list, hashed."""
    payload = [
        article.title,
        zone,
        article.source,
        published,
        offset,
        bool(article.has_time),
        article.origin,
        article.publisher,
        list(article.paragraphs),
        rows.link_parts(article.prev_link),
        rows.link_parts(article.next_link),
        [link.url for link in article.links],
    ]
    encoded = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.blake2b(encoded, digest_size=16).hexdigest()


def test_prepared_articles_hash_as_the_cache_always_did() -> None:
    """prepare_article assembles the hash from its JSON columns: a different hash would mark
    every re-fetched article of an existing cache as updated."""
    rng = random.Random(11)
    for number in range(300):
        article = Article(
            url=f"http://p.test/{number}",
            title=_random_text(rng, 12) + '"\\\n\t',
            zone=rng.choice(["开发区新闻/舟山/文字新闻", "", "浙江 / 温州"]),
            source=rng.choice(["s", "源"]),
            published=rng.choice([None, datetime(2023, 12, 28, 9, 30, tzinfo=CST)]),
            has_time=rng.random() < 0.5,
            origin=_random_text(rng, 4),
            publisher=rng.choice(["", "舟山开发区"]),
            paragraphs=[_random_text(rng, 40) for _ in range(rng.randrange(0, 4))],
            prev_link=rng.choice([None, SiteLink("http://p.test/a", "上一条"), SiteLink("u", "")]),
            next_link=rng.choice([None, SiteLink("http://p.test/b", "下一条")]),
            links=[BodyLink(f"http://p.test/l{n}") for n in range(rng.randrange(0, 3))],
        )
        prepared = prepare_article(article)
        expected = reference_content_hash(
            article, prepared.zone, prepared.published, prepared.offset
        )
        assert prepared.digest == expected
        assert prepared.title_index == index_text(article.title)
        assert prepared.body_index == index_text("\n".join(article.paragraphs))


def test_link_texts_and_images_count_in_the_hash() -> None:
    """An article whose links gained their text, or that has images, hashes differently (it
    is stored again: its text and pictures are worth having), and such hashes are stable."""
    plain = Article(url="http://p.test/1", title="标题", zone="z", source="s",
                    links=[BodyLink("http://p.test/a")])  # fmt: skip
    texted = Article(url="http://p.test/1", title="标题", zone="z", source="s",
                     links=[BodyLink("http://p.test/a", "附件")])  # fmt: skip
    pictured = Article(url="http://p.test/1", title="标题", zone="z", source="s",
                       links=[BodyLink("http://p.test/a")],
                       images=[BodyImage("http://p.test/i.jpg", "图", 0)])  # fmt: skip
    digests = {prepare_article(a).digest for a in (plain, texted, pictured)}
    assert len(digests) == 3
    assert prepare_article(pictured).digest == prepare_article(pictured).digest


def test_prepared_and_plain_articles_store_alike(tmp_path: Path) -> None:
    """A batch may mix articles prepared elsewhere (a parse helper) with plain ones."""
    with Store.open(tmp_path / "cache.db") as store:
        plain = _article(1, "舟山新闻发布", "温州布局循环经济")
        helper_made = prepare_article(_article(2, "苏州工业园区签约", "总投资十二亿元"))
        outcomes = store.upsert_articles([plain, helper_made])
        assert [o for _id, o in outcomes] == [UpsertOutcome.NEW, UpsertOutcome.NEW]
        assert store.count(ListQuery(search="十二亿")) == 1
        assert store.count(ListQuery(search="循环经济")) == 1
        again = store.upsert_articles(
            [prepare_article(_article(1, "舟山新闻发布", "温州布局循环经济"))]
        )
        assert [o for _id, o in again] == [UpsertOutcome.UNCHANGED]
