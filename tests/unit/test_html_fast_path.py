"""The parser-free path for simple entry HTML gives exactly what the HTML parser gives."""

from __future__ import annotations

import random

from zonereader.models import BodyImage
from zonereader.text.html import (
    Block,
    body_parts,
    html_blocks,
    html_body,
    html_to_paragraphs,
    parse_html,
)
from zonereader.text.html_simple import simple_blocks

BASE = "http://feeds.example.cn/zj/rss.xml"

TEXTS = [
    "舟山高新区新闻",
    "　　开发区召开会议，部署工作。",
    "GDP 增长 5%",
    " ",
    "  ",
    "\n",
    "\t",
    "\u3000",
    "\u00a0",
    "a  b\n c",
    " 前后空格 ",
    "x > y",
    "\x1b[31m红\x1b[0m",
    "行\u2028分隔",
    "",
]
HREFS = [
    "/zones/51.html",
    "http://www.example.cn/a.html?id=1",
    "https://example.cn/b",
    "javascript:void(0)",
    "#top",
    "mailto:a@example.cn",
    " ../c.html",
    "",
]
IMAGES = [
    '<img src="/i.png">',
    '<img src="/i.png" alt="园区全景">',
    '<img src="data:image/gif;base64,R0lGOD" data-src="/lazy.jpg" title="懒加载">',
    '<img src="/pixel.gif" width="1" height="1">',
    '<img src="https://cdn.example.cn/p.jpg" alt=" 两端 空格 ">',
    '<img alt="无地址">',
    '<img src="/share.png" class="share">',
]
# Near misses: each makes the fragment something the fast path must refuse (or get right).
NEAR_MISSES = [
    "&amp;",
    "&nbsp;",
    "<P>",
    "</p>",
    "<p>",
    "<div>",
    "</div>",
    "<a href='x'>",
    '<a href="x" href="y">',
    "<b>",
    "</b>",
    "<br/>",
    "</br>",
    "<p/>",
    '<span hidden="">',
    '<span style="display:none">',
    "\r\n",
    "\x00",
    "< 3",
    "<!-- c -->",
    '<a\u3000href="x">',
    "<script>",
]


def _read(blocks: list[Block]) -> list[tuple[object, ...]]:
    """What the two readers must agree on: each block's text, links, link characters and
    images."""
    return [
        (
            b.text,
            [(link.url, link.text) for link in b.links],
            b.link_chars,
            [(image.url, image.alt) for image in b.images],
        )
        for b in blocks
    ]


def _parsed(fragment: str) -> list[Block]:
    tree = parse_html(fragment)
    return html_blocks(tree.body or tree.root, BASE)


def _inline(rng: random.Random, depth: int, in_link: bool) -> str:
    roll = rng.random()
    if roll < 0.45 or depth > 2:
        return rng.choice(TEXTS)
    if roll < 0.55:
        return rng.choice(["<br>", "<br />", "<br/>", rng.choice(IMAGES)])
    if roll < 0.75 and not in_link:
        inner = "".join(_inline(rng, depth + 1, True) for _ in range(rng.randrange(0, 3)))
        extra = rng.choice(["", ' target="_blank"', ' title="链接"', ' class="share"'])
        return f'<a href="{rng.choice(HREFS)}"{extra}>{inner}</a>'
    tag = rng.choice(["b", "strong", "em", "span", "i", "u"])
    attr = rng.choice(["", ' class="x"', ' style="color:red"'])
    inner = "".join(_inline(rng, depth + 1, in_link) for _ in range(rng.randrange(0, 3)))
    return f"<{tag}{attr}>{inner}</{tag}>"


def _fragment(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randrange(1, 5)):
        if rng.random() < 0.7:
            attr = rng.choice(["", ' style="text-indent:2em"', ' align="center"'])
            inner = "".join(_inline(rng, 0, False) for _ in range(rng.randrange(0, 4)))
            parts.append(f"<p{attr}>{inner}</p>")
        else:
            parts.append(_inline(rng, 0, False))
        parts.append(rng.choice(["", "", "\n", " ", "\n\t"]))
    if rng.random() < 0.3:
        index = rng.randrange(len(parts) + 1)
        parts.insert(index, rng.choice(NEAR_MISSES))
    return "".join(parts)


def test_fast_path_equals_the_parser_on_random_fragments() -> None:
    rng = random.Random(20261126)
    taken = 0
    for _ in range(4000):
        fragment = _fragment(rng)
        fast = simple_blocks(fragment, BASE)
        if fast is None:
            continue
        taken += 1
        assert _read(fast) == _read(_parsed(fragment)), repr(fragment)
    assert taken > 2000  # the common shapes really take the fast path


def test_typical_entry_html() -> None:
    fragment = (
        "<p>　　相关负责人表示，将进一步深化改革。</p>"
        '<p>相关链接:<a href="/zones/51.html" target="_blank">园区介绍</a></p>'
    )
    assert simple_blocks(fragment, BASE) is not None
    assert html_to_paragraphs(fragment, BASE) == (
        ["相关负责人表示，将进一步深化改革。", "相关链接:园区介绍"],
        ["http://feeds.example.cn/zones/51.html"],
    )


def test_images_keep_their_place_caption_and_address() -> None:
    fragment = (
        '<p><img src="/a.jpg" alt="开工现场"></p><p>第一段。</p>'
        '<p>第二段<img src="data:x" data-original="/b.png">。</p>'
        '<img src="/px.gif" width="1" height="1"><img src="/c.gif">'
    )
    for blocks in (simple_blocks(fragment, BASE), _parsed(fragment)):
        assert blocks is not None
        parts = body_parts(blocks)
        assert parts.paragraphs == ["第一段。", "第二段。"]
        assert parts.images == [
            BodyImage("http://feeds.example.cn/a.jpg", "开工现场", 0),
            BodyImage("http://feeds.example.cn/b.png", "", 1),
            BodyImage("http://feeds.example.cn/c.gif", "", 2),
        ]
    assert html_body(fragment, BASE).images == body_parts(_parsed(fragment)).images


def test_what_the_fast_path_refuses_still_reads_right() -> None:
    for fragment in [
        "<p>A &amp; B</p>",
        "<div><p>段落</p></div>",
        "<p>未闭合",
        "<a href='/x'>单引号</a>",
        "<p>一<p>二</p>",
        '<p>看<span style="display:none">不见</span>得见</p>',
    ]:
        assert simple_blocks(fragment, BASE) is None, fragment
    assert html_to_paragraphs("<p>A &amp; B</p>", BASE) == (["A & B"], [])
    assert html_to_paragraphs('<p>看<span style="display:none">不见</span>得见</p>', BASE) == (
        ["看得见"],
        [],
    )
