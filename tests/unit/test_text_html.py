"""html_to_paragraphs and html_blocks: HTML bodies to clean paragraphs and links."""

from __future__ import annotations

from zonereader.text.html import html_blocks, html_to_paragraphs, parse_html, read_layout


def test_paragraphs_indent_br_entities_scripts() -> None:
    html = (
        "<p>\u3000\u3000第一段 &amp; &lt;二&gt;&nbsp;<b>粗体</b>字</p>"
        "<P>第二段<br>第三段<BR/>\u3000第四段<script>alert('x')</script><style>p{}</style>"
        "<div style='display:none'>隐藏</div><p hidden>也隐藏</p><noscript>无</noscript>"
    )
    paragraphs, links = html_to_paragraphs(html)
    assert paragraphs == ["第一段 & <二> 粗体字", "第二段", "第三段", "第四段"]
    assert links == []


def test_links_are_absolute_distinct_and_ordered() -> None:
    html = (
        '<p>见<a href="/a.html#x">甲</a>和<a href="b.html">乙</a>，'
        '再见<a href="/a.html">甲</a><a href="javascript:void(0)">js</a>'
        '<a href="mailto:a@b.c">mail</a></p>'
    )
    paragraphs, links = html_to_paragraphs(html, "http://H.cn/news/1.html")
    assert paragraphs == ["见甲和乙，再见甲jsmail"]
    assert links == ["http://h.cn/a.html", "http://h.cn/news/b.html"]


def test_escape_sequences_in_body_are_dropped() -> None:
    paragraphs, _ = html_to_paragraphs("<p>标题\x1b]0;pwned\x07正文\u202e</p>")
    assert paragraphs == ["标题正文"]


def test_whitespace_collapsed_pre_kept() -> None:
    paragraphs, _ = html_to_paragraphs("<p>  a \n\n  b  </p><pre>x\n  y</pre>")
    assert paragraphs == ["a b", "x\n  y"]


def test_empty_and_plain_text() -> None:
    assert html_to_paragraphs("") == ([], [])
    assert html_to_paragraphs("   ") == ([], [])
    assert html_to_paragraphs("just text") == (["just text"], [])


def test_blocks_know_headings_titles_and_chrome() -> None:
    tree = parse_html(
        '<div class="nav"><a href="/">首页</a></div><h1>标题</h1>'
        '<div class="article-title">副标题</div><div id="footer">版权所有</div>'
        '<div class="side-box ad">广告</div><p>正文</p>'
    )
    blocks = {b.stripped: b for b in html_blocks(tree.body, "http://h.cn/")}
    assert blocks["首页"].chrome and blocks["首页"].links[0].url == "http://h.cn/"
    assert blocks["标题"].heading == 1 and not blocks["标题"].chrome
    assert blocks["副标题"].titleish
    assert blocks["版权所有"].chrome and blocks["广告"].chrome
    assert not blocks["正文"].chrome and blocks["正文"].heading == 0


def test_deeply_nested_markup_does_not_recurse() -> None:
    html = "<div>" * 3000 + "深" + "</div>" * 3000
    paragraphs, _ = html_to_paragraphs(html)
    assert paragraphs == ["深"]


def test_read_layout_records_the_elements_holding_each_block_range() -> None:
    html = (
        '<body><div id="top"><a href="/">首页</a></div><div class="TRS_Editor">'
        '<p>第一段。</p><p>第二段。</p></div><table><tr><td class="bt_content">第三段<br>'
        "第四段</td></tr></table></body>"
    )
    layout = read_layout(parse_html(html).body, "http://h.cn/")
    assert [block.text for block in layout.blocks] == [
        "首页",
        "第一段。",
        "第二段。",
        "第三段",
        "第四段",
    ]
    ranges = {(c.selector(), c.start, c.end) for c in layout.containers}
    assert ("div#top", 0, 1) in ranges
    assert ("div.TRS_Editor", 1, 3) in ranges
    assert ("td.bt_content", 3, 5) in ranges
    assert ("body", 0, 5) in ranges
    assert [c.tag for c in layout.containers if c.chrome] == []


def test_page_wide_classes_never_make_chrome() -> None:
    html = '<body class="has-nav-bar"><main class="menu-open"><p>正文一段。</p></main></body>'
    (block,) = html_blocks(parse_html(html).body)
    assert not block.chrome
