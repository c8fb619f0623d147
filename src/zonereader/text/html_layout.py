"""A parsed page read as text blocks, and the block-level elements that hold them.

A page is read as a sequence of *blocks*: the runs of text between block-level boundaries
(``<p>``, ``<div>``, ``<br>``, table cells, list items, headings...), each with the links it holds
and a little of its context (inside a heading? inside site chrome such as a nav bar, an ad or a
footer?). :func:`read_layout` also records the elements that hold them (:class:`Container`), so
that the article extractor can score every element by its text in one pass. Scripts, styles,
form controls and hidden elements never produce text. Entities are decoded by the parser
(selectolax with the lexbor backend, the fastest of the parsers we measured: see
``benchmarks/parse.py``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zonereader.text.html_refs import EDGE_SPACE, WHITESPACE_RUN, ImageRef, Link, image_ref
from zonereader.text.sanitize import clean_text
from zonereader.text.selects import bound_selects

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

#: Elements whose boundaries end a block of text.
BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
     "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
     "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu",
     "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
     "thead", "tr", "ul", "caption", "br"}
)  # fmt: skip
#: Elements whose content is never text to read.
SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
     "select", "option", "textarea", "button", "head", "title", "map", "audio", "video",
     "-comment", "meta", "link", "input"}
)  # fmt: skip
_CHROME_TAGS = frozenset({"nav", "footer", "aside"})
#: class/id words that mark site chrome: navigation, ads, footers, share and print tools.
_CHROME_WORDS = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|menu|menus|footer|foot|bottom|copyright|banner|ad|ads|advert"
    r"|advertisement|adv|gg|guanggao|share|sharebox|bdshare|print|toolbar|sidebar|side|login"
    r"|search|friendlink|flink|yqlj|links|hotnews|related|relate|xgwz|comment|comments)"
    r"(?:$|[-_\s0-9])",
    re.IGNORECASE,
)
#: Elements that hold the whole page or its main content: their classes describe the page
#: (``<body class="has-nav-bar">``), never mark them as chrome.
_NEVER_CHROME = frozenset({"html", "body", "main", "article"})
_TITLE_WORDS = re.compile(r"title|biaoti|(?:^|[-_\s])bt(?:$|[-_\s0-9])", re.IGNORECASE)
#: An inline style that hides an element.
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


@dataclass(slots=True)
class Block:
    """A run of text between block boundaries, with its links and context.

    ``text`` has runs of ASCII whitespace collapsed (full-width spaces are kept) and is cleaned of
    control characters; ``heading`` is the level of the enclosing ``<h1>``-``<h6>`` (0 if none);
    ``titleish`` says whether an enclosing element's class or id mentions a title; ``chrome``
    whether an enclosing element is navigation, an ad, a footer or similar.
    """

    index: int
    text: str
    links: list[Link] = field(default_factory=list)
    heading: int = 0
    titleish: bool = False
    chrome: bool = False
    link_chars: int = 0
    images: list[ImageRef] = field(default_factory=list)
    """The images met since the block before (above this block's text, or within it); a
    page's last images, with no text after them, come in a last block with no text."""

    @property
    def stripped(self) -> str:
        """The text without leading and trailing spaces (full-width and no-break ones too)."""
        return self.text.strip(EDGE_SPACE)


def parse_html(html: str) -> LexborHTMLParser:
    """Parse an HTML document or fragment with the forgiving lexbor parser.

    Every ``<select>`` is first cut to at most :data:`~zonereader.text.selects.MAX_KEPT`
    options (:func:`~zonereader.text.selects.bound_selects`): the parser's time grows with the
    square of one select's options, and a hostile page may hold millions.
    """
    # Imported on first use: feed entries mostly take the parser-free path (html_simple),
    # so a feed sync's processes often never load the parser.
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser(bound_selects(html))


def is_chrome_element(node: LexborNode) -> bool:
    """Return True when ``node`` looks like site chrome (nav, ad, footer...) by tag, class or id."""
    if node.tag in _CHROME_TAGS:
        return True
    if node.tag in _NEVER_CHROME:
        return False
    attrs = node.attributes
    return chrome_attr(attrs.get("class")) or chrome_attr(attrs.get("id"))


@functools.lru_cache(maxsize=4096)
def chrome_attr(value: str | None) -> bool:
    """Whether a class or id attribute names site chrome (``nav``, ``footer``, ``share``…)."""
    return value is not None and _CHROME_WORDS.search(value) is not None


@functools.lru_cache(maxsize=4096)
def _title_attr(class_: str | None, id_: str | None) -> bool:
    return bool((class_ and _TITLE_WORDS.search(class_)) or (id_ and _TITLE_WORDS.search(id_)))


# A frame of the open-element stack: (chrome, heading level, titleish, inside <pre>).
_Frame = tuple[bool, int, bool, bool]
_ROOT_FRAME: _Frame = (False, 0, False, False)


class BlockBuilder:
    """Accumulates the text and links of the block being read, and the finished blocks."""

    __slots__ = ("blocks", "first", "images", "link_chars", "links", "pieces")

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.pieces: list[str] = []
        self.links: list[Link] = []
        self.images: list[ImageRef] = []  # waiting for the next block with text
        self.link_chars = 0
        self.first: _Frame | None = None  # the frame the block's first visible text came from

    def flush(self) -> None:
        """End the block being read: keep it when it has visible text, and start the next."""
        pieces = self.pieces
        if pieces:
            text = clean_text("".join(pieces))
            if text.strip(EDGE_SPACE):
                chrome, heading, titleish, _ = self.first or _ROOT_FRAME
                self.blocks.append(
                    Block(
                        index=len(self.blocks),
                        text=text,
                        links=self.links,
                        heading=heading,
                        titleish=titleish,
                        chrome=chrome,
                        link_chars=self.link_chars,
                        images=self.images,
                    )
                )
                self.links = []
                self.images = []
            pieces.clear()
        if self.links:
            self.links = []
        self.link_chars = 0
        self.first = None

    def finish(self) -> list[Block]:
        """The last block, and the images left after it (in a block with no text)."""
        self.flush()
        if self.images:
            self.blocks.append(Block(index=len(self.blocks), text="", images=self.images))
            self.images = []
        return self.blocks


def add_text(pieces: list[str], raw: str, pre: bool) -> str | None:
    """Add a text node's ``raw`` text to the block being read; return the text added.

    Whitespace-only text (outside ``<pre>``) adds at most one separating space and returns
    None; other text has its ASCII whitespace runs collapsed (unless in ``<pre>``), without a
    second space where the block already ends with one.
    """
    if raw.isspace() and not pre:
        if pieces and pieces[-1][-1:] != " ":
            pieces.append(" ")
        return None
    text = raw if pre else WHITESPACE_RUN.sub(" ", raw)
    if text[0] == " " and pieces and pieces[-1][-1:] == " ":
        text = text[1:]
    pieces.append(text)
    return text


def followed_href(href: str | None) -> bool:
    """Whether a link's ``href`` leads to a page (not a script, an anchor or an address)."""
    if not href:
        return False
    return not href.lstrip().lower().startswith(("javascript:", "#", "mailto:"))


@dataclass(slots=True)
class Container:
    """A block-level element of a page and the blocks it holds: ``blocks[start:end]``.

    Recorded by :func:`read_layout` so that the article extractor can score every element of a
    page by the text it holds in one linear pass (prefix sums over the blocks), and name the
    element it chose (``div#zoom``, ``td.bt_content``) so a user can write a selector for it.
    """

    start: int
    end: int
    tag: str
    id: str
    classes: str
    depth: int
    chrome: bool

    def selector(self) -> str:
        """A CSS selector naming this element: its tag with its id, or with its classes."""
        ident = self.id.strip()
        if ident and _SIMPLE_NAME.match(ident):
            return f"{self.tag}#{ident}"
        names = [name for name in self.classes.split() if _SIMPLE_NAME.match(name)]
        return self.tag + "".join(f".{name}" for name in names[:3])


@dataclass(slots=True)
class Layout:
    """The text blocks of a page and its block-level elements (see :class:`Container`)."""

    blocks: list[Block]
    containers: list[Container]


#: Elements recorded as containers by :func:`read_layout`: the ones a body can sit in.
CONTAINER_TAGS = frozenset(
    {"article", "blockquote", "body", "center", "dd", "div", "form", "li", "main", "section",
     "table", "tbody", "td", "th", "tr", "ul", "ol", "dl", "font", "span"}
)  # fmt: skip
_SIMPLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def html_blocks(root: LexborNode | None, base_url: str | None = None) -> list[Block]:
    """Read the text under ``root`` as a list of blocks, in document order.

    Args:
        root: An element (usually ``<body>`` or a content container); None gives no blocks.
        base_url: The page URL, to make link URLs absolute.

    Returns:
        The non-blank blocks.
    """
    return _read(root, base_url, None)


def read_layout(root: LexborNode | None, base_url: str | None = None) -> Layout:
    """Read the blocks under ``root`` and the block-level elements that hold them.

    One pass over the tree, as :func:`html_blocks`, which also records every element of
    :data:`CONTAINER_TAGS` that holds text, with the range of blocks inside it.
    """
    records: list[list[Any]] = []
    blocks = _read(root, base_url, records)
    containers = [
        Container(start, end, tag, id_, classes, depth, chrome)
        for start, end, tag, id_, classes, depth, chrome in records
        if end > start
    ]
    return Layout(blocks=blocks, containers=containers)


def _read(
    root: LexborNode | None, base_url: str | None, containers: list[list[Any]] | None
) -> list[Block]:
    """Read blocks (see :func:`html_blocks`), recording containers when given a list.

    Each record is ``[start, end, tag, id, classes, depth, chrome]`` (see :class:`Container`).
    """
    if root is None:
        return []
    out = BlockBuilder()
    pieces = out.pieces
    frames: list[_Frame] = [_ROOT_FRAME]
    # the open <a> being read: its URL and text pieces (links do not nest)
    link_url: str | None = None
    link_pieces: list[str] = []
    # an element to read, the end of an element (its tag), or the end of a recorded container
    # (its index in ``records``, below its tag)
    # (typed Any: ``type(x) is str`` is the fastest test here, and mypy does not narrow on it)
    stack: list[Any] = [root]
    block_tags = BLOCK_TAGS
    skip_tags = SKIP_TAGS
    record = containers is not None
    records: list[list[Any]] = containers if containers is not None else []
    container_tags = CONTAINER_TAGS
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is str:  # the end of an element
            frames.pop()
            if node == "a" and link_url is not None:
                out.links.append(Link.to_resolve(link_url, "".join(link_pieces), base_url))
                link_url = None
            if node in block_tags and (pieces or out.links):
                out.flush()
            continue
        if kind is int:  # the end of a recorded container (its tag's end came first)
            records[node][1] = len(out.blocks) + (1 if pieces else 0)
            continue
        tag = node.tag
        if tag == "-text":
            raw = node.text_content
            if not raw:
                continue
            top = frames[-1]
            if not top[3] and raw.isspace():
                # whitespace between elements: at most one separating space (add_text, inline)
                if pieces and pieces[-1][-1:] != " ":
                    pieces.append(" ")
                continue
            text = add_text(pieces, raw, top[3])
            if text is None:
                continue
            if out.first is None and text.strip(EDGE_SPACE):
                out.first = top
            if link_url is not None:
                link_pieces.append(text)
                out.link_chars += len(text.strip(EDGE_SPACE))
            continue
        if tag is None or tag in skip_tags:
            continue
        attrs = node.attributes
        if attrs:
            if "hidden" in attrs:
                continue
            style = attrs.get("style")
            if style and HIDDEN_STYLE.search(style):
                continue
            class_, id_ = attrs.get("class"), attrs.get("id")
        else:
            class_ = id_ = None
        if tag == "img":
            if attrs and not (frames[-1][0] or chrome_attr(class_) or chrome_attr(id_)):
                image = image_ref(attrs, base_url)
                if image is not None:
                    out.images.append(image)
            continue
        if tag in block_tags and (pieces or out.links):
            out.flush()
        chrome, heading, titleish, pre = frames[-1]
        named = class_ is not None or id_ is not None  # (most elements have neither)
        chrome = (
            chrome
            or tag in _CHROME_TAGS
            or (named and tag not in _NEVER_CHROME and (chrome_attr(class_) or chrome_attr(id_)))
        )
        frames.append(
            (
                chrome,
                _HEADINGS.get(tag, heading),
                titleish or (named and _title_attr(class_, id_)),
                pre or tag == "pre",
            )
        )
        if tag == "a":
            href = attrs.get("href") if attrs else None
            if followed_href(href):
                link_url = href  # made canonical by Link when (if ever) it is needed
                link_pieces = []
        if record and tag in container_tags:
            stack.append(len(records))
            records.append([len(out.blocks), -1, tag, id_ or "", class_ or "", len(frames), chrome])
        stack.append(tag)
        children = list(node.iter(include_text=True))
        children.reverse()
        stack.extend(children)
    return out.finish()
