"""Read a list page (article links, dates, the next page) or a section index (channels).

The article rows are found by :mod:`zonereader.sources.portal.entries`, the next page by
:mod:`zonereader.sources.portal.pager`, after :mod:`zonereader.sources.portal.hidden` made plain
the list markup a page's own script reveals (HTML comments, script datastores). Per-source
selectors replace the heuristics field by field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from selectolax.lexbor import LexborNode

from zonereader.models import (
    ChannelLink,
    ListEntry,
    ListExplanation,
    ListPage,
    PortalSelectors,
    join_zone,
    zone_parts,
)
from zonereader.sources.portal.entries import (
    ListReading,
    anchor_title,
    article_like,
    in_chrome,
    pager_word,
    read_entries,
    row_of,
)
from zonereader.sources.portal.hidden import reveal_hidden_lists
from zonereader.sources.portal.page import (
    HOME_WORDS,
    Page,
    breadcrumb,
    followable,
    load_page,
    zone_from_crumbs,
)
from zonereader.sources.portal.pager import NextPage, find_next_page
from zonereader.sources.portal.yearless import MonthDay, give_years, month_day
from zonereader.text.dates import parse_date
from zonereader.text.sanitize import clean_line
from zonereader.text.urls import canonical_url, same_host

#: Longest link text read as a channel name on a section index (文字新闻, 招商动态...).
MAX_CHANNEL_NAME = 12
#: Longest heading text read as a region name above channel links.
MAX_HEADING = 30
#: Longest row label read before a row's channel links (舟山：文字新闻 | 图片新闻).
MAX_ROW_LABEL = 12
#: Dated entries that make a page a list rather than a section index.
MIN_DATED_LIST = 3
#: Entries with article-like addresses (dated or numbered) that make a page a list rather than
#: a section index even with no dates (an e-paper's last 版 beside its 版面导航).
MIN_LIST = 2


@dataclass(slots=True)
class LoadedList:
    """A list page parsed once, for every reader of it (its kind, its list): the HTML tree is
    most of what reading a big list page costs.

    Attributes:
        page: the page, with the list markup its script reveals made plain.
        revealed: what was revealed (``""``: nothing; see :func:`reveal_hidden_lists`).
        as_served: the revealed HTML is the page as served (nothing was changed), so ``page``
            also stands for the page as served.
    """

    page: Page
    revealed: str
    as_served: bool
    _plain_reading: ListReading | None = None
    _plain_next: NextPage | None = None

    def reading(self, selectors: PortalSelectors | None) -> ListReading:
        """The list's rows (read once without selectors, then reused)."""
        if selectors is not None:
            return _read(self.page, selectors)
        if self._plain_reading is None:
            self._plain_reading = _read(self.page, None)
        return self._plain_reading

    def next_page(self, selectors: PortalSelectors | None) -> NextPage:
        """The list's next page (found once without selectors, then reused)."""
        if selectors is not None:
            return find_next_page(self.page, selectors)
        if self._plain_next is None:
            self._plain_next = find_next_page(self.page, None)
        return self._plain_next


def load_list_page(html: str, url: str) -> LoadedList:
    """Reveal ``html``'s hidden list markup and parse the page once (see :class:`LoadedList`)."""
    revealed_html, revealed = reveal_hidden_lists(html)
    as_served = revealed_html is html or revealed_html == html
    return LoadedList(load_page(revealed_html, url), revealed, as_served)


def list_entries(page: Page, selectors: PortalSelectors | None) -> list[ListEntry]:
    """The article rows of a list page: the selectors' rows, else the heuristics' list."""
    return _read(page, selectors).entries


def next_page_url(page: Page, selectors: PortalSelectors | None) -> str | None:
    """The URL of the list's next page (see :mod:`zonereader.sources.portal.pager`), or None."""
    return find_next_page(page, selectors).url


def _read(page: Page, selectors: PortalSelectors | None) -> ListReading:
    date_selector = selectors.list_date if selectors is not None else None
    if selectors is None or not selectors.list_item:
        return read_entries(page, date_selector)
    entries: list[ListEntry] = []
    yearless: dict[int, tuple[MonthDay, str]] = {}
    seen: set[str] = set()
    for row in page.tree.css(selectors.list_item):
        anchors = [row] if row.tag == "a" else row.css("a[href]")
        best = max(anchors, key=lambda a: len(anchor_title(a)), default=None)
        if best is None:
            continue
        url = canonical_url(best.attributes.get("href") or "", page.url)
        title = anchor_title(best)
        if url in seen or not title or not followable(url, page.url):
            continue
        seen.add(url)
        when = _selected_date(row, title, date_selector)
        if isinstance(when, MonthDay):
            yearless[len(entries)] = (when, url)
            when = None
        entries.append(ListEntry(url, title, when))
    if yearless:
        give_years(entries, yearless, page)
    return ListReading(entries, [f"selector {selectors.list_item} ({len(entries)} links)"])


def _selected_date(row: LexborNode, title: str, selector: str | None) -> datetime | MonthDay | None:
    if selector:
        node = row.css_first(selector)
        text = node.text(separator=" ") if node is not None else ""
    else:
        text = row.text(separator=" ")
        if title:
            text = text.replace(title, " ", 1)
    return parse_date(text)[0] or month_day(text)


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
    return label.replace("/", "／") if len(label) <= MAX_ROW_LABEL else ""


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
            if text and len(text) <= MAX_HEADING and not in_chrome(node, chrome):
                headings = [h for h in headings if h[0] < level]
                headings.append((level, text.replace("/", "／")))
            continue
        if tag != "a":
            continue
        href = (node.attributes.get("href") or "").strip()
        if not href or href.lower().startswith(("javascript:", "#", "mailto:")):
            continue
        text = clean_line(node.text(separator="")).replace("/", "／")
        if not text or len(text) > MAX_CHANNEL_NAME or pager_word(text):
            continue
        url = canonical_url(href, page.url)
        if url in seen or url == page_url or not same_host(url, page.url) or not headings:
            continue
        if in_chrome(node, chrome) or text in HOME_WORDS:
            continue
        seen.add(url)
        row = row_of(node)
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
        URLs, titles, dates when the page shows them), the next page, the channels of a section
        index (links with zone paths), the page's own zone from its breadcrumb, and an
        explanation of where the list and the next page came from.
    """
    return read_list_page(load_list_page(html, url), url, selectors)


def read_list_page(
    loaded: LoadedList, url: str, selectors: PortalSelectors | None = None
) -> ListPage:
    """:func:`parse_list_page` on a page already loaded by :func:`load_list_page`."""
    page = loaded.page
    crumbs, _ = breadcrumb(page, selectors)
    zone = zone_from_crumbs(crumbs, "")
    reading = loaded.reading(selectors)
    # Copies: what is returned may be changed by the caller; the loaded page's reading is kept.
    entries = list(reading.entries)
    next_page = loaded.next_page(selectors)
    explanation = ListExplanation(
        next_page=next_page.how,
        blocks=list(reading.blocks),
        skipped=list(reading.skipped),
        revealed=loaded.revealed,
    )
    channels: list[ChannelLink] = []
    if next_page.url is None and sum(e.published is not None for e in entries) < MIN_DATED_LIST:
        # no dated article list and no next page: perhaps a section index of channels
        index_zone = zone
        if not index_zone:
            title_node = page.tree.css_first("title")
            if title_node is not None:
                index_zone = clean_line(re.split(r"\s*[_|｜—–-]\s*", title_node.text())[0])
        channels = index_channels(page, index_zone)
        articles = sum(article_like(entry.url) for entry in entries)
        is_list = len(entries) >= MIN_LIST and articles * 2 > len(entries)
        if len(channels) >= max(2, len(entries)) and not is_list:
            entries, zone = [], index_zone
            explanation.blocks = [f"section index: {len(channels)} channel links"]
            explanation.skipped = []
        else:
            channels = []
    return ListPage(
        url=canonical_url(url),
        entries=entries,
        next_url=next_page.url,
        channels=channels,
        zone=zone,
        explanation=explanation,
    )
