"""A list's rows: the element an article link sits in, the link's title, the row's date.

The list reader (:mod:`zonereader.sources.portal.entries`) groups links by their row; this module
says what the row of a link is (a list item, a table row, a ``<dl>``, or the ``<div>`` / ``<p>``
around a title cell), what title a link gives (its text, its ``title`` attribute when the text is
cut, the heading of a card it wraps, never the date beside it), and what date a row shows.
Every read is bounded: a fixed number of ancestors, of nodes and of characters per row.
"""

from __future__ import annotations

import re
from datetime import datetime

from selectolax.lexbor import LexborNode

from zonereader.text.dates import parse_date
from zonereader.text.html import is_chrome_element
from zonereader.text.sanitize import clean_line

#: Shortest link text taken as an article title: shorter ones are menu words (首页), tags (图)
#: or "more" links.
MIN_TITLE = 4
#: Title length that article titles usually reach and menu or category names do not (政务公开,
#: 国内新闻 and 网站首页 are 4 characters; a news headline is rarely under 8).
LONG_TITLE = 8
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
    if len(loose) > 1 and bounded_text(loose[0]) == bounded_text(anchor):
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


def _children(node: LexborNode) -> int:
    count = 0
    for _child in node.iter(include_text=False):
        count += 1
        if count > DL_ROW_CHILDREN:
            break
    return count


def row_text(row: LexborNode, texts: dict[int, str]) -> str:
    """The beginning of a row's text, read once per row."""
    key = row.mem_id
    text = texts.get(key)
    if text is None:
        text = texts[key] = bounded_text(row)
    return text


def bounded_text(node: LexborNode) -> str:
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
