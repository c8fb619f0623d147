"""The store's fast write path: bigram text identical to the plain definition, batches exact."""

from __future__ import annotations

import operator
import random
import re
import unicodedata
from datetime import datetime
from pathlib import Path

from zonereader.models import CST, Article, ListQuery, UpsertOutcome
from zonereader.store import Store
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
