"""classify(): telling feeds, portal pages and pages that advertise feeds apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from zonereader.models import SourceKind
from zonereader.sync.discover import classify

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
URL = "http://kfq.example.cn/news/index.html"


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("rss20.xml", "application/rss+xml"),
        ("rss20.xml", "text/html; charset=utf-8"),  # servers lie about feeds too
        ("rss10.rdf", None),
        ("atom10.xml", "application/octet-stream"),
        ("jsonfeed11.json", "application/json"),
        ("gbk_no_declaration.xml", None),
    ],
)
def test_feeds_are_recognised_by_content(name: str, content_type: str | None) -> None:
    found = classify((FEEDS / name).read_bytes(), content_type, URL)
    assert found.kind is SourceKind.FEED
    assert found.title


def test_gbk_feed_title_is_correct_chinese() -> None:
    found = classify((FEEDS / "gbk_no_declaration.xml").read_bytes(), None, URL)
    assert found.title == "舟山新闻(GBK)"


def test_page_advertising_feeds_lists_them_best_first() -> None:
    html = """<!DOCTYPE html><html><head><meta charset="gbk"><title>开发区 新闻</title>
    <link rel="stylesheet" href="/a.css">
    <link rel="alternate" type="application/atom+xml" title="Atom" href="atom.xml">
    <link rel="alternate" type="application/rss+xml" title="订阅 RSS" href="/rss.xml">
    <link rel="alternate" type="application/rss+xml" href="/rss.xml">
    <link rel="alternate" hreflang="en" href="/en/">
    </head><body>正文</body></html>""".encode("gbk")
    found = classify(html, "text/html", URL)
    assert found.kind is SourceKind.PORTAL
    assert found.title == "开发区 新闻"
    assert [(f.url, f.title, f.type) for f in found.feeds] == [
        ("http://kfq.example.cn/rss.xml", "订阅 RSS", "application/rss+xml"),
        ("http://kfq.example.cn/news/atom.xml", "Atom", "application/atom+xml"),
    ]


def test_plain_portal_page_has_no_feeds() -> None:
    found = classify(b"<html><head><title>x</title></head><body></body></html>", None, URL)
    assert found.kind is SourceKind.PORTAL
    assert found.feeds == ()


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b'{"hello": "world"}', "application/json"),
        (b'<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head></opml>', None),
    ],
)
def test_neither_feed_nor_page(body: bytes, content_type: str | None) -> None:
    assert classify(body, content_type, URL).kind is None
