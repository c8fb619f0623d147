"""HTML of the sample portal's pages, in its two templates, quirks included.

The main template is an old-style CMS: uppercase tags here and there, unclosed ``<p>`` and
``<li>``, unquoted attributes, entities, relative links, a breadcrumb with ``&gt;``, a meta
line, a body indented with two U+3000 spaces, 上一条/下一条 links and heavy chrome. The second
template is a newer single-park site: a table of links with ``[YYYY-MM-DD]`` dates, 当前位置 /
日期 / 信息来源 / 上一篇 / 下一篇, UTF-8.

Functions here only format strings; :mod:`zonereader.demo.portal` decides what goes in them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from zonereader.demo import chrome

INDENT = "\u3000\u3000"

#: Entity styles: how the body writes the characters that HTML authors like to escape.
_NAMED = {"“": "&ldquo;", "”": "&rdquo;", "—": "&mdash;", "·": "&middot;"}
_NUMERIC = {"“": "&#8220;", "”": "&#8221;", "—": "&#x2014;", "·": "&#183;"}


def text(value: str, style: str = "literal") -> str:
    """Escape ``value`` for HTML text; ``style`` 'named'/'numeric' also writes some punctuation as
    entities, as CMS editors do."""
    out = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    table = _NAMED if style == "named" else _NUMERIC if style == "numeric" else None
    if table:
        for char, entity in table.items():
            out = out.replace(char, entity)
    return out


def attr(value: str) -> str:
    """Escape ``value`` for a double-quoted attribute."""
    return text(value).replace('"', "&quot;")


@dataclass(frozen=True, slots=True)
class Link:
    """A link as a page shows it: relative href and its text."""

    href: str
    title: str


@dataclass(frozen=True, slots=True)
class ArticleView:
    """Everything an article page shows."""

    title: str
    date: str
    """``YYYY-MM-DD`` (main) or ``YYYY年MM月DD日 HH:MM`` (second template)."""
    origin: str
    publisher: str
    paragraphs: Sequence[str]
    prev: Link | None
    next: Link | None
    breadcrumb: Sequence[Link]
    """Every crumb after 首页, the last one being the channel."""
    charset_meta: str
    body_style: str = "p"
    """'p' (closed paragraphs), 'open' (unclosed <P>), 'br' (paragraphs split by <br>)."""
    entity_style: str = "literal"
    picture: str = ""
    """Image src of a 图片新闻 article."""


def _breadcrumb_main(crumbs: Sequence[Link]) -> str:
    parts = ['<a href="/">首页</a>']
    parts.extend(f'<a href="{attr(c.href)}">{text(c.title)}</a>' for c in crumbs)
    return "您现在的位置:" + " &gt; ".join(parts)


def _head_main(title: str, charset_meta: str) -> str:
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
        "<HTML>\n<HEAD>\n"
        f"{charset_meta}"
        f"<TITLE>{text(title)}_{chrome.SITE_NAME}</TITLE>\n"
        '<meta name="keywords" content="开发区,招商引资,园区,产业">\n'
        f"{chrome.MAIN_STYLE}\n{chrome.MAIN_SCRIPT}\n</HEAD>\n<BODY>\n{chrome.MAIN_TOP}\n"
    )


def _body_main(view: ArticleView) -> str:
    style = view.entity_style
    parts: list[str] = []
    if view.picture:
        parts.append(
            f'<P align=center><IMG src="{attr(view.picture)}" border=0 '
            f'alt="{attr(view.title)}"></P>\n'
        )
    if view.body_style == "br":
        lines = [INDENT + text(p, style) for p in view.paragraphs]
        parts.append("<p>" + "<br>\n<br>\n".join(lines) + "</p>\n")
    elif view.body_style == "open":
        parts.extend(f"<P>{INDENT}{text(p, style)}\n" for p in view.paragraphs)
    else:
        parts.extend(
            f'<p style="text-indent:0">{INDENT}{text(p, style)}</p>\n' for p in view.paragraphs
        )
    return "".join(parts)


def main_article(view: ArticleView) -> str:
    """Render an article page of the main template."""
    prevnext = []
    if view.prev is not None:
        prevnext.append(
            f'<li>上一条:<a href="{attr(view.prev.href)}">{text(view.prev.title)}</a></li>'
        )
    if view.next is not None:
        prevnext.append(
            f'<li>下一条:<a href="{attr(view.next.href)}">{text(view.next.title)}</a></li>'
        )
    return (
        _head_main(view.title, view.charset_meta)
        + '<div id="main">\n<div class="left">\n'
        + f'<div class="position">{_breadcrumb_main(view.breadcrumb)}</div>\n'
        + '<div class="article">\n'
        + f"<h1>{text(view.title)}</h1>\n"
        + f'<div class="info">发布时间:{view.date}&nbsp;&nbsp;来源:{text(view.origin)}'
        + f"&nbsp;&nbsp;发布开发区:{text(view.publisher)}</div>\n"
        + chrome.SHARE
        + '\n<div id="content" class="content">\n'
        + _body_main(view)
        + chrome.BODY_SCRIPT
        + "\n</div>\n"
        + '<div class="ad"><a href="/ad/click.html?id=3"><img src="/ad/inline_640x80.gif" '
        + 'alt="园区厂房招租"></a></div>\n'
        + '<ul class="prevnext">\n'
        + "\n".join(prevnext)
        + "\n</ul>\n</div>\n</div>\n"
        + chrome.MAIN_SIDEBAR
        + "\n</div>\n"
        + chrome.MAIN_FOOTER
        + "\n</BODY>\n</HTML>\n"
    )


@dataclass(frozen=True, slots=True)
class ListRow:
    """One row of a list page."""

    href: str
    title: str
    date: str


def _pager(page: int, pages: int, total: int, next_href: str | None) -> str:
    """The page bar: counts, first/previous/next/last and up to ten page numbers."""

    def href(number: int) -> str:
        return "index.html" if number == 1 else f"index_{number - 1}.html"

    bits = [f"共 {total} 条记录 &nbsp; 页次 {page}/{pages} &nbsp;"]
    bits.append(f'<a href="{href(1)}">首页</a>')
    bits.append(f'<a href="{href(page - 1)}">上一页</a>' if page > 1 else "<span>上一页</span>")
    start = max(1, min(page - 4, pages - 9))
    for number in range(start, min(pages, start + 9) + 1):
        if number == page:
            bits.append(f"<span class=current>{number}</span>")
        else:
            bits.append(f'<a href="{href(number)}">{number}</a>')
    bits.append(f'<a href="{next_href}">下一页</a>' if next_href else "<span>下一页</span>")
    bits.append(f'<a href="{href(pages)}">尾页</a>')
    return '<div class="page">' + " ".join(bits) + "</div>"


def main_list(
    *,
    channel_title: str,
    breadcrumb: Sequence[Link],
    rows: Sequence[ListRow],
    page: int,
    pages: int,
    total: int,
    next_href: str | None,
    charset_meta: str,
) -> str:
    """Render a list page of the main template (titles longer than 30 characters are cut, the
    full title is in the link's title attribute, as such sites do)."""
    items = []
    for row in rows:
        shown = row.title if len(row.title) <= 30 else row.title[:29] + "…"
        items.append(
            f'<LI><span>{row.date}</span><a href="{attr(row.href)}" target=_blank '
            f'title="{attr(row.title)}">{text(shown)}</a>'
        )
    listing = "\n".join(items) if items else "<LI>暂无信息"
    return (
        _head_main(f"{channel_title}_开发区新闻", charset_meta)
        + '<div id="main">\n<div class="left">\n'
        + f'<div class="position">{_breadcrumb_main(breadcrumb)}</div>\n'
        + f'<h2 class="column-title">{text(channel_title)}</h2>\n'
        + f'<UL class="list">\n{listing}\n</UL>\n'
        + _pager(page, pages, total, next_href)
        + "\n</div>\n"
        + chrome.MAIN_SIDEBAR
        + "\n</div>\n"
        + chrome.MAIN_FOOTER
        + "\n</BODY>\n</HTML>\n"
    )


@dataclass(frozen=True, slots=True)
class IndexGroup:
    """A block of the section index: a province (or municipality) and its cities' channels."""

    name: str
    anchor: str
    cities: Sequence[tuple[str, str, Sequence[Link]]]
    """(city name, anchor, channel links) — the city is empty for a municipality's block."""


def main_index(groups: Sequence[IndexGroup], charset_meta: str) -> str:
    """Render the 开发区新闻 section index: regions, their cities and channel links."""
    blocks = []
    for group in groups:
        rows = []
        for city, anchor, links in group.cities:
            channel_links = " | ".join(
                f'<a href="{attr(link.href)}" title="{attr(link.title)}">'
                f"{text(link.title.rsplit(' ', 1)[-1])}</a>"
                for link in links
            )
            label = f'<a name="{anchor}"></a>{text(city)}' if city else ""
            rows.append(f"<TR><TD class=city>{label}</TD><TD>{channel_links}</TD></TR>")
        blocks.append(
            f'<div class="region"><h3><a name="{group.anchor}"></a>{text(group.name)}</h3>\n'
            f"<TABLE class=channels>\n" + "\n".join(rows) + "\n</TABLE></div>"
        )
    return (
        _head_main("开发区新闻", charset_meta)
        + '<div id="main">\n<div class="left">\n'
        + '<div class="position">您现在的位置:<a href="/">首页</a> &gt; '
        + '<a href="index.html">开发区新闻</a></div>\n'
        + '<h2 class="column-title">开发区新闻</h2>\n'
        + "\n".join(blocks)
        + "\n</div>\n"
        + chrome.MAIN_SIDEBAR
        + "\n</div>\n"
        + chrome.MAIN_FOOTER
        + "\n</BODY>\n</HTML>\n"
    )


def home(section_href: str, other_href: str) -> str:
    """Render the site's home page (UTF-8), which links to the news section."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{chrome.SITE_NAME}</title></head><body>\n"
        f"<h1>{chrome.SITE_NAME}</h1>\n"
        f'<p><a href="{section_href}">开发区新闻</a> | '
        f'<a href="{other_href}">园区动态（另一模板）</a></p>\n'
        "</body></html>\n"
    )


def not_found(path: str) -> str:
    """Render the site's 404 page."""
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>404 页面不存在</title></head>'
        f"<body><h1>404</h1><p>您访问的页面不存在：{text(path)}</p>"
        '<p><a href="/">返回首页</a></p></body></html>\n'
    )


# --------------------------------------------------------------------------- second template


def _head_other(title: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{text(title)}-苏州工业园区</title>\n{chrome.OTHER_STYLE}\n</head>\n<body>\n"
        f'{chrome.OTHER_HEADER}\n<div class="wrap">\n'
    )


def other_list(rows: Sequence[ListRow], next_href: str | None = None) -> str:
    """Render the second template's channel: one page, a table of links with [date]."""
    cells = "\n".join(
        f'<tr><td class="t"><a href="{attr(row.href)}" target="_blank">{text(row.title)}</a></td>'
        f'<td class="d">[{row.date}]</td></tr>'
        for row in rows
    )
    more = f'<p class="more"><a href="{attr(next_href)}">下一页</a></p>\n' if next_href else ""
    return (
        _head_other("园区动态")
        + '<div class="location">当前位置：<a href="/other/">首页</a> &gt; '
        + '<a href="news.html">园区动态</a></div>\n'
        + f'<table class="newslist">\n{cells}\n</table>\n{more}</div>\n'
        + chrome.OTHER_FOOTER
        + "\n</body>\n</html>\n"
    )


def other_article(view: ArticleView) -> str:
    """Render an article page of the second template."""

    def nav(label: str, link: Link | None) -> str:
        if link is None:
            return f"<li>{label}：没有了</li>"
        return f'<li>{label}：<a href="{attr(link.href)}">{text(link.title)}</a></li>'

    body = "\n".join(f"<p>{text(p, view.entity_style)}</p>" for p in view.paragraphs)
    return (
        _head_other(view.title)
        + '<div class="location">当前位置：<a href="/other/">首页</a> &gt; '
        + '<a href="news.html">园区动态</a></div>\n'
        + '<div class="detail">\n'
        + f'<h2 class="detail-title">{text(view.title)}</h2>\n'
        + f'<div class="detail-info"><span>日期：{view.date}</span>&emsp;'
        + f"<span>信息来源：{text(view.origin)}</span>&emsp;"
        + '<span>浏览次数：<em id="views">--</em></span></div>\n'
        + f'<div class="detail-content">\n{body}\n</div>\n'
        + '<ul class="detail-nav">\n'
        + nav("上一篇", view.prev)
        + "\n"
        + nav("下一篇", view.next)
        + "\n</ul>\n</div>\n</div>\n"
        + chrome.OTHER_FOOTER
        + "\n</body>\n</html>\n"
    )
