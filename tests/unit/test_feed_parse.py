"""parse_feed on saved feeds: every format, links, dates, titles, duplicates and charsets."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from zonereader.demo.feeds import FeedOptions, FeedSet, iter_manifest, mixed_options
from zonereader.models import CST, BodyImage, BodyLink
from zonereader.sources.feed import FeedError, ParsedFeed, parse_feed

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
FEED_URL = "http://feed.example.cn/feeds/x.xml"


def parse(name: str, content_type: str | None = None) -> ParsedFeed:
    body = (FIXTURES / name).read_bytes()
    return parse_feed(body, content_type, FEED_URL, source="src", zone="浙江/舟山")


@pytest.mark.parametrize(
    ("name", "fmt", "count"),
    [
        ("rss20.xml", "rss20", 5),
        ("rss091.xml", "rss091n", 1),
        ("rss10.rdf", "rss10", 1),
        ("atom10.xml", "atom10", 2),
        ("atom03.xml", "atom03", 1),
        ("jsonfeed10.json", "json10", 2),
        ("jsonfeed11.json", "json11", 1),
    ],
)
def test_every_format_parses(name: str, fmt: str, count: int) -> None:
    feed = parse(name)
    assert feed.format == fmt
    assert len(feed.entries) == count
    for article in feed.entries:
        assert article.url.startswith(("http://", "https://"))
        assert article.title
        assert article.zone == "浙江/舟山"
        assert article.source == "src"
        assert article.paragraphs


def test_rss20_relative_links_html_title_enclosure_and_content() -> None:
    feed = parse("rss20.xml")
    assert feed.title == "舟山开发区新闻"
    assert feed.link == "http://feed.example.cn/news/"
    first = feed.entries[0]
    assert first.url == "http://feed.example.cn/news/2024/0105.html"
    assert first.title == "舟山绿色石化基地 & 新项目签约"
    assert first.published == datetime(2024, 1, 5, 9, 30, tzinfo=CST)
    assert first.has_time
    assert first.origin == "舟山日报"
    # content:encoded wins over description; scripts dropped; indentation stripped.
    assert first.paragraphs == ["1月5日,舟山绿色石化基地二期项目签约。", "总投资约120亿元。"]
    assert first.links == [
        BodyLink("http://feed.example.cn/projects/42.html", "二期项目"),
        BodyLink("http://feed.example.cn/media/0105.jpg"),
    ]
    # the enclosure is a picture: an image of the article too, after its paragraphs
    assert first.images == [BodyImage("http://feed.example.cn/media/0105.jpg", "", 2)]


def test_missing_date_is_none_and_origin_falls_back_to_feed_title() -> None:
    feed = parse("rss20.xml")
    notice = next(a for a in feed.entries if a.title == "没有日期的通知")
    assert notice.published is None
    assert not notice.has_time
    assert notice.origin == "舟山开发区新闻"
    assert notice.paragraphs == ["请各企业于月底前报送材料。"]


def test_links_differing_in_the_fragment_are_two_entries() -> None:
    feed = parse("rss20.xml")
    by_url = {a.url: a.title for a in feed.entries}
    assert by_url["http://zs.example.cn/news/dup.html"] == "重复条目(第一次)"
    assert by_url["http://zs.example.cn/news/dup.html#again"] == "重复条目(第二次)"
    assert feed.duplicates == 0
    assert feed.split == {
        "http://zs.example.cn/news/dup.html": [
            "http://zs.example.cn/news/dup.html",
            "http://zs.example.cn/news/dup.html#again",
        ]
    }


def test_an_id_repeated_without_a_link_is_one_entry() -> None:
    feed = parse("jsonfeed11.json")
    assert feed.duplicates == 1
    assert [a.title for a in feed.entries] == ["合肥高新区量子产业集群加速成长"]


def test_guid_permalink_is_the_identity_when_there_is_no_link() -> None:
    feed = parse("rss20.xml")
    assert "http://zs.example.cn/news/guid-only.html" in [a.url for a in feed.entries]


def test_atom_xml_base_html_title_and_date_without_time() -> None:
    feed = parse("atom10.xml")
    assert feed.title == "杭州经开区 动态"
    first, second = feed.entries
    assert first.url == "http://hz.example.cn/2024/03/kaiyuan.html"
    assert [link.url for link in first.links] == [
        "http://hz.example.cn/2024/03/park.html",
        "http://hz.example.cn/2024/03/kaiyuan.pdf",
    ]
    assert first.origin == "钱江晚报"
    assert first.published == datetime(2024, 3, 2, 9, 0, tzinfo=CST)
    # No link: the id identifies it, as a stable URL under the feed's.
    assert second.url.startswith(FEED_URL + "?zonereader-entry=")
    assert second.published is not None and second.published.date().isoformat() == "2024-03-01"
    assert not second.has_time
    assert second.origin == "杭州经开区 动态"


def test_json_feed_relative_urls_attachments_text_and_authors() -> None:
    feed = parse("jsonfeed10.json")
    first, second = feed.entries
    assert first.url == "http://feed.example.cn/a/2.html"
    assert first.title == "温州开发区民营经济示范区建设提速"
    assert [link.url for link in first.links] == [
        "http://feed.example.cn/zones/1.html",
        "http://feed.example.cn/media/2.mp3",
    ]
    assert first.images == []  # an audio attachment is a link, not a picture
    assert first.origin == "温州日报"
    assert second.paragraphs == ["第一段。", "第二段。"]
    assert second.title == "第一段。"  # no title: made from the body
    modern = parse("jsonfeed11.json").entries[0]
    assert modern.published == datetime(2024, 5, 6, 8, 0, tzinfo=UTC)
    assert modern.origin == "合肥晚报"
    assert modern.paragraphs == ["量子信息产业", "企业超过60家。"]


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("gbk_no_declaration.xml", None),
        ("gbk_no_declaration.xml", "application/rss+xml"),
        ("gbk_declared_gb2312.xml", "text/xml; charset=utf-8"),  # header and declaration disagree
        ("gbk_declared_gb2312.xml", None),
        ("gbk_lying_declaration.xml", "application/rss+xml; charset=utf-8"),
    ],
)
def test_gbk_feeds_come_out_as_correct_chinese(name: str, content_type: str | None) -> None:
    feed = parse(name, content_type)
    assert feed.title == "舟山新闻(GBK)"
    article = feed.entries[0]
    assert article.title == "舟山群岛新区建设再提速,镕基地"  # 镕 is in GBK, not in GB2312
    assert article.paragraphs == ["岱山县、嵊泗县重点项目集中开工。"]
    assert "\ufffd" not in article.title


def test_malformed_xml_still_gives_what_it_can() -> None:
    feed = parse("malformed.xml")
    assert [a.url for a in feed.entries] == ["http://bad.example.cn/a/1.html"]


@pytest.mark.parametrize(
    "body", [(FIXTURES / "not_a_feed.html").read_bytes(), b"", b"\x00\xff\xfe garbage", b"{}"]
)
def test_not_a_feed_is_a_one_line_error(body: bytes) -> None:
    with pytest.raises(FeedError) as excinfo:
        parse_feed(body, None, FEED_URL, source="s", zone="z")
    assert "\n" not in str(excinfo.value)


def test_escape_sequences_in_titles_and_bodies_are_stripped() -> None:
    body = (
        '<rss version="2.0"><channel><title>t\x1b]0;PWNED\x07</title>'
        "<item><title>标题\x1b[31m红</title><link>http://x.cn/1</link>"
        "<description>正文\u202e反转</description></item></channel></rss>"
    ).encode()
    article = parse_feed(body, None, FEED_URL, source="s", zone="z").entries[0]
    assert "\x1b" not in article.title and "\x07" not in article.title
    assert "\u202e" not in "".join(article.paragraphs)


@pytest.mark.parametrize("feed", range(7))
def test_generated_feeds_match_their_manifest(feed: int) -> None:
    """Every format and charset case of the demo generator parses back to its ground truth."""
    feeds = FeedSet(7, 12, seed=3, options=mixed_options)
    base = "http://127.0.0.1:9"
    rendered = feeds.render(feed, base)
    parsed = parse_feed(
        rendered.body, rendered.content_type, base + feeds.path(feed), source="s", zone="z"
    )
    truth = [item for item in iter_manifest(feeds, base) if item["feed"] == feed][::-1]
    assert len(parsed.entries) == 12
    for article, item in zip(parsed.entries, truth, strict=True):
        assert article.url == item["url"]
        assert article.title == item["title"]
        assert article.published == item["published"]
        assert article.paragraphs[: len(item["paragraphs"])] == item["paragraphs"]
        assert article.origin == (item["author"] or parsed.title)


def test_generated_gbk_feed_is_really_gbk() -> None:
    feeds = FeedSet(1, 3, options=lambda _n: FeedOptions("rss", "gbk", "none"))
    body = feeds.render(0, "http://127.0.0.1:9").body
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert b"encoding=" not in body


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir() if p.suffix != ".html"))
def test_fast_reader_and_feedparser_agree(name: str) -> None:
    """The ElementTree reader gives exactly what feedparser gives, on every fixture."""
    body = (FIXTURES / name).read_bytes()
    fast = parse_feed(body, None, FEED_URL, source="s", zone="z")
    slow = parse_feed(body, None, FEED_URL, source="s", zone="z", use_feedparser=True)
    assert (fast.title, fast.link, fast.duplicates) == (slow.title, slow.link, slow.duplicates)
    assert fast.entries == slow.entries


@pytest.mark.parametrize("feed", range(7))
def test_fast_reader_and_feedparser_agree_on_generated_feeds(feed: int) -> None:
    feeds = FeedSet(7, 20, seed=5, options=mixed_options)
    rendered = feeds.render(feed, "http://127.0.0.1:9")
    args = (rendered.body, rendered.content_type, "http://127.0.0.1:9" + feeds.path(feed))
    fast = parse_feed(*args, source="s", zone="z")
    slow = parse_feed(*args, source="s", zone="z", use_feedparser=True)
    assert fast.entries == slow.entries
    assert fast.title == slow.title
