"""Portal extraction against saved pages of both templates and their quirks."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from zonereader.models import CST, PortalSelectors, SiteLink
from zonereader.sources.portal import (
    ExtractError,
    page_kind,
    parse_article_page,
    parse_list_page,
)
from zonereader.text.decode import decode_body

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
ARTICLE_URL = "http://www.example.com/kfqxw/zhoushan/wzxw/2023/1228/8821.html"
LIST_URL = "http://www.example.com/kfqxw/zhoushan/wzxw/index_2.html"
OTHER_URL = "http://gov.example.cn/other/a/1002.html"
TITLE = "勇当先行者,谱写新篇章!市委八届五次全体(扩大)会议举行"


def load(name: str, content_type: str | None = None) -> str:
    return decode_body((PAGES / name).read_bytes(), content_type).text


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("t1_article.gbk.html", None),  # charset in <meta> only (gb2312 label, GBK bytes)
        ("t1_article.gbk.html", "text/html; charset=utf-8"),  # header lies
        ("t1_article_nodecl.gbk.html", None),  # no declaration at all
        ("t1_article_lying_meta.gbk.html", None),  # <meta> says utf-8
    ],
)
def test_template1_article(name: str, content_type: str | None) -> None:
    article = parse_article_page(load(name, content_type), ARTICLE_URL, source="demo")
    assert article.url == ARTICLE_URL
    assert article.title == TITLE
    assert article.zone == "开发区新闻/舟山/文字新闻"
    assert article.source == "demo"
    assert article.published == datetime(2023, 12, 28, tzinfo=CST)
    assert not article.has_time
    assert article.origin == "舟山日报"
    assert article.publisher == "舟山高新技术产业园区"
    assert article.paragraphs[0].startswith("12月27日，中共舟山市委")
    assert "“海上花园城”" in article.paragraphs[1]  # entities decoded
    assert article.paragraphs[-1] == "（责任编辑：张三）"
    assert len(article.paragraphs) == 5  # <br> split one <p> in two
    text = "\n".join(article.paragraphs)
    for noise in ("广告", "打印", "版权所有", "与我们联系", "热点新闻", "脚本", "登录", "上一条"):
        assert noise not in text
    assert not any(p.startswith("\u3000") for p in article.paragraphs)
    assert article.prev_link == SiteLink(
        "http://www.example.com/kfqxw/zhoushan/wzxw/2023/1227/8812.html",
        "温州布局中部循环经济产业链",
    )
    assert article.next_link == SiteLink(
        "http://www.example.com/kfqxw/zhoushan/wzxw/2023/1228/2023/1229/8830.html",
        "永乐店邀专家解读十八大精神",
    )


def test_zone_prefix_is_joined() -> None:
    article = parse_article_page(
        load("t1_article.gbk.html"), ARTICLE_URL, source="s", zone_prefix="/我的门户/"
    )
    assert article.zone == "我的门户/开发区新闻/舟山/文字新闻"


def test_channel_ends_have_no_prev_or_next() -> None:
    article = parse_article_page(load("t1_article_ends.gbk.html"), ARTICLE_URL, source="s")
    assert article.prev_link is None  # no 上一条 line at all
    assert article.next_link is None  # 下一条:没有了
    assert article.title == TITLE and len(article.paragraphs) == 5


def test_broken_markup_header_charset_only() -> None:
    html = load("t1_article_broken.gbk.html", "text/html; charset=GB2312")
    article = parse_article_page(html, ARTICLE_URL, source="s")
    assert article.title == "张喆调研舟山港综保区 & 自贸区建设"
    assert article.zone == "开发区新闻/浙江/舟山/文字新闻"
    assert article.published == datetime(2023, 12, 29, 9, 15, tzinfo=CST) and article.has_time
    assert (article.origin, article.publisher) == ("浙江日报", "舟山港综合保税区")
    assert len(article.paragraphs) == 3
    assert article.paragraphs[1] == "调研中，他强调要坚持<以开放促改革>，不断提升综保区发展能级。"
    assert article.paragraphs[0].endswith("等项目。")  # &#x3002; decoded
    assert article.prev_link is not None and article.next_link is not None
    assert article.next_link.title == "舟山新城举行重大项目集中开工仪式"


def test_template2_article() -> None:
    article = parse_article_page(load("t2_article.utf8.html"), OTHER_URL, source="other")
    assert article.title == "区领导赴长三角开展招商推介活动"
    assert article.zone == "园区动态"
    assert article.published == datetime(2023, 12, 20, 10, 30, tzinfo=CST) and article.has_time
    assert article.origin == "开发区招商局"
    assert article.publisher == ""
    assert article.paragraphs == [
        "12月18日至19日，区主要领导带队赴上海、苏州等地开展招商推介活动，走访企业8家。",
        "推介会上，开发区围绕新能源、新材料和高端装备制造三大主导产业作了专题介绍。",
    ]
    assert article.prev_link == SiteLink(
        "http://gov.example.cn/other/a/1001.html", "园区企业获评国家级专精特新“小巨人”"
    )
    assert article.next_link == SiteLink(
        "http://gov.example.cn/other/a/1003.html", "开发区召开2024年度重点项目推进会"
    )


def test_template1_list_page() -> None:
    page = parse_list_page(load("t1_list.gbk.html"), LIST_URL)
    assert page.zone == "开发区新闻/舟山/文字新闻"
    assert page.next_url == "http://www.example.com/kfqxw/zhoushan/wzxw/index_3.html"
    assert page.channels == []
    assert [e.url.rsplit("/", 1)[1] for e in page.entries] == [
        "8821.html", "8812.html", "8811.html", "8800.html", "8790.html",
    ]  # fmt: skip
    assert page.entries[0].url == ARTICLE_URL
    assert page.entries[2].url.endswith("/wzxw/2023/1227/8811.html")  # fragment dropped
    assert page.entries[1].title == "温州布局中部循环经济产业链完整标题"  # truncated: title attr
    assert page.entries[4].title == "普陀经济开发区&海洋产业集聚区签约项目12个"
    assert [e.published.day for e in page.entries if e.published] == [28, 27, 27, 26, 25]


def test_template2_list_page_table_without_next() -> None:
    page = parse_list_page(load("t2_list.utf8.html"), "http://gov.example.cn/other/news.html")
    assert page.zone == "园区动态"
    assert page.next_url is None
    assert [(e.url, e.title, e.published) for e in page.entries] == [
        ("http://gov.example.cn/other/a/1003.html", "开发区召开2024年度重点项目推进会",
         datetime(2023, 12, 28, tzinfo=CST)),
        ("http://gov.example.cn/other/a/1002.html", "区领导赴长三角开展招商推介活动",
         datetime(2023, 12, 20, tzinfo=CST)),
        ("http://gov.example.cn/other/a/1001.html", "园区企业获评国家级专精特新“小巨人”",
         datetime(2023, 12, 1, tzinfo=CST)),
    ]  # fmt: skip


def test_section_index_channels() -> None:
    page = parse_list_page(load("t1_index.gbk.html"), "http://www.example.com/kfqxw/")
    assert page.entries == [] and page.next_url is None
    assert page.zone == "开发区新闻"
    assert [(c.url, c.zone) for c in page.channels] == [
        ("http://www.example.com/kfqxw/zhoushan/wzxw/", "开发区新闻/浙江/舟山/文字新闻"),
        ("http://www.example.com/kfqxw/zhoushan/tpxw/", "开发区新闻/浙江/舟山/图片新闻"),
        ("http://www.example.com/kfqxw/ningbo/wzxw/", "开发区新闻/浙江/宁波/文字新闻"),
        ("http://www.example.com/kfqxw/ningbo/tpxw/", "开发区新闻/浙江/宁波/图片新闻"),
        ("http://www.example.com/kfqxw/suzhou/wzxw/", "开发区新闻/江苏/苏州工业园区/文字新闻"),
    ]


@pytest.mark.parametrize(
    ("name", "url", "kind"),
    [
        ("t1_article.gbk.html", ARTICLE_URL, "article"),
        ("t1_article_ends.gbk.html", ARTICLE_URL, "article"),
        ("t1_article_broken.gbk.html", ARTICLE_URL, "article"),
        ("t2_article.utf8.html", OTHER_URL, "article"),
        ("t1_list.gbk.html", LIST_URL, "list"),
        ("t2_list.utf8.html", "http://gov.example.cn/other/news.html", "list"),
        ("t1_index.gbk.html", "http://www.example.com/kfqxw/", "index"),
    ],
)
def test_page_kind(name: str, url: str, kind: str) -> None:
    assert page_kind(load(name), url) == kind


def test_no_title_or_no_body_raises_one_line() -> None:
    with pytest.raises(ExtractError, match="no article body") as caught:
        parse_article_page("<html><body><h1>只有标题</h1></body></html>", ARTICLE_URL, source="s")
    assert "\n" not in str(caught.value)
    with pytest.raises(ExtractError, match="no title"):
        parse_article_page("<html><body></body></html>", ARTICLE_URL, source="s")


def test_hostile_text_is_sanitised() -> None:
    html = (
        "<h1>标题\x1b]0;pwned\x07</h1><div>发布时间:2023-12-28 来源:\u202e日报</div>"
        "<p>正文\x1b[2J第一段</p><p>上一条:<a href='/p.html'>前面\x9b31m的新闻</a></p>"
    )
    article = parse_article_page(html, ARTICLE_URL, source="s")
    assert article.title == "标题"
    assert article.origin == "日报"
    assert article.paragraphs == ["正文第一段"]
    assert article.prev_link == SiteLink("http://www.example.com/p.html", "前面的新闻")


SELECTORS = PortalSelectors(
    list_item="div.items > p",
    list_date="em",
    next_page="span.more",
    title="div.hd",
    meta="div.src",
    body="div.txt",
    breadcrumb="div.crumbs",
    prev_link="div.pn span.a",
    next_link="div.pn span.b",
)


def test_selectors_replace_heuristics_on_articles() -> None:
    html = """<html><body>
    <div class="crumbs">Home · <a>园区</a> › <a>通知</a></div>
    <div class="hd">一个没有标题标签的标题</div>
    <div class="src">2024/01/02 08:00 by 管委会</div>
    <div class="txt"><span>第一段</span><br><span>第二段</span><div class="ad">广告位</div></div>
    <div class="pn"><span class="a"><a href="p1.html">往前</a></span>
    <span class="b"><a href="n1.html">往后</a></span></div>
    </body></html>"""
    article = parse_article_page(html, "http://h.cn/x/1.html", source="s", selectors=SELECTORS)
    assert article.title == "一个没有标题标签的标题"
    assert article.zone == "Home · 园区/通知"
    assert article.published == datetime(2024, 1, 2, 8, 0, tzinfo=CST)
    assert article.paragraphs == ["第一段", "第二段"]
    assert article.prev_link == SiteLink("http://h.cn/x/p1.html", "往前")
    assert article.next_link == SiteLink("http://h.cn/x/n1.html", "往后")


def test_selectors_replace_heuristics_on_lists() -> None:
    html = """<html><body><div class="items">
    <p><a href="a1.html">第一条新闻</a> <em>2024-01-03</em></p>
    <p><a href="a2.html">第二条新闻</a> <em>2024-01-02</em></p></div>
    <span class="more"><a href="list2.html">更多</a></span></body></html>"""
    page = parse_list_page(html, "http://h.cn/list.html", selectors=SELECTORS)
    assert [(e.url, e.title, e.published) for e in page.entries] == [
        ("http://h.cn/a1.html", "第一条新闻", datetime(2024, 1, 3, tzinfo=CST)),
        ("http://h.cn/a2.html", "第二条新闻", datetime(2024, 1, 2, tzinfo=CST)),
    ]
    assert page.next_url == "http://h.cn/list2.html"


def test_selector_that_matches_nothing_gives_nothing() -> None:
    html = load("t1_list.gbk.html")
    page = parse_list_page(html, LIST_URL, selectors=PortalSelectors(list_item="ul.nope li"))
    assert page.entries == []
    assert page.next_url is not None  # other fields keep their heuristics
