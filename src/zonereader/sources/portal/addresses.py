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
from urllib.parse import urlsplit

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


@functools.lru_cache(maxsize=8192)
def article_like(url: str) -> bool:
    """Whether an address names one item: a date or a long number in its path, or an id."""
    parts = urlsplit(url)
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
    parts = urlsplit(url)
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
    parts = urlsplit(url)
    kept: list[str] = []
    for segment in parts.path.split("/")[1:-1]:
        if _DATED_PATH.search(segment) or any(ch.isdigit() for ch in segment):
            break
        kept.append(segment)
    return parts.netloc + "/" + "/".join(kept)
