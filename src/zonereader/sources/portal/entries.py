"""Find the article links of a list page: the rows of the list, not the menus around it.

A list is a run of rows of one shape (``<li>``, ``<tr>``, ``<dl>``, ``<div class=item>``…), each
holding one article link, usually with a date. Around it, real pages put what is not an article:
the site menu and a sub-channel menu (``网站首页``, ``政务公开``, ``工作动态``), category links in
every row (``[国内新闻]`` → ``/china/``), 更多 links, a breadcrumb, and boxes of links to other
channels. The reader:

1. takes every link outside site chrome whose text could be a title, and finds its row;
2. keeps one link per row: the most article-like one (an address with a date or a number, not a
   directory or an index page; not repeated across rows as a category link is; the longest
   title);
3. groups rows by the element that holds them, then joins groups of the same shape that sit side
   by side and point into the same part of the site (one channel written as eight ``<ul>`` of five
   links is one list);
4. scores each group by its rows, their dates, title lengths and article-like addresses, less
   its channel-like ones, and takes the best; the channel's own list comes before any other:
   a group whose articles sit under the list page's own directory or name its column number
   (``/col/col1229517/`` lists ``art_1229517_….html``), or the group the page's bottom pager
   closes (a short last page beside a bigger box of another channel). The small groups right
   beside it whose every link is an article of the same part of the site join it (a headline
   item);
5. drops the rows of that group that still look like channel links.

What a row is and what its link and date say is :mod:`~zonereader.sources.portal.rows`'s; what
an address says (an article, a channel page, a part of the site, a column) is
:mod:`~zonereader.sources.portal.addresses`'s. Work is linear in the page: a bounded number
of links is examined, each row's text is read once and only up to a bound, and ancestors are
walked a fixed number of levels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from selectolax.lexbor import LexborNode

from zonereader.models import ListEntry
from zonereader.sources.portal.addresses import (
    Address,
    Resolver,
    article_like,
    column_numbers,
    directory_of,
    names_column,
    read_address,
)
from zonereader.sources.portal.page import BREADCRUMB_LABEL, Page, followable
from zonereader.sources.portal.pager import NEXT_PAGE_WORDS
from zonereader.sources.portal.rows import (
    LONG_TITLE,
    MIN_TITLE,
    anchor_title,
    in_chrome,
    row_date_text,
    row_of,
    row_text,
)
from zonereader.sources.portal.yearless import MonthDay, give_years, month_day
from zonereader.text.dates import parse_date
from zonereader.text.sanitize import clean_line
from zonereader.text.urls import canonical_url

__all__ = [
    "MAX_LINKS",
    "ListReading",
    "anchor_title",
    "article_like",
    "in_chrome",
    "pager_word",
    "read_entries",
    "row_of",
]

#: Links examined on one page: real list pages hold a few hundred; a hostile one may hold
#: 100,000 (the rest are ignored).
MAX_LINKS = 20_000
#: A row holding this many long, article-like titles of its own is a list, not a row
#: (``<td><a>…</a><br><a>…</a><br>…</td>``, or a table row of three columns of news).
SPLIT_ROW_LINKS = 3
#: Rows under the list page's own directory that make a group the channel's own list.
MIN_OWN_ROWS = 2
#: Most other links between two links of one pager (``1 2 … 5 下一页``: none; a pager with a
#: goto box or a count between its parts: a few).
PAGER_GAP = 3
#: Points a group's score gives per row, per dated row, per long title, per article-like
#: address, and takes per channel-like address.
SCORE_ROW, SCORE_DATED, SCORE_LONG, SCORE_ARTICLE, SCORE_CHANNEL = 1, 2, 1, 1, 3
_PAGER_WORDS = re.compile(
    r"^(?:首页|尾页|末页|上一页|上页|下一页|下页|前一页|后一页|最后一页|第?\d+页?|[<>«»›‹]+|\.\.\.|…)$"
)
_PAGE_NUMBER = re.compile(r"第?\d+页?")
_MORE_WORDS = re.compile(
    r"^(?:更多|更多内容|更多新闻|查看更多|查看全部|详细|详情|详细内容|阅读全文|全文|more)"
    r"\s*[>»›＞+]*$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _Link:
    """A link that could be an article link, with its row."""

    url: str
    title: str
    anchor: LexborNode
    row: LexborNode
    order: int
    address: Address
    score: tuple[int, int, int, int] = (0, 0, 0, 0)
    container: LexborNode | None = None
    """The element holding the row (None: the row's parent)."""


@dataclass(slots=True)
class _Group:
    """Rows held by one element (or by several elements of one shape, once joined)."""

    container: LexborNode
    links: list[_Link] = field(default_factory=list)
    parts: int = 1


@dataclass(slots=True)
class ListReading:
    """The entries of a list page and how they were found."""

    entries: list[ListEntry]
    blocks: list[str] = field(default_factory=list)
    """The blocks taken as the list, e.g. ``8 × ul in div.listcon (40 links)``."""
    skipped: list[str] = field(default_factory=list)
    """Links near the list that were not taken, and why."""


def read_entries(page: Page, date_selector: str | None = None) -> ListReading:
    """The article rows of a list page, found by the heuristics above (no selectors)."""
    texts: dict[int, str] = {}
    pager_marks: list[tuple[int, bool]] = []
    links = _candidate_links(page, texts, pager_marks)
    if not links:
        return ListReading([])
    rows = _one_link_per_row(links)
    groups = _join_blocks(_groups(rows))
    dates: dict[int, datetime | MonthDay | None] = {}
    home = directory_of(canonical_url(page.url))
    candidates: list[tuple[_Group, int]] = []
    for group in groups:
        score, dated = _score(group, dates, date_selector, texts)
        if score > 0 and (len(group.links) >= 2 or dated):
            candidates.append((group, score))
    if not candidates:
        return ListReading([])
    closed = _closed_by_pager(candidates, _bottom_pager(pager_marks))
    columns = column_numbers(page.url)
    best, _ = max(
        candidates,
        key=lambda item: (_own_channel(item[0], home, columns) or item[0] is closed, item[1]),
    )
    companions = [group for group in groups if group is not best and _companion(group, best)]
    return _entries_of(best, companions, dates, date_selector, texts, len(rows), page)


def _bottom_pager(marks: list[tuple[int, bool]]) -> int | None:
    """Where the page's last pager starts (the order of its first link), if it has one.

    A pager is a run of pager links (page numbers, 首页, 上一页, 下页, 尾页…) close together
    in document order, with at least one pager word: a calendar's day numbers are not one,
    nor a lone 首页 in a menu.
    """
    start: int | None = None
    found: int | None = None
    run: list[tuple[int, bool]] = []
    for mark in marks:
        if run and mark[0] - run[-1][0] > PAGER_GAP:
            run = []
        run.append(mark)
        if len(run) >= 2 and any(word for _, word in run):
            start = run[0][0]
            found = start
    return found


def _closed_by_pager(candidates: list[tuple[_Group, int]], pager: int | None) -> _Group | None:
    """The candidate list that ends right before the bottom pager: the channel's own list,
    even when a box of another channel's articles beside it is bigger."""
    if pager is None:
        return None
    before = [(group.links[-1].order, group) for group, _ in candidates]
    before = [item for item in before if item[0] < pager]
    return max(before, key=lambda item: item[0])[1] if before else None


def _own_channel(group: _Group, home: str, columns: frozenset[str]) -> bool:
    """Whether most of a group's links are articles of the list page's own channel: under its
    directory, or naming its column number (``/col/col1229517/index.html`` lists
    ``/art/2023/11/17/art_1229517_59012345.html``). The channel's own list wins over boxes of
    other channels' articles beside it."""
    own = sum(
        link.address.article and (link.url.startswith(home) or names_column(link.url, columns))
        for link in group.links
    )
    return own >= MIN_OWN_ROWS and own * 2 > len(group.links)


def _companion(group: _Group, best: _Group) -> bool:
    """Whether ``group`` is more of the list beside the best group: a headline item above it or
    a short block of another shape, next to it in the same container, every link an article of
    the same part of the site with a full title."""
    container, parent = group.container, best.container.parent
    if parent is None or len(group.links) > len(best.links):
        return False
    beside = container.mem_id == parent.mem_id or (
        container.parent is not None and container.parent.mem_id == parent.mem_id
    )
    if not beside:
        return False
    section = _main_section(best)
    return all(
        link.address.article
        and not link.address.channel
        and link.address.section == section
        and len(link.title) >= LONG_TITLE
        for link in group.links
    )


def pager_word(text: str) -> bool:
    """Whether a link's text is a pager's (首页, 下一页, 3, »...)."""
    return bool(_PAGER_WORDS.match(text) or NEXT_PAGE_WORDS.match(text))


def _candidate_links(
    page: Page, texts: dict[int, str], pager_marks: list[tuple[int, bool]]
) -> list[_Link]:
    """Every link that could be an article link (bounded), in document order.

    ``pager_marks`` receives the order of every pager link (``(order, True)`` for a pager
    word such as 下一页, ``(order, False)`` for a page number), script links included.
    """
    links: list[_Link] = []
    chrome: dict[int, bool] = {}
    page_url = canonical_url(page.url)
    resolve = Resolver(page.url)
    for order, anchor in enumerate(page.tree.css("a[href]")):
        if order >= MAX_LINKS:
            break
        href = (anchor.attributes.get("href") or "").strip()
        if not href:
            continue
        if href.lower().startswith(("javascript:", "#", "mailto:")):
            _mark_pager(clean_line(anchor.text(separator="")), order, pager_marks)
            continue
        title = anchor_title(anchor)
        if _mark_pager(title, order, pager_marks):
            continue
        if len(title) < MIN_TITLE or _MORE_WORDS.match(title):
            continue
        url = resolve(href)
        if not followable(url, page_url) or url == page_url:
            continue
        if in_chrome(anchor, chrome):
            continue
        row = row_of(anchor)
        if row.mem_id != anchor.mem_id and _breadcrumb_row(row, texts):
            continue
        links.append(_Link(url, title, anchor, row, order, read_address(url)))
    return links


def _mark_pager(text: str, order: int, marks: list[tuple[int, bool]]) -> bool:
    """Record a pager link's place; return whether ``text`` is a pager's."""
    if not pager_word(text):
        return False
    marks.append((order, not _PAGE_NUMBER.fullmatch(text)))
    return True


def _breadcrumb_row(row: LexborNode, texts: dict[int, str]) -> bool:
    text = row_text(row, texts)
    return "位置" in text and BREADCRUMB_LABEL.search(text) is not None


def _one_link_per_row(links: list[_Link]) -> list[_Link]:
    """Keep the most article-like link of each row (or each link of a row that is a list)."""
    rows_of_url: dict[str, set[int]] = {}
    by_row: dict[int, list[_Link]] = {}
    for link in links:
        rows_of_url.setdefault(link.url, set()).add(link.row.mem_id)
        by_row.setdefault(link.row.mem_id, []).append(link)
    chosen: list[_Link] = []
    for members in by_row.values():
        for link in members:
            repeated = len(rows_of_url[link.url]) > 1
            link.score = (
                int(not repeated),
                int(link.address.article),
                int(not link.address.channel),
                len(link.title),
            )
        long_ones = [m for m in members if len(m.title) >= LONG_TITLE and m.score[:3] == (1, 1, 1)]
        if len({m.url for m in long_ones}) >= SPLIT_ROW_LINKS or _one_per_cell(long_ones):
            for link in long_ones:  # a loose "row" holding a whole list: each link is a row
                link.container, link.row = link.row, link.anchor
            chosen.extend(long_ones)
            continue
        chosen.append(max(members, key=lambda m: m.score))
    chosen.sort(key=lambda link: link.order)
    return chosen


def _one_per_cell(links: list[_Link]) -> bool:
    """Whether a table row holds two or more articles, each in a cell of its own: a list laid
    out in columns (``<tr><td><a>…</a></td><td><a>…</a></td></tr>``), not one row."""
    if len(links) < 2 or links[0].row.tag != "tr":
        return False
    cells: set[int] = set()
    for link in links:
        cell = link.anchor.parent
        while cell is not None and cell.tag not in ("td", "th", "tr"):
            cell = cell.parent
        if cell is None or cell.tag == "tr" or cell.mem_id in cells:
            return False
        cells.add(cell.mem_id)
    return True


def _groups(rows: list[_Link]) -> list[_Group]:
    groups: dict[int, _Group] = {}
    for link in rows:
        container = link.container or link.row.parent or link.row
        group = groups.get(container.mem_id)
        if group is None:
            group = groups[container.mem_id] = _Group(container)
        group.links.append(link)
    return list(groups.values())


def _shape(group: _Group) -> tuple[str, str, str]:
    container = group.container
    row_tag = group.links[0].row.tag or ""
    return row_tag, container.tag or "", container.attributes.get("class") or ""


def _main_section(group: _Group) -> str:
    counts: dict[str, int] = {}
    for link in group.links:
        key = link.address.section
        counts[key] = counts.get(key, 0) + 1
    return max(counts, key=lambda key: counts[key])


def _join_blocks(groups: list[_Group]) -> list[_Group]:
    """Join groups of one shape that are siblings (or cousins through wrappers of one shape)
    and point into the same part of the site: one list written as several blocks."""
    joined: dict[tuple[object, ...], _Group] = {}
    out: list[_Group] = []
    for group in groups:
        if len(group.links) < 2:
            out.append(group)
            continue
        container = group.container
        parent = container.parent
        if parent is None:
            out.append(group)
            continue
        shape = _shape(group)
        section = _main_section(group)
        keys: list[tuple[object, ...]] = [("sibling", parent.mem_id, shape, section)]
        grandparent = parent.parent
        if grandparent is not None:
            wrapper = (parent.tag, parent.attributes.get("class") or "")
            keys.append(("cousin", grandparent.mem_id, wrapper, shape, section))
        target = next((joined[key] for key in keys if key in joined), None)
        if target is None:
            for key in keys:
                joined[key] = group
            out.append(group)
            continue
        target.links.extend(group.links)
        target.parts += 1
        for key in keys:
            joined.setdefault(key, target)
    for group in out:
        group.links.sort(key=lambda link: link.order)
    return out


def _score(
    group: _Group,
    dates: dict[int, datetime | MonthDay | None],
    date_selector: str | None,
    texts: dict[int, str],
) -> tuple[int, int]:
    """``(score, dated rows)`` of a group (see the module docstring)."""
    dated = long_titles = article = channel = 0
    for link in group.links:
        dated += _row_date(link, dates, date_selector, texts) is not None
        long_titles += len(link.title) >= LONG_TITLE
        article += link.address.article
        channel += link.address.channel
    score = (
        SCORE_ROW * len(group.links)
        + SCORE_DATED * dated
        + SCORE_LONG * long_titles
        + SCORE_ARTICLE * article
        - SCORE_CHANNEL * channel
    )
    return score, dated


def _entries_of(
    group: _Group,
    companions: list[_Group],
    dates: dict[int, datetime | MonthDay | None],
    date_selector: str | None,
    texts: dict[int, str],
    rows: int,
    page: Page,
) -> ListReading:
    entries: list[ListEntry] = []
    yearless: dict[int, tuple[MonthDay, str]] = {}
    seen: set[str] = set()
    channel_rows = 0
    mostly_channels = sum(link.address.channel for link in group.links) * 2 > len(group.links)
    members = sorted(
        [*group.links, *(link for other in companions for link in other.links)],
        key=lambda link: link.order,
    )
    for link in members:
        if link.url in seen:
            continue
        when = _row_date(link, dates, date_selector, texts)
        if (
            not mostly_channels
            and link.address.channel
            and (when is None or len(link.title) < LONG_TITLE)
        ):
            channel_rows += 1
            continue
        seen.add(link.url)
        if isinstance(when, MonthDay):
            yearless[len(entries)] = (when, link.url)
            when = None
        entries.append(ListEntry(link.url, link.title, when))
    if yearless:
        give_years(entries, yearless, page)
    container = group.container
    where = _describe(container.parent) if container.parent is not None else "the page"
    shape = _describe(container)
    taken = len(entries) - sum(len(other.links) for other in companions)
    block = (
        f"{group.parts} × {shape} in {where} ({_links(taken)})"
        if group.parts > 1
        else f"{shape} in {where} ({_links(taken)})"
    )
    blocks = [block]
    for other in companions:
        blocks.append(f"{_describe(other.links[0].row)} beside it ({_links(len(other.links))})")
    skipped: list[str] = []
    if channel_rows:
        skipped.append(f"{_links(channel_rows)} in the list lead to channels, not articles")
    others = rows - len(members)
    if others > 0:
        skipped.append(f"{_links(others)} outside the list (menus, boxes, other channels)")
    return ListReading(entries, blocks, skipped)


def _links(count: int) -> str:
    return f"{count} link" if count == 1 else f"{count} links"


def _describe(node: LexborNode) -> str:
    """``ul.list`` / ``div#content``: how a user would name an element in a selector."""
    tag = node.tag or "?"
    id_ = (node.attributes.get("id") or "").strip()
    if id_ and " " not in id_:
        return f"{tag}#{id_}"
    classes = (node.attributes.get("class") or "").split()
    return f"{tag}.{classes[0]}" if classes else tag


def _row_date(
    link: _Link,
    dates: dict[int, datetime | MonthDay | None],
    date_selector: str | None,
    texts: dict[int, str],
) -> datetime | MonthDay | None:
    """The date a row shows: a full date, a month and day whose year is worked out once the
    list is read (:func:`~zonereader.sources.portal.yearless.give_years`), or None."""
    key = id(link)
    if key in dates:
        return dates[key]
    row = link.row
    if date_selector:
        node = row.css_first(date_selector)
        text = node.text(separator=" ") if node is not None else ""
        when: datetime | MonthDay | None = parse_date(text)[0] if text else None
    else:
        text = row_text(row, texts)
        if link.title:
            text = text.replace(link.title, " ", 1)
        when = row_date_text(text)
    if when is None and text:
        when = month_day(text)
    dates[key] = when
    return when
