"""What every kind of portal page shares: the parsed page, breadcrumbs and link rules.

The article, list and kind modules of this package read a page through :class:`Page` (the lexbor
tree and its text blocks) and share the breadcrumb reader here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from zonereader.models import PortalSelectors, join_zone
from zonereader.text.html import Block, Container, parse_html, read_layout
from zonereader.text.sanitize import clean_line


class ExtractError(ValueError):
    """A page does not hold what was asked of it (no title, no body); the message is one line."""


#: The label before a breadcrumb: 您现在的位置 / 您所在的位置 / 当前位置 / 所在位置 …
BREADCRUMB_LABEL = re.compile(
    r"(?:(?:您|你)(?:现在|当前|目前)?(?:所在)?的?位置|(?:当前|现在|目前)(?:所在)?的?位置|所在的?位置)"
    r"\s*(?:是)?\s*[:：]?"
)
#: Separators between a breadcrumb's parts (``/`` is one only where no other is used: see
#: :data:`SLASH_SEP`).
CRUMB_SEP = re.compile(r"\s*(?:>|＞|›|»|→|>>|&gt;)+\s*")
#: ``首页 / 新闻中心 / 通知公告``, ``首页 - 新闻中心``: a slash, or a dash between spaces,
#: separates parts where the breadcrumb uses no other separator (a part's own ``/``, as in
#: ``政策/法规``, is kept where ``>`` separates).
SLASH_SEP = re.compile(r"\s*[/／]\s*|\s+[-—–]\s+")
#: Characters a label is searched for at the start of a block (an icon's text may come first).
LABEL_REACH = 12
#: An element marked as a breadcrumb whose text is longer than this is a wrapper around more
#: (a menu, a search box), not read as one.
MAX_CRUMB_TEXT = 200
#: Elements whose markup says they are a breadcrumb (``<ol class="breadcrumb">``, ``<nav
#: aria-label="breadcrumb">``, schema.org ``BreadcrumbList``, ``<div class="crumbs">``).
CRUMB_ELEMENTS = (
    'nav[aria-label*="breadcrumb" i], [itemtype*="BreadcrumbList" i], '
    '[class*="breadcrumb" i], [class*="crumb" i], [id*="crumb" i]'
)
#: Elements with breadcrumb markup looked at on one page (a hostile page may hold thousands).
MAX_CRUMB_ELEMENTS = 20
#: Levels walked up from a breadcrumb element to find a wrapper also marked as one.
CRUMB_WRAPPER_DEPTH = 6
#: Levels walked up from a breadcrumb's text to find the link holding it.
CRUMB_LINK_DEPTH = 4
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
    """Parse ``html`` (from ``url``) and read its text blocks and the elements holding them.

    A ``<select>`` of more than two thousand options is cut first (see
    :mod:`zonereader.text.selects`): the parser's time grows with the square of one select's
    options.
    """
    tree = parse_html(html)
    layout = read_layout(tree.body, url)
    return Page(tree=tree, url=url, blocks=layout.blocks, containers=layout.containers)


# --- breadcrumbs -----------------------------------------------------------------------------


def _split_pieces(pieces: list[str]) -> list[str]:
    """Split texts at breadcrumb separators (at ``/`` where they hold no other separator)."""
    separated = any(CRUMB_SEP.search(piece) for piece in pieces)
    parts: list[str] = []
    for piece in pieces:
        for raw in (CRUMB_SEP if separated else SLASH_SEP).split(piece):
            part = clean_line(raw).strip(" :：")
            if part:
                parts.append(part)
    return parts


def _after_label(pieces: list[str]) -> list[str]:
    """``pieces`` without a leading breadcrumb label (and whatever stood before it)."""
    for position, piece in enumerate(pieces[:3]):
        match = BREADCRUMB_LABEL.search(piece, 0, LABEL_REACH + 8)
        if match is not None:
            rest = piece[match.end() :]
            return ([rest] if rest.strip() else []) + pieces[position + 1 :]
    return pieces


def _parts(pieces: list[str]) -> list[str]:
    """The breadcrumb parts in ``pieces``: separated, without 首页, ``/`` made ``／``."""
    return [
        part.replace("/", "／")
        for part in _split_pieces(_after_label(pieces))
        if part not in HOME_WORDS
    ]


def crumb_parts(text: str) -> list[str]:
    """Split a breadcrumb's text into its parts, without the label and without 首页."""
    return _parts([text])


def _link_pieces(text: str, link_texts: list[str]) -> list[str]:
    """``text`` cut before and after each of its links' texts, in order: the parts of a
    breadcrumb whose separators are drawn by the style sheet (``<a>首页</a><a>新闻</a>``)."""
    pieces: list[str] = []
    position = 0
    for link_text in link_texts:
        found = text.find(link_text, position) if link_text else -1
        if found < 0:
            continue
        pieces.extend([text[position:found], link_text])
        position = found + len(link_text)
    pieces.append(text[position:])
    return [piece for piece in pieces if piece.strip()]


def _node_pieces(node: LexborNode) -> list[str]:
    """The texts of a breadcrumb element: each link's text whole, each other text apart."""
    pieces: list[str] = []
    last_link = -1
    for child in node.traverse(include_text=True):
        if child.tag != "-text":
            continue
        text = child.text_content or ""
        if not text.strip():
            continue
        link = _enclosing_link(child, node)
        if link is not None and link == last_link and pieces:
            pieces[-1] += text
        else:
            pieces.append(text)
        last_link = link if link is not None else -1
    return pieces


def _node_parts(node: LexborNode) -> list[str]:
    """The parts of a breadcrumb element: split at its separators, or, where the style sheet
    draws them, around its links and texts."""
    text = node.text(separator="")
    if CRUMB_SEP.search(text) or SLASH_SEP.search(text):
        return crumb_parts(text)
    return _parts(_node_pieces(node))


def _enclosing_link(text_node: LexborNode, root: LexborNode) -> int | None:
    """The ``mem_id`` of the ``<a>`` holding ``text_node`` below ``root``, if any."""
    parent = text_node.parent
    for _ in range(CRUMB_LINK_DEPTH):
        if parent is None or parent.mem_id == root.mem_id:
            return None
        if parent.tag == "a":
            return int(parent.mem_id)
        parent = parent.parent
    return None


def _crumb_elements(page: Page) -> list[LexborNode]:
    """The elements marked as breadcrumbs, without their items (``li.breadcrumb-item``) and
    without wrappers around another (``div.crumbs-bar`` holding a menu and ``div.crumbs``)."""
    found = [
        node
        for node in page.tree.css(CRUMB_ELEMENTS)[:MAX_CRUMB_ELEMENTS]
        if "item" not in (node.attributes.get("class") or "").lower()
    ]
    ids = {node.mem_id for node in found}
    wrappers: set[int] = set()
    for node in found:
        parent = node.parent
        for _ in range(CRUMB_WRAPPER_DEPTH):
            if parent is None:
                break
            if parent.mem_id in ids:
                wrappers.add(parent.mem_id)
            parent = parent.parent
    return [node for node in found if node.mem_id not in wrappers]


def _marked_breadcrumb(page: Page) -> tuple[list[str], int]:
    """The first element marked as a breadcrumb whose text reads as one, and its block."""
    for node in _crumb_elements(page):
        text = clean_line(node.text(separator=" "))
        if not text or len(text) > MAX_CRUMB_TEXT:
            continue
        pieces = _node_pieces(node)
        if len(pieces) < 2 and not BREADCRUMB_LABEL.search(text, 0, LABEL_REACH):
            continue  # one text and no label: a class name that merely mentions "crumb"
        parts = _node_parts(node)
        if not parts:
            continue
        first = clean_line(pieces[0]).strip()
        index = next(
            (
                block.index
                for block in page.blocks
                if block.stripped and (block.stripped in text or first in block.stripped)
            ),
            -1,
        )
        return parts, index
    return [], -1


def breadcrumb(page: Page, selectors: PortalSelectors | None) -> tuple[list[str], int]:
    """Return the breadcrumb parts (without 首页) and the index of its block (-1 when none).

    A breadcrumb is read from the source's selector when it has one; else from a block that
    opens with a label (您现在的位置：, 您所在的位置：, 当前位置 …), its parts split at ``>``,
    ``>>``, ``»``, ``→`` (or ``/``) or, where the style sheet draws the separators, around
    its links; else from an element marked as one (``<ol class="breadcrumb">``, ``<nav
    aria-label="breadcrumb">``); else from a short line that opens with 首页 and a separator.
    """
    if selectors is not None and selectors.breadcrumb:
        node = page.tree.css_first(selectors.breadcrumb)
        if node is None:
            return [], -1
        return _node_parts(node), -1
    blocks = page.blocks
    for block in blocks:
        if "位置" not in block.text:
            continue  # (a labelled breadcrumb of any length is read: its label says what it is)
        match = BREADCRUMB_LABEL.search(block.text)
        if match is None:
            continue
        after = block.text[match.end() :]
        if match.start() > LABEL_REACH and not CRUMB_SEP.search(after):
            continue  # 所在位置 in a sentence, not a label
        links = [link.text for link in block.links]
        if not after.strip() and block.index + 1 < len(blocks):
            after = blocks[block.index + 1].text
            links = [link.text for link in blocks[block.index + 1].links]
        pieces = [after]
        if not CRUMB_SEP.search(after) and not SLASH_SEP.search(after):
            if len(links) >= 2:
                pieces = _link_pieces(after, links)
            elif not match.group().rstrip().endswith((":", "：")):
                continue  # 所在位置 in a sentence: no colon, no separator, no links
        parts = _parts(pieces)
        if parts or CRUMB_SEP.search(after):
            return parts, block.index
    parts, index = _marked_breadcrumb(page)
    if parts:
        return parts, index
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
