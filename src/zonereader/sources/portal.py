"""Extract articles, list pages and section indexes from a news portal's HTML.

Pure functions from decoded HTML and its URL to :mod:`zonereader.models` records: no I/O, no
clock. The heuristics follow the conventions of Chinese government and portal CMSs:

- breadcrumbs after 您现在的位置 / 当前位置 (``首页 > 开发区新闻 > 舟山 > 文字新闻``), which
  give the zone path (首页 dropped);
- a meta line with 发布时间 / 日期 / 时间, 来源 / 信息来源 and 发布开发区, just below the title;
- body paragraphs between the meta line and the 上一条 / 上一篇 / 下一条 / 下一篇 links, with site
  chrome (navigation, ads, share tools, footers with 版权所有) dropped;
- list pages as the largest group of sibling rows holding article links (and usually dates), with
  a 下一页 link; section indexes as groups of channel links under region headings.

A source's :class:`~zonereader.models.PortalSelectors` replace the heuristics field by field, for
portals they miss. All text that leaves this module went through
:func:`~zonereader.text.sanitize.clean_line` or :func:`~zonereader.text.sanitize.clean_text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser, LexborNode

from zonereader.models import (
    Article,
    ChannelLink,
    ListEntry,
    ListPage,
    PortalSelectors,
    SiteLink,
    join_zone,
    zone_parts,
)
from zonereader.text.dates import parse_date
from zonereader.text.html import (
    Block,
    Link,
    html_blocks,
    is_chrome_element,
    paragraph_text,
    parse_html,
)
from zonereader.text.sanitize import clean_line
from zonereader.text.urls import canonical_url, same_host

__all__ = ["ExtractError", "page_kind", "parse_article_page", "parse_list_page"]


class ExtractError(ValueError):
    """A page does not hold what was asked of it (no title, no body); the message is one line."""


# --- vocabulary ------------------------------------------------------------------------------

_BREADCRUMB_LABEL = re.compile(
    r"(?:您现在的位置|您当前的位置|你现在的位置|您的位置|你的位置|当前位置|现在位置|所在位置|当前的位置)"
    r"\s*(?:是)?\s*[:：]?"
)
_CRUMB_SEP = re.compile(r"\s*(?:>|＞|›|»|→|>>|&gt;)+\s*")
_HOME_WORDS = frozenset({"首页", "网站首页", "主页", "返回首页", "home", "Home", "HOME", "首 页"})
_LEAF_WORDS = frozenset(
    {"正文", "详情", "内容", "详细内容", "正文内容", "文章详情", "浏览文章", "阅读"}
)

_DATE_LABEL = re.compile(r"(?:发布时间|发布日期|发表时间|发稿时间|更新时间|时间|日期)\s*[:：]")
_ORIGIN_LABEL = "信息来源|文章来源|稿件来源|新闻来源|来源"
_PUBLISHER_LABEL = "发布开发区|发布单位|发布机构"
_OTHER_LABELS = (
    "发布时间|发布日期|发表时间|发稿时间|更新时间|时间|日期|作者|编辑|责任编辑|点击|点击数|点击量|浏览|浏览次数"
    "|阅读|阅读次数|字号|字体|访问量|供稿"
)
_ALL_LABELS = f"{_ORIGIN_LABEL}|{_PUBLISHER_LABEL}|{_OTHER_LABELS}"
_VALUE_END = rf"(?=\s{{2,}}|\u3000|[|｜丨【\[]|(?:{_ALL_LABELS})\s*[:：]|$)"
_ORIGIN = re.compile(rf"(?:{_ORIGIN_LABEL})\s*[:：]\s*(.*?){_VALUE_END}")
_PUBLISHER = re.compile(rf"(?:{_PUBLISHER_LABEL})\s*[:：]\s*(.*?){_VALUE_END}")
_META_ANY = re.compile(rf"(?:{_ORIGIN_LABEL}|{_PUBLISHER_LABEL})\s*[:：]")

_PREV_LABEL = re.compile(r"(?:上一条|上一篇|上篇|前一篇)\s*[:：]?")
_NEXT_LABEL = re.compile(r"(?:下一条|下一篇|下篇|后一篇)\s*[:：]?")
_NONE_WORDS = re.compile(
    r"^(?:没有了|无|暂无|没有|已是第一篇|已是最后一篇|已经是第一篇|已经是最后一篇|none)?[!！。.]*$"
)

_NEXT_PAGE = re.compile(
    r"^(?:下一页|下页|后一页|下一頁|next|next\s*page)\s*[>›»＞]*$", re.IGNORECASE
)
_PAGER_WORDS = re.compile(
    r"^(?:首页|尾页|末页|上一页|上页|下一页|下页|前一页|后一页|最后一页|第?\d+页?|[<>«»›‹]+|\.\.\.|…)$"
)
_FOOTER = re.compile(
    r"版权所有|copyright|©|ICP备|ICP证|与我们联系|技术支持[:：]|主办单位[:：]", re.I
)
_SECTION_END = re.compile(
    r"^(?:【?相关(?:文章|新闻|阅读|链接|报道)】?|延伸阅读|推荐阅读|热点新闻|猜你喜欢)\s*[:：]?$"
)
_TOOLBAR = re.compile(
    r"【\s*(?:打印|关闭|收藏|字体|字号|大|中|小|返回|顶部|分享|推荐|评论)|"
    r"^(?:分享到|打印本页|关闭窗口|返回顶部|字号[:：]|字体[:：]|【|\[)"
)
_TRUNCATED = re.compile(r"(?:\.{2,}|…+)$")
_ROW_TAGS = ("li", "tr", "dd", "dt")
_LOOSE_ROW_TAGS = ("p", "div", "td", "span")


def _followable(url: str, page_url: str) -> bool:
    """Whether a link can be followed: http(s), or file: links on a saved page read from disk."""
    return url.startswith(("http:", "https:")) or (
        url.startswith("file:") and page_url.startswith("file:")
    )


@dataclass(slots=True)
class _Page:
    """A parsed page with its blocks, ready for the heuristics."""

    tree: LexborHTMLParser
    url: str
    blocks: list[Block]


def _load(html: str, url: str) -> _Page:
    tree = parse_html(html)
    return _Page(tree=tree, url=url, blocks=html_blocks(tree.body, url))


# --- breadcrumbs -----------------------------------------------------------------------------


def _crumb_parts(text: str) -> list[str]:
    """Split a breadcrumb's text into its parts, without the label and without 首页."""
    match = _BREADCRUMB_LABEL.search(text)
    if match:
        text = text[match.end() :]
    parts = []
    for raw in _CRUMB_SEP.split(text):
        part = clean_line(raw).strip(" :：").replace("/", "／")
        if part and part not in _HOME_WORDS:
            parts.append(part)
    return parts


def _breadcrumb(page: _Page, selectors: PortalSelectors | None) -> tuple[list[str], int]:
    """Return the breadcrumb parts (without 首页) and the index of its block (-1 when none)."""
    if selectors is not None and selectors.breadcrumb:
        node = page.tree.css_first(selectors.breadcrumb)
        if node is None:
            return [], -1
        return _crumb_parts(node.text(separator="")), -1
    blocks = page.blocks
    for block in blocks:
        if "位置" not in block.text:
            continue
        match = _BREADCRUMB_LABEL.search(block.text)
        if match is None:
            continue
        after = block.text[match.end() :]
        if not after.strip() and block.index + 1 < len(blocks):
            after = blocks[block.index + 1].text
        parts = _crumb_parts(after)
        if parts or _CRUMB_SEP.search(after):
            return parts, block.index
    for block in blocks[:80]:
        text = block.stripped
        if text.startswith(("首页", "网站首页")) and _CRUMB_SEP.search(text) and len(text) < 120:
            return _crumb_parts(text), block.index
    return [], -1


def _zone_from_crumbs(parts: list[str], zone_prefix: str, title: str = "") -> str:
    parts = list(parts)
    while parts and (parts[-1] in _LEAF_WORDS or (title and parts[-1] == title)):
        parts.pop()
    return join_zone(zone_prefix, *parts)


# --- article pages ---------------------------------------------------------------------------


def _is_meta(block: Block) -> bool:
    text = block.text
    if len(text) > 300 or (":" not in text and "：" not in text):
        return False
    if _META_ANY.search(text):
        return True
    match = _DATE_LABEL.search(text)
    return match is not None and parse_date(text[match.end() :])[0] is not None


def _prev_next_label(text: str) -> bool:
    if len(text) >= 400 or ("篇" not in text and "条" not in text):
        return False
    return bool(_PREV_LABEL.search(text) or _NEXT_LABEL.search(text))


def _title(
    page: _Page, selectors: PortalSelectors | None, meta_index: int, crumb_index: int
) -> tuple[str, int]:
    """Return the article title and the index of its block (-1 when from a selector/<title>)."""
    if selectors is not None and selectors.title:
        node = page.tree.css_first(selectors.title)
        return (clean_line(node.text(separator="")) if node is not None else ""), -1
    candidates = [
        block
        for block in page.blocks
        if not block.chrome
        and block.index != crumb_index
        and 2 <= len(block.stripped) <= 300
        and not _is_meta(block)
        and "位置" not in block.text
    ]
    if meta_index >= 0:
        before = [b for b in candidates if crumb_index < b.index < meta_index]
        near = [b for b in before if b.index >= meta_index - 4]
        for block in reversed(near):
            if block.heading or block.titleish:
                return clean_line(block.text), block.index
        if near:
            return clean_line(near[-1].text), near[-1].index
    headed = [b for b in candidates if b.heading and b.heading <= 3 and b.index > crumb_index]
    if headed:
        best = min(headed, key=lambda b: (b.heading, b.index))
        return clean_line(best.text), best.index
    titled = [b for b in candidates if b.titleish and b.index > crumb_index]
    if titled:
        return clean_line(titled[0].text), titled[0].index
    return "", -1


def _meta_fields(texts: list[str]) -> tuple[datetime | None, bool, str, str]:
    published: datetime | None = None
    has_time = False
    origin = publisher = ""
    for text in texts:
        if published is None:
            match = _DATE_LABEL.search(text)
            if match is not None:
                published, has_time = parse_date(text[match.end() :])
        if not origin:
            match = _ORIGIN.search(text)
            if match is not None:
                origin = clean_line(match.group(1))
        if not publisher:
            match = _PUBLISHER.search(text)
            if match is not None:
                publisher = clean_line(match.group(1))
    if published is None:
        for text in texts:
            published, has_time = parse_date(text)
            if published is not None:
                break
    return published, has_time, origin, publisher


def _site_link_from(
    text: str, links: list[Link], label: re.Pattern[str], page_url: str
) -> SiteLink | None:
    """The link that follows ``label`` in a block's ``text``, or None (absent, 没有了)."""
    match = label.search(text)
    if match is None:
        return None
    rest = text[match.end() :]
    other = (_NEXT_LABEL if label is _PREV_LABEL else _PREV_LABEL).search(rest)
    segment = rest[: other.start()] if other else rest
    segment_line = clean_line(segment)
    if not segment_line or _NONE_WORDS.match(segment_line):
        return None
    for link in links:
        link_text = clean_line(label.sub("", link.text, count=1))
        if link_text and link_text in segment_line and _followable(link.url, page_url):
            return SiteLink(url=link.url, title=link_text)
    return None


def _selected_site_link(
    page: _Page, selector: str, label: re.Pattern[str]
) -> tuple[bool, SiteLink | None]:
    node = page.tree.css_first(selector)
    if node is None:
        return True, None
    anchor = node if node.tag == "a" else node.css_first("a[href]")
    if anchor is None:
        return True, None
    href = anchor.attributes.get("href") or ""
    title = clean_line(label.sub("", anchor.text(separator=""), count=1))
    if not href or not title or _NONE_WORDS.match(title):
        return True, None
    return True, SiteLink(url=canonical_url(href, page.url), title=title)


def _prev_next(
    page: _Page, selectors: PortalSelectors | None, start: int
) -> tuple[SiteLink | None, SiteLink | None, int]:
    """Return the site's previous and next links and the index of the first block naming them."""
    prev_link = next_link = None
    first = -1
    found_prev = found_next = False
    if selectors is not None and selectors.prev_link:
        found_prev, prev_link = _selected_site_link(page, selectors.prev_link, _PREV_LABEL)
    if selectors is not None and selectors.next_link:
        found_next, next_link = _selected_site_link(page, selectors.next_link, _NEXT_LABEL)
    for block in page.blocks[max(start, 0) :]:
        if not _prev_next_label(block.text) or (block.chrome and not block.links):
            continue
        if first < 0:
            first = block.index
        if not found_prev and _PREV_LABEL.search(block.text):
            found_prev, prev_link = (
                True,
                _site_link_from(block.text, block.links, _PREV_LABEL, page.url),
            )
        if not found_next and _NEXT_LABEL.search(block.text):
            found_next, next_link = (
                True,
                _site_link_from(block.text, block.links, _NEXT_LABEL, page.url),
            )
        if found_prev and found_next:
            break
    return prev_link, next_link, first


def _is_noise(block: Block) -> bool:
    text = block.stripped
    if block.chrome or _TOOLBAR.search(text):
        return True
    if text.startswith(("广告", "【广告】", "[广告]")):
        return True
    # a short line that is nothing but links: a related-link box or an ad, not prose
    return bool(block.links) and len(text) < 80 and block.link_chars >= 0.8 * len(text)


def _body_blocks(page: _Page, start: int, end: int) -> list[Block]:
    body: list[Block] = []
    for block in page.blocks[start:end]:
        text = block.stripped
        if (block.chrome or len(text) < 200) and _FOOTER.search(text):
            break
        if _SECTION_END.match(text):
            break
        if _is_noise(block) or _is_meta(block):
            continue
        body.append(block)
    return body


def _selected_body(page: _Page, selector: str) -> list[Block]:
    body: list[Block] = []
    for node in page.tree.css(selector):
        body.extend(b for b in html_blocks(node, page.url) if not _is_noise(b))
    return body


def parse_article_page(
    html: str,
    url: str,
    *,
    source: str,
    zone_prefix: str = "",
    selectors: PortalSelectors | None = None,
) -> Article:
    """Extract an article from its page.

    Args:
        html: The decoded page (see :func:`zonereader.text.decode.decode_body`).
        url: The page's URL (it becomes the article's canonical URL and resolves relative links).
        source: The name of the configured source the article comes from.
        zone_prefix: A zone path put before the breadcrumb's parts (from the source's config).
        selectors: Per-source CSS selectors that replace the heuristics field by field.

    Returns:
        The article: title, published date (CST unless the page names a zone) with ``has_time``,
        origin (来源), publisher (发布开发区), zone (``zone_prefix`` joined to the breadcrumb
        without 首页), body paragraphs with site chrome dropped, and the site's 上一条/下一条 links.

    Raises:
        ExtractError: the page has no title or no body text.
    """
    page = _load(html, url)
    crumbs, crumb_index = _breadcrumb(page, selectors)
    blocks = page.blocks

    meta_blocks: list[Block] = []
    if selectors is not None and selectors.meta:
        meta_texts = [node.text(separator=" ") for node in page.tree.css(selectors.meta)]
        meta_index = -1
    else:
        meta_blocks = [b for b in blocks if b.index > crumb_index and _is_meta(b)]
        # meta lines run together below the title; later matches (a 来源 line in a list) do not
        if meta_blocks:
            run = [meta_blocks[0]]
            for block in meta_blocks[1:]:
                if block.index - run[-1].index <= 2:
                    run.append(block)
            meta_blocks = run
        meta_texts = [b.text for b in meta_blocks]
        meta_index = meta_blocks[0].index if meta_blocks else -1

    title, title_index = _title(page, selectors, meta_index, crumb_index)
    if not title:
        title_node = page.tree.css_first("title")
        if title_node is not None:
            title = clean_line(re.split(r"\s*(?:_|\||｜|-{1,2}|——|–|—)\s*", title_node.text())[0])
    if not title:
        raise ExtractError(f"no title found on {url}")

    published, has_time, origin, publisher = _meta_fields(meta_texts)

    start = max(title_index, crumb_index, *(b.index for b in meta_blocks), -1) + 1
    prev_link, next_link, pn_index = _prev_next(page, selectors, start)
    if selectors is not None and selectors.body:
        body = _selected_body(page, selectors.body)
    else:
        end = pn_index if pn_index >= 0 else len(blocks)
        body = _body_blocks(page, start, end)
    paragraphs = [text for text in (paragraph_text(b.text) for b in body) if text]
    paragraphs = [p for p in paragraphs if p != title] or paragraphs
    if not paragraphs:
        raise ExtractError(f"no article body found on {url}")
    links: list[str] = []
    for block in body:
        for link in block.links:
            if _followable(link.url, url) and link.url not in links:
                links.append(link.url)

    return Article(
        url=canonical_url(url),
        title=title,
        zone=_zone_from_crumbs(crumbs, zone_prefix, title),
        source=source,
        published=published,
        has_time=has_time,
        origin=origin,
        publisher=publisher,
        paragraphs=paragraphs,
        prev_link=prev_link,
        next_link=next_link,
        links=links,
    )


# --- list pages and section indexes ----------------------------------------------------------


def _row_of(anchor: LexborNode) -> LexborNode:
    """The row element an article link sits in (a list item, a table row...)."""
    node = anchor.parent
    loose: LexborNode | None = None
    depth = 0
    while node is not None and depth < 4 and node.tag not in ("body", "html", "ul", "ol", "table"):
        if node.tag in _ROW_TAGS:
            return node
        if loose is None and node.tag in _LOOSE_ROW_TAGS:
            loose = node
        node = node.parent
        depth += 1
    return loose or anchor


def _in_chrome(node: LexborNode, cache: dict[int, bool]) -> bool:
    chain: list[int] = []
    current: LexborNode | None = node
    result = False
    while current is not None and current.tag not in ("body", "html", "-document"):
        key = current.mem_id
        if key in cache:
            result = cache[key]
            break
        chain.append(key)
        if is_chrome_element(current):
            result = True
            break
        current = current.parent
    for key in chain:
        cache[key] = result
    return result


def _anchor_title(anchor: LexborNode) -> str:
    text = clean_line(anchor.text(separator=""))
    full = clean_line(anchor.attributes.get("title") or "")
    if full and (not text or (_TRUNCATED.search(text) and full.startswith(text.rstrip(".…")[:4]))):
        return full
    return text


@dataclass(slots=True)
class _Row:
    url: str
    title: str
    row: LexborNode
    group: int


def _article_rows(page: _Page) -> list[_Row]:
    """Every link that could be an article link, with its row and the row's container."""
    rows: list[_Row] = []
    chrome: dict[int, bool] = {}
    page_url = canonical_url(page.url)
    for anchor in page.tree.css("a[href]"):
        href = (anchor.attributes.get("href") or "").strip()
        if not href or href.lower().startswith(("javascript:", "#", "mailto:")):
            continue
        title = _anchor_title(anchor)
        if len(title) < 4 or _PAGER_WORDS.match(title) or _NEXT_PAGE.match(title):
            continue
        url = canonical_url(href, page.url)
        if not _followable(url, page_url) or url == page_url:
            continue
        if _in_chrome(anchor, chrome):
            continue
        row = _row_of(anchor)
        row_text = row.text(separator="") if row.mem_id != anchor.mem_id else ""
        if "位置" in row_text and _BREADCRUMB_LABEL.search(row_text):
            continue
        parent = row.parent
        rows.append(_Row(url, title, row, parent.mem_id if parent is not None else 0))
    return rows


def _row_date(row: LexborNode, title: str, selector: str | None) -> datetime | None:
    if selector:
        node = row.css_first(selector)
        return parse_date(node.text(separator=" "))[0] if node is not None else None
    text = row.text(separator=" ")
    if title:
        text = text.replace(title, " ", 1)
    return parse_date(text)[0]


def _entries(page: _Page, selectors: PortalSelectors | None) -> list[ListEntry]:
    date_selector = selectors.list_date if selectors is not None else None
    entries: list[ListEntry] = []
    seen: set[str] = set()
    if selectors is not None and selectors.list_item:
        for row in page.tree.css(selectors.list_item):
            anchors = [row] if row.tag == "a" else row.css("a[href]")
            best = max(anchors, key=lambda a: len(_anchor_title(a)), default=None)
            if best is None:
                continue
            url = canonical_url(best.attributes.get("href") or "", page.url)
            title = _anchor_title(best)
            if url in seen or not title or not _followable(url, page.url):
                continue
            seen.add(url)
            entries.append(ListEntry(url, title, _row_date(row, title, date_selector)))
        return entries

    rows = _article_rows(page)
    groups: dict[int, list[_Row]] = {}
    for row in rows:
        groups.setdefault(row.group, []).append(row)
    best_score = 0.0
    best_rows: list[_Row] = []
    dates: dict[int, datetime | None] = {}
    for members in groups.values():
        dated = 0
        for member in members:
            when = _row_date(member.row, member.title, date_selector)
            dates[id(member)] = when
            dated += when is not None
        if len(members) < 2 and not dated:
            continue
        long_titles = sum(len(m.title) >= 8 for m in members)
        score = len(members) + 2 * dated + long_titles
        if score > best_score:
            best_score, best_rows = score, members
    if len(best_rows) < 2 and not any(dates.get(id(r)) for r in best_rows):
        return []
    rows_seen: set[int] = set()
    for member in best_rows:
        if member.url in seen or member.row.mem_id in rows_seen:
            continue
        seen.add(member.url)
        rows_seen.add(member.row.mem_id)
        entries.append(ListEntry(member.url, member.title, dates.get(id(member))))
    return entries


def _next_url(page: _Page, selectors: PortalSelectors | None) -> str | None:
    page_url = canonical_url(page.url)
    if selectors is not None and selectors.next_page:
        node = page.tree.css_first(selectors.next_page)
        if node is None:
            return None
        anchor = node if node.tag == "a" else node.css_first("a[href]")
        href = (anchor.attributes.get("href") or "") if anchor is not None else ""
        url = canonical_url(href, page.url) if href else ""
        return url if _followable(url, page_url) and url != page_url else None
    for anchor in page.tree.css("a[href]"):
        text = clean_line(anchor.text(separator="")) or clean_line(
            anchor.attributes.get("title") or ""
        )
        if not _NEXT_PAGE.match(text):
            continue
        href = (anchor.attributes.get("href") or "").strip()
        if not href or href.lower().startswith(("javascript:", "#")):
            continue
        url = canonical_url(href, page.url)
        if _followable(url, page_url) and url != page_url:
            return url
    link = page.tree.css_first('link[rel="next"]')
    if link is not None and link.attributes.get("href"):
        url = canonical_url(link.attributes.get("href") or "", page.url)
        if url != page_url:
            return url
    return None


_HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6, "dt": 7, "strong": 8}


def _row_label(row: LexborNode, anchor: LexborNode) -> str:
    """The short text a row shows before its first link, e.g. the city in ``舟山：文字新闻 | …``."""
    if row.mem_id == anchor.mem_id:
        return ""
    pieces: list[str] = []
    for node in row.traverse(include_text=True):
        if node.tag == "a" and node.attributes.get("href"):
            break
        if node.tag == "-text":
            pieces.append(node.text_content or "")
    label = clean_line("".join(pieces)).strip(" :：|｜-—·")
    return label.replace("/", "／") if len(label) <= 12 else ""


def _channels(page: _Page, base_zone: str) -> list[ChannelLink]:
    """Links to channel list pages on a section index, each with its zone path.

    A channel link is a short link outside site chrome, on the page's host, found below region
    headings (``<h3>浙江</h3> … <tr><td>舟山</td><td><a>文字新闻</a> | …</td></tr>``, or
    ``<dt>舟山</dt><dd><a>文字新闻</a></dd>``). Its zone is the index's own zone, then the
    headings above it, then the label its row shows before the links, then the link's text.
    """
    channels: list[ChannelLink] = []
    seen: set[str] = set()
    page_url = canonical_url(page.url)
    base_parts = set(zone_parts(base_zone))
    headings: list[tuple[int, str]] = []  # (level, text), innermost last
    chrome: dict[int, bool] = {}
    labels: dict[int, str] = {}
    body = page.tree.body
    if body is None:
        return channels
    for node in body.traverse(include_text=False):
        tag = node.tag
        level = _HEADING_TAGS.get(tag or "")
        if level is not None:
            text = clean_line(node.text(separator="")).strip(" :：")
            if text and len(text) <= 30 and not _in_chrome(node, chrome):
                headings = [h for h in headings if h[0] < level]
                headings.append((level, text.replace("/", "／")))
            continue
        if tag != "a":
            continue
        href = (node.attributes.get("href") or "").strip()
        if not href or href.lower().startswith(("javascript:", "#", "mailto:")):
            continue
        text = clean_line(node.text(separator="")).replace("/", "／")
        if not text or len(text) > 12 or _PAGER_WORDS.match(text) or _NEXT_PAGE.match(text):
            continue
        url = canonical_url(href, page.url)
        if url in seen or url == page_url or not same_host(url, page.url) or not headings:
            continue
        if _in_chrome(node, chrome) or text in _HOME_WORDS:
            continue
        seen.add(url)
        row = _row_of(node)
        if row.mem_id not in labels:
            labels[row.mem_id] = _row_label(row, node)
        path: list[str] = []
        for part in [h[1] for h in headings] + [labels[row.mem_id]]:
            if part and part != text and part not in base_parts and part not in path:
                path.append(part)
        channels.append(ChannelLink(url=url, zone=join_zone(base_zone, *path, text)))
    return channels


def parse_list_page(html: str, url: str, selectors: PortalSelectors | None = None) -> ListPage:
    """Extract what a list page or a section index offers.

    Args:
        html: The decoded page.
        url: The page's URL, to make links absolute.
        selectors: Per-source CSS selectors (``list_item``, ``list_date``, ``next_page``,
            ``breadcrumb``) that replace the heuristics.

    Returns:
        A :class:`~zonereader.models.ListPage` with the article entries (absolute canonical
        URLs, titles, dates when the page shows them), the 下一页 link, the channels of a section
        index (links with zone paths), and the page's own zone from its breadcrumb.
    """
    page = _load(html, url)
    crumbs, _ = _breadcrumb(page, selectors)
    zone = join_zone(*crumbs)
    entries = _entries(page, selectors)
    next_url = _next_url(page, selectors)
    channels: list[ChannelLink] = []
    if next_url is None and sum(entry.published is not None for entry in entries) < 3:
        # no dated article list and no 下一页: perhaps a section index of channels
        index_zone = zone
        if not index_zone:
            title_node = page.tree.css_first("title")
            if title_node is not None:
                index_zone = clean_line(re.split(r"\s*[_|｜—–-]\s*", title_node.text())[0])
        channels = _channels(page, index_zone)
        if len(channels) >= max(2, len(entries)):
            entries, zone = [], index_zone
        else:
            channels = []
    return ListPage(
        url=canonical_url(url), entries=entries, next_url=next_url, channels=channels, zone=zone
    )


def page_kind(html: str, url: str) -> str:
    """Tell what kind of portal page ``html`` is.

    Returns:
        ``"article"`` (a title, a meta line or the site's 上一条/下一条 links, and body text),
        ``"index"`` (channel links under region headings, and no dated article list), or
        ``"list"`` (a group of article links, a 下一页 link, or an empty channel).
    """
    page = _load(html, url)
    _, crumb_index = _breadcrumb(page, None)
    has_meta = any(_is_meta(b) for b in page.blocks if b.index > crumb_index and not b.chrome)
    has_prev_next = any(_prev_next_label(b.text) and b.links for b in page.blocks if not b.chrome)
    entries = _entries(page, None)
    if (has_meta or has_prev_next) and len(entries) < 5:
        return "article"
    if _next_url(page, None) or sum(entry.published is not None for entry in entries) >= 3:
        return "list"
    if len(_channels(page, "")) >= max(2, len(entries)):
        return "index"
    # nothing to read and no channels: an empty channel (暂无信息) is still a list page
    return "article" if has_meta and not entries else "list"
