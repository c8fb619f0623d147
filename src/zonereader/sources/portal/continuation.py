"""Articles split over several pages: find the other pages, and join the pages' text.

Long articles on real sites are cut into pages: ``t20231117_4412345.html`` is followed by
``t20231117_4412345_1.html``, ``_2.html``… (or ``_2``, ``_3``… when addresses count from 1), or
``show.php?id=88&page=2``, with a pager under the body (``共3页 1 2 3 下一页``) that may be links,
a script (``createPageHTML(3, 0, "t20231117_4412345", "html")``) or links plus ``共N页`` text
showing only some page numbers. :func:`continuation_pages` lists the other pages of the article
in order, on the article's own host, at most :data:`MAX_ARTICLE_PAGES` in all; a sync fetches
them and :func:`join_pages` makes one article of the pages.

A page that links back to the first page of its own series (``…_2.html`` linking to ``….html``)
is itself a continuation: it lists none.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from zonereader.models import Article
from zonereader.sources.portal.page import Page
from zonereader.text.urls import canonical_url

#: Most pages an article may have, the first included (a pager stating more is cut there).
MAX_ARTICLE_PAGES = 20
#: Longest paragraph taken for a line of site text repeated on every page (责任编辑, 来源...)
#: rather than for the article's own words.
MAX_REPEATED_LINE = 40
#: Longest paragraph that may be a pager line left in a page's body.
MAX_PAGER_LINE = 80

_PAGE_PARAMETER = re.compile(r"^(?:page|p|pn|pageno|page_no|pageindex|curpage|cp)$", re.IGNORECASE)
_CREATE_PAGE = re.compile(
    r"""createPageHTML\s*\(\s*(['"][^'"]*['"]\s*,\s*)?(\d{1,4})\s*,\s*(\d{1,4})\s*,\s*"""
    r"""['"]([^'"]{1,120})['"]\s*,\s*['"]\.?(\w{2,6})['"]"""
)
_NUMBERS = re.compile(r"\d+(?:\s+\d+)+")
_STATED_COUNT = re.compile(r"共\s*(\d{1,4})\s*页")
_PAGER_LINE = re.compile(
    r"^(?:共\s*\d+\s*页|第\s*\d+\s*页|上一页|下一页|上页|下页|首页|尾页|末页|\d+|[\[\]【】<>«»|\s,，.…])+$"
)


def continuation_pages(page: Page) -> list[str]:
    """The addresses of the article's other pages, in order (empty for a one-page article).

    Args:
        page: the article's first page, parsed.

    Returns:
        Canonical URLs on the article's host, at most ``MAX_ARTICLE_PAGES - 1``.
    """
    url = canonical_url(page.url)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return []
    by_path = _path_series(page, url)
    if by_path is not None:
        return by_path
    return _query_series(page, url)


def _path_series(page: Page, url: str) -> list[str] | None:
    """``NAME_k.EXT`` pages of an article at ``NAME.EXT``; None when the address has no name."""
    parts = urlsplit(url)
    folder, _, filename = parts.path.rpartition("/")
    stem, dot, ext = filename.rpartition(".")
    if not dot or not stem or parts.query:
        return None
    prefix = f"{parts.scheme}://{parts.netloc}{folder}/"
    pattern = re.compile(rf"^{re.escape(stem)}_(\d{{1,4}})\.{re.escape(ext)}$", re.IGNORECASE)
    back = re.match(r"^(.+)_\d{1,4}$", stem)
    first_of_mine = f"{prefix}{back.group(1)}.{ext}" if back else None
    numbers: set[int] = set()
    # Only links that spell this file's name can be its pages (a cheap test before the URL
    # is made canonical; a name with non-ASCII characters may be percent-encoded in links).
    name = back.group(1) if back else stem
    spelled = name if name.isascii() else ""
    mine = f"{name}.{ext}".lower()
    for anchor in page.tree.css("a[href]"):
        href = (anchor.attributes.get("href") or "").strip()
        if not href or (spelled and spelled not in href):
            continue
        if href.lower().startswith(("javascript:", "#", "mailto:")):
            continue
        if spelled:
            # the file a link names must be a page of the series or the first page: tested
            # on the link as written, before the (costlier) canonical URL is made
            last = href.split("#", 1)[0].split("?", 1)[0].rsplit("/", 1)[-1]
            if last.lower() != mine and pattern.match(last) is None:
                continue
        target = canonical_url(href, page.url)
        if first_of_mine is not None and target == first_of_mine:
            return []  # this page is itself a later page of an article
        if not target.startswith(prefix):
            continue
        match = pattern.match(target[len(prefix) :])
        if match is not None:
            numbers.add(int(match.group(1)))
    count, scripted_first = _stated_pages(page, stem, read_text=bool(numbers))
    if count is not None and (numbers or scripted_first):
        first = scripted_first or (1 if 1 in numbers else min(numbers))
        numbers.update(range(first, first + count - 1))
    numbers.discard(0)
    ordered = sorted(numbers)[: MAX_ARTICLE_PAGES - 1]
    return [canonical_url(f"{prefix}{stem}_{number}.{ext}") for number in ordered]


def _stated_pages(page: Page, stem: str, *, read_text: bool) -> tuple[int | None, int]:
    """``(page count, first page number)`` the article's pager states, if it does.

    A script pager naming the article is always read; ``共N页`` text only with ``read_text``
    (when links to later pages were found: text alone could be any page's).

    The first number is that of the second page's address when a script pager says it (0
    when the script does not tell, 1 for TRS's ``name_1``, 2 for the variant whose container
    id comes first and whose addresses count from 1).
    """
    for node in page.tree.css("script"):
        if node.attributes.get("src"):
            continue
        text = node.text()
        if "createPageHTML" not in text:
            continue
        for match in _CREATE_PAGE.finditer(text):
            if match.group(4) == stem:
                return min(int(match.group(2)), MAX_ARTICLE_PAGES), 2 if match.group(1) else 1
    if not read_text:
        return None, 0
    for block in page.blocks:
        text = block.stripped
        if len(text) <= MAX_PAGER_LINE and "页" in text:
            found = _STATED_COUNT.search(text)
            if found is not None:
                return min(int(found.group(1)), MAX_ARTICLE_PAGES), 0
    return None, 0


def _query_series(page: Page, url: str) -> list[str]:
    """Pages of a dynamic article: the same address with a page parameter (``&page=2``)."""
    parts = urlsplit(url)
    own = parse_qsl(parts.query, keep_blank_values=True)
    numbers: dict[int, str] = {}
    filename = parts.path.rsplit("/", 1)[-1]
    spelled = filename if filename.isascii() else ""
    for anchor in page.tree.css("a[href]"):
        href = (anchor.attributes.get("href") or "").strip()
        if not href or "=" not in href or (spelled and spelled not in href and href[0] != "?"):
            continue
        if href.lower().startswith(("javascript:", "#", "mailto:")):
            continue
        target = urlsplit(canonical_url(href, page.url))
        if (target.netloc, target.path) != (
            parts.netloc,
            parts.path,
        ) or target.query == parts.query:
            continue
        theirs = parse_qsl(target.query, keep_blank_values=True)
        number = _page_number(own, theirs)
        if number is not None and number >= 2:
            numbers.setdefault(number, urlunsplit(target))
    if any(_PAGE_PARAMETER.match(key) and value not in ("", "1") for key, value in own):
        return []  # this is a later page of an article
    ordered = sorted(numbers)[: MAX_ARTICLE_PAGES - 1]
    return [numbers[number] for number in ordered]


def _page_number(own: list[tuple[str, str]], theirs: list[tuple[str, str]]) -> int | None:
    """The page number ``theirs`` adds to (or changes in) ``own``, if that is all it changes."""
    mine = dict(own)
    other = dict(theirs)
    changed = {key for key in mine.keys() | other.keys() if mine.get(key) != other.get(key)}
    if len(changed) != 1:
        return None
    (key,) = changed
    value = other.get(key, "")
    if not _PAGE_PARAMETER.match(key) or not value.isdigit():
        return None
    return int(value)


def is_pager_line(text: str) -> bool:
    """Whether a paragraph is an article's pager (``共3页 上一页 1 2 3 下一页``), not prose."""
    stripped = text.strip()
    return (
        0 < len(stripped) <= MAX_PAGER_LINE
        and ("页" in stripped or _NUMBERS.fullmatch(stripped) is not None)
        and _PAGER_LINE.match(stripped) is not None
    )


def join_pages(first: Article, later: list[Article]) -> Article:
    """One article from its first page and its later pages, in order.

    The body is every page's paragraphs in order, without pager lines, and without the short
    lines every page repeats (a 责任编辑 or 来源 line printed on each page is kept once, where
    the last page has it). The links are every page's, once; everything else is the first
    page's.
    """
    pages = [[p for p in article.paragraphs if not is_pager_line(p)] for article in [first, *later]]
    repeated = set.intersection(
        *({p for p in paragraphs if len(p) <= MAX_REPEATED_LINE} for paragraphs in pages)
    )
    paragraphs: list[str] = []
    for number, page_paragraphs in enumerate(pages):
        last = number == len(pages) - 1
        paragraphs.extend(p for p in page_paragraphs if last or p not in repeated)
    links = list(dict.fromkeys(link for article in [first, *later] for link in article.links))
    return replace(first, paragraphs=paragraphs or first.paragraphs, links=links)
