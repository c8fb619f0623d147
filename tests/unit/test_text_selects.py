"""Huge ``<select>`` lists are cut before parsing: the parser's time is quadratic in them.

lexbor takes about 1.4 s of CPU over one ``<select>`` of 16,000 options and about 20 s over
64,000 (16,000 list items take 10 ms). The cut keeps what a list page needs of a select (the
first options, a pager's current page and its next) and never touches markup outside the
options. No test here measures time: they check what is kept.
"""

from __future__ import annotations

from zonereader.sources.portal import parse_list_page
from zonereader.sources.portal.page import load_page
from zonereader.text.selects import MAX_OPTIONS, bound_selects

URL = "http://www.kfq.example.cn/xwzx/yqdt/index.html"
ROWS = "".join(
    f"<li><a href='/xwzx/yqdt/202405/t2024051{i}_{i}.html'>开发区第{i}个重点项目集中签约仪式</a>"
    f"<span>2024-05-1{i}</span></li>"
    for i in range(6)
)


def options(count: int, selected: int | None = None, closed: bool = True) -> str:
    end = "</option>" if closed else ""
    return "".join(
        f"<option value='{i}'{' selected' if i == selected else ''}>友情链接{i}{end}"
        for i in range(count)
    )


def parsed_options(html: str) -> list[str]:
    return [
        option.attributes.get("value") or "" for option in load_page(html, URL).tree.css("option")
    ]


def test_a_page_of_few_options_is_left_as_it_is() -> None:
    html = f"<select>{options(50)}</select><select>{options(50)}</select>"
    assert bound_selects(html) is html


def test_a_huge_select_keeps_its_first_options_and_its_last() -> None:
    html = f"<html><body><select>{options(50_000)}</select><ul>{ROWS}</ul></body></html>"
    values = parsed_options(html)
    assert values == [str(i) for i in range(MAX_OPTIONS)] + ["49999"]
    assert len(parse_list_page(html, URL).entries) == 6  # what follows the select is intact


def test_the_selected_option_and_the_next_are_kept() -> None:
    html = f"<select>{options(9000, selected=5000)}</select>"
    assert parsed_options(html)[MAX_OPTIONS:] == ["5000", "5001", "8999"]


def test_unclosed_options_and_a_select_ended_by_an_input() -> None:
    html = f"<form><select>{options(9000, closed=False)}<input name='q'><ul>{ROWS}</ul></form>"
    assert len(parsed_options(html)) == MAX_OPTIONS + 1
    assert len(parse_list_page(html, URL).entries) == 6


def test_every_select_is_cut_on_its_own() -> None:
    html = "".join(f"<select name='s{n}'>{options(3000)}</select>" for n in range(3))
    tree = load_page(html, URL).tree
    assert [len(select.css("option")) for select in tree.css("select")] == [MAX_OPTIONS + 1] * 3


def test_scripts_and_comments_are_never_cut_into() -> None:
    script = "<script>var s = '" + "<option>x" * 5000 + "'; var ok = 1;</script>"
    comment = "<!-- <select>" + "<option>y" * 5000 + " -->"
    html = f"<select>{options(10)}{script}</select>{comment}<ul>{ROWS}</ul>"
    assert bound_selects(html) == html


def test_a_pager_jumper_beyond_the_bound_still_gives_the_next_page() -> None:
    jumper = "".join(
        f"<option value='index_{i}.html'{' selected' if i == 4000 else ''}>{i + 1}</option>"
        for i in range(1, 6000)
    )
    html = (
        f"<html><body><ul class='list'>{ROWS}</ul><div class='page'>"
        f"<select onchange='location=this.value'><option value='index.html'>1</option>"
        f"{jumper}</select></div></body></html>"
    )
    page = parse_list_page(html, "http://www.kfq.example.cn/xwzx/yqdt/index_4000.html")
    assert page.next_url == "http://www.kfq.example.cn/xwzx/yqdt/index_4001.html"


def test_every_parse_is_bounded_articles_and_fragments_too() -> None:
    from zonereader.sources.portal import parse_article_page
    from zonereader.text.html import parse_html
    from zonereader.text.selects import MAX_KEPT

    select = f"<select>{options(20_000)}</select>"
    assert len(parse_html(select).css("option")) <= MAX_KEPT
    page = (
        "<html><head><title>园区签约</title></head><body><h1>园区签约</h1>"
        "<p>2024-05-10</p><div class='content'>"
        + "<p>开发区举行重点项目集中签约仪式，共签约项目十二个，总投资八十亿元。</p>" * 5
        + f"</div><div class='links'>{select}</div></body></html>"
    )
    article = parse_article_page(page, URL, source="t")
    assert article.title == "园区签约"
