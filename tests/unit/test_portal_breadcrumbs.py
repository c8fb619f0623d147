"""Breadcrumbs as real portals write them, read into a zone path.

Each case is a small page written for the test, one pattern each: the label before the
breadcrumb (您所在的位置：, 当前位置：, 您现在的位置 with no colon), its separators (``>``,
``>>``, ``»``, ``→``, ``/``, a dash between spaces, or none at all where the style sheet draws
them), markup that says it is a breadcrumb (``<ol class="breadcrumb">``, ``<nav
aria-label="breadcrumb">``), links mixed with plain text, a label in a block of its own, and a
trailing 正文 on an article's breadcrumb.
"""

from __future__ import annotations

import pytest

from zonereader.sources.portal import parse_list_page
from zonereader.sources.portal.page import breadcrumb, load_page, zone_from_crumbs

URL = "http://www.kfq.example.cn/xwzx/yqdt/index.html"
ROWS = "".join(
    f'<li><a href="/xwzx/yqdt/202405/t2024051{day}_{day}.html">'
    f"园区第{day}季度重点项目集中签约仪式举行</a>"
    f"<span>2024-05-1{day}</span></li>"
    for day in range(1, 7)
)

CASES = {
    "label with a full-width colon, slashes between links": (
        '<div class="pos">您所在的位置：<a href="/">首页</a> / <a href="/xwzx/">新闻中心</a>'
        ' / <a href="/xwzx/yqdt/">园区动态</a></div>',
        ["新闻中心", "园区动态"],
    ),
    "doubled angle brackets, the last part plain text": (
        '<div>当前位置：<a href="/">首页</a> &gt;&gt; <a href="/tzcj/">投资促进</a>'
        " &gt;&gt; 招商引资</div>",
        ["投资促进", "招商引资"],
    ),
    "guillemets and no colon after the label": (
        '<div>您现在的位置 <a href="/">首页</a> » <a href="/zwgk/">政务公开</a> » 部门动态</div>',
        ["政务公开", "部门动态"],
    ),
    "arrows in plain text": (
        "<p>当前位置：首页 → 开发区新闻 → 园区要闻</p>",
        ["开发区新闻", "园区要闻"],
    ),
    "a dash between spaces": (
        '<div class="location">当前位置：<a href="/">首页</a> - <a href="/xwzx/">新闻中心</a>'
        " - 媒体关注</div>",
        ["新闻中心", "媒体关注"],
    ),
    "separators drawn by the style sheet": (
        '<div class="here">当前位置：<a href="/">首页</a><a href="/tzcj/">投资促进</a>'
        '<a href="/tzcj/xm/">重点项目</a></div>',
        ["投资促进", "重点项目"],
    ),
    "a bootstrap ordered list": (
        '<ol class="breadcrumb"><li class="breadcrumb-item"><a href="/">首页</a></li>'
        '<li class="breadcrumb-item"><a href="/cyyq/">产业园区</a></li>'
        '<li class="breadcrumb-item active" aria-current="page">园区新闻</li></ol>',
        ["产业园区", "园区新闻"],
    ),
    "a nav element named breadcrumb, separators by style": (
        '<nav aria-label="breadcrumb"><a href="/">Home</a><span>营商环境</span>'
        "<span>政策解读</span></nav>",
        ["营商环境", "政策解读"],
    ),
    "the label in a block of its own": (
        '<div><span class="label">当前位置：</span></div><div><a href="/">首页</a> &gt; '
        '<a href="/xwzx/">新闻中心</a> &gt; 通知公告</div>',
        ["新闻中心", "通知公告"],
    ),
    "a wrapper marked as a breadcrumb around a menu and the breadcrumb": (
        '<div class="crumbs-bar"><ul><li><a href="/a/">招商动态</a></li><li><a href="/b/">'
        '企业风采</a></li></ul><div class="crumbs"><a href="/">首页</a> / '
        '<a href="/a/">招商动态</a></div></div>',
        ["招商动态"],
    ),
}


def page_with(crumb_html: str) -> str:
    return (
        '<html><head><title>园区动态</title></head><body><div class="nav"><a href="/">网站首页'
        f'</a><a href="/zwgk/">政务公开</a></div>{crumb_html}<ul class="list">{ROWS}</ul>'
        "</body></html>"
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_breadcrumb_parts(case: str) -> None:
    crumb_html, parts = CASES[case]
    found, _ = breadcrumb(load_page(page_with(crumb_html), URL), None)
    assert found == parts


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_list_page_takes_its_zone_from_the_breadcrumb(case: str) -> None:
    crumb_html, parts = CASES[case]
    page = parse_list_page(page_with(crumb_html), URL)
    assert page.zone == "/".join(parts)
    assert len(page.entries) == 6


def test_a_trailing_leaf_word_is_not_a_zone() -> None:
    crumb_html = (
        '<div class="location">您所在的位置：<a href="/">网站首页</a>&gt;<a href="/zwgk/">'
        "政务公开</a>&gt;部门动态&gt;正文</div>"
    )
    parts, _ = breadcrumb(load_page(page_with(crumb_html), URL), None)
    assert parts == ["政务公开", "部门动态", "正文"]
    assert zone_from_crumbs(parts, "") == "政务公开/部门动态"
    assert parse_list_page(page_with(crumb_html), URL).zone == "政务公开/部门动态"


def test_a_slash_inside_a_part_stays_where_another_separator_is_used() -> None:
    crumb_html = '<div>当前位置：<a href="/">首页</a> &gt; <a href="/zc/">政策/法规</a></div>'
    parts, _ = breadcrumb(load_page(page_with(crumb_html), URL), None)
    assert parts == ["政策／法规"]


@pytest.mark.parametrize(
    "text",
    [
        "<p>园区所在位置交通便利，距离机场二十公里，高速公路四通八达，区位优势十分明显。</p>",
        '<div class="crumbtrail-logo">园区</div>',  # one text, no label: a class name only
    ],
)
def test_no_breadcrumb_where_there_is_none(text: str) -> None:
    assert breadcrumb(load_page(page_with(text), URL), None) == ([], -1)


def test_breadcrumb_elements_are_bounded() -> None:
    many = '<div class="crumb">园区</div>' * 5000
    assert breadcrumb(load_page(page_with(many), URL), None) == ([], -1)
