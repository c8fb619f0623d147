"""What every kind of portal page shares: the parsed page, breadcrumbs and link rules.

The article, list and kind modules of this package read a page through :class:`Page` (the lexbor
tree and its text blocks) and share the breadcrumb reader here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from zonereader.models import PortalSelectors, join_zone
from zonereader.text.html import Block, Container, parse_html, read_layout
from zonereader.text.sanitize import clean_line


class ExtractError(ValueError):
    """A page does not hold what was asked of it (no title, no body); the message is one line."""


BREADCRUMB_LABEL = re.compile(
    r"(?:您现在的位置|您当前的位置|你现在的位置|您的位置|你的位置|当前位置|现在位置|所在位置|当前的位置)"
    r"\s*(?:是)?\s*[:：]?"
)
CRUMB_SEP = re.compile(r"\s*(?:>|＞|›|»|→|>>|&gt;)+\s*")
HOME_WORDS = frozenset({"首页", "网站首页", "主页", "返回首页", "home", "Home", "HOME", "首 页"})
LEAF_WORDS = frozenset(
    {"正文", "详情", "内容", "详细内容", "正文内容", "文章详情", "浏览文章", "阅读"}
)


def followable(url: str, page_url: str) -> bool:
    """Whether a link can be followed: http(s), or file: links on a saved page read from disk."""
    return url.startswith(("http:", "https:")) or (
        url.startswith("file:") and page_url.startswith("file:")
    )


@dataclass(slots=True)
class Page:
    """A parsed page with its blocks and block-level elements, ready for the heuristics."""

    tree: LexborHTMLParser
    url: str
    blocks: list[Block]
    containers: list[Container]


def load_page(html: str, url: str) -> Page:
    """Parse ``html`` (from ``url``) and read its text blocks and the elements holding them."""
    tree = parse_html(html)
    layout = read_layout(tree.body, url)
    return Page(tree=tree, url=url, blocks=layout.blocks, containers=layout.containers)


# --- breadcrumbs -----------------------------------------------------------------------------


def crumb_parts(text: str) -> list[str]:
    """Split a breadcrumb's text into its parts, without the label and without 首页."""
    match = BREADCRUMB_LABEL.search(text)
    if match:
        text = text[match.end() :]
    parts = []
    for raw in CRUMB_SEP.split(text):
        part = clean_line(raw).strip(" :：").replace("/", "／")
        if part and part not in HOME_WORDS:
            parts.append(part)
    return parts


def breadcrumb(page: Page, selectors: PortalSelectors | None) -> tuple[list[str], int]:
    """Return the breadcrumb parts (without 首页) and the index of its block (-1 when none)."""
    if selectors is not None and selectors.breadcrumb:
        node = page.tree.css_first(selectors.breadcrumb)
        if node is None:
            return [], -1
        return crumb_parts(node.text(separator="")), -1
    blocks = page.blocks
    for block in blocks:
        if "位置" not in block.text:
            continue
        match = BREADCRUMB_LABEL.search(block.text)
        if match is None:
            continue
        after = block.text[match.end() :]
        if not after.strip() and block.index + 1 < len(blocks):
            after = blocks[block.index + 1].text
        parts = crumb_parts(after)
        if parts or CRUMB_SEP.search(after):
            return parts, block.index
    for block in blocks[:80]:
        text = block.stripped
        if text.startswith(("首页", "网站首页")) and CRUMB_SEP.search(text) and len(text) < 120:
            return crumb_parts(text), block.index
    return [], -1


def zone_from_crumbs(parts: list[str], zone_prefix: str, title: str = "") -> str:
    """The zone path from breadcrumb ``parts``: leaf words (正文, 详情…) and the title dropped."""
    parts = list(parts)
    while parts and (parts[-1] in LEAF_WORDS or (title and parts[-1] == title)):
        parts.pop()
    return join_zone(zone_prefix, *parts)
