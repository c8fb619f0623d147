"""List pages as real sites write them: script pagers, pager text, hidden lists, blocks, menus.

The fixtures in tests/fixtures/lists/ reproduce one real pattern each (see labels.json, which
``benchmarks/lists.py`` scores too); the small pages written inline below pin the rules: where a
next page may be derived from, and where it may not.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from zonereader.sources.portal import page_kind, parse_list_page
from zonereader.sources.portal.entries import MAX_LINKS
from zonereader.sources.portal.hidden import reveal_hidden_lists
from zonereader.sources.portal.kind import classify_page
from zonereader.text.decode import decode_body

LISTS = Path(__file__).resolve().parent.parent / "fixtures" / "lists"
LABELS: dict[str, dict[str, Any]] = json.loads((LISTS / "labels.json").read_text("utf-8"))


def fixture(name: str) -> str:
    return decode_body((LISTS / name).read_bytes(), None).text


@pytest.mark.parametrize("name", sorted(LABELS))
def test_fixture_list_and_next_page(name: str) -> None:
    label = LABELS[name]
    page = parse_list_page(fixture(name), label["url"])
    assert [entry.url for entry in page.entries] == label["articles"]
    assert not set(label["not_articles"]) & {entry.url for entry in page.entries}
    assert page.next_url == label["next"]
    assert page.channels == []
    assert page.zone == label["zone"]
    assert all(len(entry.title) >= 4 for entry in page.entries)
    assert page.explanation.blocks, "the explanation names the block taken"
    assert bool(page.explanation.next_page) == bool(label["next"])


@pytest.mark.parametrize("name", sorted(LABELS))
def test_fixtures_are_list_pages(name: str) -> None:
    assert page_kind(fixture(name), LABELS[name]["url"]) == "list"


@pytest.mark.parametrize(
    ("name", "how"),
    [
        ("trs_createpage.html", 'createPageHTML(12, 0, "index", "html")'),
        (
            "trs_createpage_container.html",
            'createPageHTML("page_div", 7, 3, "index", "shtml", 132)',
        ),
        ("trs_two_args.html", "createPageHTML(6, 2)"),
        ("trs_countpage_vars.html", 'createPageHTML(9, 0, "index", "html")'),
        ("jquery_pagination.html", "pagination script ('index_' + page_index + '.html', 24 pages)"),
        ("jqpaginator.html", "pagination script ('index_' + num + '.html', 15 pages)"),
        ("text_total_pages.gbk.html", 'text "共8页 第1页"'),
        ("text_page_ratio.html", 'text "页次：1/23"'),
        ("comment_list.html", 'link "下一页"'),
        ("category_links.html", "rel=next"),
        ("numbered_pager.html", 'page-number link "2"'),
    ],
)
def test_next_page_says_where_it_came_from(name: str, how: str) -> None:
    page = parse_list_page(fixture(name), LABELS[name]["url"])
    assert page.explanation.next_page == how


def test_blocks_of_one_shape_are_one_list() -> None:
    page = parse_list_page(fixture("blocks_8x5.html"), LABELS["blocks_8x5.html"]["url"])
    assert len(page.entries) == 40
    assert page.explanation.blocks == ["8 × ul in div.listcon (40 links)"]
    assert [e.published.date().isoformat() for e in page.entries[:2] if e.published] == [
        "2024-02-29",
        "2024-02-28",
    ]


def test_hidden_list_is_explained() -> None:
    name = "comment_list.html"
    page = parse_list_page(fixture(name), LABELS[name]["url"])
    assert page.explanation.revealed == "2 HTML comments the page's script opens"
    datastore = parse_list_page(
        fixture("datastore_records.html"), LABELS["datastore_records.html"]["url"]
    )
    assert datastore.explanation.revealed == "6 records of a script datastore"


def test_category_links_beside_and_inside_rows_are_skipped() -> None:
    name = "category_links.html"
    page = parse_list_page(fixture(name), LABELS[name]["url"])
    assert page.entries[0].title == "国家级经开区综合发展水平考核评价结果发布"
    assert all("/doc-" in entry.url for entry in page.entries)


# --------------------------------------------------------------------------- derived pages

BASE = "http://kfq.example.cn/xwzx/gzdt/"
ROWS = "".join(
    f'<li><a href="./2023{m:02d}/t2023{m:02d}15_{m}.html">开发区第{m}个月重点项目建设情况通报</a>'
    f"<span>2023-{m:02d}-15</span></li>"
    for m in range(1, 11)
)


def list_page(pager: str, url: str = BASE + "index.html") -> tuple[str | None, str]:
    html = f"<html><body><ul class='list'>{ROWS}</ul><div class='page'>{pager}</div></body></html>"
    page = parse_list_page(html, url)
    assert len(page.entries) == 10
    return page.next_url, page.explanation.next_page


def test_trs_pager_on_its_last_page_has_no_next() -> None:
    script = '<script>createPageHTML(3, 2, "index", "html");</script>'
    assert list_page(script, BASE + "index_2.html") == (None, "")


def test_trs_pager_pages_through_to_its_count() -> None:
    script = '<script>createPageHTML(3, 1, "index", "html");</script>'
    assert list_page(script, BASE + "index_1.html")[0] == BASE + "index_2.html"


def test_the_page_address_wins_over_a_stale_current_page() -> None:
    # a template that always prints 0 would page back to index_1 forever
    script = '<script>createPageHTML(5, 0, "index", "html");</script>'
    assert list_page(script, BASE + "index_3.html")[0] == BASE + "index_4.html"


def test_pager_text_alone_is_not_prose() -> None:
    assert list_page("<p>本文件共3页，请下载附件阅读全文后按要求填报</p>") == (None, "")
    assert list_page("<p>共3页</p>")[0] == BASE + "index_1.html"


def test_pager_text_on_a_numbered_page_keeps_its_numbering() -> None:
    # index_2 showing 第2页: this site names page n index_n
    text = "<p>共5页 第2页 首页 上一页 下一页 尾页</p>"
    assert list_page(text, BASE + "index_2.html")[0] == BASE + "index_3.html"


def test_no_page_derived_for_dynamic_pages() -> None:
    text = "<p>页次：1/9 首页 上一页 下一页 尾页</p>"
    assert list_page(text, BASE + "list.jsp?channel=12")[0] is None


def test_plugin_without_a_page_count_gives_nothing() -> None:
    script = (
        "<script>$('#p').pager({ onPageClick: function(e, page) {"
        " location.href = 'index_' + page + '.html'; } });</script>"
    )
    assert list_page(script) == (None, "")


def test_layui_laypage_builds_the_address_from_a_member_of_its_callback_argument() -> None:
    script = (
        "<script>laypage.render({elem: 'pg', count: 95, limit: 10, curr: 1,"
        " jump: function (obj, first) { if (!first) {"
        " location.href = obj.curr == 1 ? 'index.html' : 'list_' + obj.curr + '.html'; } }});"
        "</script>"
    )
    assert list_page(script) == (
        BASE + "list_2.html",
        "pagination script ('list_' + obj.curr + '.html', 10 pages)",
    )


@pytest.mark.parametrize(
    ("declared", "expected"), [("var total = 26;", "index_1.html"), ("", None)]
)
def test_jquery_pagination_item_count_given_by_a_variable(
    declared: str, expected: str | None
) -> None:
    script = (
        f"<script>{declared} $('#Pagination').pagination(total, {{items_per_page: 10,"
        " current_page: 0, callback: function (page_index) {"
        " location.href = 'index_' + page_index + '.html'; }});</script>"
    )
    assert list_page(script)[0] == (BASE + expected if expected else None)


def test_an_image_link_named_next_is_the_next_page() -> None:
    pager = '<a href="index_1.html"><img src="/images/page_next.gif" border="0"></a>'
    assert list_page(pager) == (BASE + "index_1.html", 'link "next"')
    carousel = '<a href="index_1.html"><img src="/images/banner_1.jpg"></a>'
    assert list_page(carousel) == (None, "")


def test_a_select_page_jumper_of_page_addresses() -> None:
    options = "".join(
        f'<option value="{name}"{" selected" if n == 1 else ""}>{n}</option>'
        for n, name in enumerate(["index.html", "index_1.html", "index_2.html"], start=1)
    )
    jumper = f"<select onchange='location.href=this.value'>{options}</select>"
    assert list_page(jumper) == (BASE + "index_1.html", 'page jumper option "2"')
    assert list_page(jumper, BASE + "index_2.html") == (None, "")  # the last page
    links = (
        "<select onchange='window.open(this.value)'><option value=''>---相关链接---</option>"
        "<option value='https://www.gov.cn/'>中国政府网</option></select>"
    )
    assert list_page(links) == (None, "")


def test_a_select_page_jumper_of_numbers_its_script_appends() -> None:
    options = "".join(
        f'<option value="{n}"{" selected" if n == 1 else ""}>第{n}页</option>' for n in (1, 2, 3)
    )
    jumper = (
        "<select name='page' onchange=\"javascript:window.location='list.asp?classid=15&page='"
        f'+this.options[this.selectedIndex].value;">{options}</select>'
    )
    url = BASE + "list.asp?classid=15"
    assert list_page(jumper, url) == (url + "&page=2", "page jumper option 2")


def test_calendar_day_links_are_not_a_pager() -> None:
    days = "".join(f'<a href="/epaper/2023-11/{d:02d}/node_1.htm">{d}</a>' for d in range(1, 31))
    assert list_page(f"<table class='calendar'><tr><td>{days}</td></tr></table>") == (None, "")


def test_a_next_link_to_a_script_is_not_followed_but_the_text_is_read() -> None:
    pager = '共4页 <a href="javascript:goPage(2)">下一页</a>'
    assert list_page(pager) == (BASE + "index_1.html", 'text "共4页"')


# --------------------------------------------------------------------------- hidden markup


def test_comments_stay_closed_unless_the_page_opens_them() -> None:
    html = '<div><!-- <a href="/old/1.html">旧版栏目链接</a> --></div>'
    assert reveal_hidden_lists(html) == (html, "")


def test_conditional_comments_stay_closed() -> None:
    html = (
        "<script>el.innerHTML = el.innerHTML.replace('<!--', '');</script>"
        '<!--[if lt IE 9]><a href="/ie.html">请升级浏览器以获得更好体验</a><![endif]-->'
        '<div><!--<a href="/a/1.html">开发区召开工作会议部署全年任务</a>--></div>'
    )
    revealed, how = reveal_hidden_lists(html)
    assert "<!--[if lt IE 9]>" in revealed
    assert '<div><a href="/a/1.html">' in revealed
    assert how == "1 HTML comment the page's script opens"


HANWEB = "http://www.kfq.example.cn/col/col1229517/index.html"
PROXY = "/module/web/jpage/dataproxy.jsp?page=1&webid=3&path=/&columnid=1229517&unitid=4771234"


def datastore(records: int, next_href: str = PROXY) -> str:
    rows = "".join(
        f"<record><![CDATA[<li><a href='/art/2023/11/{d}/art_1229517_{d}00.html'>"
        f"开发区第{d}号招商引资项目签约</a><span>2023-11-{d:02d}</span></li>]]></record>"
        for d in range(1, records + 1)
    )
    return (
        f'<datastore><nextgroup><![CDATA[<a href="{next_href}"></a>]]></nextgroup>'
        f"<recordset>{rows}</recordset></datastore>"
    )


@pytest.mark.parametrize(
    ("paging", "expected"),
    [
        (
            "$('#4771234').jpage({perPage: 5, totalRecord: 568});",
            "http://www.kfq.example.cn" + PROXY,
        ),
        ("new Jpage({unitid: 4771234, perpage: 15, totalRecord: 6});", None),  # all held
        ("$('#999').jpage({perPage: 5, totalRecord: 568});", None),  # another unit's count
        ("", None),  # no count stated
    ],
)
def test_a_script_datastore_links_its_next_group_only_when_more_records_are_stated(
    paging: str, expected: str | None
) -> None:
    html = (
        f'<div id="4771234"><script type="text/xml">{datastore(6)}</script></div>'
        f"<script>{paging}</script>"
    )
    page = parse_list_page(html, HANWEB)
    assert len(page.entries) == 6
    assert page.next_url == expected
    if expected:
        assert page.explanation.next_page == "the datastore's next-group link"
        assert page.explanation.revealed == (
            "6 records of a script datastore; its next group (568 records stated)"
        )


def test_a_datastore_document_is_read_as_a_list_with_its_next_group() -> None:
    url = "http://www.kfq.example.cn" + PROXY
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + datastore(
        4, PROXY.replace("page=1", "page=2")
    )
    page = parse_list_page(xml, url)
    assert len(page.entries) == 4
    assert page.next_url == url.replace("page=1", "page=2")
    assert page.explanation.revealed == "4 records of a datastore document"
    end = parse_list_page(datastore(0, PROXY.replace("page=1", "page=3")), url)
    assert (end.entries, end.next_url) == ([], None)  # an empty group is the end


def short_list_beside_a_box(rows: str, box: str, pager: str) -> str:
    return (
        "<html><body><div class='nav'><a href='/'>网站首页</a></div><div class='main'>"
        "<div class='pos'>当前位置：<a href='/'>首页</a> &gt; <a href='#'>工作动态</a></div>"
        f"<ul class='list'>{rows}</ul>{pager}</div><div class='box2'><h4>热点新闻</h4>"
        f"<ul>{box}</ul></div></body></html>"
    )


def test_a_short_list_closed_by_the_pager_wins_over_a_bigger_box() -> None:
    rows = "".join(
        f'<li><a href="../../info/1021/{1180 - i}.htm">高新区第{i}次工作会议召开</a>'
        f"<span>2019/03/{20 - i}</span></li>"
        for i in range(3)
    )
    box = "".join(
        f'<li><a href="../../info/1022/{23450 - i}.htm">关于第{i}批科技项目申报的通知</a>'
        f"<span>2023/11/{20 - i}</span></li>"
        for i in range(8)
    )
    pager = (
        '<div><a href="../gzdt.htm">首页</a><a href="2.htm">上页</a><a href="2.htm">46</a></div>'
    )
    url = "http://www.kfq.example.cn/xwzx/gzdt/1.htm"
    page = parse_list_page(short_list_beside_a_box(rows, box, pager), url)
    assert [entry.url.rsplit("/", 2)[1] for entry in page.entries] == ["1021"] * 3
    days = "".join(f'<a href="/epaper/2023-11/{d:02d}/node_1.htm">{d}</a>' for d in range(1, 29))
    calendar = parse_list_page(short_list_beside_a_box(rows, box, days), url)
    assert len(calendar.entries) == 8  # day numbers are not a pager: the bigger box wins


def test_a_short_list_naming_the_page_column_wins_over_a_bigger_box() -> None:
    rows = "".join(
        f'<li><a href="/art/2023/3/{20 - i}/art_1229517_{5900 - i}.html">第{i}次工作会议召开</a>'
        f"<span>2023-03-{20 - i}</span></li>"
        for i in range(3)
    )
    box = "".join(
        f'<li><a href="/art/2023/11/{20 - i}/art_1229516_{6000 - i}.html">第{i}批项目清单发布</a>'
        f"<span>2023-11-{20 - i}</span></li>"
        for i in range(8)
    )
    page = parse_list_page(short_list_beside_a_box(rows, box, ""), HANWEB)
    assert [entry.url.rsplit("_", 2)[1] for entry in page.entries] == ["1229517"] * 3
    in_a_year = "http://www.kfq.example.cn/news/2023/index.html"  # a year is not a column id
    assert len(parse_list_page(short_list_beside_a_box(rows, box, ""), in_a_year).entries) == 8


# --------------------------------------------------------------------------- hostile pages


def test_link_count_is_bounded() -> None:
    rows = "".join(
        f'<li><a href="/a/2023/{i}.html">新闻标题第{i}条新闻</a></li>'
        for i in range(MAX_LINKS + 500)
    )
    page = parse_list_page(f"<ul>{rows}</ul>", "http://h.example.cn/a/index.html")
    assert len(page.entries) == MAX_LINKS


def test_one_cell_holding_a_whole_list_is_read_link_by_link() -> None:
    links = "".join(
        f'<a href="/xw/2009/{i}.htm">开发区第{i}季度经济运行情况分析</a><br>' for i in range(1, 13)
    )
    html = f"<table><tr><td>{links}</td></tr></table>"
    page = parse_list_page(html, "http://old.example.cn/xw/index.htm")
    assert len(page.entries) == 12


# --------------------------------------------------------------------------- row shapes

TITLES = ["开发区召开重点项目推进会议部署四季度工作", "管委会领导带队赴深圳开展产业链招商活动"]


def rows_page(rows: str) -> list[tuple[str, str | None]]:
    page = parse_list_page(f"<ul class='news'>{rows}</ul>", "http://s.example.cn/kfq/index.html")
    return [
        (e.title, e.published.date().isoformat() if e.published else None) for e in page.entries
    ]


@pytest.mark.parametrize("cell", ["span", "div"])
def test_a_title_cell_is_not_the_row(cell: str) -> None:
    rows = "".join(
        f'<div class="row"><{cell} class="title"><a href="./2023{m:02d}/t2023{m:02d}08_{m}.html">'
        f"自贸片区第{m}批制度创新案例发布</a></{cell}><{cell} class='time'>2023-{m:02d}-08</{cell}>"
        "</div>"
        for m in range(1, 7)
    )
    page = parse_list_page(
        f"<div class='box'><div id='rows'>{rows}</div></div>", BASE + "index.html"
    )
    assert len(page.entries) == 6
    assert all(entry.published is not None for entry in page.entries)
    assert page.explanation.blocks == ["div#rows in div.box (6 links)"]


def test_a_table_of_two_articles_a_row_is_read_cell_by_cell() -> None:
    rows = "".join(
        f'<tr><td><a href="/xw/2023/{n}.htm">开发区第{n}号重点项目开工建设</a></td>'
        f'<td><a href="/xw/2023/{n + 1}.htm">开发区第{n + 1}号重点项目竣工投产</a></td></tr>'
        for n in range(0, 8, 2)
    )
    page = parse_list_page(f"<table>{rows}</table>", "http://h.example.cn/xw/index.htm")
    assert [entry.url for entry in page.entries] == [
        f"http://h.example.cn/xw/2023/{n}.htm" for n in range(8)
    ]


def test_a_link_wrapping_the_whole_row_gives_the_title_without_the_date() -> None:
    rows = "".join(
        f"<li><a href='/kfq/202311/t2023111{i}_{i}.html'><span>{title}</span>"
        f"<span class='d'>2023-11-1{i}</span></a></li>"
        for i, title in enumerate(TITLES)
    )
    assert rows_page(rows) == [(TITLES[0], "2023-11-10"), (TITLES[1], "2023-11-11")]


def test_a_link_wrapping_a_card_gives_its_heading_not_its_summary() -> None:
    card = (
        '<li><a href="/zsdt/202311/t20231116_{n}.html"><div class="pic"><img src="a.jpg"></div>'
        "<div class='txt'><h4>海阳市与某央企签署战略合作协议{n}</h4>"
        "<p>双方将在新型储能、海上风电、氢能装备等领域开展全方位合作……</p>"
        "<span>2023年11月16日</span></div></a></li>"
    )
    rows = "".join(card.format(n=n) for n in range(1, 5))
    page = parse_list_page(f"<ul class='cards'>{rows}</ul>", "http://h.example.cn/zsdt/")
    assert [entry.title for entry in page.entries] == [
        f"海阳市与某央企签署战略合作协议{n}" for n in range(1, 5)
    ]
    assert all(entry.published is not None for entry in page.entries)


def test_a_date_block_with_the_day_apart() -> None:
    rows = "".join(
        f"<li><a href='/kfq/content_{100 + i}.html'><div class='date'><b>1{i}</b>2023-11</div>"
        f"<div class='tit'>{title}</div></a></li>"
        for i, title in enumerate(TITLES)
    )
    assert rows_page(rows) == [(TITLES[0], "2023-11-10"), (TITLES[1], "2023-11-11")]


def test_numbers_inside_a_title_stay() -> None:
    rows = "".join(
        f"<li><a href='/kfq/content_{100 + i}.html'>第<b>{i + 3}</b>期开发区工作简报</a>"
        f" 2023-01-0{i + 1}</li>"
        for i in range(2)
    )
    assert rows_page(rows) == [
        ("第3期开发区工作简报", "2023-01-01"),
        ("第4期开发区工作简报", "2023-01-02"),
    ]


def test_next_links_in_brackets_images_and_by_class() -> None:
    assert list_page('<a href="index_1.html">[下一页]</a>')[0] == BASE + "index_1.html"
    image = '<a href="index_1.html"><img src="next.gif" alt="下一页"></a>'
    assert list_page(image)[0] == BASE + "index_1.html"
    arrows = '<ul class="pager"><li class="prev"><a href="#">‹</a></li>'
    arrows += '<li class="next"><a href="index_1.html">›</a></li></ul>'
    assert list_page(arrows) == (BASE + "index_1.html", 'link of class "next"')


def test_a_headline_item_above_the_list_is_part_of_it() -> None:
    rows = "".join(
        f"<li><a href='/kfq/202311/t2023111{i}_{i}.html'>{title}</a><span>2023-11-1{i}</span></li>"
        for i, title in enumerate(TITLES * 2)
    )
    headline = (
        "<div class='headline'><h2><a href='/kfq/202311/t20231118_99.html'>"
        "开发区2023年招商引资签约额突破千亿元</a></h2><p>今年以来，开发区坚持招商引资……</p></div>"
    )
    others = "".join(
        f"<li><a href='/gn/202311/t2023110{i}_{i}.html'>国内新闻标题第{i}条新闻内容</a></li>"
        for i in range(5)
    )
    html = (
        f"<div class='main'><div class='left'>{headline}<ul class='list'>{rows}</ul></div>"
        f"<div class='box'><h3>热门文章</h3><ul>{others}</ul></div></div>"
    )
    page = parse_list_page(html, "http://s.example.cn/kfq/index.html")
    assert [e.url.rsplit("/", 1)[1] for e in page.entries][:2] == [
        "t20231118_99.html",
        "t20231110_0.html",
    ]
    assert len(page.entries) == 5
    assert page.explanation.blocks == [
        "ul.list in div.left (4 links)",
        "div.headline beside it (1 link)",
    ]


def test_the_channels_own_list_wins_over_a_bigger_box_of_another_channel() -> None:
    notices = "".join(
        f"<li><a href='./202311/t2023111{i}_{i}.html'>关于开展第{i}批研发费用补助申报的通知</a>"
        f"<span>2023-11-1{i}</span></li>"
        for i in range(4)
    )
    latest = "".join(
        f"<li><a href='/xwzx/gzdt/202311/t2023110{i}_{i}.html'>开发区工作动态新闻标题第{i}条</a>"
        f"<span>2023-11-0{i + 1}</span></li>"
        for i in range(8)
    )
    html = (
        f"<div class='l'><ul class='list'>{notices}</ul></div>"
        f"<div class='r'><div class='box'><h3>最新动态</h3><ul>{latest}</ul></div></div>"
    )
    page = parse_list_page(html, "http://kfq.example.cn/xwzx/tzgg/index.html")
    assert len(page.entries) == 4
    assert all("/xwzx/tzgg/" in entry.url for entry in page.entries)


def test_a_list_with_summaries_under_busy_title_lines_is_a_list() -> None:
    # each row: a picture link, a [category] link, the title link, a date and counters on the
    # title's line, then a summary of running text; a greeting in the top bar is no headline
    rows = "".join(
        f"<li><a href='/a/yq/2023/111{i}/{880 + i}.html'><img src='/p/{i}.jpg'></a>"
        f"[<b><a href='/a/yq/'>园区</a></b>] <a href='/a/yq/2023/111{i}/{880 + i}.html'>"
        f"第{i}个开发区重点项目签约落地</a> <span>日期：2023-11-1{i} 09:1{i}:00 点击：{i}"
        f"0 好评：0</span><p>今年以来，该开发区坚持招商引资一号工程，第{i}个重点项目总投资"
        f"超过百亿元，主要建设高性能材料生产基地，预计明年建成投产……</p></li>"
        for i in range(8)
    )
    html = (
        "<html><body><div class='top'><span>欢迎光临开发区招商网！</span></div>"
        "<div class='crumb'>当前位置：<a href='/'>主页</a> &gt; <a href='/a/yq/'>园区</a></div>"
        f"<ul class='list'>{rows}</ul><div class='pages'><a href='list_2.html'>下一页</a>"
        "</div></body></html>"
    )
    assert page_kind(html, "http://kfq.example.cn/a/yq/") == "list"
    assert len(parse_list_page(html, "http://kfq.example.cn/a/yq/").entries) == 8


HIDDEN_ROWS = "".join(
    f"<li><a href='/xw/2024/05{i:02d}/{i}.html'>园区第{i}个重点项目签约仪式隆重举行</a>"
    f"<span>2024-05-{i:02d}</span></li>"
    for i in range(1, 9)
)
#: A channel page with a heading, a dated line and a line of text: an article's signals,
#: had its list not been hidden.
CHANNEL_HEAD = (
    "<html><body><h1>园区新闻</h1><div class='info'>更新时间：2024-05-09 10:00</div>"
    "<p>本栏目发布园区重点项目动态。</p>"
)


def test_a_list_in_a_script_template_counts_for_the_page_kind() -> None:
    html = (
        f"{CHANNEL_HEAD}<script type='text/template' id='rows'><ul class='list'>{HIDDEN_ROWS}"
        "</ul></script><div id='box'></div><script>document.getElementById('box').innerHTML"
        " = document.getElementById('rows').innerHTML</script></body></html>"
    )
    signals = classify_page(html, "http://x.example.cn/xw/index.html")
    assert signals.kind == "list"
    assert "1 script template of rows" in signals.reason
    page = parse_list_page(html, "http://x.example.cn/xw/index.html")
    assert len(page.entries) == 8
    assert page.explanation.revealed == "1 script template of rows"


def test_a_list_in_a_comment_the_page_opens_counts_for_the_page_kind() -> None:
    html = (
        f"{CHANNEL_HEAD}<div id='box'><!--<ul class='list'>{HIDDEN_ROWS}</ul>--></div><script>"
        "var b = document.getElementById('box');"
        "b.innerHTML = b.innerHTML.replace('<!--', '').replace('-->', '')</script></body></html>"
    )
    assert page_kind(html, "http://x.example.cn/xw/index.html") == "list"


def test_a_template_of_placeholders_and_a_comment_nobody_opens_stay_hidden() -> None:
    placeholder_rows = "<li><a href='{{url}}'>{{title}}</a></li><li><a href='<%= u %>'>x</a></li>"
    html = (
        f"{CHANNEL_HEAD}<script type='text/template'><ul>{placeholder_rows}</ul></script>"
        f"<!--<ul class='list'>{HIDDEN_ROWS}</ul>--></body></html>"
    )
    assert reveal_hidden_lists(html) == (html, "")
    assert page_kind(html, "http://x.example.cn/xw/index.html") == "article"
