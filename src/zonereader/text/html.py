"""HTML to text blocks and paragraphs.

A page is read as a sequence of *blocks*: the runs of text between block-level boundaries
(``<p>``, ``<div>``, ``<br>``, table cells, list items, headings...), each with the links it holds
and a little of its context (inside a heading? inside site chrome such as a nav bar, an ad or a
footer?). The portal extractor finds titles, meta lines and bodies among blocks; feeds turn entry
HTML into paragraphs with :func:`html_to_paragraphs`. Scripts, styles, form controls and hidden
elements never produce text. Entities are decoded by the parser (selectolax with the lexbor
backend, the fastest of the parsers we measured: see ``benchmarks/parse.py``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zonereader.models import BodyImage, BodyLink
from zonereader.text.sanitize import clean_text
from zonereader.text.urls import canonical_url

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
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_COLLAPSE = re.compile(r"[ \t\n\r\f\xa0]+")
_EDGE_SPACE = " \t\n\r\f\xa0\u3000\u2002\u2003\u200b"
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


class Link:
    """A link inside a block: its absolute canonical URL and its text.

    Both are worked out on first use: most links of a page (navigation, footers) are never
    looked at, and resolving every one was a third of the cost of reading an article page.
    """

    __slots__ = ("_base", "_href", "_raw_text", "_text", "_url")

    def __init__(self, url: str, text: str) -> None:
        """Make a link to the canonical ``url`` with the clean ``text``."""
        self._href = url
        self._base: str | None = None
        self._url: str | None = url
        self._raw_text = text
        self._text: str | None = text

    @classmethod
    def to_resolve(cls, href: str, raw_text: str, base: str | None) -> Link:
        """A link to ``href`` as written in a page at ``base``, showing ``raw_text``.

        The URL is made canonical and the text collapsed and cleaned on first use.
        """
        link = cls(href, raw_text)
        link._base = base
        link._url = None
        link._text = None
        return link

    @property
    def href(self) -> str:
        """The link's target as the page wrote it (not resolved: cheap to look at)."""
        return self._href

    @property
    def url(self) -> str:
        """The absolute canonical URL."""
        url = self._url
        if url is None:
            url = self._url = canonical_url(self._href, self._base)
        return url

    @property
    def text(self) -> str:
        """The link's text: whitespace runs collapsed, edges stripped, controls removed."""
        text = self._text
        if text is None:
            collapsed = _COLLAPSE.sub(" ", self._raw_text).strip(_EDGE_SPACE)
            text = self._text = clean_text(collapsed)
        return text

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Link):
            return NotImplemented
        return (self.url, self.text) == (other.url, other.text)

    def __hash__(self) -> int:
        return hash((self.url, self.text))

    def __repr__(self) -> str:
        return f"Link(url={self.url!r}, text={self.text!r})"


class ImageRef:
    """An image inside a block: its absolute canonical URL (worked out on first use) and its
    alt text or title."""

    __slots__ = ("_base", "_href", "_url", "alt")

    def __init__(self, href: str, alt: str, base: str | None) -> None:
        """An image at ``href`` as written in a page at ``base``, described by ``alt``."""
        self._href = href
        self._base = base
        self._url: str | None = None
        self.alt = alt

    @property
    def url(self) -> str:
        """The absolute canonical URL."""
        url = self._url
        if url is None:
            url = self._url = canonical_url(self._href, self._base)
        return url

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ImageRef):
            return NotImplemented
        return (self.url, self.alt) == (other.url, other.alt)

    def __hash__(self) -> int:
        return hash((self.url, self.alt))

    def __repr__(self) -> str:
        return f"ImageRef(url={self.url!r}, alt={self.alt!r})"


#: Attributes that may hold an image's address, in the order they are tried (lazy-loading
#: scripts keep the real one in ``data-src`` or ``data-original`` behind a placeholder).
_IMAGE_SOURCES = ("src", "data-src", "data-original")
#: An image no wider or taller than this many pixels (by its attributes) is a spacer or a
#: tracking pixel, not content.
_TINY_IMAGE_PX = 4


def image_ref(attrs: Mapping[str, str | None], base: str | None) -> ImageRef | None:
    """The image an ``<img>`` element's attributes describe, or None when it shows nothing
    worth keeping (no address, an inline ``data:`` picture, a spacer or tracking pixel)."""
    href = ""
    for name in _IMAGE_SOURCES:
        value = (attrs.get(name) or "").strip()
        if value and not value.lower().startswith(("data:", "javascript:")):
            href = value
            break
    if not href or _is_tiny(attrs.get("width"), attrs.get("height")):
        return None
    alt = (attrs.get("alt") or attrs.get("title") or "").strip()
    return ImageRef(href, clean_text(_COLLAPSE.sub(" ", alt)).strip(_EDGE_SPACE), base)


def _is_tiny(width: str | None, height: str | None) -> bool:
    sides = []
    for value in (width, height):
        digits = (value or "").strip().removesuffix("px")
        if digits.isdigit():
            sides.append(int(digits))
    return bool(sides) and min(sides) <= _TINY_IMAGE_PX


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
        return self.text.strip(_EDGE_SPACE)


def parse_html(html: str) -> LexborHTMLParser:
    """Parse an HTML document or fragment with the forgiving lexbor parser."""
    # Imported on first use: feed entries mostly take the parser-free path (_simple_blocks),
    # so a feed sync's processes often never load the parser.
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser(html)


def is_chrome_element(node: LexborNode) -> bool:
    """Return True when ``node`` looks like site chrome (nav, ad, footer...) by tag, class or id."""
    if node.tag in _CHROME_TAGS:
        return True
    if node.tag in _NEVER_CHROME:
        return False
    attrs = node.attributes
    return _chrome_attr(attrs.get("class")) or _chrome_attr(attrs.get("id"))


@functools.lru_cache(maxsize=4096)
def _chrome_attr(value: str | None) -> bool:
    return value is not None and _CHROME_WORDS.search(value) is not None


@functools.lru_cache(maxsize=4096)
def _title_attr(class_: str | None, id_: str | None) -> bool:
    return bool((class_ and _TITLE_WORDS.search(class_)) or (id_ and _TITLE_WORDS.search(id_)))


# A frame of the open-element stack: (chrome, heading level, titleish, inside <pre>).
_Frame = tuple[bool, int, bool, bool]
_ROOT_FRAME: _Frame = (False, 0, False, False)


class _Builder:
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
        pieces = self.pieces
        if pieces:
            text = clean_text("".join(pieces))
            if text.strip(_EDGE_SPACE):
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


def _add_text(pieces: list[str], raw: str, pre: bool) -> str | None:
    """Add a text node's ``raw`` text to the block being read; return the text added.

    Whitespace-only text (outside ``<pre>``) adds at most one separating space and returns
    None; other text has its ASCII whitespace runs collapsed (unless in ``<pre>``), without a
    second space where the block already ends with one.
    """
    if raw.isspace() and not pre:
        if pieces and pieces[-1][-1:] != " ":
            pieces.append(" ")
        return None
    text = raw if pre else _COLLAPSE.sub(" ", raw)
    if text[0] == " " and pieces and pieces[-1][-1:] == " ":
        text = text[1:]
    pieces.append(text)
    return text


def _followed_href(href: str | None) -> bool:
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
    out = _Builder()
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
                # whitespace between elements: at most one separating space (_add_text, inline)
                if pieces and pieces[-1][-1:] != " ":
                    pieces.append(" ")
                continue
            text = _add_text(pieces, raw, top[3])
            if text is None:
                continue
            if out.first is None and text.strip(_EDGE_SPACE):
                out.first = top
            if link_url is not None:
                link_pieces.append(text)
                out.link_chars += len(text.strip(_EDGE_SPACE))
            continue
        if tag is None or tag in skip_tags:
            continue
        attrs = node.attributes
        if attrs:
            if "hidden" in attrs:
                continue
            style = attrs.get("style")
            if style and _HIDDEN_STYLE.search(style):
                continue
            class_, id_ = attrs.get("class"), attrs.get("id")
        else:
            class_ = id_ = None
        if tag == "img":
            if attrs and not (frames[-1][0] or _chrome_attr(class_) or _chrome_attr(id_)):
                image = image_ref(attrs, base_url)
                if image is not None:
                    out.images.append(image)
            continue
        if tag in block_tags and (pieces or out.links):
            out.flush()
        chrome, heading, titleish, pre = frames[-1]
        chrome = (
            chrome
            or tag in _CHROME_TAGS
            or (tag not in _NEVER_CHROME and (_chrome_attr(class_) or _chrome_attr(id_)))
        )
        frames.append(
            (
                chrome,
                _HEADINGS.get(tag, heading),
                titleish or _title_attr(class_, id_),
                pre or tag == "pre",
            )
        )
        if tag == "a":
            href = attrs.get("href") if attrs else None
            if _followed_href(href):
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


def paragraph_text(block_text: str) -> str:
    """Return a block's text as a paragraph: indentation (full-width spaces too) stripped."""
    return block_text.strip(_EDGE_SPACE)


@dataclass(slots=True)
class BodyParts:
    """An HTML body read as paragraphs, with its links and images."""

    paragraphs: list[str] = field(default_factory=list)
    links: list[BodyLink] = field(default_factory=list)
    """The distinct absolute http(s) links, in order of first appearance."""
    images: list[BodyImage] = field(default_factory=list)
    """The distinct absolute http(s) images, each placed after the paragraphs before it."""


def html_body(fragment: str, base_url: str | None = None) -> BodyParts:
    """Turn body HTML into clean paragraphs, with the links and images found in it.

    Args:
        fragment: An HTML fragment (an article body, a feed entry's content) or a whole page.
        base_url: The URL the HTML came from, to make links absolute.

    Returns:
        The paragraphs in order, each stripped of indentation (full-width U+3000 spaces
        included) and of control characters, with ``<br>`` splitting paragraphs and
        scripts/styles dropped; the links and images (see :class:`BodyParts`).
    """
    if not fragment or not fragment.strip():
        return BodyParts()
    blocks = _simple_blocks(fragment, base_url)
    if blocks is None:
        tree = parse_html(fragment)
        blocks = html_blocks(tree.body or tree.root, base_url)
    return body_parts(blocks)


def body_parts(blocks: list[Block], *, skip: str | None = None) -> BodyParts:
    """The paragraphs of ``blocks`` with their distinct http(s) links and images.

    Args:
        blocks: The body's blocks, in order.
        skip: A text that is not a paragraph wherever it stands (a title repeated in the body).
    """
    parts = BodyParts()
    seen_links: set[str] = set()
    seen_images: set[str] = set()
    for block in blocks:
        for image in block.images:
            url = image.url
            if _is_web(url) and url not in seen_images:
                seen_images.add(url)
                parts.images.append(BodyImage(url, image.alt, len(parts.paragraphs)))
        text = paragraph_text(block.text)
        if text and text != skip:
            parts.paragraphs.append(text)
        for link in block.links:
            url = link.url
            if _is_web(url) and url not in seen_links:
                seen_links.add(url)
                parts.links.append(BodyLink(url, link.text))
    return parts


def _is_web(url: str) -> bool:
    return url.startswith(("http://", "https://"))


def html_to_paragraphs(fragment: str, base_url: str | None = None) -> tuple[list[str], list[str]]:
    """The paragraphs of body HTML and the URLs of its links (see :func:`html_body`)."""
    parts = html_body(fragment, base_url)
    return parts.paragraphs, [link.url for link in parts.links]


#: A tag of the simple HTML that feed entries mostly carry: lowercase, attributes in double
#: quotes (nothing an entity or a bracket would change), e.g. ``<p>``, ``<a href="...">``.
_SIMPLE_TAG = re.compile(r'<(/?)([a-z]+)((?:[ \t\n\f]+[a-z][a-z-]*="[^"<>&]*")*)[ \t\n\f]*(/?)>')
_SIMPLE_ATTR = re.compile(r'([a-z][a-z-]*)="([^"]*)"')
#: Inline elements the fast path reads through (no text of their own, no block boundary).
_SIMPLE_INLINE = frozenset({"a", "span", "strong", "b", "em", "i", "u"})
_SIMPLE_VOID = frozenset({"br", "img"})


def _simple_blocks(fragment: str, base_url: str | None) -> list[Block] | None:
    """:func:`html_blocks` for simple, well-formed HTML, without the parser; else None.

    Feed entries mostly hold ``<p>`` paragraphs with a few links, line breaks and bold runs.
    For exactly that shape (top-level ``<p>``, properly nested inline elements, ``<br>``,
    ``<img>``, no entities, no carriage returns or NULs, nothing hidden) the parse tree is the
    tag sequence itself, so the blocks can be read straight from the tags, about three times
    faster. Anything else (site chrome's class names included) returns None and goes through
    the real parser. The blocks carry no context (heading, title or chrome marks:
    :func:`html_body` reads none); their texts, links and images equal the parser's, which a
    property test checks.
    """
    if "&" in fragment or "\r" in fragment or "\x00" in fragment:
        return None
    # The parser puts ASCII whitespace before the first tag or text outside <body>.
    fragment = fragment.lstrip(" \t\n\f")
    out = _Builder()
    open_tags: list[str] = []
    link_url: str | None = None
    link_pieces: list[str] = []

    def read_text(raw: str) -> None:
        text = _add_text(out.pieces, raw, False)
        if text is not None and link_url is not None:
            link_pieces.append(text)
            out.link_chars += len(text.strip(_EDGE_SPACE))

    position = 0
    for match in _SIMPLE_TAG.finditer(fragment):
        raw = fragment[position : match.start()]
        position = match.end()
        if raw:
            if "<" in raw:
                return None
            read_text(raw)
        closing, tag, attributes, self_closing = match.groups()
        if closing:
            if attributes or self_closing or not open_tags or open_tags[-1] != tag:
                return None
            open_tags.pop()
            if tag == "a" and link_url is not None:
                out.links.append(Link.to_resolve(link_url, "".join(link_pieces), base_url))
                link_url = None
            elif tag == "p":
                out.flush()
            continue
        pairs = _SIMPLE_ATTR.findall(attributes) if attributes else []
        attrs = dict(pairs)
        if (
            len(attrs) != len(pairs)
            or "hidden" in attrs
            or _HIDDEN_STYLE.search(attrs.get("style", ""))
            or _chrome_attr(attrs.get("class"))
            or _chrome_attr(attrs.get("id"))
        ):
            return None  # the parser knows what to drop (site chrome's images)
        if tag in _SIMPLE_VOID:
            if tag == "br":
                out.flush()
            elif attrs:
                image = image_ref(attrs, base_url)
                if image is not None:
                    out.images.append(image)
            continue
        if self_closing:
            return None
        if tag == "p":
            if open_tags:
                return None
            out.flush()
        elif tag not in _SIMPLE_INLINE or (tag == "a" and "a" in open_tags):
            return None
        elif tag == "a":
            href = attrs.get("href")
            if _followed_href(href):
                link_url = href
                link_pieces = []
        open_tags.append(tag)
    rest = fragment[position:]
    if open_tags or "<" in rest:
        return None
    if rest:
        read_text(rest)
    return out.finish()
