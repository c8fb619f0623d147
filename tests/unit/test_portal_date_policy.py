"""Which date an article gets when its page shows several: the day it appeared.

A government disclosure page can show when a document was written (成文日期), issued
(发文日期) or takes effect (施行日期), and when the page was published (发布日期, the
``<meta name="PubDate">`` tag). The article's date is the publication date wherever the page
gives it; the others only when nothing else dates the page. Each page here is written for the
test, one pattern each.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from zonereader.models import CST
from zonereader.sources.portal import read_article_page
from zonereader.sources.portal.meta import labelled_date, read_meta_tags
from zonereader.sources.portal.page import load_page

URL = "http://www.kfq.example.gov.cn/zwgk/tzgg/index.html"
TITLE = "某某开发区管委会关于印发促进先进制造业高质量发展若干政策的通知"
PARAGRAPHS = [
    "各部门、各园区：现将《关于促进先进制造业高质量发展的若干政策》印发给你们，请结合实际，"
    "认真贯彻执行。",
    "本政策所称先进制造业企业，是指在开发区依法登记注册、具有独立法人资格，主营业务属于"
    "新一代信息技术、高端装备、新材料、生物医药等产业的企业。",
    "对新引进的先进制造业项目，按照设备投资额给予最高百分之十的补助，单个项目补助不超过两千万元。",
]


def day(year: int, month: int, date: int) -> datetime:
    """Midnight of a day in China Standard Time."""
    return datetime(year, month, date, tzinfo=CST)


def page(main: str, head: str = "", below: str = "") -> str:
    """A disclosure page: menu, breadcrumb, ``main`` (header and table), the body, ``below``."""
    body = "".join(f"<p>\u3000\u3000{text}</p>" for text in PARAGRAPHS)
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{TITLE}_某某开发区</title>'
        f'{head}</head><body><div class="top"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> '
        '<a href="/xwzx/">新闻中心</a></div><div class="crumb">当前位置：<a href="/">首页</a> '
        '&gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/tzgg/">通知公告</a></div>'
        f'<div class="main">{main}<div class="TRS_Editor">{body}</div>{below}</div>'
        '<div class="footer">主办：某某开发区管委会 网站标识码：3300000001</div></body></html>'
    )


def dated(html: str) -> tuple[datetime | None, str]:
    """The article's date and how it was found (the provenance's ``how``)."""
    reading = read_article_page(html, URL, source="t")
    assert reading.article.title == TITLE
    assert reading.article.paragraphs == PARAGRAPHS
    return reading.article.published, reading.provenance.published.how


def test_written_date_alone_dates_the_article() -> None:
    main = f"<h1>{TITLE}</h1><div class=info>成文日期：2024-01-02</div>"
    assert dated(page(main)) == (day(2024, 1, 2), "label")


def test_publication_date_on_the_same_line_wins_over_the_written_date() -> None:
    main = f"<h1>{TITLE}</h1><div class=info>成文日期：2024-01-02　发布日期：2024-01-05</div>"
    assert dated(page(main))[0] == day(2024, 1, 5)


@pytest.mark.parametrize("label", ["发布日期", "发布时间", "公开日期", "公布日期", "日期", "时间"])
def test_any_publication_label_wins_over_issued_and_written(label: str) -> None:
    main = (
        f"<h1>{TITLE}</h1><div class=info>成文日期：2024-01-02 发文日期：2024-01-03 "
        f"施行日期：2024-03-01 {label}：2024-01-05</div>"
    )
    assert dated(page(main))[0] == day(2024, 1, 5)


def test_issued_date_wins_over_written_and_effective_dates() -> None:
    info = "施行日期：2024-03-01 成文日期：2024-01-02 发文日期：2024-01-03"
    main = f"<h1>{TITLE}</h1><div class=info>{info}</div>"
    assert dated(page(main))[0] == day(2024, 1, 3)


def test_meta_publication_date_wins_over_a_written_date_on_the_page() -> None:
    head = '<meta name="PubDate" content="2024-01-05 10:20">'
    main = f"<h1>{TITLE}</h1><div class=info>成文日期：2024-01-02</div>"
    published, how = dated(page(main, head))
    assert (published, how) == (datetime(2024, 1, 5, 10, 20, tzinfo=CST), "meta")


def test_meta_publication_date_of_the_same_day_keeps_the_printed_source() -> None:
    head = '<meta name="PubDate" content="2024-01-02 10:20">'
    main = f"<h1>{TITLE}</h1><div class=info>发文日期：2024-01-02</div>"
    assert dated(page(main, head)) == (datetime(2024, 1, 2, 10, 20, tzinfo=CST), "label")


def test_printed_publication_date_still_wins_over_the_meta_tag() -> None:
    head = '<meta name="PubDate" content="2024-01-06 10:20">'
    main = f"<h1>{TITLE}</h1><div class=info>发布日期：2024-01-05 成文日期：2024-01-02</div>"
    assert dated(page(main, head)) == (day(2024, 1, 5), "label")


def test_table_above_the_headline_gives_its_publication_date_over_a_written_date_under_it() -> None:
    table = (
        "<table class=xxgk><tr><td>索引号：</td><td>11330000/2024-00012</td>"
        "<td>发文机关：</td><td>某某开发区管委会</td></tr>"
        "<tr><td>发布日期：</td><td>2024年01月05日</td><td>主题分类：</td><td>工业</td></tr></table>"
    )
    main = f"{table}<h1>{TITLE}</h1><div class=info>成文日期：2024年01月02日</div>"
    assert dated(page(main)) == (day(2024, 1, 5), "table")


def test_publication_date_below_the_body_wins_over_a_written_date_above_it() -> None:
    main = f"<h1>{TITLE}</h1><div class=info>成文日期：2024-01-02</div>"
    below = "<div class=foot>发布时间：2024-01-05 16:30</div>"
    published, how = dated(page(main, below=below))
    assert (published, how) == (datetime(2024, 1, 5, 16, 30, tzinfo=CST), "label")


def test_date_after_the_origin_on_one_line() -> None:
    main = f"<h1>{TITLE}</h1><div class=info>来源：某某开发区经济发展局 2024-01-02</div>"
    assert dated(page(main)) == (day(2024, 1, 2), "line")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("本贴由某某于2005年8月12日16:12:21在〖某某〗发表", datetime(2005, 8, 12, 16, 12, 21)),
        ("Posted on 2023-11-17 by admin", datetime(2023, 11, 17)),
        ("发表于 2023-11-17 08:30", datetime(2023, 11, 17, 8, 30)),
    ],
)  # fmt: skip
def test_a_line_saying_published_by_its_date(line: str, expected: datetime) -> None:
    found = labelled_date(line)
    assert found is not None and found[0] == expected.replace(tzinfo=CST)


@pytest.mark.parametrize(
    "line",
    [
        "发表评论 2023-11-18 10:00",  # a comment box's button beside a comment's date
        "unpublished draft 2023-11-17",
        "新闻发布会 2023-11-17",
        "信息发布 | 政务公开 | 互动交流 | 办事服务 | 专题专栏 | 今天是2023年11月17日",
    ],
)
def test_no_published_line_without_the_word_by_its_date(line: str) -> None:
    assert labelled_date(line) is None


@pytest.mark.parametrize(
    ("tags", "origin"),
    [
        ('<meta name="ContentSource" content="某某开发区经济发展局">', "某某开发区经济发展局"),
        ('<meta property="og:article:author" content="人民网">', "人民网"),
        ('<meta property="og:article:author" content="张三">', ""),
        ('<meta property="og:article:author" content="https://www.example.com/u/1">', ""),
        ('<meta name="source" content="www.example.com.cn">', ""),
        ('<meta name="source" content="http://www.example.com.cn/">'
         '<meta property="og:article:author" content="某某日报">', "某某日报"),
    ],
)  # fmt: skip
def test_origin_tags_name_an_organisation_not_an_address_or_a_person(
    tags: str, origin: str
) -> None:
    tree = load_page(f"<html><head>{tags}</head><body></body></html>", URL).tree
    assert read_meta_tags(tree).origin == origin


def test_one_part_title_shown_in_the_header_and_under_the_breadcrumb_is_the_headline() -> None:
    # the <title> is the headline alone; a ticker above the breadcrumb repeats it, and the
    # headline under the breadcrumb is a plain line with no heading markup
    html = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{TITLE}</title></head><body>'
        f'<div class="top"><marquee>最新：{TITLE}</marquee></div><div class="nav">'
        '<a href="/">首页</a> <a href="/zwgk/">政务公开</a></div><div class="crumb">当前位置：'
        '<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a></div>'
        f'<div class="main"><div class="bt">{TITLE}</div><div class="info">发布日期：2024-01-05'
        "</div><div class=zw>"
        + "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
        + "</div></div></body></html>"
    )
    reading = read_article_page(html, URL, source="t")
    assert reading.article.title == TITLE
    # found on the page, not the <title> taken as a last resort with the site's name dropped
    assert reading.provenance.title.how == "headline"
    assert reading.article.published == day(2024, 1, 5)
    assert reading.article.paragraphs == PARAGRAPHS


def test_bare_date_under_the_headline_wins_over_a_written_date() -> None:
    main = (
        f"<h1>{TITLE}</h1><div class=date>2024-01-05</div>"
        "<div class=info>发文机关：某某开发区管委会　成文日期：2024-01-02</div>"
    )
    assert dated(page(main)) == (day(2024, 1, 5), "line")


def test_a_forum_thread_read_whole_takes_its_first_posts_date() -> None:
    posts = [
        ("楼主", "2023/05/17 22:11:42", "园区今年新引进的三个项目都已开工，大家觉得配套跟得上吗？"),
        (
            "网友甲",
            "2023/05/18 13:45:40",
            "配套还要再等等，道路和学校都在建设中，明年应该会好很多。",
        ),
        (
            "网友乙",
            "2023/07/23 10:46:32",
            "同意楼上的看法，另外公交线路也需要尽快调整，方便上下班。",
        ),
    ]
    thread = "".join(
        f"<div class=post><p>{text}</p><p>------------------------------</p>"
        f"<div class=info>〓 某某论坛 园区话题 发布时间 {when} by {who} 〓</div>"
        '<div class=reply><a href="#reply">← 返回</a></div></div>'
        for who, when, text in posts
    )
    html = (
        '<html><head><meta charset="utf-8"><title>园区配套什么时候跟上？</title></head><body>'
        f"<h2>园区配套什么时候跟上？</h2>{thread}</body></html>"
    )
    reading = read_article_page(html, "http://bbs.example.cn/thread/88.html", source="t")
    assert reading.article.published == datetime(2023, 5, 17, 22, 11, 42, tzinfo=CST)
    assert reading.provenance.published.detail == "发布时间： of the first post"
