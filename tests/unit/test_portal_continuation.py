"""Articles split over pages: finding the later pages (pure) and joining the pages' text."""

from __future__ import annotations

from zonereader.models import Article
from zonereader.sources.portal.continuation import (
    MAX_ARTICLE_PAGES,
    continuation_pages,
    is_pager_line,
    join_pages,
)
from zonereader.sources.portal.page import load_page

URL = "http://www.kfq.example.cn/xwzx/gzdt/202311/t20231117_4412345.html"
DIR = "http://www.kfq.example.cn/xwzx/gzdt/202311/"


def later(pager: str, url: str = URL) -> list[str]:
    html = (
        "<html><body><h1>开发区召开重点项目推进会</h1><div class='content'>"
        "<p>正文第一段，介绍会议的基本情况和主要议程安排。</p></div>"
        f"<div class='pages'>{pager}</div>"
        "<p>上一篇：<a href='t20231116_4411987.html'>管委会领导带队赴长三角招商</a></p>"
        "</body></html>"
    )
    return continuation_pages(load_page(html, url))


def test_a_one_page_article_has_none() -> None:
    assert later("") == []


def test_linked_pages_counting_from_one() -> None:
    pager = (
        '共3页 <span>1</span> <a href="t20231117_4412345_1.html">2</a> '
        '<a href="t20231117_4412345_2.html">3</a> <a href="t20231117_4412345_1.html">下一页</a>'
    )
    assert later(pager) == [f"{DIR}t20231117_4412345_1.html", f"{DIR}t20231117_4412345_2.html"]


def test_linked_pages_counting_from_two() -> None:
    url = "http://news.example.cn/qxdt/2023-05/14/content_5010039.htm"
    pager = '共3页 1 <a href="content_5010039_2.htm">2</a> <a href="content_5010039_3.htm">3</a>'
    assert later(pager, url) == [
        "http://news.example.cn/qxdt/2023-05/14/content_5010039_2.htm",
        "http://news.example.cn/qxdt/2023-05/14/content_5010039_3.htm",
    ]


def test_a_pager_window_is_filled_up_to_the_stated_count() -> None:
    pager = (
        '共5页 1 <a href="t20231117_4412345_1.html">2</a> '
        '<a href="t20231117_4412345_1.html">下一页</a>'
    )
    assert later(pager) == [f"{DIR}t20231117_4412345_{n}.html" for n in range(1, 5)]


def test_a_script_pager_naming_the_article() -> None:
    script = '<script>createPageHTML(3, 0, "t20231117_4412345", "html");</script>'
    assert later(script) == [f"{DIR}t20231117_4412345_1.html", f"{DIR}t20231117_4412345_2.html"]
    # a list's pager on the same page names "index": not this article's pages
    assert later('<script>createPageHTML(9, 0, "index", "html");</script>') == []


def test_a_later_page_lists_no_pages() -> None:
    url = f"{DIR}t20231117_4412345_1.html"
    pager = '<a href="t20231117_4412345.html">1</a> 2 <a href="t20231117_4412345_2.html">3</a>'
    assert later(pager, url) == []


def test_dynamic_pages_by_parameter() -> None:
    url = "http://zsj.example.cn/show.php?id=88"
    pager = '<a href="show.php?id=88&page=2">2</a> <a href="show.php?id=88&page=3">3</a>'
    assert later(pager, url) == [
        "http://zsj.example.cn/show.php?id=88&page=2",
        "http://zsj.example.cn/show.php?id=88&page=3",
    ]
    assert later(pager, "http://zsj.example.cn/show.php?id=88&page=2") == []


def test_pages_are_bounded_and_on_the_article_host() -> None:
    links = "".join(f'<a href="t20231117_4412345_{n}.html">{n + 1}</a>' for n in range(1, 60))
    assert len(later(links)) == MAX_ARTICLE_PAGES - 1
    other_host = '<a href="http://cdn.example.org/xwzx/gzdt/202311/t20231117_4412345_1.html">2</a>'
    assert later(other_host) == []


def test_pager_lines() -> None:
    assert is_pager_line("共3页 上一页 1 2 3 下一页")
    assert is_pager_line("[1] [2] [3]") is False  # no 页 and not bare numbers: kept
    assert is_pager_line("1 2 3")
    assert not is_pager_line("2023")
    assert not is_pager_line("全区共3页材料已报送上级部门审核。")


def make(paragraphs: list[str], links: list[str] | None = None) -> Article:
    return Article(
        url=URL, title="标题", zone="z", source="s", paragraphs=paragraphs, links=links or []
    )


def test_join_pages_in_order_without_pagers_and_repeated_lines() -> None:
    first = make(["第一页正文。", "共3页 1 2 3 下一页", "（责任编辑：张三）"], ["http://a/1"])
    second = make(
        ["第二页正文。", "共3页 上一页 1 2 3 下一页", "（责任编辑：张三）"], ["http://a/1"]
    )
    third = make(["第三页正文。", "（责任编辑：张三）"], ["http://a/3"])
    joined = join_pages(first, [second, third])
    assert joined.paragraphs == [
        "第一页正文。",
        "第二页正文。",
        "第三页正文。",
        "（责任编辑：张三）",
    ]
    assert joined.links == ["http://a/1", "http://a/3"]
    assert joined.url == URL and joined.title == "标题"
