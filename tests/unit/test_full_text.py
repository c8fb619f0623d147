"""When a feed entry needs its page, and how the page's text joins the entry (pure)."""

from __future__ import annotations

from datetime import datetime

import pytest

from zonereader.models import CST, Article, BodyLink, FullText
from zonereader.sources.full_text import (
    SHORT_BODY_CHARS,
    is_cut_off,
    wants_full_text,
    with_full_text,
)

LONG = "园区今年新增市场主体三千余户，产业园区承载能力持续提升。" * 12


def entry(*paragraphs: str, url: str = "http://feed.example/a/1.html") -> Article:
    return Article(
        url=url,
        title="舟山签约",
        zone="订阅/舟山",
        source="feed",
        published=datetime(2024, 1, 2, tzinfo=CST),
        paragraphs=list(paragraphs),
    )


@pytest.mark.parametrize(
    "text",
    [
        "会议强调要抓招商…",
        "会议强调要抓招商...",
        "会议强调要抓招商……阅读全文",
        "会议强调要抓招商 [更多]",
        "会议强调要抓招商【更多】",
        "会议强调要抓招商 查看全文>>",
        "会议强调要抓招商(更多)",
        "Zhoushan signs deals. Read more »",
        "会议强调要抓招商。全文阅读：",
    ],
)
def test_cut_off_markers(text: str) -> None:
    assert is_cut_off(text)
    assert wants_full_text(entry(LONG, text), FullText.AUTO)


@pytest.mark.parametrize("text", ["会议强调要抓招商。", "更多精彩内容请关注本网", "GDP 增长8%"])
def test_no_marker(text: str) -> None:
    assert not is_cut_off(text)


def test_auto_fetches_short_bodies_and_cut_off_ones_only() -> None:
    assert wants_full_text(entry("会议强调要抓招商。"), FullText.AUTO)  # short
    assert wants_full_text(entry(), FullText.AUTO)  # no body at all
    assert not wants_full_text(entry(LONG), FullText.AUTO)
    assert len(LONG) >= SHORT_BODY_CHARS
    almost = "字" * (SHORT_BODY_CHARS - 1)
    assert wants_full_text(entry(almost), FullText.AUTO)
    assert not wants_full_text(entry(almost + "字"), FullText.AUTO)
    assert wants_full_text(entry(" \n ".join("字" * 10 for _ in range(30))), FullText.AUTO) is False


def test_always_never_and_urls_that_are_not_web_pages() -> None:
    assert wants_full_text(entry(LONG), FullText.ALWAYS)
    assert not wants_full_text(entry("短…"), FullText.NEVER)
    assert not wants_full_text(entry("短…", url="mailto:a@b.cn"), FullText.ALWAYS)
    assert not wants_full_text(entry("短…", url="tag:demo,2024:1"), FullText.AUTO)


def test_the_page_gives_the_body_the_feed_keeps_its_metadata() -> None:
    summary = entry("会议强调要抓招商……阅读全文")
    page = Article(
        url="http://feed.example/a/1.html",
        title="页面上的标题_网站名",
        zone="首页/新闻",
        source="feed",
        published=datetime(2024, 1, 3, 9, 0, tzinfo=CST),
        has_time=True,
        origin="舟山日报",
        publisher="舟山高新区",
        paragraphs=[LONG, "第二段。"],
        links=[BodyLink("http://feed.example/b.html", "相关")],
    )
    merged = with_full_text(summary, page)
    assert merged is not None
    assert merged.paragraphs == [LONG, "第二段。"]
    assert merged.links == page.links
    assert (merged.title, merged.zone, merged.published) == (
        summary.title,
        summary.zone,
        summary.published,
    )
    assert (merged.origin, merged.publisher) == ("舟山日报", "舟山高新区")
    assert not merged.has_time  # the feed's date stands


def test_a_page_with_no_more_than_the_summary_adds_nothing() -> None:
    summary = entry("会议强调要抓招商，全力以赴促投资…")
    assert with_full_text(summary, entry("会议强调要抓招商")) is None
    assert with_full_text(summary, entry()) is None


def test_the_page_of_an_entry_is_its_link_without_fragment_or_none() -> None:
    from zonereader.sync.full_text import entry_page

    assert entry_page("http://f.example/a/1.html") == "http://f.example/a/1.html"
    assert entry_page("http://f.example/2004/06.html#a12") == "http://f.example/2004/06.html"
    assert entry_page("http://f.example/notice.html#zr-3f2a9b") == "http://f.example/notice.html"
    assert entry_page("http://f.example/feed.xml?zonereader-entry=tag%3Ax") is None
    assert entry_page("http://f.example/feed.xml?zonereader-item=3f2a9b") is None
    assert entry_page("tag:demo,2024:1") is None
