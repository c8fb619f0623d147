"""Conversions between model records and cache rows: dates, hashes, JSON columns, records."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from zonereader.models import CST, Article, ArticleSummary, SiteLink, StoredArticle

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


def content_hash(article: Article, zone: str, published: int | None, offset: int | None) -> str:
    """Return a digest of everything a source extracted, to tell UPDATED from UNCHANGED."""
    payload = [
        article.title,
        zone,
        article.source,
        published,
        offset,
        bool(article.has_time),
        article.origin,
        article.publisher,
        list(article.paragraphs),
        link_parts(article.prev_link),
        link_parts(article.next_link),
        list(article.links),
    ]
    encoded = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.blake2b(encoded, digest_size=16).hexdigest()


def dump_list(items: list[str]) -> str:
    """Encode a list of strings for a TEXT column."""
    return json.dumps(list(items), ensure_ascii=False, separators=(",", ":"))


def load_list(text: str | None) -> list[str]:
    """Decode a list of strings stored with :func:`dump_list`."""
    if not text:
        return []
    value = json.loads(text)
    return [str(item) for item in value] if isinstance(value, list) else []


def summary(row: Any) -> ArticleSummary:
    """Build a list row from the columns of ``store._SUMMARY_COLUMNS``."""
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
        links=load_list(row[13]),
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
