"""Article pages as real government, development-zone and news sites write them, one pattern each.

Every page here is written for the test: a realistic skeleton (site menu, breadcrumb, a
related-news box, a 热帖 box, a footer) around the one pattern the test is about.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from zonereader.models import CST, PortalSelectors
from zonereader.sources.portal import (
    ExtractError,
    classify_page,
    page_kind,
    parse_article_page,
    read_article_page,
)

URL = "http://www.kfq.example.gov.cn/xwzx/yqdt/202311/t20231117_4412345.html"
TITLE = "开发区召开重点项目建设推进会"
PARAGRAPHS = [
    "11月16日，市委常委、常务副市长带队赴经济技术开发区调研重点项目建设和招商引资工作，"
    "实地察看了新能源汽车零部件产业园、智能制造创新中心等项目。",
    "调研中指出，开发区要坚持项目为王，全力推进在建项目早竣工、早投产、早见效，积极谋划"
    "储备一批带动力强的重大产业项目。",
    "要聚焦主导产业精准招商，围绕产业链上下游补链延链强链，持续优化营商环境，为企业发展"
    "提供全方位、全周期服务。",
    "今年以来，开发区新签约项目42个，总投资达386亿元，其中百亿元以上项目3个，规模以上"
    "工业增加值同比增长12.6%。",
]
_MENU = "".join(
    f'<li><a href="/{path}/">{name}</a></li>'
    for path, name in [
        ("", "网站首页"), ("zwgk", "政务公开"), ("xwzx", "新闻中心"), ("tzcj", "投资促进"),
        ("bsfw", "办事服务"), ("hdjl", "互动交流"),
    ]
)  # fmt: skip
_RELATED = "".join(
    f'<li><a href="/xwzx/yqdt/202311/t2023111{i}_{i}01.html">园区企业第{i}季度产值同比增长'
    f"百分之十{i}</a><span>2023-11-1{i}</span></li>"
    for i in range(10)
)
_HOT = "".join(
    f'<li><a href="/bbs/t{i}.html">热帖：开发区招商政策问答第{i}期</a></li>' for i in range(8)
)


def paragraphs(tag: str = "p") -> str:
    """The body as ``<p>`` (or other) elements, indented with full-width spaces."""
    return "".join(f"<{tag}>\u3000\u3000{text}</{tag}>" for text in PARAGRAPHS)


def page(title_element: str, main: str, head: str = "", boxes: bool = True) -> str:
    """A whole page: menu, breadcrumb, ``main``, related-news and 热帖 boxes, footer."""
    side = (
        f'<div class="right"><div class="box"><h3>相关新闻</h3><ul>{_RELATED}</ul></div>'
        f'<div class="box"><h3>热帖</h3><ul>{_HOT}</ul></div></div>'
        if boxes
        else ""
    )
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title_element}</title>{head}'
        '</head><body><div class="header"><div class="logo"><h1>某某经济技术开发区管理委员会</h1>'
        f'</div><ul class="menu">{_MENU}</ul></div><div class="crumb">当前位置：'
        '<a href="/">首页</a> &gt; <a href="/xwzx/">新闻中心</a> &gt; '
        '<a href="/xwzx/yqdt/">园区动态</a></div>'
        f'<div class="main"><div class="left">{main}</div>{side}</div><div class="footer">'
        "<p>主办单位：某某经济技术开发区管理委员会 承办单位：开发区党政办公室</p>"
        "<p>版权所有 © 2023 网站标识码：3300000001 浙ICP备00000000号</p></div></body></html>"
    )


def read(html: str, url: str = URL) -> tuple[str, datetime | None, bool, list[str]]:
    article = parse_article_page(html, url, source="test")
    return article.title, article.published, article.has_time, article.paragraphs


# --- meta tags -----------------------------------------------------------------------------


def test_meta_tags_are_read_but_the_printed_date_wins() -> None:
    head = (
        f'<meta name="ArticleTitle" content="{TITLE}"><meta name="PubDate" content="2023-11-18 '
        '09:30"><meta name="ContentSource" content="开发区党政办"><meta name="SiteName" '
        'content="某某经济技术开发区"><meta name="ColumnName" content="园区动态">'
    )
    main = (
        f'<h2 class="article-title">{TITLE}</h2><div class="info">发布时间：2023-11-17　'
        f'字体：【<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>'
        f'<div class="TRS_Editor">{paragraphs()}</div>'
    )
    reading = read_article_page(page(f"{TITLE}_某某经济技术开发区", main, head), URL, source="t")
    article, sources = reading.article, reading.provenance
    assert article.title == TITLE
    assert (article.published, article.has_time) == (datetime(2023, 11, 17, tzinfo=CST), False)
    assert article.origin == "开发区党政办"  # no 来源 line: the ContentSource tag
    assert article.paragraphs == PARAGRAPHS
    assert (sources.title.how, sources.published.how, sources.origin.how) == (
        "meta",
        "label",
        "meta",
    )
    assert sources.body_selector == "div.TRS_Editor"


def test_meta_time_completes_a_printed_date_of_the_same_day() -> None:
    head = '<meta name="PubDate" content="2023-11-17 09:30:00">'
    main = f"<h1>{TITLE}</h1><p class=time>发布日期：2023年11月17日</p>{paragraphs()}"
    _, published, has_time, _ = read(page(TITLE, main, head))
    assert (published, has_time) == (datetime(2023, 11, 17, 9, 30, tzinfo=CST), True)


def test_meta_date_only_when_the_page_shows_none() -> None:
    head = '<meta property="article:published_time" content="2023-11-17T07:20:00+00:00">'
    _, published, has_time, _ = read(page(TITLE, f"<h1>{TITLE}</h1>{paragraphs()}", head))
    assert published == datetime(2023, 11, 17, 15, 20, tzinfo=CST) and has_time


# --- titles --------------------------------------------------------------------------------


def test_title_split_over_two_lines_is_joined() -> None:
    title = "凝心聚力谋发展 奋楫扬帆开新局——开发区2024年工作会议召开"
    head = f'<meta name="ArticleTitle" content="{title.replace("——", "<br>——")}">'
    main = (
        '<table width="100%"><tr><td class="bt" align="center">凝心聚力谋发展 奋楫扬帆开新局<br>'
        '——开发区2024年工作会议召开</td></tr><tr><td align="center">日期：2024-01-05 来源：开发区'
        f"</td></tr><tr><td>{paragraphs()}</td></tr></table>"
    )
    got, published, _, body = read(page(f"{title}_某某市人民政府", main, head))
    assert got == title
    assert published == datetime(2024, 1, 5, tzinfo=CST)
    assert body == PARAGRAPHS


def test_title_split_over_two_headings_named_by_the_title_element() -> None:
    main = (
        "<h1>内蒙古延续部分到期税收优惠政策助企纾困</h1><h1>预计4年为纳税人减负180亿元</h1>"
        f"<div>发布日期：2022-02-11 08:52</div>{paragraphs()}"
    )
    title_element = "内蒙古延续部分到期税收优惠政策助企纾困预计4年为纳税人减负180亿元_政府门户网站"
    got, *_ = read(page(title_element, main))
    assert got == "内蒙古延续部分到期税收优惠政策助企纾困预计4年为纳税人减负180亿元"


def test_subtitle_stays_out_of_the_title_and_opens_the_body() -> None:
    main = (
        f"<h1>{TITLE}</h1><h2>全年计划实施重点项目120个 总投资超千亿元</h2>"
        '<p class="time">2023-11-17 15:13 来源：某某日报</p>'
        f'<div class="content">{paragraphs()}</div>'
    )
    article = parse_article_page(page(f"{TITLE} - 某某市人民政府", main), URL, source="t")
    assert article.title == TITLE
    assert article.paragraphs == ["全年计划实施重点项目120个 总投资超千亿元", *PARAGRAPHS]
    assert article.origin == "某某日报"
    assert article.published == datetime(2023, 11, 17, 15, 13, tzinfo=CST)


@pytest.mark.parametrize(
    "title_element",
    [f"{TITLE}-某某经济技术开发区管理委员会", f"某某经济技术开发区管理委员会 » {TITLE}", ""],
)
def test_site_name_is_never_the_title(title_element: str) -> None:
    # the site's name is an <h1> (the logo) and part of the <title>; the headline is a div
    main = (
        f'<div class="title">{TITLE}</div><div class="source">来源：管委会办公室 '
        f'发布日期：2023年11月17日</div><div class="article-content">{paragraphs()}</div>'
    )
    got, published, _, body = read(page(title_element, main))
    assert got == TITLE
    assert published == datetime(2023, 11, 17, tzinfo=CST)
    assert body == PARAGRAPHS


def test_index_number_date_and_body_line_are_never_the_title() -> None:
    main = (
        "<div>索引号：11330000002482/2023-00123</div><div>2023-11-17</div>"
        f"<div class=con>{paragraphs()}</div>"
    )
    got, *_ = read(page(f"{TITLE}_某某区人民政府", main))
    assert got == TITLE  # from the <title>, site name dropped


def test_headline_linked_to_itself_in_a_title_cell() -> None:
    main = (
        f'<table><tr><td class="title"><a href="{URL}">{TITLE}(附图)</a></td></tr>'
        f"<tr><td>{paragraphs()}</td></tr></table>"
    )
    got, *_ = read(page("", main))
    assert got == f"{TITLE}(附图)"


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meta_line", "expected", "has_time"),
    [
        ("发布时间：2023-11-17 15:13", datetime(2023, 11, 17, 15, 13), True),
        ("发布日期：2023年11月17日", datetime(2023, 11, 17), False),
        ("发文日期：2023-11-17", datetime(2023, 11, 17), False),
        ("成文日期：2023年11月17日", datetime(2023, 11, 17), False),
        ("时间：2023-11-17 15:13:09", datetime(2023, 11, 17, 15, 13, 9), True),
        ("日期：2023/11/17", datetime(2023, 11, 17), False),
        ("( 2022-04-26)", datetime(2022, 4, 26), False),
        ("来源：某某日报 2023-11-17", datetime(2023, 11, 17), False),
        ("2023年11月17日", datetime(2023, 11, 17), False),
        ("2023-11-17 15:13", datetime(2023, 11, 17, 15, 13), True),
        ("2023 11/17 20:52:15", datetime(2023, 11, 17, 20, 52, 15), True),
        ("http://www.example.com.cn 2005年03月21日 11:21 《理财周刊》",
         datetime(2005, 3, 21, 11, 21), True),
        ("作者： 来源： 发布日期： 7/5/2005 9:23:57 PM", datetime(2005, 7, 5, 21, 23, 57), True),
    ],
)  # fmt: skip
def test_date_forms_under_the_title(meta_line: str, expected: datetime, has_time: bool) -> None:
    main = f'<h1>{TITLE}</h1><div class="info">{meta_line}</div><div id="zoom">{paragraphs()}</div>'
    _, published, got_time, body = read(page(TITLE, main), "http://h.example.cn/a/1.html")
    assert (published, got_time) == (expected.replace(tzinfo=CST), has_time)
    assert body == PARAGRAPHS


def test_epaper_page_date_and_edition() -> None:
    main = (
        '<div class="bc">第A01版：要闻　版次：A01</div>'
        '<div class="date">2023年11月17日 星期五</div>'
        f'<h1>{TITLE}</h1><div id="ozoom">{paragraphs()}</div>'
    )
    _, published, has_time, body = read(page(f"{TITLE}--某某日报数字报", main, boxes=False))
    assert (published, has_time) == (datetime(2023, 11, 17, tzinfo=CST), False)
    assert body == PARAGRAPHS


def test_a_date_opening_the_body_is_meta() -> None:
    main = f'<h1>{TITLE}</h1><div class="text"><p>2023年11月17日 星期五</p>{paragraphs()}</div>'
    _, published, _, body = read(page(TITLE, main), "http://h.example.cn/a/1.html")
    assert published == datetime(2023, 11, 17, tzinfo=CST)
    assert body == PARAGRAPHS


def test_date_labelled_below_the_body_of_a_blog() -> None:
    main = (
        f'<h2 class="posttitle">{TITLE}</h2><div class="postText">{paragraphs()}</div>'
        '<div class="postfoot">发表于 2005年09月07日 11:57 AM | 阅读(12) | 评论(3)</div>'
    )
    _, published, has_time, _ = read(page(TITLE, main), "http://blog.example.com/p/1.html")
    assert (published, has_time) == (datetime(2005, 9, 7, 11, 57, tzinfo=CST), True)


def test_date_from_the_address_as_a_last_resort() -> None:
    html = page(TITLE, f"<h1>{TITLE}</h1><div>{paragraphs()}</div>")
    reading = read_article_page(html, URL, source="t")
    assert reading.article.published == datetime(2023, 11, 17, tzinfo=CST)
    assert reading.provenance.published.how == "url"


def test_disclosure_table_issue_date_without_publication_date() -> None:
    table = (
        '<table class="xxgk"><tr><td>索 引 号：</td><td>11330000002482/2023-00123</td>'
        "<td>主题分类：</td><td>综合政务</td></tr><tr><td>发文机关：</td><td>某某市人民政府办公室</td>"
        "<td>成文日期：</td><td>2023年11月10日</td></tr><tr><td>标　　题：</td><td colspan=3>"
        "某某市人民政府办公室关于印发开发区高质量发展若干措施的通知</td></tr><tr><td>发文字号：</td>"
        "<td>某政办发〔2023〕21号</td><td>发文日期：</td><td>2023年11月14日</td></tr></table>"
    )
    title = "某某市人民政府办公室关于印发开发区高质量发展若干措施的通知"
    main = f'{table}<div class="title">{title}</div><div class="TRS_Editor">{paragraphs()}</div>'
    reading = read_article_page(page(title, main), "http://h.example.cn/a/1.html", source="t")
    article = reading.article
    assert article.title == title
    assert article.published == datetime(2023, 11, 14, tzinfo=CST)  # 发文日期 over 成文日期
    assert reading.provenance.published.how == "table"
    assert article.publisher == "某某市人民政府办公室"
    assert article.paragraphs == PARAGRAPHS


def test_disclosure_table_publication_date_wins() -> None:
    rows = "".join(
        f"<tr><td>{label}</td><td>{value}</td></tr>"
        for label, value in [
            ("索引号", "000014349/2022-00426"),
            ("成文日期", "2022年01月27日"),
            ("发布日期", "2022年01月28日"),
        ]
    )
    main = f"<table>{rows}</table><h1>{TITLE}</h1><div class=zw>{paragraphs()}</div>"
    _, published, *_ = read(page(TITLE, main), "http://h.example.cn/a/1.html")
    assert published == datetime(2022, 1, 28, tzinfo=CST)


# --- bodies ----------------------------------------------------------------------------------


def test_old_table_layout_with_br_separated_body() -> None:
    body = "<br>".join("\u3000\u3000" + text for text in PARAGRAPHS)
    html = (
        f"<html><head><title>{TITLE}</title></head><body><table width=980><tr><td colspan=2>"
        '<a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | '
        '<a href="/xwzx/">新闻中心</a></td></tr><tr><td width=200 valign=top><table><tr><td>'
        '<a href="/a1.html">开发区企业名录</a></td></tr>'
        '<tr><td><a href="/a2.html">招商引资政策</a></td></tr></table></td><td valign=top>'
        f"<table width=100%><tr><td align=center><font size=4><b>{TITLE}</b></font></td></tr>"
        "<tr><td align=center>发布时间：2023-11-17 点击数：1024</td></tr>"
        f'<tr><td>{body}</td></tr><tr><td align=right>【<a href="javascript:window.print()">'
        '打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</td></tr></table>'
        "</td></tr><tr><td colspan=2>版权所有：某某开发区 技术支持：某某网络</td></tr></table>"
        "</body></html>"
    )
    got, published, _, paras = read(html)
    assert got == TITLE and published == datetime(2023, 11, 17, tzinfo=CST)
    assert paras == PARAGRAPHS


def test_trs_editor_body_among_boxes() -> None:
    main = (
        f'<div class="article"><h1>{TITLE}</h1><div class="info">发布时间：2023-11-17</div>'
        f'<div class="TRS_Editor"><div class="Custom_UnionStyle">{paragraphs()}</div></div>'
        f'<div class="related"><h4>相关文章</h4><ul>{_RELATED}</ul></div></div>'
    )
    reading = read_article_page(page(TITLE, main), URL, source="t")
    assert reading.article.paragraphs == PARAGRAPHS
    assert reading.provenance.body_selector in ("div.TRS_Editor", "div.Custom_UnionStyle")


def test_body_paragraphs_loose_in_a_cell_shared_with_boxes() -> None:
    # no element holds the body alone: the best run of lines is taken
    links = "".join(f'<a href="/ad{i}.html">广告：厂房出租第{i}期</a><br>' for i in range(12))
    main = (
        f"<table><tr><td><b>{TITLE}</b><br>2023-11-17 来源：某某日报<br>{links}"
        + "<br>".join(PARAGRAPHS)
        + f"<br>{links}</td></tr></table>"
    )
    _, _, _, paras = read(page(TITLE, main))
    assert paras == PARAGRAPHS


@pytest.mark.parametrize(
    "chrome",
    [
        "【打印本页】【关闭窗口】",
        "字体：【大 中 小】",
        "放大 正常 缩小",
        "扫一扫在手机打开当前页",
        "分享到：微信 微博 QQ空间",
        "访问量：1024",
        "登录 | 注册",
        "当前位置：首页 > 新闻中心 > 园区动态",
        "浏览次数：88 【我要纠错】",
    ],
)
def test_chrome_inside_the_body_is_dropped(chrome: str) -> None:
    inner = paragraphs()
    middle = inner.index("<p>", 1)
    content = f"<p>{chrome}</p>{inner[:middle]}<p>{chrome}</p>{inner[middle:]}<p>{chrome}</p>"
    main = f'<h1>{TITLE}</h1><div class="info">2023-11-17</div><div class="con">{content}</div>'
    _, _, _, paras = read(page(TITLE, main))
    assert paras == PARAGRAPHS


def test_a_sentence_that_mentions_printing_is_kept() -> None:
    line = "园区打印机生产企业扩产，分享经济新业态加快发展，关闭落后产能12家。"
    main = f"<h1>{TITLE}</h1><div>2023-11-17</div><div class=con><p>{line}</p>{paragraphs()}</div>"
    _, _, _, paras = read(page(TITLE, main))
    assert paras == [line, *PARAGRAPHS]


def test_body_ends_at_prev_next_and_related_news() -> None:
    main = (
        f'<h1>{TITLE}</h1><div class="info">2023-11-17</div><div class="con">{paragraphs()}'
        '<p>上一篇：<a href="/x1.html">开发区举办人才招聘会</a></p><p>相关新闻</p>'
        "<p>开发区举办人才招聘会，吸引求职者三千余人次，达成就业意向八百余人。</p></div>"
    )
    article = parse_article_page(page(TITLE, main), URL, source="t")
    assert article.paragraphs == PARAGRAPHS
    assert article.prev_link is not None and article.prev_link.title == "开发区举办人才招聘会"


def test_editor_credit_after_the_body_is_kept_as_its_last_line() -> None:
    main = (
        f"<h1>{TITLE}</h1><div class=info>2023-11-17 来源：某某日报</div><div class=content>"
        f'{paragraphs()}</div><div class="editor">（责任编辑：王五）</div>'
        '<div class="share">分享到：</div>'
    )
    _, _, _, paras = read(page(TITLE, main))
    assert paras == [*PARAGRAPHS, "（责任编辑：王五）"]


def test_selector_overrides_still_win() -> None:
    main = (
        f'<h1>{TITLE}</h1><div class="info">发布时间：2023-11-17</div>'
        f'<div class="TRS_Editor">{paragraphs()}</div>'
        '<div class="note"><p>附件：申报表.doc</p></div>'
    )
    selectors = PortalSelectors(title="div.info", body="div.note", meta="h1")
    reading = read_article_page(page(TITLE, main), URL, source="t", selectors=selectors)
    assert reading.article.title == "发布时间：2023-11-17"
    assert reading.article.paragraphs == ["附件：申报表.doc"]
    assert reading.article.published is None  # the meta selector holds no date
    assert (reading.provenance.title.how, reading.provenance.body.how) == ("selector", "selector")


def test_a_page_with_no_body_is_one_clear_line() -> None:
    html = page(TITLE, f"<h1>{TITLE}</h1>")
    with pytest.raises(ExtractError) as caught:
        parse_article_page(html, URL, source="t")
    message = str(caught.value)
    assert message == f"no article body found on {URL}"


# --- page kind -------------------------------------------------------------------------------


def test_article_with_related_news_and_hot_boxes_is_an_article() -> None:
    main = f'<h1>{TITLE}</h1><div class="info">发布时间：2023-11-17</div>{paragraphs()}'
    signals = classify_page(page(TITLE, main), URL)
    assert signals.kind == "article"
    assert signals.headline == TITLE and signals.dated_meta_line == "发布时间：2023-11-17"
    assert signals.body_chars > 200 and signals.list_entries >= 5
    assert "beside a box of" in signals.reason


def test_article_with_a_box_of_links_inside_its_body_is_an_article() -> None:
    inner = paragraphs()
    middle = inner.index("<p>", 1)
    box = f"<ul>{_RELATED}</ul>"
    main = f"<h1>{TITLE}</h1><div>2023-11-17</div><div>{inner[:middle]}{box}{inner[middle:]}</div>"
    assert page_kind(page(TITLE, main), URL) == "article"


def test_list_with_summaries_is_a_list() -> None:
    rows = "".join(
        f'<li><a href="/xwzx/yqdt/202311/t2023111{i}_{i}.html">{TITLE}（第{i}场）</a>'
        f"<p>{PARAGRAPHS[i % 4]}</p><span>2023-11-1{i}</span></li>"
        for i in range(10)
    )
    main = (
        f'<h2>园区动态</h2><ul class="list">{rows}</ul>'
        '<div class="page">共3页 <a href="index_1.html">下一页</a></div>'
    )
    signals = classify_page(page("园区动态_某某经济技术开发区", main), URL)
    assert signals.kind == "list"


def test_long_running_text_alone_is_an_article() -> None:
    text = "".join(f"<p>{line}</p>" for line in PARAGRAPHS * 3)
    assert page_kind(f"<html><body>{text}</body></html>", URL) == "article"


def test_json_ld_headline_and_date_of_a_news_portal() -> None:
    head = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
        f'"NewsArticle", "headline": "{TITLE}", "datePublished": "2023-11-17T20:52:15+08:00"'
        '}</script><script type="application/ld+json">{not json</script>'
    )
    main = f'<h1 class="main-title">{TITLE}</h1><div id="article">{paragraphs()}</div>'
    reading = read_article_page(
        page(f"{TITLE}_新闻中心", main, head), "http://n.example.com/a.html", source="t"
    )
    assert reading.article.published == datetime(2023, 11, 17, 20, 52, 15, tzinfo=CST)
    assert reading.provenance.published.detail == "JSON-LD datePublished"
    assert reading.provenance.title.detail.startswith("JSON-LD headline")


_HOT_NEWS = "".join(
    f'<li><a href="/n/{i}.shtml">热点：各地推进重大项目建设第{i}批</a></li>' for i in range(10)
)
_BODY = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
NEWS_PORTALS = {
    "kicker, headline, bare date with 来源, 责编": (
        '<div class="path">人民网 &gt;&gt; 经济·科技</div>'
        '<h3 class="pre">外资持续看好中国市场</h3>'
        f'<h1>{TITLE}</h1><div class="col-1-1">2023年11月17日08:28 | 来源：<a href="/">人民网－'
        '人民日报</a></div><div class="fr">分享到：<a>微信</a><a>微博</a></div>'
        f'<div class="rm_txt_con">{_BODY}<p>(责编：王五、李四)</p></div>'
        f'<div class="edit">分享让更多人看到</div><h2>热点推荐</h2><ul>{_HOT_NEWS}</ul>',
        datetime(2023, 11, 17, 8, 28),
        "(责编：王五、李四)",
    ),
    "year apart from month/day in spans": (
        '<div class="header-time"><span class="year"><em> 2023</em></span><span class="day">'
        '<em> 11</em>/<em>17</em></span><span class="time"> 20:52:15</span></div><div '
        f'class="source">来源：新华网</div><h1><span class="title">{TITLE}</span></h1><div '
        f'id="detail">{_BODY}</div><div class="columBox"><h3>相关新闻</h3>'
        f"<ul>{_HOT_NEWS}</ul></div>",
        datetime(2023, 11, 17, 20, 52, 15),
        PARAGRAPHS[-1],
    ),
    "a portal's disclaimer under the body": (
        f'<h1 class="post_title">{TITLE}</h1><div class="post_info">2023-11-17 20:52:15　来源: '
        f'<a>新华网</a></div><div class="post_body">{_BODY}<p>责任编辑：王五_NN1234</p></div>'
        "<div><p>特别声明：以上内容(如有图片或视频亦包括在内)为自媒体平台用户上传并发布，"
        f"本平台仅提供信息存储服务。</p></div><h3>热点新闻</h3><ul>{_HOT_NEWS}</ul>",
        datetime(2023, 11, 17, 20, 52, 15),
        "责任编辑：王五_NN1234",
    ),
}


@pytest.mark.parametrize("name", NEWS_PORTALS)
def test_large_news_portal_layouts(name: str) -> None:
    main, published, last = NEWS_PORTALS[name]
    html = page(f"{TITLE}_新闻中心_某某网", main, boxes=False)
    url = "http://news.example.com/n1/2023/1117/c1004-40120000.html"
    assert page_kind(html, url) == "article"
    article = parse_article_page(html, url, source="t")
    assert article.title == TITLE
    assert (article.published, article.has_time) == (published.replace(tzinfo=CST), True)
    assert article.paragraphs[: len(PARAGRAPHS)] == PARAGRAPHS
    assert article.paragraphs[-1] == last


def test_dated_line_closing_a_post_is_meta_and_a_disclaimer_ends_it() -> None:
    main = (
        f"<h3>{TITLE}</h3><div class=post>{paragraphs()}"
        "<p>本贴由大卫于2005年8月12日16:12:21在〖心灵体操〗发表.</p><p>郑 重 声 明</p>"
        "<p>1. 任何言论纯属作者个人观点，与本论坛无关；禁止发表违反法律、法规的言论。</p></div>"
    )
    _, published, has_time, paras = read(page(TITLE, main), "http://bbs.example.com/t/1.html")
    assert (published, has_time) == (datetime(2005, 8, 12, 16, 12, 21, tzinfo=CST), True)
    assert paras == PARAGRAPHS


def test_notice_whose_body_is_a_table_is_an_article() -> None:
    rows = "".join(
        f"<tr><td>{i}</td><td>某某新材料科技有限公司第{i}分公司</td><td>高新技术企业</td>"
        f"<td>开发区{i}号</td></tr>"
        for i in range(1, 13)
    )
    main = (
        "<h1>关于2023年度开发区高新技术企业认定名单的公示</h1><div>发布时间：2023-11-17</div>"
        f'<div class="content"><table>{rows}</table></div>'
    )
    assert page_kind(page("关于2023年度开发区高新技术企业认定名单的公示", main), URL) == "article"
