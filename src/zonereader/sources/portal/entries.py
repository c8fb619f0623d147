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

Work is linear in the page: a bounded number of links is examined, each row's text is read once
and only up to a bound, and ancestors are walked a fixed number of levels.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

from zonereader.models import ListEntry
from zonereader.sources.portal.page import BREADCRUMB_LABEL, Page, followable
from zonereader.sources.portal.pager import NEXT_PAGE_WORDS
from zonereader.text.dates import parse_date
from zonereader.text.html import is_chrome_element
from zonereader.text.sanitize import clean_line
from zonereader.text.urls import canonical_url

#: Shortest link text taken as an article title: shorter ones are menu words (首页), tags (图)
#: or "more" links.
MIN_TITLE = 4
#: Title length that article titles usually reach and menu or category names do not (政务公开,
#: 国内新闻 and 网站首页 are 4 characters; a news headline is rarely under 8).
LONG_TITLE = 8
#: Links examined on one page: real list pages hold a few hundred; a hostile one may hold
#: 100,000 (the rest are ignored).
MAX_LINKS = 20_000
#: Levels climbed from a link to find its row (``<a>`` in ``<span>`` in ``<td>`` in ``<tr>``).
ROW_DEPTH = 4
#: Characters of a row read to find its date (the date sits next to the title, or after a
#: summary of a line or two).
ROW_TEXT = 500
#: Nodes of a row visited to read its text (a row is a handful of elements; this bounds the
#: rows of deeply nested markup).
ROW_NODES = 40
#: A definition list with at most this many children is one row (``<dl><dt>title<dd>date``).
DL_ROW_CHILDREN = 3
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
_TRUNCATED = re.compile(r"(?:\.{2,}|…+)$")
#: Separates the text nodes of a link (a character no page text holds).
_PIECE = "\x1f"
_PIECE_EDGES = " \t\n\r\xa0\u3000[]【】()（）"
#: What a date (or a piece of one) is made of: digits, separators, 年月日, 时:分.
_DATE_CHARS = re.compile(r"[\d\s\-/.:年月日号时分]")
_YEAR_MONTH = re.compile(r"(?:19|20)\d\d[-/.年]\d{1,2}")
#: The day of a date block (``17`` above ``2023-11``), dropped from a title beside a date.
_DAY_NUMBER = re.compile(r"\d{1,2}")
#: A date a date block splits: the day apart from the year and month (``17 2023-11``,
#: ``2023.11 17``).
_SPLIT_DAY = re.compile(
    r"(?<!\d)(?P<day1>\d{1,2})\s+(?P<year1>(?:19|20)\d\d)[-/.年](?P<month1>\d{1,2})月?(?![\d/.-])"
    r"|(?<!\d)(?P<year2>(?:19|20)\d\d)[-/.年](?P<month2>\d{1,2})月?\s+(?P<day2>\d{1,2})(?![\d/.-])"
)
_ROW_TAGS = frozenset({"li", "tr", "dd", "dt"})
_LOOSE_ROW_TAGS = frozenset({"p", "div", "td", "span"})
_STOP_TAGS = frozenset({"body", "html", "ul", "ol", "table"})
#: The last path segment of a channel's own page: ``index.html``, ``list_2.shtml``...
_CHANNEL_FILE = re.compile(
    r"^(?:index|default|list|lists|more|main|home|node)(?:[_-]\d+)?\.[a-z]{2,5}$", re.I
)
#: Address parts that say "one item": a date (``202311``, ``2023-11``, ``2023/11``) or an id.
_DATED_PATH = re.compile(r"(?:19|20)\d\d(?:[01]\d|[-/_][01]?\d)")
_NUMBER_RUN = re.compile(r"\d{3,}")
#: A column id in an address: a whole run of 4 digits or more (not a year).
_COLUMN_NUMBER = re.compile(r"(?<!\d)\d{4,12}(?!\d)")
_YEAR = re.compile(r"(?:19|20)\d\d")
_ID_QUERY = re.compile(r"(?:^|&)(?:id|aid|articleid|newsid|contentid|docid|infoid|itemid)=\w", re.I)


@dataclass(slots=True)
class _Link:
    """A link that could be an article link, with its row."""

    url: str
    title: str
    anchor: LexborNode
    row: LexborNode
    order: int
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
    dates: dict[int, datetime | None] = {}
    home = _directory(canonical_url(page.url))
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
    return _entries_of(best, companions, dates, date_selector, texts, len(rows))


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
        article_like(link.url) and (link.url.startswith(home) or _names_column(link.url, columns))
        for link in group.links
    )
    return own >= MIN_OWN_ROWS and own * 2 > len(group.links)


def column_numbers(url: str) -> frozenset[str]:
    """The numbers in a list page's path that may be its column's id (4 digits or more, not a
    date): ``1229517`` of ``/col/col1229517/index.html``."""
    path = urlsplit(url).path
    return frozenset(
        number
        for number in _COLUMN_NUMBER.findall(path)
        if not _DATED_PATH.match(number) and not _YEAR.fullmatch(number)
    )


def _names_column(url: str, columns: frozenset[str]) -> bool:
    return bool(columns) and any(
        number in columns for number in _COLUMN_NUMBER.findall(urlsplit(url).path)
    )


def _directory(url: str) -> str:
    """The directory part of an address, with its slash (``http://h/a/b/`` of ``…/b/c.html``)."""
    return url.rsplit("/", 1)[0] + "/"


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
        article_like(link.url)
        and not _channel_like(link.url)
        and _section(link.url) == section
        and len(link.title) >= LONG_TITLE
        for link in group.links
    )


# --------------------------------------------------------------------------- links and rows


def anchor_title(anchor: LexborNode) -> str:
    """A link's title: its text, or its ``title`` attribute when the text is cut short.

    A link that wraps a whole row (``<a><span>title</span><span>2023-11-17</span></a>``, or a
    date block before the title) gives its title without the date; one that wraps a card
    (picture, ``<h4>`` heading, summary, date) gives its heading.
    """
    pieces = anchor.text(separator=_PIECE).split(_PIECE)
    text = clean_line("".join(pieces))
    full = clean_line(anchor.attributes.get("title") or "")
    if full and (not text or (_TRUNCATED.search(text) and full.startswith(text.rstrip(".…")[:4]))):
        return full
    if len(pieces) > 1:
        heading = anchor.css_first("h1, h2, h3, h4, h5, h6")
        heading_text = clean_line(heading.text(separator="")) if heading is not None else ""
        if len(heading_text) >= MIN_TITLE:
            return heading_text
    if len(pieces) > 1 and any(_date_piece(piece) for piece in pieces):
        kept = [
            clean_line(piece)
            for piece in pieces
            if not _date_piece(piece) and not _DAY_NUMBER.fullmatch(piece.strip(_PIECE_EDGES))
        ]
        kept = [piece for piece in kept if piece]
        if kept:
            return max(kept, key=len)
    return text


def _date_piece(text: str) -> bool:
    """Whether a piece of a link's text is a date and nothing else (``2023-11-17``,
    ``[2023-11]``, ``2023年11月``)."""
    stripped = text.strip(_PIECE_EDGES)
    if not stripped or _DATE_CHARS.sub("", stripped):
        return False
    return parse_date(stripped)[0] is not None or _YEAR_MONTH.search(stripped) is not None


def row_date_text(text: str) -> datetime | None:
    """The date of a row's text, also when a date block splits it (``17 2023-11``)."""
    found = parse_date(text)[0]
    if found is not None:
        return found
    split = _SPLIT_DAY.search(text)
    if split is None:
        return None
    if split.group("day1") is not None:
        year, month, day = split.group("year1"), split.group("month1"), split.group("day1")
    else:
        year, month, day = split.group("year2"), split.group("month2"), split.group("day2")
    return parse_date(f"{year}-{month}-{day}")[0]


def row_of(anchor: LexborNode) -> LexborNode:
    """The row element an article link sits in (a list item, a table row, a ``<dl>``...).

    Without a list item or table row around the link, the row is the nearest ``<div>``,
    ``<p>``, ``<td>`` or ``<span>``; when that one holds nothing but the link (the title cell
    of ``<div class="row"><span class="title"><a>…</a></span><span>2023-11-17</span></div>``),
    the row is the element around it that holds the link and the row's other cells, as long
    as it holds no other title (then it is the list, not a row).
    """
    node = anchor.parent
    loose: list[LexborNode] = []
    depth = 0
    while node is not None and depth < ROW_DEPTH and node.tag not in _STOP_TAGS:
        if node.tag in _ROW_TAGS:
            parent = node.parent
            if (
                node.tag in ("dt", "dd")
                and parent is not None
                and parent.tag == "dl"
                and _children(parent) <= DL_ROW_CHILDREN
            ):
                return parent
            return node
        if node.tag in _LOOSE_ROW_TAGS:
            loose.append(node)
        node = node.parent
        depth += 1
    if not loose:
        return anchor
    if len(loose) > 1 and _bounded_text(loose[0]) == _bounded_text(anchor):
        href = anchor.attributes.get("href")
        for outer in loose[1:]:
            if _one_title(outer, href):
                return outer
    return loose[0]


def _one_title(node: LexborNode, href: str | None) -> bool:
    """Whether ``node`` is small (a row's worth of nodes) and links nowhere else with a
    title-length text: the row around a title cell, not the list around its rows."""
    for visited, child in enumerate(node.traverse(include_text=False)):
        if visited >= ROW_NODES:
            return False
        if (
            child.tag == "a"
            and child.attributes.get("href") not in (None, href)
            and len(clean_line(child.text(separator=""))) >= LONG_TITLE
        ):
            return False
    return True


def in_chrome(node: LexborNode, cache: dict[int, bool]) -> bool:
    """Whether ``node`` or an ancestor is site chrome (nav, menu, footer...); memoised."""
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


def pager_word(text: str) -> bool:
    """Whether a link's text is a pager's (首页, 下一页, 3, »...)."""
    return bool(_PAGER_WORDS.match(text) or NEXT_PAGE_WORDS.match(text))


def _children(node: LexborNode) -> int:
    count = 0
    for _child in node.iter(include_text=False):
        count += 1
        if count > DL_ROW_CHILDREN:
            break
    return count


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
        url = canonical_url(href, page.url)
        if not followable(url, page_url) or url == page_url:
            continue
        if in_chrome(anchor, chrome):
            continue
        row = row_of(anchor)
        if row.mem_id != anchor.mem_id and _breadcrumb_row(row, texts):
            continue
        links.append(_Link(url, title, anchor, row, order))
    return links


def _mark_pager(text: str, order: int, marks: list[tuple[int, bool]]) -> bool:
    """Record a pager link's place; return whether ``text`` is a pager's."""
    if not pager_word(text):
        return False
    marks.append((order, not _PAGE_NUMBER.fullmatch(text)))
    return True


def _breadcrumb_row(row: LexborNode, texts: dict[int, str]) -> bool:
    text = _row_text(row, texts)
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
                int(article_like(link.url)),
                int(not _channel_like(link.url)),
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


# --------------------------------------------------------------------------- addresses


@functools.lru_cache(maxsize=8192)
def article_like(url: str) -> bool:
    """Whether an address names one item: a date or a long number in its path, or an id."""
    parts = urlsplit(url)
    path = parts.path
    if path.endswith("/") and not _DATED_PATH.search(path):
        return False
    last = path.rsplit("/", 1)[-1]
    if _CHANNEL_FILE.match(last):
        return False
    return bool(
        _DATED_PATH.search(path) or _NUMBER_RUN.search(last) or _ID_QUERY.search(parts.query)
    )


@functools.lru_cache(maxsize=8192)
def _channel_like(url: str) -> bool:
    """Whether an address is a channel's or a site's page: a directory or an index page."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if _ID_QUERY.search(parts.query):
        return False
    if path.endswith("/"):
        return not _DATED_PATH.search(path) and not _NUMBER_RUN.search(path)
    return bool(_CHANNEL_FILE.match(path.rsplit("/", 1)[-1]))


@functools.lru_cache(maxsize=8192)
def _section(url: str) -> str:
    """The part of the site an address is in: its path up to the first dated or numbered
    segment (``/xwzx/gzdt/`` of ``/xwzx/gzdt/202311/t20231117_1.html``)."""
    parts = urlsplit(url)
    kept: list[str] = []
    for segment in parts.path.split("/")[1:-1]:
        if _DATED_PATH.search(segment) or any(ch.isdigit() for ch in segment):
            break
        kept.append(segment)
    return parts.netloc + "/" + "/".join(kept)


# --------------------------------------------------------------------------- groups


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
        key = _section(link.url)
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
    dates: dict[int, datetime | None],
    date_selector: str | None,
    texts: dict[int, str],
) -> tuple[int, int]:
    """``(score, dated rows)`` of a group (see the module docstring)."""
    dated = long_titles = article = channel = 0
    for link in group.links:
        dated += _row_date(link, dates, date_selector, texts) is not None
        long_titles += len(link.title) >= LONG_TITLE
        article += article_like(link.url)
        channel += _channel_like(link.url)
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
    dates: dict[int, datetime | None],
    date_selector: str | None,
    texts: dict[int, str],
    rows: int,
) -> ListReading:
    entries: list[ListEntry] = []
    seen: set[str] = set()
    channel_rows = 0
    mostly_channels = sum(_channel_like(link.url) for link in group.links) * 2 > len(group.links)
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
            and _channel_like(link.url)
            and (when is None or len(link.title) < LONG_TITLE)
        ):
            channel_rows += 1
            continue
        seen.add(link.url)
        entries.append(ListEntry(link.url, link.title, when))
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


# --------------------------------------------------------------------------- dates


def _row_date(
    link: _Link,
    dates: dict[int, datetime | None],
    date_selector: str | None,
    texts: dict[int, str],
) -> datetime | None:
    key = id(link)
    if key in dates:
        return dates[key]
    row = link.row
    if date_selector:
        node = row.css_first(date_selector)
        when = parse_date(node.text(separator=" "))[0] if node is not None else None
    else:
        text = _row_text(row, texts)
        if link.title:
            text = text.replace(link.title, " ", 1)
        when = row_date_text(text)
    dates[key] = when
    return when


def _row_text(row: LexborNode, texts: dict[int, str]) -> str:
    """The beginning of a row's text, read once per row."""
    key = row.mem_id
    text = texts.get(key)
    if text is None:
        text = texts[key] = _bounded_text(row)
    return text


def _bounded_text(node: LexborNode) -> str:
    """The first :data:`ROW_TEXT` characters of ``node``'s text, visiting a bounded number of
    nodes (a row of a hostile page may hold a whole nested document)."""
    pieces: list[str] = []
    size = 0
    for visited, child in enumerate(node.traverse(include_text=True)):
        if visited >= ROW_NODES or size >= ROW_TEXT:
            break
        if child.tag == "-text":
            text = child.text_content or ""
            pieces.append(text)
            pieces.append(" ")
            size += len(text)
    return " ".join("".join(pieces).split())[:ROW_TEXT]
