"""Tell an article page from a list page and a section index, and say why.

Real article pages carry boxes of links (related news, 热帖, the site menu) that make them look
like lists; real list pages carry a title and a date here and there. What decides:

- an **article** has running text: a body of prose (CJK-aware, see :mod:`.body`) that is not
  itself a list (its lines are not mostly links), with a headline, a dated meta line or the
  site's 上一篇/下一篇 links above or around it, whatever boxes of links sit beside it; a long
  body of prose is an article on its own;
- a **list** has a group of article links, dated rows or a 下一页 link, and little prose;
- an **index** has channel links under region headings and no dated article list;
- a page with a dated meta line (or 上一篇/下一篇 links) and a little text but no list is an
  article; one with nothing at all (an empty channel, 暂无信息) is a list.
"""

from __future__ import annotations

from dataclasses import replace

from zonereader.models import ListPage, PortalSelectors
from zonereader.sources.portal.body import (
    MIN_PROSE,
    best_range,
    block_values,
    first_prose,
    trim_body,
)
from zonereader.sources.portal.explain import KindSignals
from zonereader.sources.portal.lines import PageLines, analyse_lines
from zonereader.sources.portal.listing import (
    LoadedList,
    index_channels,
    load_list_page,
    read_list_page,
)
from zonereader.sources.portal.meta import read_meta_tags
from zonereader.sources.portal.page import Page, breadcrumb, load_page
from zonereader.sources.portal.sitelinks import prev_next_label
from zonereader.sources.portal.title import find_title
from zonereader.text.sanitize import clean_line

#: Characters of running text that make a page an article on their own.
LONG_BODY = 500
#: Characters of running text an article needs beside a headline or a dated meta line.
ARTICLE_BODY = 120
#: ... or beside two of them (a short notice: a headline and its dated meta line).
NEWS_ITEM_BODY = 40
#: ... or beside all three (a headline, a dated meta line and 上一篇/下一篇 links).
SHORT_ARTICLE_BODY = 30
#: Characters of text of any kind (a table of names, of figures) that, under a headline and a
#: dated meta line, make an article without sentences.
TABLE_BODY = 150
#: A "body" whose paragraphs follow a link this many times is a list with summaries (a box
#: of links inside an article's body is one run of links, followed by one paragraph).
LIST_SUMMARIES = 4
#: ... when that is at least this share of its paragraphs.
LIST_SUMMARY_SHARE = 0.5
#: A list block of this many links beside an article's body is worth naming.
LIST_LINK_LINES = 5
#: Lines below the headline searched for its dated meta line.
META_REACH = 4


def _prose_chars(lines: PageLines, indexes: list[int]) -> int:
    return sum(
        lines.size[i] - min(lines.blocks[i].link_chars, lines.size[i])
        for i in indexes
        if lines.marks[i] >= 1 and lines.size[i] >= MIN_PROSE
    )


def _summaries(lines: PageLines, kept: list[int], entry_urls: set[str]) -> int:
    """How many of the ``kept`` paragraphs follow a link line (a title and its summary).

    A list row's title line is often no link line: its category, date and counters
    (``[江苏] 标题 日期：2023-11-17 点击：12``) outweigh the link's text. A line holding a link
    to one of the list's entries (``entry_urls``) introduces a summary all the same.
    """
    count = 0
    for index in kept:
        previous = index - 1
        while previous >= 0 and not lines.link[previous] and lines.size[previous] < MIN_PROSE:
            previous -= 1  # dots, bullets, dates between a title and its summary
        if previous >= 0 and (
            lines.link[previous]
            or any(link.url in entry_urls for link in lines.blocks[previous].links)
        ):
            count += 1
    return count


def classify_page(html: str, url: str) -> KindSignals:
    """Tell what kind of portal page ``html`` is, with the signals that decided.

    The article signals are read from the page as served, as the article reader reads it; the
    list signals from what a browser shows (with the rows the page's script reveals).

    Returns:
        The kind (``"article"``, ``"list"`` or ``"index"``; see the module docstring) and what
        was seen: the headline, its dated meta line, the characters of running text and the
        element holding them, the page's share of link text, the article links of the best
        list block (and how many are dated), a 下一页 link, channel links, 上一篇/下一篇 links.
    """
    page, listed = _load(html, url)
    return _classify(page, listed)


def classify_and_read_list(
    html: str, url: str, selectors: PortalSelectors | None = None
) -> tuple[KindSignals, ListPage | None]:
    """:func:`classify_page`, then, unless the page is an article,
    :func:`~zonereader.sources.portal.listing.parse_list_page`, on one parse of the page.

    Returns:
        The kind and its signals, and the list or index page (None for an article), each as
        the two functions give them.
    """
    loaded = load_list_page(html, url)
    page, listed = _load(html, url, loaded)
    signals = _classify(page, listed)
    if signals.kind == "article":
        return signals, None
    return signals, read_list_page(loaded, url, selectors)


def _load(html: str, url: str, loaded: LoadedList | None = None) -> tuple[Page, LoadedList]:
    """The page as served, for the article signals, and the page the list signals are read
    from: what a browser shows, with the rows the page's script reveals (an opened comment, a
    template, a datastore). One parse serves both when the script reveals nothing."""
    loaded = loaded or load_list_page(html, url)
    page = loaded.page if loaded.as_served else load_page(html, url)
    if loaded.revealed or page is loaded.page:
        return page, loaded
    return page, LoadedList(page, "", as_served=True)


def _classify(page: Page, listed: LoadedList) -> KindSignals:
    """The kind of a page loaded by :func:`_load`, and the signals that decided."""
    list_page = listed.page
    revealed = listed.revealed
    lines = analyse_lines(page.blocks)
    values = block_values(lines)
    _, crumb_index = breadcrumb(page, None)
    where = best_range(page.containers, values)
    title_node = page.tree.css_first("title")
    document_title = clean_line(title_node.text()) if title_node is not None else ""
    meta = read_meta_tags(page.tree)
    start = first_prose(lines, values, where) if where is not None else len(lines.blocks)
    title = find_title(lines, meta, document_title, start, crumb_index)

    headline = title.text if title is not None else ""
    dated_line = ""
    body_chars = 0
    body_selector = ""
    list_like = False
    any_text = 0
    if title is not None:
        for index in range(title.last + 1, min(title.last + 1 + META_REACH, len(lines.blocks))):
            if lines.meta[index] and not lines.link[index]:
                dated_line = clean_line(lines.blocks[index].stripped)
                break
    entries = listed.reading(None).entries
    entry_urls = {entry.url for entry in entries}
    if where is not None:
        title_last = title.last if title is not None else -1
        kept, _, _, _ = trim_body(lines, where.start, where.end, title_last, headline)
        indexes = [block.index for block in kept]
        body_chars = _prose_chars(lines, indexes)
        any_text = sum(lines.size[i] for i in indexes)
        if where.container is not None:
            body_selector = where.container.selector()
        paragraphs = [i for i in indexes if lines.marks[i] >= 1 and lines.size[i] >= MIN_PROSE]
        summaries = _summaries(lines, paragraphs, entry_urls)
        list_like = summaries >= LIST_SUMMARIES and summaries >= LIST_SUMMARY_SHARE * len(
            paragraphs
        )
    total = sum(lines.size) or 1
    links = sum(
        min(block.link_chars, size) for block, size in zip(page.blocks, lines.size, strict=True)
    )
    link_share = round(links / total, 3)
    prev_next = any(
        prev_next_label(block.text) and block.links for block in page.blocks if not block.chrome
    )
    dated_entries = sum(entry.published is not None for entry in entries)
    next_page = listed.next_page(None).url is not None

    seen = KindSignals(
        kind="",
        reason="",
        headline=headline,
        dated_meta_line=dated_line,
        body_chars=body_chars,
        body_selector=body_selector,
        link_share=link_share,
        list_entries=len(entries),
        dated_entries=dated_entries,
        next_page=next_page,
        prev_next=prev_next,
    )
    where_text = f" in {body_selector}" if body_selector else ""
    evidence = [
        name
        for name, present in (
            ("a headline", bool(headline)),
            ("a dated meta line", bool(dated_line)),
            ("上一篇/下一篇 links", prev_next),
        )
        if present
    ]
    if not list_like:
        needed = {3: SHORT_ARTICLE_BODY, 2: NEWS_ITEM_BODY}.get(len(evidence), ARTICLE_BODY)
        if evidence and body_chars >= needed:
            reason = f"{' and '.join(evidence)} with {body_chars} characters of running text"
            reason += where_text
            if len(entries) >= LIST_LINK_LINES:
                reason += f", beside a box of {len(entries)} links"
            return replace(seen, kind="article", reason=reason)
        if body_chars >= LONG_BODY:
            reason = f"{body_chars} characters of running text{where_text}"
            return replace(seen, kind="article", reason=reason)
        if headline and dated_line and any_text >= TABLE_BODY:
            # a notice whose body is a table (公示名单): text without sentences
            reason = f"a headline and a dated meta line with {any_text} characters of text"
            return replace(seen, kind="article", reason=reason + where_text)
    if next_page or dated_entries >= 3:
        why = "a 下一页 link" if next_page else f"{dated_entries} dated article links"
        why += f" ({revealed})" if revealed and (dated_entries or next_page) else ""
        return replace(seen, kind="list", reason=f"{why} and little running text")
    channels = len(index_channels(list_page, ""))
    seen = replace(seen, channels=channels)
    if channels >= max(2, len(entries)):
        reason = f"{channels} channel links under headings and no dated article list"
        return replace(seen, kind="index", reason=reason)
    if (dated_line or prev_next) and any_text and len(entries) < LIST_LINK_LINES:
        # a channel's heading is no headline here: a short list has one too
        reason = f"{' and '.join(evidence)} with a little text and no list"
        return replace(seen, kind="article", reason=reason)
    reason = f"{len(entries)} article links" if entries else "nothing to read (an empty channel)"
    reason += f" ({revealed})" if revealed and entries else ""
    return replace(seen, kind="list", reason=reason)


def page_kind(html: str, url: str) -> str:
    """Tell what kind of portal page ``html`` is: ``"article"``, ``"list"`` or ``"index"``.

    See :func:`classify_page` for the signals and the module docstring for the rules.
    """
    return classify_page(html, url).kind
