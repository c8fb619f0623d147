"""Feeds that carry only a summary: when to fetch the entry's page, and how to combine the two.

Pure functions over :class:`~zonereader.models.Article` records (no I/O): the sync decides with
:func:`wants_full_text` which entries need their page, fetches and extracts the page with the
portal extractor, and keeps :func:`with_full_text`'s result, or the entry as it came when the
page adds nothing.
"""

from __future__ import annotations

import re
from dataclasses import replace

from zonereader.models import Article, FullText

#: A body shorter than this many characters (spaces aside) is taken for a summary. Summaries
#: that say nothing of being cut short are mostly a sentence or two (40-80 characters); the
#: shortest whole items (简讯, two short paragraphs) start around 90. Longer excerpts usually
#: end with a cut-off marker; for those that do not, a source sets ``full_text = "always"``.
SHORT_BODY_CHARS = 80

#: How a summary says that the article goes on elsewhere, at the end of its text.
CUT_OFF_MARKERS = (
    "…",
    "...",
    "阅读全文",
    "查看全文",
    "全文阅读",
    "[更多]",
    "【更多】",
    "(更多)",
    "（更多）",
    "更多>>",
    "详细>>",
    "read more",
    "continue reading",
)
#: Trailing characters skipped before looking for a marker (arrows, brackets, punctuation).
_TRAILING = re.compile(r"[\s>»›→\]】)）.。:：]+$")
#: The markers made of words, compared without their brackets and arrows (``阅读全文>>``).
_WORD_MARKERS = tuple(marker for marker in CUT_OFF_MARKERS if marker[0] not in ".…")
#: Whitespace, for measuring a body's length.
_SPACE = re.compile(r"\s+")


def body_text(article: Article) -> str:
    """The article's body as one string, without any whitespace."""
    return _SPACE.sub("", "".join(article.paragraphs))


def is_cut_off(text: str) -> bool:
    """Whether ``text`` ends with a cut-off marker such as ``…`` or ``阅读全文``."""
    stripped = text.rstrip().lower()
    if any(stripped.endswith(marker) for marker in CUT_OFF_MARKERS):
        return True
    bare = _TRAILING.sub("", stripped)
    return any(bare.endswith(_TRAILING.sub("", marker)) for marker in _WORD_MARKERS)


def wants_full_text(article: Article, mode: FullText) -> bool:
    """Whether the sync should fetch the page of this feed entry for its full text.

    Args:
        article: the entry as the feed gave it (its URL is the page).
        mode: the source's ``full_text`` setting: ``auto`` fetches when the body is short
            (:data:`SHORT_BODY_CHARS`) or ends with a cut-off marker, ``always`` always,
            ``never`` never.
    """
    if mode is FullText.NEVER or not article.url.startswith(("http://", "https://")):
        return False
    if mode is FullText.ALWAYS:
        return True
    last = next((p for p in reversed(article.paragraphs) if p.strip()), "")
    return len(body_text(article)) < SHORT_BODY_CHARS or is_cut_off(last)


def with_full_text(entry: Article, page: Article) -> Article | None:
    """The feed entry with the body of its page, or None when the page adds nothing.

    The feed's title, date, zone and source stay (they are what the feed says about its
    entry); the page gives the paragraphs, their links and images, and the 来源 and 发布开发区
    when the feed has none. A page whose body is no longer than the summary (a login wall, a
    page that is not the article) adds nothing.
    """
    if len(body_text(page)) <= len(body_text(entry).rstrip("…. ")):
        return None
    return replace(
        entry,
        paragraphs=list(page.paragraphs),
        links=list(page.links),
        images=list(page.images),
        origin=entry.origin or page.origin,
        publisher=entry.publisher or page.publisher,
        has_time=entry.has_time or (entry.published is None and page.has_time),
        published=entry.published or page.published,
    )
