"""How a site names its list pages, and the next page derived from that naming.

A script pager or pager text gives a page count and the current page but no link; the next page
is then derived from the site's naming: ``index.html, index_1.html, index_2.html…`` (TRS: page
``p`` is ``NAME_{p-1}``) or ``index.html, index_2.html…`` (page ``p`` is ``NAME_p``), never past
the count the page states, and never for a dynamic page (an address with a query string).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from zonereader.text.urls import canonical_url

#: Highest page count believed (a pager stating more is broken or hostile).
MAX_PAGE_COUNT = 100_000
PAGE_SUFFIX = re.compile(r"^(?P<name>.+?)_(?P<number>\d{1,6})$")


@dataclass(frozen=True, slots=True)
class NextPage:
    """The next page of a list (None when there is none) and where it came from."""

    url: str | None
    how: str = ""
    """e.g. ``link "下一页"``, ``rel=next``, ``createPageHTML(12, 0, "index", "html")``,
    ``text "共8页 第1页"`` (empty when there is no next page)."""


@dataclass(frozen=True, slots=True)
class PageScheme:
    """How a site names its list pages: page 1 is ``NAME.EXT``, page p is ``NAME_{p+offset}``.

    ``offset`` is -1 for ``index.html, index_1.html, index_2.html…`` (TRS), 0 for
    ``index.html, index_2.html, index_3.html…``.
    """

    directory: str
    name: str
    ext: str
    offset: int

    def url(self, page: int) -> str:
        """The address of page ``page`` (1: the first)."""
        if page <= 1:
            return f"{self.directory}{self.name}.{self.ext}"
        return f"{self.directory}{self.name}_{page + self.offset}.{self.ext}"

    def page_of(self, url: str) -> int | None:
        """The page number of ``url`` under this scheme, or None if it is not one of them."""
        directory, stem, ext = split_address(url)
        if directory != self.directory:
            return None
        if stem == "" or (stem == self.name and ext == self.ext):
            return 1
        match = PAGE_SUFFIX.match(stem)
        if match and match["name"] == self.name and ext == self.ext:
            return int(match["number"]) - self.offset
        return None


def page_after(
    scheme: PageScheme, position: int | None, count: int, page_url: str, how: str
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


def split_address(url: str) -> tuple[str, str, str]:
    """``(directory URL with its slash, file stem, extension)`` of an address."""
    parts = urlsplit(url)
    path = parts.path or "/"
    folder, _, filename = path.rpartition("/")
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, ""
    root = f"{parts.scheme}://{parts.netloc}" if parts.scheme else ""
    return f"{root}{folder}/", stem, ext.lower()


def base_name(stem: str) -> str:
    """``index`` for ``index`` and ``index_3``."""
    match = PAGE_SUFFIX.match(stem)
    return match["name"] if match else stem
