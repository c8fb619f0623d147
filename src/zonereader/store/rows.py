"""Conversions between model records and cache rows: dates, hashes, JSON columns, records.

Nothing here touches SQLite, so a sync's parse helper processes can put articles in the form
the cache stores (:func:`prepare_article`) without loading the store.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from zonereader.models import (
    CST,
    Article,
    ArticleSummary,
    BodyImage,
    BodyLink,
    SiteLink,
    StoredArticle,
    join_zone,
    pickled_by_fields,
)
from zonereader.text.bigrams import index_text

_CST_OFFSET = 8 * 3600


def to_epoch(moment: datetime | None) -> tuple[int | None, int | None]:
    """Return ``moment`` as (UTC epoch seconds, UTC offset in seconds), or (None, None).

    A naive datetime is read as China Standard Time, like every portal date without a zone.
    """
    if moment is None:
        return None, None
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=CST)
    offset = moment.utcoffset()
    assert offset is not None
    return int(moment.timestamp()), int(offset.total_seconds())


def from_epoch(epoch: int | None, offset: int | None) -> datetime | None:
    """Rebuild an aware datetime from (epoch seconds, offset seconds); CST when no offset."""
    if epoch is None:
        return None
    if offset is None or offset == _CST_OFFSET:
        zone: timezone = CST
    elif offset == 0:
        zone = UTC
    else:
        zone = timezone(timedelta(seconds=offset))
    return datetime.fromtimestamp(epoch, zone)


def utc_datetime(epoch: float | None) -> datetime | None:
    """Return an aware UTC datetime for a stored epoch (``None`` stays ``None``)."""
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, UTC)


def link_parts(link: SiteLink | None) -> tuple[str | None, str | None]:
    """Return (url, title) of a site link, or (None, None)."""
    if link is None:
        return None, None
    return link.url, link.title


def make_link(url: str | None, title: str | None) -> SiteLink | None:
    """Rebuild a site link from its columns."""
    if not url:
        return None
    return SiteLink(url=url, title=title or "")


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """An article in the form the cache stores it: what a write would otherwise compute.

    Made by :func:`prepare_article` wherever there is CPU to spare (a sync prepares articles
    in its parse helper processes, so that its one writer thread only runs SQL).
    ``title_index`` and ``body_index`` are the texts split for the search index (None: the
    store splits them if it writes the article). The article must not change once prepared:
    the store writes what was computed here.
    """

    article: Article
    zone: str
    published: int | None
    offset: int | None
    digest: str
    paragraphs_json: str
    links_json: str
    images_json: str
    title_index: str | None = None
    body_index: str | None = None


def prepare_article(article: Article, *, index: bool = True) -> PreparedArticle:
    """Return ``article`` with its zone, dates, JSON columns and content hash computed.

    ``index=False`` leaves the search-index texts to the store, which splits them only for an
    article it writes (an unchanged one is never split).
    """
    zone = join_zone(article.zone)
    published, offset = to_epoch(article.published)
    paragraphs_json = dump_list(article.paragraphs)
    links_json = dump_links(article.links)
    images_json = dump_images(article.images)
    digest = _content_hash(
        article, zone, published, offset, paragraphs_json, links_json, images_json
    )
    return PreparedArticle(
        article=article,
        zone=zone,
        published=published,
        offset=offset,
        digest=digest,
        paragraphs_json=paragraphs_json,
        links_json=links_json,
        images_json=images_json,
        title_index=index_text(article.title) if index else None,
        body_index=index_text("\n".join(article.paragraphs)) if index else None,
    )


def _content_hash(
    article: Article,
    zone: str,
    published: int | None,
    offset: int | None,
    paragraphs_json: str,
    links_json: str,
    images_json: str,
) -> str:
    """A digest of everything a source extracted, to tell UPDATED from UNCHANGED.

    The hash covers the compact JSON of ``[title, zone, source, published, offset, has_time,
    origin, publisher, paragraphs, prev link, next link, links]``, and the images after them
    when there are any; it is assembled from pieces so the paragraphs are encoded once, not
    twice. Every cached article's hash was made this way: changing what goes in marks every
    re-fetched article UPDATED. (A link without text is encoded as its bare URL and no images
    add nothing, so such an article hashes as it did before links kept their text.)
    """
    head = _compact(
        [
            article.title,
            zone,
            article.source,
            published,
            offset,
            bool(article.has_time),
            article.origin,
            article.publisher,
        ]
    )
    sides = _compact([link_parts(article.prev_link), link_parts(article.next_link)])
    images = f",{images_json}" if images_json != _EMPTY_LIST else ""
    encoded = f"{head[:-1]},{paragraphs_json},{sides[1:-1]},{links_json}{images}]".encode()
    return hashlib.blake2b(encoded, digest_size=16).hexdigest()


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def dump_list(items: list[str]) -> str:
    """Encode a list of strings for a TEXT column."""
    return _compact(list(items))


_EMPTY_LIST = "[]"


def dump_links(links: list[BodyLink]) -> str:
    """Encode body links: a bare URL when the link had no text, else ``[url, text]``."""
    return _compact([[link.url, link.text] if link.text else link.url for link in links])


def load_links(text: str | None) -> list[BodyLink]:
    """Decode body links stored with :func:`dump_links` (or the bare URLs of older caches)."""
    out: list[BodyLink] = []
    for item in _json_list(text):
        if isinstance(item, str):
            out.append(BodyLink(item))
        elif isinstance(item, list) and len(item) == 2:
            out.append(BodyLink(str(item[0]), str(item[1])))
    return out


def dump_images(images: list[BodyImage]) -> str:
    """Encode body images as ``[[url, caption, paragraph], ...]``."""
    return _compact([[image.url, image.caption, image.paragraph] for image in images])


def load_images(text: str | None) -> list[BodyImage]:
    """Decode body images stored with :func:`dump_images` (malformed items are skipped)."""
    out: list[BodyImage] = []
    for item in _json_list(text):
        if isinstance(item, list) and len(item) == 3 and isinstance(item[2], int):
            out.append(BodyImage(str(item[0]), str(item[1]), item[2]))
    return out


def _json_list(text: str | None) -> list[Any]:
    if not text:
        return []
    try:
        value = json.loads(text)
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def load_list(text: str | None) -> list[str]:
    """Decode a list of strings stored with :func:`dump_list`."""
    if not text:
        return []
    value = json.loads(text)
    return [str(item) for item in value] if isinstance(value, list) else []


def summary(row: Any) -> ArticleSummary:
    """Build a list row from the columns of ``lists.SUMMARY_COLUMNS``."""
    return ArticleSummary(
        id=int(row[0]),
        url=row[1],
        title=row[2],
        zone=row[3],
        published=from_epoch(row[4], row[5]),
        publisher=row[6],
        read=bool(row[7]),
        bookmarked=bool(row[8]),
    )


def stored(row: Any) -> StoredArticle:
    """Build a stored article from the columns of ``store._ARTICLE_SELECT``."""
    article = Article(
        url=row[1],
        title=row[2],
        zone=row[3],
        source=row[4],
        published=from_epoch(row[5], row[6]),
        has_time=bool(row[7]),
        origin=row[8],
        publisher=row[9],
        paragraphs=load_list(row[12]),
        links=load_links(row[13]),
        images=load_images(row[19]),
        prev_link=make_link(row[14], row[15]),
        next_link=make_link(row[16], row[17]),
    )
    first_seen = utc_datetime(row[10])
    assert first_seen is not None
    return StoredArticle(
        id=int(row[0]),
        article=article,
        first_seen=first_seen,
        read=bool(row[11]),
        bookmarked=row[18] is not None,
        bookmarked_at=utc_datetime(row[18]),
    )
