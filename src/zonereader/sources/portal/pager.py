"""Find a list's next page, and say where it came from.

Real list pages show their next page in one of these ways, tried in this order:

1. a link whose text is 下一页 (下页, 后一页, 下一版, next…) with a real ``href``;
2. ``rel="next"`` on a ``<link>`` or an ``<a>``, or a pager link classed ``next``;
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
beyond the page count the page states: no count, no derived page.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

from zonereader.models import PortalSelectors
from zonereader.sources.portal.hidden import NEXT_GROUP_MARK
from zonereader.sources.portal.page import Page, followable
from zonereader.text.sanitize import clean_line
from zonereader.text.urls import canonical_url

NEXT_PAGE_WORDS = re.compile(
    r"^[\[【(（<]?\s*(?:下\s*一\s*页|下页|后一页|后页|下一頁|下一版|next|next\s*page)\s*"
    r"[>›»＞\]】)）]*$",
    re.IGNORECASE,
)
#: A pager's "next" control by its class: ``<a class="next">›</a>``, ``<li class="next"><a>``.
_NEXT_CLASS = re.compile(r"(?:^|[-_\s])(?:next|nextpage|next-page|page-next)(?:$|[-_\s])", re.I)
#: Inline script text read for script pagers on one page (a hostile page may hold megabytes).
MAX_SCRIPT_CHARS = 200_000
#: Longest inline script read: pager calls are short; a longer one is an inlined library.
MAX_SCRIPT_LENGTH = 50_000
#: Longest text block read for pager text (共8页 第1页 …): longer blocks are prose.
MAX_PAGER_TEXT = 200
#: Links read to find the extension a directory's pages use (a sample is enough).
MAX_EXTENSION_LINKS = 2000
#: Highest page count believed (a pager stating more is broken or hostile).
MAX_PAGE_COUNT = 100_000

#: An image file named for the next page: ``next``, ``page_next``, ``next-1``, ``xyy`` (下一页).
_NEXT_IMAGE = re.compile(r"(?:^|[_-])(?:next|nextpage|xyy|xiayiye)(?:$|[_-])")
#: Options of a page jumper read (one per page; a list has a few hundred pages at most).
MAX_OPTIONS = 2000
#: A jumper's script joining an address and the chosen value:
#: ``location = 'list.asp?classid=15&page=' + this.options[this.selectedIndex].value``.
_JUMP_PREFIX = re.compile(r"""(['"])([^'"]{1,300})\1\s*\+\s*this\.(?:options|value\b)""")
_NUMBER_TEXT = re.compile(r"^[\[［(（]?\s*(\d{1,5})\s*[\]］)）]?$")
_CURRENT_CLASS = re.compile(r"(?:^|[-_\s])(?:cur|current|active|on|selected|now)(?:$|[-_\s])", re.I)
_PAGE_SUFFIX = re.compile(r"^(?P<name>.+?)_(?P<number>\d{1,6})$")

_CREATE_PAGE = re.compile(r"createPageHTML\s*\(([^()]{0,400})\)")
_VAR_INT = re.compile(r"\b(?:var|let|const)\s+([A-Za-z_$][\w$]*)\s*=\s*(\d{1,7})\b")
_ARG = re.compile(r"""\s*(?:(\d{1,7})|(['"])([^'"]{0,100})\2|([A-Za-z_$][\w$.]*))\s*""")
#: A script building a page address: ``"index_" + page + ".html"`` (with ``(num - 1)``, or a
#: member such as layui laypage's ``obj.curr``...).
_ADDRESS = re.compile(
    r"""(['"])([\w./-]{0,120}?)_\1\s*\+\s*\(?\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?)\s*"""
    r"""(?:([-+])\s*(\d{1,3}))?\s*\)?\s*\+\s*(['"])\.(\w{2,6})\6"""
)
_COUNT_OPTION = re.compile(
    r"\b(?:totalPages?|pageCount|pagecount|countPage|pageTotal|total_pages?|page_count|pages)"
    r"""\s*['"]?\s*[:=]\s*(\d{1,7})\b"""
)
#: jQuery pagination's item count, a literal or a variable: ``.pagination(226, {…})``,
#: ``var total = 226; $("#Pagination").pagination(total, {…})``.
_ITEMS_CALL = re.compile(r"\.pagination\(\s*(?:(\d{1,9})|([A-Za-z_$][\w$]*))\s*,")
_ITEMS_OPTION = re.compile(
    r"\b(?:totalRecords?|totalCount|totalItems|total|recordCount|records|count)"
    r"""\s*['"]?\s*:\s*(\d{1,9})\b"""
)
_PER_PAGE_OPTION = re.compile(
    r"\b(?:items_per_page|perpage|perPage|pageSize|pagesize|page_size|limit|pageLength)"
    r"""\s*['"]?\s*:\s*(\d{1,6})\b"""
)
_ZERO_BASED_CURRENT = re.compile(r"""\bcurrent_page\s*['"]?\s*:\s*(\d{1,7})\b""")
_ONE_BASED_CURRENT = re.compile(
    r"""\b(?:currentPage|curPage|curr|current|pageNo|pageIndex|startPage)\s*['"]?\s*:\s*(\d{1,7})\b"""
)
_ZERO_BASED_HINT = re.compile(r"\b(?:callback|current_page|page_index)\b")

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


@dataclass(frozen=True, slots=True)
class NextPage:
    """The next page of a list (None when there is none) and where it came from."""

    url: str | None
    how: str = ""
    """e.g. ``link "下一页"``, ``rel=next``, ``createPageHTML(12, 0, "index", "html")``,
    ``text "共8页 第1页"`` (empty when there is no next page)."""


@dataclass(frozen=True, slots=True)
class _Scheme:
    """How a site names its list pages: page 1 is ``NAME.EXT``, page p is ``NAME_{p+offset}``.

    ``offset`` is -1 for ``index.html, index_1.html, index_2.html…`` (TRS), 0 for
    ``index.html, index_2.html, index_3.html…``.
    """

    directory: str
    name: str
    ext: str
    offset: int

    def url(self, page: int) -> str:
        if page <= 1:
            return f"{self.directory}{self.name}.{self.ext}"
        return f"{self.directory}{self.name}_{page + self.offset}.{self.ext}"

    def page_of(self, url: str) -> int | None:
        """The page number of ``url`` under this scheme, or None if it is not one of them."""
        directory, stem, ext = _split(url)
        if directory != self.directory:
            return None
        if stem == "" or (stem == self.name and ext == self.ext):
            return 1
        match = _PAGE_SUFFIX.match(stem)
        if match and match["name"] == self.name and ext == self.ext:
            return int(match["number"]) - self.offset
        return None


def find_next_page(page: Page, selectors: PortalSelectors | None) -> NextPage:
    """The URL of the list's next page and where it came from (see the module docstring)."""
    page_url = canonical_url(page.url)
    if selectors is not None and selectors.next_page:
        return _selected(page, selectors.next_page, page_url)
    for finder in (_linked, _rel_next, _classed, _numbered, _jumper, _scripted, _stated):
        found = finder(page, page_url)
        if found is not None and found.url is not None:
            return found
    return NextPage(None)


# --------------------------------------------------------------------------- links


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
    if current is None and not _PAGE_SUFFIX.match(_split(page_url)[1]) and 1 not in numbers:
        current = 1  # the first page of a channel: its own number is not a link
    if current is None or current + 1 not in numbers:
        return None
    return NextPage(numbers[current + 1], f'page-number link "{current + 1}"')


def _jumper(page: Page, page_url: str) -> NextPage | None:
    """The option after the current one in a ``<select>`` page jumper: options whose values
    are the list's pages (``index_1.html``), or page numbers that the jumper's script appends
    to an address (``'list.asp?classid=15&page=' + this.options[…].value``)."""
    for select in page.tree.css("select"):
        options = select.css("option")[:MAX_OPTIONS]
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
    return _split(url)[0] == _split(page_url)[0]


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


# --------------------------------------------------------------------------- scripts


def _scripts(page: Page) -> list[str]:
    """The page's inline script texts, bounded in size."""
    texts: list[str] = []
    budget = MAX_SCRIPT_CHARS
    for node in page.tree.css("script"):
        if node.attributes.get("src"):
            continue
        kind = (node.attributes.get("type") or "").lower()
        if kind and "javascript" not in kind and "ecmascript" not in kind:
            continue
        text = node.text()
        if not text or len(text) > MAX_SCRIPT_LENGTH:
            continue
        texts.append(text)
        budget -= len(text)
        if budget <= 0:
            break
    return texts


def _scripted(page: Page, page_url: str) -> NextPage | None:
    scripts = _scripts(page)
    if not scripts:
        return None
    variables: dict[str, int] = {}
    for text in scripts:
        for name, value in _VAR_INT.findall(text):
            variables.setdefault(name, int(value))
    for text in scripts:
        for match in _CREATE_PAGE.finditer(text):
            found = _create_page(match.group(1), variables, page_url)
            if found is not None:
                return found
    if "countPage" in variables:
        found = _create_page("countPage, currentPage", variables, page_url)
        if found is not None:
            return found
    for text in scripts:
        found = _plugin_pager(text, variables, page_url)
        if found is not None:
            return found
    return None


def _arguments(raw: str, variables: dict[str, int]) -> list[int | str | None] | None:
    """Literal arguments of a call (ints, strings; known variables resolved; others None)."""
    values: list[int | str | None] = []
    for piece in raw.split(","):
        match = _ARG.fullmatch(piece)
        if match is None:
            return None
        number, _quote, string, name = match.groups()
        if number is not None:
            values.append(int(number))
        elif string is not None:
            values.append(string)
        else:
            values.append(variables.get(name))
    return values


def _create_page(raw: str, variables: dict[str, int], page_url: str) -> NextPage | None:
    """Read ``createPageHTML(...)``: count, current page, name, extension."""
    args = _arguments(raw, variables)
    if not args:
        return None
    one_based = isinstance(args[0], str)  # the container id comes first in that variant
    if one_based:
        args = args[1:]
    if len(args) < 2 or not isinstance(args[0], int) or not isinstance(args[1], int):
        return None
    count, current = args[0], args[1]
    if not one_based and current >= count:
        one_based = True  # a current page past the last 0-based one: the page counts from 1
    directory, stem, ext = _split(page_url)
    name = args[2] if len(args) > 2 and isinstance(args[2], str) and args[2] else ""
    extension = args[3] if len(args) > 3 and isinstance(args[3], str) and args[3] else ""
    scheme = _Scheme(
        directory,
        name or _base_name(stem) or "index",
        (extension or ext or "html").lstrip("."),
        0 if one_based else -1,
    )
    position = current if one_based else current + 1
    shown = ", ".join(_show(arg) for arg in _arguments(raw, variables) or [])
    return _after(scheme, position, count, page_url, f"createPageHTML({shown})")


def _plugin_pager(text: str, variables: dict[str, int], page_url: str) -> NextPage | None:
    """A pagination plugin whose callback builds ``'index_' + page + '.html'``."""
    address = _ADDRESS.search(text)
    if address is None:
        return None
    prefix, variable, sign, amount, ext = (
        address.group(2),
        address.group(3),
        address.group(4),
        address.group(5),
        address.group(7),
    )
    base = _variable_base(text, variable)
    delta = int(amount or 0) * (-1 if sign == "-" else 1)
    count = _page_count(text, variables)
    if count is None:
        return None
    directory = _split(page_url)[0]
    folder, _, name = prefix.rpartition("/")
    if folder:
        directory = canonical_url(folder + "/", directory)
    scheme = _Scheme(directory, name, ext, base - 1 + delta)
    position = _current_in_options(text)
    how = f"pagination script ('{prefix}_' + {variable} + '.{ext}', {count} pages)"
    return _after(scheme, position, count, page_url, how)


def _variable_base(text: str, variable: str) -> int:
    """The value the callback's page variable has on the first page (0 or 1).

    Read from the test that special-cases the first page (``num == 1 ? 'index.html' : …``),
    else from the plugin's option names (a ``callback`` with ``current_page`` counts from 0;
    ``onPageChange``, ``onPageClick``, ``jump`` count from 1).
    """
    test = re.search(rf"\b{re.escape(variable)}\s*(===?|!==?|<=|>=|<|>)\s*(\d)\b", text)
    if test is not None:
        operator, literal = test.group(1), int(test.group(2))
        if operator in ("<", ">="):
            return max(0, literal - 1)
        return literal
    return 0 if _ZERO_BASED_HINT.search(text) else 1


def _page_count(text: str, variables: dict[str, int]) -> int | None:
    match = _COUNT_OPTION.search(text)
    if match is not None:
        return int(match.group(1))
    per_page = _PER_PAGE_OPTION.search(text)
    if per_page is None or int(per_page.group(1)) == 0:
        return None
    items: int | None = None
    call = _ITEMS_CALL.search(text)
    if call is not None:
        items = int(call.group(1)) if call.group(1) else variables.get(call.group(2))
    if items is None:
        option = _ITEMS_OPTION.search(text)
        items = int(option.group(1)) if option is not None else None
    if items is None:
        return None
    return math.ceil(items / int(per_page.group(1)))


def _current_in_options(text: str) -> int | None:
    """The current page (1-based) a plugin's options state, if they do."""
    zero = _ZERO_BASED_CURRENT.search(text)
    if zero is not None:
        return int(zero.group(1)) + 1
    one = _ONE_BASED_CURRENT.search(text)
    return int(one.group(1)) if one is not None else None


# --------------------------------------------------------------------------- pager text


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
    directory, stem, ext = _split(page_url)
    name = _base_name(stem) or "index"
    extension = ext or _article_extension(page, directory) or "html"
    offset = -1
    match = _PAGE_SUFFIX.match(stem)
    if match is not None and current is not None and int(match["number"]) == current:
        offset = 0  # this page is NAME_{its own number}: pages count from 1 in addresses
    scheme = _Scheme(directory, name, extension, offset)
    return _after(scheme, current, count, page_url, f'text "{shown}"')


def _article_extension(page: Page, directory: str) -> str:
    """The extension most links under the page's directory use (for a directory URL)."""
    counts: dict[str, int] = {}
    for anchor in page.tree.css("a[href]")[:MAX_EXTENSION_LINKS]:
        href = anchor.attributes.get("href") or ""
        url = canonical_url(href, page.url) if href else ""
        if url.startswith(directory):
            ext = _split(url)[2]
            if ext:
                counts[ext] = counts.get(ext, 0) + 1
    return max(counts, key=lambda key: counts[key]) if counts else ""


# --------------------------------------------------------------------------- addresses


def _after(
    scheme: _Scheme, position: int | None, count: int, page_url: str, how: str
) -> NextPage | None:
    """The page after ``position`` (1-based; None: read it from the URL), within ``count``."""
    if count > MAX_PAGE_COUNT or count < 1 or urlsplit(page_url).query:
        return None  # a page with a query string is dynamic: its pages are not files
    from_url = scheme.page_of(page_url)
    if from_url is not None and (position is None or from_url != position):
        position = from_url  # the page's own address is where we are
    if position is None or position + 1 > count:
        return None
    url = canonical_url(scheme.url(position + 1))
    if url == page_url:
        return None
    return NextPage(url, how)


def _split(url: str) -> tuple[str, str, str]:
    """``(directory URL with its slash, file stem, extension)`` of an address."""
    parts = urlsplit(url)
    path = parts.path or "/"
    folder, _, filename = path.rpartition("/")
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, ""
    root = f"{parts.scheme}://{parts.netloc}" if parts.scheme else ""
    return f"{root}{folder}/", stem, ext.lower()


def _base_name(stem: str) -> str:
    """``index`` for ``index`` and ``index_3``."""
    match = _PAGE_SUFFIX.match(stem)
    return match["name"] if match else stem


def _show(value: int | str | None) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    return "?" if value is None else str(value)
