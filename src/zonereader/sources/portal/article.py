"""Read an article page: title, date, origin, publisher, zone, body and the site's links."""

from __future__ import annotations

import re
from datetime import datetime

from zonereader.models import Article, PortalSelectors, SiteLink
from zonereader.sources.portal.page import (
    ExtractError,
    Page,
    breadcrumb,
    followable,
    load_page,
    zone_from_crumbs,
)
from zonereader.text.dates import parse_date
from zonereader.text.html import Block, Link, body_parts, html_blocks, paragraph_text
from zonereader.text.sanitize import clean_line
from zonereader.text.urls import canonical_url

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


def is_meta(block: Block) -> bool:
    """Whether ``block`` is a meta line: a labelled date, or a 来源 / 发布开发区 label."""
    text = block.text
    if len(text) > 300 or (":" not in text and "：" not in text):
        return False
    if _META_ANY.search(text):
        return True
    match = _DATE_LABEL.search(text)
    return match is not None and parse_date(text[match.end() :])[0] is not None


def prev_next_label(text: str) -> bool:
    """Whether ``text`` names the site's 上一条/下一条 (or 上一篇/下一篇) links."""
    if len(text) >= 400 or ("篇" not in text and "条" not in text):
        return False
    return bool(_PREV_LABEL.search(text) or _NEXT_LABEL.search(text))


def _title(
    page: Page, selectors: PortalSelectors | None, meta_index: int, crumb_index: int
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
        and not is_meta(block)
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
        if link_text and link_text in segment_line and followable(link.url, page_url):
            return SiteLink(url=link.url, title=link_text)
    return None


def _selected_site_link(
    page: Page, selector: str, label: re.Pattern[str]
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
    page: Page, selectors: PortalSelectors | None, start: int
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
        if not prev_next_label(block.text) or (block.chrome and not block.links):
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


def _body_blocks(page: Page, start: int, end: int) -> list[Block]:
    body: list[Block] = []
    for block in page.blocks[start:end]:
        text = block.stripped
        if (block.chrome or len(text) < 200) and _FOOTER.search(text):
            break
        if _SECTION_END.match(text):
            break
        if _is_noise(block) or is_meta(block):
            continue
        body.append(block)
    return body


def _selected_body(page: Page, selector: str) -> list[Block]:
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
    page = load_page(html, url)
    crumbs, crumb_index = breadcrumb(page, selectors)
    blocks = page.blocks

    meta_blocks: list[Block] = []
    if selectors is not None and selectors.meta:
        meta_texts = [node.text(separator=" ") for node in page.tree.css(selectors.meta)]
        meta_index = -1
    else:
        meta_blocks = [b for b in blocks if b.index > crumb_index and is_meta(b)]
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
    # the title repeated in the body is not a paragraph (unless it is all there is)
    drop_title = any(text and text != title for text in (paragraph_text(b.text) for b in body))
    parts = body_parts(body, skip=title if drop_title else None)
    paragraphs = parts.paragraphs
    if not paragraphs:
        raise ExtractError(f"no article body found on {url}")
    links = [link for link in parts.links if followable(link.url, url)]

    return Article(
        url=canonical_url(url),
        title=title,
        zone=zone_from_crumbs(crumbs, zone_prefix, title),
        source=source,
        published=published,
        has_time=has_time,
        origin=origin,
        publisher=publisher,
        paragraphs=paragraphs,
        prev_link=prev_link,
        next_link=next_link,
        links=links,
        images=parts.images,
    )
