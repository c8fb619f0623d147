"""Read a list page (article links, dates, the next page) or a section index (channels)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from selectolax.lexbor import LexborNode

from zonereader.models import (
    ChannelLink,
    ListEntry,
    ListPage,
    PortalSelectors,
    join_zone,
    zone_parts,
)
from zonereader.sources.portal.page import (
    BREADCRUMB_LABEL,
    HOME_WORDS,
    Page,
    breadcrumb,
    followable,
    load_page,
)
from zonereader.text.dates import parse_date
from zonereader.text.html import is_chrome_element
from zonereader.text.sanitize import clean_line
from zonereader.text.urls import canonical_url, same_host

_NEXT_PAGE = re.compile(
    r"^(?:下一页|下页|后一页|下一頁|next|next\s*page)\s*[>›»＞]*$", re.IGNORECASE
)
_PAGER_WORDS = re.compile(
    r"^(?:首页|尾页|末页|上一页|上页|下一页|下页|前一页|后一页|最后一页|第?\d+页?|[<>«»›‹]+|\.\.\.|…)$"
)
_TRUNCATED = re.compile(r"(?:\.{2,}|…+)$")
_ROW_TAGS = ("li", "tr", "dd", "dt")
_LOOSE_ROW_TAGS = ("p", "div", "td", "span")


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


def _article_rows(page: Page) -> list[_Row]:
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
        if not followable(url, page_url) or url == page_url:
            continue
        if _in_chrome(anchor, chrome):
            continue
        row = _row_of(anchor)
        row_text = row.text(separator="") if row.mem_id != anchor.mem_id else ""
        if "位置" in row_text and BREADCRUMB_LABEL.search(row_text):
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


def list_entries(page: Page, selectors: PortalSelectors | None) -> list[ListEntry]:
    """The article rows of a list page: the selectors' rows, else the best group of links."""
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
            if url in seen or not title or not followable(url, page.url):
                continue
            seen.add(url)
            entries.append(ListEntry(url, title, _row_date(row, title, date_selector)))
        return entries

    groups: dict[int, list[_Row]] = {}
    for candidate in _article_rows(page):
        groups.setdefault(candidate.group, []).append(candidate)
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


def next_page_url(page: Page, selectors: PortalSelectors | None) -> str | None:
    """The URL of the list's next page (下一页, ``rel=next``), or None."""
    page_url = canonical_url(page.url)
    if selectors is not None and selectors.next_page:
        node = page.tree.css_first(selectors.next_page)
        if node is None:
            return None
        anchor = node if node.tag == "a" else node.css_first("a[href]")
        href = (anchor.attributes.get("href") or "") if anchor is not None else ""
        url = canonical_url(href, page.url) if href else ""
        return url if followable(url, page_url) and url != page_url else None
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
        if followable(url, page_url) and url != page_url:
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


def index_channels(page: Page, base_zone: str) -> list[ChannelLink]:
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
        if _in_chrome(node, chrome) or text in HOME_WORDS:
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
    page = load_page(html, url)
    crumbs, _ = breadcrumb(page, selectors)
    zone = join_zone(*crumbs)
    entries = list_entries(page, selectors)
    next_url = next_page_url(page, selectors)
    channels: list[ChannelLink] = []
    if next_url is None and sum(entry.published is not None for entry in entries) < 3:
        # no dated article list and no 下一页: perhaps a section index of channels
        index_zone = zone
        if not index_zone:
            title_node = page.tree.css_first("title")
            if title_node is not None:
                index_zone = clean_line(re.split(r"\s*[_|｜—–-]\s*", title_node.text())[0])
        channels = index_channels(page, index_zone)
        if len(channels) >= max(2, len(entries)):
            entries, zone = [], index_zone
        else:
            channels = []
    return ListPage(
        url=canonical_url(url), entries=entries, next_url=next_url, channels=channels, zone=zone
    )
