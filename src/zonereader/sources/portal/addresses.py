"""What a link's address says about it: one item, a channel's page, a part of the site.

Chinese CMSs name articles by a date or an id (``/xwzx/202311/t20231117_4412345.html``,
``/art/2023/11/17/art_1229517_59012345.html``, ``show.asp?id=3460``) and channels by a folder or
an index page (``/xwzx/gzdt/``, ``index_2.html``, ``list.asp?classid=15``); a column's id may be
in both (``/col/col1229517/`` lists ``art_1229517_….html``). Pure functions, memoised per
address.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from zonereader.text.urls import canonical_url

#: A relative address that needs no parsing to resolve: path characters that stay as they are in
#: a canonical URL (no escapes, spaces, backslashes, fragment or scheme), an optional non-empty
#: query. Dot segments and a scheme-like first segment are checked apart.
_PLAIN_HREF = re.compile(r"[A-Za-z0-9._~!$&'()*+,;=:@/-]+(?:\?[A-Za-z0-9._~!$&'()*+,;=:@/?-]+)?")
_DOT_SEGMENT = re.compile(r"(?:^|/)\.\.?(?:[/?]|$)")
#: Distinct addresses a :class:`Resolver` remembers (a page holds at most
#: :data:`~zonereader.sources.portal.entries.MAX_LINKS` links; a hostile one repeats none).
RESOLVER_MEMORY = 50_000
#: The last path segment of a channel's own page: ``index.html``, ``list_2.shtml``...
_CHANNEL_FILE = re.compile(
    r"^(?:index|default|list|lists|more|main|home|node)(?:[_-]\d+)?\.[a-z]{2,5}$", re.I
)
#: Address parts that say "one item": a date (``202311``, ``2023-11``, ``2023/11``) or an id.
_DATED_PATH = re.compile(r"(?:19|20)\d\d(?:[01]\d|[-/_][01]?\d)")
_NUMBER_RUN = re.compile(r"\d{3,}")
#: A column id in an address: a whole run of 4 digits or more (not a year).
_COLUMN_NUMBER = re.compile(r"(?<!\d)\d{4,12}(?!\d)")
_YEAR = re.compile(r"(?:19|20)\d\d")
_ID_QUERY = re.compile(r"(?:^|&)(?:id|aid|articleid|newsid|contentid|docid|infoid|itemid)=\w", re.I)


class Resolver:
    """Make a page's links absolute and canonical, the page's address parsed once.

    :func:`~zonereader.text.urls.canonical_url` joins and parses every relative link anew
    (``urljoin``, ``urlsplit``, quoting), and its cache is outgrown by a page of 20,000
    links. Most links of a list page are plain paths (``/xwzx/202311/t20231117_1.html``,
    ``./202311/t20231117_1.html``): those are joined here to the page's origin or directory as
    strings, and the result goes through ``canonical_url``'s one-regex check of an address
    already canonical. Anything else (escapes, dot segments, ``//host``, a fragment, another
    scheme) takes the general way. Every result equals ``canonical_url(href, page_url)``.
    """

    __slots__ = ("_base", "_directory", "_memory", "_origin")

    def __init__(self, page_url: str) -> None:
        """Read ``page_url``'s origin and directory (when it is a canonical http(s) address)."""
        self._base = page_url
        self._memory: dict[str, str] = {}
        self._origin = self._directory = ""
        base = canonical_url(page_url)
        if base == page_url and base.startswith(("http://", "https://")):
            parts = urlsplit(base)
            self._origin = f"{parts.scheme}://{parts.netloc}"
            self._directory = self._origin + parts.path.rsplit("/", 1)[0] + "/"

    def __call__(self, href: str) -> str:
        """The canonical absolute form of ``href`` as written in the page."""
        known = self._memory.get(href)
        if known is not None:
            return known
        joined = self._joined(href)
        url = canonical_url(joined) if joined else canonical_url(href, self._base)
        if len(self._memory) < RESOLVER_MEMORY:
            self._memory[href] = url
        return url

    def _joined(self, href: str) -> str:
        """``href`` joined to the page as a string, or ``""`` where it needs the parser."""
        if href.startswith("./"):
            href = href[2:]  # the page's own directory, as urljoin reads it
        if not self._origin or not _PLAIN_HREF.fullmatch(href) or _DOT_SEGMENT.search(href):
            return ""
        if href.startswith("/"):
            return "" if href.startswith("//") else self._origin + href
        first = href.split("/", 1)[0]
        if ":" in first or href.startswith("?"):
            return ""  # a scheme (mailto:, http:) or a query on the page's own path
        return self._directory + href


def column_numbers(url: str) -> frozenset[str]:
    """The numbers in a list page's path that may be its column's id (4 digits or more, not a
    date): ``1229517`` of ``/col/col1229517/index.html``."""
    path = urlsplit(url).path
    return frozenset(
        number
        for number in _COLUMN_NUMBER.findall(path)
        if not _DATED_PATH.match(number) and not _YEAR.fullmatch(number)
    )


def names_column(url: str, columns: frozenset[str]) -> bool:
    """Whether ``url``'s path holds one of ``columns`` (see :func:`column_numbers`) whole."""
    return bool(columns) and any(
        number in columns for number in _COLUMN_NUMBER.findall(urlsplit(url).path)
    )


def directory_of(url: str) -> str:
    """The directory part of an address, with its slash (``http://h/a/b/`` of ``…/b/c.html``)."""
    return url.rsplit("/", 1)[0] + "/"


@dataclass(frozen=True, slots=True)
class Address:
    """What an address says, worked out with one parse: see :func:`article_like`,
    :func:`channel_like` and :func:`section_of`."""

    article: bool
    channel: bool
    section: str


@functools.lru_cache(maxsize=8192)
def read_address(url: str) -> Address:
    """Everything :mod:`.entries` asks of an address, with one parse. A list page asks it
    once per link and keeps the answer with the link: a page of 20,000 links, which outgrows
    the cache, costs one parse per link, not one per question."""
    parts = urlsplit(url)
    return Address(_article(parts), _channel(parts), _section(parts))


@functools.lru_cache(maxsize=8192)
def article_like(url: str) -> bool:
    """Whether an address names one item: a date or a long number in its path, or an id."""
    return _article(urlsplit(url))


def _article(parts: SplitResult) -> bool:
    path = parts.path
    if path.endswith("/") and not _DATED_PATH.search(path):
        return False
    last = path.rsplit("/", 1)[-1]
    if _CHANNEL_FILE.match(last):
        return False
    return bool(
        _DATED_PATH.search(path) or _NUMBER_RUN.search(last) or _ID_QUERY.search(parts.query)
    )


@functools.lru_cache(maxsize=8192)
def channel_like(url: str) -> bool:
    """Whether an address is a channel's or a site's page: a directory or an index page."""
    return _channel(urlsplit(url))


def _channel(parts: SplitResult) -> bool:
    path = parts.path or "/"
    if _ID_QUERY.search(parts.query):
        return False
    if path.endswith("/"):
        return not _DATED_PATH.search(path) and not _NUMBER_RUN.search(path)
    return bool(_CHANNEL_FILE.match(path.rsplit("/", 1)[-1]))


@functools.lru_cache(maxsize=8192)
def section_of(url: str) -> str:
    """The part of the site an address is in: its path up to the first dated or numbered
    segment (``/xwzx/gzdt/`` of ``/xwzx/gzdt/202311/t20231117_1.html``)."""
    return _section(urlsplit(url))


def _section(parts: SplitResult) -> str:
    kept: list[str] = []
    for segment in parts.path.split("/")[1:-1]:
        if _DATED_PATH.search(segment) or any(ch.isdigit() for ch in segment):
            break
        kept.append(segment)
    return parts.netloc + "/" + "/".join(kept)
