"""The site's own 上一条/下一条 (上一篇/下一篇) links on an article page."""

from __future__ import annotations

import re

from zonereader.models import PortalSelectors, SiteLink
from zonereader.sources.portal.page import Page, followable
from zonereader.text.html import Link
from zonereader.text.sanitize import clean_line
from zonereader.text.urls import canonical_url

PREV_LABEL = re.compile(r"(?:上一条|上一篇|上篇|前一篇)\s*[:：]?")
NEXT_LABEL = re.compile(r"(?:下一条|下一篇|下篇|后一篇)\s*[:：]?")
_NONE_WORDS = re.compile(
    r"^(?:没有了|无|暂无|没有|已是第一篇|已是最后一篇|已经是第一篇|已经是最后一篇|none)?[!！。.]*$"
)
#: The longest line that can name the site's links.
MAX_LINE = 400


def prev_next_label(text: str) -> bool:
    """Whether ``text`` names the site's 上一条/下一条 (or 上一篇/下一篇) links."""
    if len(text) >= MAX_LINE or ("篇" not in text and "条" not in text):
        return False
    return bool(PREV_LABEL.search(text) or NEXT_LABEL.search(text))


def _site_link_from(
    text: str, links: list[Link], label: re.Pattern[str], page_url: str
) -> SiteLink | None:
    """The link that follows ``label`` in a block's ``text``, or None (absent, 没有了)."""
    match = label.search(text)
    if match is None:
        return None
    rest = text[match.end() :]
    other = (NEXT_LABEL if label is PREV_LABEL else PREV_LABEL).search(rest)
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


def prev_next(
    page: Page, selectors: PortalSelectors | None, start: int
) -> tuple[SiteLink | None, SiteLink | None, int]:
    """Return the site's previous and next links and the index of the first block naming them.

    Args:
        page: The parsed page.
        selectors: Per-source selectors; ``prev_link`` / ``next_link`` replace the search.
        start: The first block to search (the site's links are below the article's start).
    """
    prev_link = next_link = None
    first = -1
    found_prev = found_next = False
    if selectors is not None and selectors.prev_link:
        found_prev, prev_link = _selected_site_link(page, selectors.prev_link, PREV_LABEL)
    if selectors is not None and selectors.next_link:
        found_next, next_link = _selected_site_link(page, selectors.next_link, NEXT_LABEL)
    for block in page.blocks[max(start, 0) :]:
        if not prev_next_label(block.text) or (block.chrome and not block.links):
            continue
        if first < 0:
            first = block.index
        if not found_prev and PREV_LABEL.search(block.text):
            found_prev, prev_link = (
                True,
                _site_link_from(block.text, block.links, PREV_LABEL, page.url),
            )
        if not found_next and NEXT_LABEL.search(block.text):
            found_next, next_link = (
                True,
                _site_link_from(block.text, block.links, NEXT_LABEL, page.url),
            )
        if found_prev and found_next:
            break
    return prev_link, next_link, first
