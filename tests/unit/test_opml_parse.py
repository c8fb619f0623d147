"""OPML: nested outlines to zone paths, odd files, and the export/import round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from zonereader.models import SourceKind
from zonereader.sources.opml import OpmlError, OpmlSource, parse_opml, render_opml

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "opml"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_nested_folders_become_zone_paths() -> None:
    document = parse_opml(read("nested.opml"))
    assert document.title == "我的订阅"
    assert [(s.url, s.zone) for s in document.sources] == [
        ("http://zs.example.cn/rss.xml", "浙江/舟山/舟山新闻"),
        ("http://dh.example.cn/feed", "浙江/舟山/定海／普陀"),  # a "/" in a title does not nest
        ("https://nb.example.cn/atom.xml", "浙江/宁波开发区"),
        ("http://xinhua.example.cn/rss", "新华社"),
    ]
    assert all(s.kind is SourceKind.FEED for s in document.sources)
    assert document.sources[0].html_url == "http://zs.example.cn/"
    assert document.skipped == []


def test_missing_titles_fall_back_to_title_attribute_or_host() -> None:
    document = parse_opml(read("missing_titles.opml"))
    assert [(s.url, s.zone) for s in document.sources] == [
        ("http://untitled.example.cn/feed.xml", "untitled.example.cn"),
        ("http://yq.example.cn/rss", "只有 title 属性/园区动态"),
    ]


def test_type_rss_or_none_both_count_and_the_rest_is_reported() -> None:
    document = parse_opml(read("types.opml"))
    urls = [s.url for s in document.sources]
    assert urls == [
        "http://a.example.cn/rss",
        "http://b.example.cn/rss",
        "http://c.example.cn/atom",
        "http://a.example.cn/rss",  # duplicates are the importer's business
    ]
    assert len(document.skipped) == 3
    joined = "\n".join(document.skipped)
    assert "没有地址" in joined and "一个网页" in joined and "ftp://" in joined


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (read("malformed.opml"), "not well-formed XML at line"),
        (b"<html><body/></html>", "root element is <html>"),
        (b"<opml version='2.0'><head/></opml>", "no <body>"),
        (b"", "not well-formed"),
    ],
)
def test_malformed_files_are_one_line_errors(data: bytes, message: str) -> None:
    with pytest.raises(OpmlError) as excinfo:
        parse_opml(data)
    assert message in str(excinfo.value)
    assert "\n" not in str(excinfo.value)


def test_export_then_import_gives_the_same_sources_and_zones() -> None:
    sources = [
        OpmlSource(
            "http://zs.example.cn/rss.xml", SourceKind.FEED, "浙江/舟山/舟山新闻", name="zs"
        ),
        OpmlSource("http://nb.example.cn/atom", SourceKind.FEED, "浙江/宁波", name="nb"),
        OpmlSource("http://x.example.cn/rss", SourceKind.FEED, "新华社", name="xh"),
        OpmlSource("http://kfq.example.cn/index.html", SourceKind.PORTAL, "", name="portal"),
        OpmlSource("http://p2.example.cn/list.html", SourceKind.PORTAL, "江苏", name="p2"),
    ]
    text = render_opml(sources)
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    assert "<opml " in text and 'version="2.0"' in text
    back = parse_opml(text.encode("utf-8"))
    assert [(s.url, s.kind, s.zone, s.name) for s in back.sources] == [
        (s.url, s.kind, s.zone, s.name) for s in sources
    ]
    assert back.skipped == []


def test_export_is_readable_by_plain_opml_readers() -> None:
    """Other readers see folders and rss outlines; the zonereader attributes are namespaced."""
    text = render_opml(
        [OpmlSource("http://zs.example.cn/rss.xml", SourceKind.FEED, "浙江/舟山", name="zs")]
    )
    assert '<outline text="浙江" title="浙江">' in text
    assert 'type="rss" text="舟山" title="舟山" xmlUrl="http://zs.example.cn/rss.xml"' in text
    assert 'xmlns:zonereader="' in text
