"""Find a list's next page, and say where it came from.

Real list pages show their next page in one of these ways, tried in this order:

1. a link whose text is 下一页 (下页, 后一页, 下一版, next…) with a real ``href`` (or an image
   link whose alt text or file name says so);
2. ``rel="next"`` on a ``<link>`` or an ``<a>`` (also a script datastore's next group, which
   :mod:`~zonereader.sources.portal.hidden` makes such a link), or a pager link classed ``next``;
3. a pager of page numbers (``1 2 3 … 17``) whose link to the page after the current one is
   real, or a ``<select>`` page jumper whose options are the list's pages (or page numbers its
   script appends to an address);
4. a pager that a script builds at load time: TRS-style ``createPageHTML(count, current,
   "index", "html")`` (and its variants with the container id first, with two arguments, or
   fed by ``var countPage = N`` / ``var currentPage = M``), or a pagination plugin whose
   callback builds the address (``'index_' + i + '.html'``) and whose options give the page
   count (``totalPages: 15``, or items and items per page);
5. pager text with no usable link: ``共8页``, ``页次：1/23``, ``第1页 共8页``.

For 4 and 5 the next page's address is derived from the site's naming scheme (``index.html``,
``index_1.html``, ``index_2.html``… or ``index_2.html`` first, as the script shows), and never
beyond the page count the page states: no count, no derived page. Script pagers are read by
:mod:`~zonereader.sources.portal.scripted`, the naming by
:mod:`~zonereader.sources.portal.page_names`.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

from zonereader.models import PortalSelectors
from zonereader.sources.portal.hidden import NEXT_GROUP_MARK
from zonereader.sources.portal.page import Page, followable
from zonereader.sources.portal.page_names import (
    PAGE_SUFFIX,
    NextPage,
    PageScheme,
    base_name,
    page_after,
    split_address,
)
from zonereader.sources.portal.scripted import scripted_next
from zonereader.text.sanitize import clean_line
from zonereader.text.selects import MAX_KEPT
from zonereader.text.urls import canonical_url

__all__ = ["NEXT_PAGE_WORDS", "NextPage", "find_next_page"]

NEXT_PAGE_WORDS = re.compile(
    r"^[\[【(（<]?\s*(?:下\s*一\s*页|下页|后一页|后页|下一頁|下一版|next|next\s*page)\s*"
    r"[>›»＞\]】)）]*$",
    re.IGNORECASE,
)
#: A pager's "next" control by its class: ``<a class="next">›</a>``, ``<li class="next"><a>``.
_NEXT_CLASS = re.compile(r"(?:^|[-_\s])(?:next|nextpage|next-page|page-next)(?:$|[-_\s])", re.I)
#: Longest text block read for pager text (共8页 第1页 …): longer blocks are prose.
MAX_PAGER_TEXT = 200
#: Links read to find the extension a directory's pages use (a sample is enough).
MAX_EXTENSION_LINKS = 2000
#: An image file named for the next page: ``next``, ``page_next``, ``next-1``, ``xyy`` (下一页).
_NEXT_IMAGE = re.compile(r"(?:^|[_-])(?:next|nextpage|xyy|xiayiye)(?:$|[_-])")
#: A jumper's script joining an address and the chosen value:
#: ``location = 'list.asp?classid=15&page=' + this.options[this.selectedIndex].value``.
_JUMP_PREFIX = re.compile(r"""(['"])([^'"]{1,300})\1\s*\+\s*this\.(?:options|value\b)""")
_NUMBER_TEXT = re.compile(r"^[\[［(（]?\s*(\d{1,5})\s*[\]］)）]?$")
_CURRENT_CLASS = re.compile(r"(?:^|[-_\s])(?:cur|current|active|on|selected|now)(?:$|[-_\s])", re.I)
_TEXT_RATIO = re.compile(
    r"(?:页次|页码|当前页)\s*[:：]?\s*(\d{1,6})\s*/\s*(\d{1,6})|第?\s*(\d{1,6})\s*/\s*(\d{1,6})\s*页"
)
_TEXT_COUNT = re.compile(r"共\s*(\d{1,6})\s*页")
_TEXT_CURRENT = re.compile(r"(?:当前)?第\s*(\d{1,6})\s*页|当前页\s*[:：]?\s*(\d{1,6})")
_DIGITS = re.compile(r"[\d\s/:：第共页当前次码]")
#: Most other characters a block may hold to be read as pager text without pager words.
MAX_BARE_PAGER = 6
#: Words that show a block of text is a pager (共8页 alone could be a line of prose).
_PAGER_HINT = re.compile(r"首页|上一页|下一页|上页|下页|尾页|末页|跳转|转到|每页|记录|条")


def find_next_page(page: Page, selectors: PortalSelectors | None) -> NextPage:
    """The URL of the list's next page and where it came from (see the module docstring)."""
    page_url = canonical_url(page.url)
    if selectors is not None and selectors.next_page:
        return _selected(page, selectors.next_page, page_url)
    for finder in (_linked, _rel_next, _classed, _numbered, _jumper, scripted_next, _stated):
        found = finder(page, page_url)
        if found is not None and found.url is not None:
            return found
    return NextPage(None)


def _usable(href: str, page: Page, page_url: str) -> str | None:
    href = href.strip()
    if not href or href.lower().startswith(("javascript:", "#", "mailto:")):
        return None
    url = canonical_url(href, page.url)
    return url if followable(url, page_url) and url != page_url else None


def _selected(page: Page, selector: str, page_url: str) -> NextPage:
    node = page.tree.css_first(selector)
    if node is None:
        return NextPage(None)
    anchor = node if node.tag == "a" else node.css_first("a[href]")
    href = (anchor.attributes.get("href") or "") if anchor is not None else ""
    url = _usable(href, page, page_url)
    return NextPage(url, f"selector {selector}" if url else "")


def _linked(page: Page, page_url: str) -> NextPage | None:
    """A link whose text (or title, or its image's alt text) says 下一页."""
    for anchor in page.tree.css("a[href]"):
        text = clean_line(anchor.text(separator="")) or clean_line(
            anchor.attributes.get("title") or ""
        )
        if not text:
            image = anchor.css_first("img")
            text = _image_words(image) if image is not None else ""
        if NEXT_PAGE_WORDS.match(text):
            url = _usable(anchor.attributes.get("href") or "", page, page_url)
            if url is not None:
                return NextPage(url, f'link "{text}"')
    return None


def _image_words(image: LexborNode) -> str:
    """What an image link says: its alt text, else ``next`` for a file named so
    (``/images/next.gif``, ``page_next.png``, ``xyy.gif`` for 下一页)."""
    alt = clean_line(image.attributes.get("alt") or "")
    if alt:
        return alt
    name = (image.attributes.get("src") or "").rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
    return "next" if _NEXT_IMAGE.search(name) else ""


def _classed(page: Page, page_url: str) -> NextPage | None:
    """A pager link classed "next" whatever its text (``<a class="next">›</a>``)."""
    for anchor in page.tree.css("a[href]"):
        if _classed_next(anchor):
            url = _usable(anchor.attributes.get("href") or "", page, page_url)
            if url is not None:
                return NextPage(url, 'link of class "next"')
    return None


def _classed_next(anchor: LexborNode) -> bool:
    """Whether a link, or the list item holding it, is a pager's "next" control by class."""
    if _NEXT_CLASS.search(anchor.attributes.get("class") or ""):
        return True
    parent = anchor.parent
    return (
        parent is not None
        and parent.tag == "li"
        and bool(_NEXT_CLASS.search(parent.attributes.get("class") or ""))
    )


def _rel_next(page: Page, page_url: str) -> NextPage | None:
    """``rel="next"`` on a ``<link>`` or ``<a>`` (also a script datastore's next group, which
    :mod:`~zonereader.sources.portal.hidden` made such a link)."""
    for node in page.tree.css("link[rel], a[rel]"):
        rel = (node.attributes.get("rel") or "").lower().split()
        if "next" not in rel:
            continue
        url = _usable(node.attributes.get("href") or "", page, page_url)
        if url is not None:
            group = NEXT_GROUP_MARK in node.attributes
            return NextPage(url, "the datastore's next-group link" if group else "rel=next")
    return None


def _numbered(page: Page, page_url: str) -> NextPage | None:
    """The link to the page after the current one in a pager of page numbers."""
    numbers: dict[int, str] = {}
    current: int | None = None
    for anchor in page.tree.css("a[href]"):
        match = _NUMBER_TEXT.match(clean_line(anchor.text(separator="")))
        if match is None:
            continue
        number = int(match.group(1))
        href = (anchor.attributes.get("href") or "").strip()
        if href and not href.lower().startswith(("javascript:", "#", "mailto:")):
            url = canonical_url(href, page.url)
            if url == page_url:
                current = number
            elif followable(url, page_url) and _sibling(url, page_url):
                numbers.setdefault(number, url)
    if not numbers:
        return None
    if current is None:
        current = _marked_current(page)
    if current is None:
        current = _stated_position(page)[0]
    if current is None and not PAGE_SUFFIX.match(split_address(page_url)[1]) and 1 not in numbers:
        current = 1  # the first page of a channel: its own number is not a link
    if current is None or current + 1 not in numbers:
        return None
    return NextPage(numbers[current + 1], f'page-number link "{current + 1}"')


def _jumper(page: Page, page_url: str) -> NextPage | None:
    """The option after the current one in a ``<select>`` page jumper: options whose values
    are the list's pages (``index_1.html``), or page numbers that the jumper's script appends
    to an address (``'list.asp?classid=15&page=' + this.options[…].value``)."""
    for select in page.tree.css("select"):
        options = select.css("option")[:MAX_KEPT]  # cut so before parsing
        if len(options) < 2:
            continue
        prefix = _JUMP_PREFIX.search(select.attributes.get("onchange") or "")
        values = [(option.attributes.get("value") or "").strip() for option in options]
        current = next(
            (i for i, option in enumerate(options) if "selected" in option.attributes), None
        )
        if prefix is not None and all(value.isdigit() for value in values):
            if current is None or current + 1 >= len(values):
                continue
            url = _usable(prefix.group(2) + values[current + 1], page, page_url)
            if url is not None and _sibling(url, page_url):
                return NextPage(url, f"page jumper option {values[current + 1]}")
            continue
        urls = [canonical_url(value, page.url) if value else "" for value in values]
        if not all((url and _sibling(url, page_url)) or url == page_url for url in urls):
            continue  # a jumper to other sites or sections, not a list's pages
        here = next((i for i, url in enumerate(urls) if url == page_url), current)
        if here is None or here + 1 >= len(urls):
            continue
        url = _usable(urls[here + 1], page, page_url)
        if url is not None:
            return NextPage(url, f'page jumper option "{clean_line(options[here + 1].text())}"')
    return None


def _sibling(url: str, page_url: str) -> bool:
    """Whether ``url`` is another page of the same list: the same directory, or the same
    path with another query (a calendar's day links lead elsewhere)."""
    here, there = urlsplit(page_url), urlsplit(url)
    if here.netloc != there.netloc:
        return False
    if here.path == there.path:
        return here.query != there.query
    return split_address(url)[0] == split_address(page_url)[0]


def _marked_current(page: Page) -> int | None:
    """The current page number a pager marks with a class (``<span class="current">3``)."""
    for node in page.tree.css("[class]"):
        if node.tag == "a" and node.attributes.get("href"):
            href = (node.attributes.get("href") or "").strip().lower()
            if not href.startswith(("javascript:", "#")):
                continue
        if not _CURRENT_CLASS.search(node.attributes.get("class") or ""):
            continue
        match = _NUMBER_TEXT.match(clean_line(node.text(separator="")))
        if match is not None:
            return int(match.group(1))
    return None


def _stated_position(page: Page) -> tuple[int | None, int | None, str]:
    """``(current page, page count, the text)`` a pager states in words, if it does."""
    for block in page.blocks:
        text = block.stripped
        if "页" not in text or len(text) > MAX_PAGER_TEXT:
            continue
        if not _PAGER_HINT.search(text) and len(_DIGITS.sub("", text)) > MAX_BARE_PAGER:
            continue
        ratio = _TEXT_RATIO.search(text)
        if ratio is not None:
            current = int(ratio.group(1) or ratio.group(3))
            count = int(ratio.group(2) or ratio.group(4))
            return current, count, ratio.group(0)
        total = _TEXT_COUNT.search(text)
        if total is not None:
            where = _TEXT_CURRENT.search(text)
            stated = int(where.group(1) or where.group(2)) if where is not None else None
            shown = total.group(0) + (f" {where.group(0)}" if where is not None else "")
            return stated, int(total.group(1)), shown
    return None, None, ""


def _stated(page: Page, page_url: str) -> NextPage | None:
    current, count, shown = _stated_position(page)
    if count is None:
        return None
    directory, stem, ext = split_address(page_url)
    name = base_name(stem) or "index"
    extension = ext or _article_extension(page, directory) or "html"
    offset = -1
    match = PAGE_SUFFIX.match(stem)
    if match is not None and current is not None and int(match["number"]) == current:
        offset = 0  # this page is NAME_{its own number}: pages count from 1 in addresses
    scheme = PageScheme(directory, name, extension, offset)
    return page_after(scheme, current, count, page_url, f'text "{shown}"')


def _article_extension(page: Page, directory: str) -> str:
    """The extension most links under the page's directory use (for a directory URL)."""
    counts: dict[str, int] = {}
    for anchor in page.tree.css("a[href]")[:MAX_EXTENSION_LINKS]:
        href = anchor.attributes.get("href") or ""
        url = canonical_url(href, page.url) if href else ""
        if url.startswith(directory):
            ext = split_address(url)[2]
            if ext:
                counts[ext] = counts.get(ext, 0) + 1
    return max(counts, key=lambda key: counts[key]) if counts else ""
