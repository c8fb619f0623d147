"""The fresh article set: pages written without looking at the extractor, read as a sync reads them.

``tests/fixtures/articles_fresh/`` holds article pages in the shapes government,
development-zone (管委会), investment-promotion (招商) and news-portal sites serve, with hand
labels in its ``labels.json`` (see its ``about``). Each page is decoded from its bytes (five are
GBK), classified and extracted, and checked against its labels: kind, title, date (and time
where the page shows one), 来源, the first and last sentence of the body, no chrome phrase in
the body, and the body's recall and precision against the labelled text.

The result per page is pinned here: a measure listed in :data:`KNOWN_MISSES` must miss, every
other must hit, and recall and precision must stay at their pinned values. A change that
moves any of them (for better or worse) fails this test until the pin is updated, so the fresh
set's figures in docs/performance.md stay true. ``benchmarks/extraction.py --fresh`` prints
the same measures as JSON.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from zonereader.models import CST, Article
from zonereader.sources.portal import page_kind, parse_article_page
from zonereader.text.decode import decode_body

FRESH = Path(__file__).resolve().parent.parent / "fixtures" / "articles_fresh"
LABELS: list[dict[str, Any]] = json.loads((FRESH / "labels.json").read_text(encoding="utf-8"))[
    "pages"
]

#: Measures a page misses today (none: every page reads right on every measure).
KNOWN_MISSES: dict[str, set[str]] = {}
#: Body recall and precision per page (character level, content characters only), as read
#: today. Below 1.0, what the extractor keeps beyond the labels: a subtitle opening the body
#: (g06, g12), credit lines (责任编辑, 原标题, 本文来源: p01, p02, p04, g16), a 发文字号 line
#: (g19), the summary box of a DedeCMS page (g14).
PINNED: dict[str, tuple[float, float]] = {
    "g01_fgw_trs.html": (1.0, 1.0),
    "g02_policy_disclosure.html": (1.0, 1.0),
    "g03_devzone_table.gbk.html": (1.0, 1.0),
    "g04_invest_br.html": (1.0, 1.0),
    "g05_county_br.gbk.html": (1.0, 1.0),
    "g06_subtitle.html": (1.0, 0.944),
    "g07_images_pubdate_off.html": (1.0, 1.0),
    "g08_source_after_date.html": (1.0, 1.0),
    "g09_short_body_boxes.html": (1.0, 1.0),
    "g10_project_promo.html": (1.0, 1.0),
    "g11_site_h1_title_td.html": (1.0, 1.0),
    "g12_epaper.html": (1.0, 0.954),
    "g13_notice_signoff.html": (1.0, 1.0),
    "g14_dede_counter.html": (1.0, 0.872),
    "g15_paged_article.html": (1.0, 1.0),
    "g16_date_opens_body.html": (1.0, 0.975),
    "g17_word_paste.gbk.html": (1.0, 1.0),
    "g18_megamenu_split_title.html": (1.0, 1.0),
    "g19_disclosure_fawen_only.html": (1.0, 0.964),
    "p01_sina_like.html": (1.0, 0.927),
    "p02_163_like.html": (1.0, 0.920),
    "p03_sohu_like.html": (1.0, 0.988),
    "p04_people_like.gbk.html": (1.0, 0.904),
    "p05_xinhua_like.html": (1.0, 1.0),
    "p06_chinanews_like.html": (1.0, 0.983),
    "p07_spa_hashed_classes.html": (1.0, 0.979),
    "p08_local_news_table.gbk.html": (1.0, 1.0),
}
#: How far a pinned recall or precision may move (rounding) before the pin must be updated.
PIN_TOLERANCE = 0.002


def content_chars(text: str) -> str:
    """Letters, digits and CJK ideographs of ``text``, NFKC-folded and lower-cased."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(char for char in folded if char.isalnum())


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def overlap(expected: str, got: str) -> tuple[float, float]:
    """Character-level recall and precision of ``got`` against ``expected``, in order."""
    matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / len(expected), matched / len(got) if got else 0.0


def date_ok(article: Article, label: dict[str, Any]) -> bool:
    if article.published is None:
        return False
    local = article.published.astimezone(CST)
    if local.date().isoformat() != label["date"]:
        return False
    if not label["time"]:
        return True
    shown = local.strftime("%H:%M:%S" if label["time"].count(":") == 2 else "%H:%M")
    return article.has_time and shown == label["time"]


def measures(label: dict[str, Any]) -> tuple[dict[str, bool], float, float]:
    """Read one fresh page as a sync does and score it: ``(hits, recall, precision)``."""
    text = decode_body((FRESH / label["file"]).read_bytes(), None).text
    kind = page_kind(text, label["url"])
    article = parse_article_page(text, label["url"], source="fresh")
    body = "\n".join(article.paragraphs)
    body_chars = content_chars(body)
    hits = {
        "kind": kind == "article",
        "title": squash(article.title) == squash(label["title"]),
        "date": date_ok(article, label),
        "first": content_chars(label["first"]) in body_chars,
        "last": content_chars(label["last"]) in body_chars,
        "chrome": not [c for c in label["chrome"] if squash(c) in squash(body)],
    }
    if label["origin"]:
        hits["origin"] = squash(article.origin) == squash(label["origin"])
    recall, precision = overlap(content_chars("".join(label["body"])), body_chars)
    return hits, recall, precision


def test_every_page_is_labelled_and_pinned() -> None:
    files = sorted(path.name for path in FRESH.glob("*.html"))
    assert files == sorted(label["file"] for label in LABELS)
    assert sorted(PINNED) == files
    assert len(files) >= 24


@pytest.mark.parametrize("label", LABELS, ids=[label["file"] for label in LABELS])
def test_fresh_page_reads_as_pinned(label: dict[str, Any]) -> None:
    hits, recall, precision = measures(label)
    missed = {name for name, hit in hits.items() if not hit}
    assert missed == KNOWN_MISSES.get(label["file"], set())
    pinned_recall, pinned_precision = PINNED[label["file"]]
    assert recall == pytest.approx(pinned_recall, abs=PIN_TOLERANCE)
    assert precision == pytest.approx(pinned_precision, abs=PIN_TOLERANCE)
