"""An article's date: which of the dates a page shows, and where it came from.

In order: a labelled date or a date line in the headline's header; a disclosure table above the
headline; the ``<meta>`` publication date; a date opening the body; the first post's date of a
forum thread read whole; a labelled line just below the body (blogs and forums: ``发表于 …``);
the page's address. Government pages show several dates: the article's is the day it appeared
(发布日期), so a date that dates a document (发文日期, 成文日期, 施行日期:
:data:`~.meta.ISSUED_RANK`) gives way to a publication date anywhere by the article and to the
``<meta>`` one (see docs/portals.md, "Which date an article gets"). A date the page shows wins
over the ``<meta>`` date (which can be a day off), but takes the ``<meta>`` time when the page
shows only the day.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from zonereader.models import CST
from zonereader.sources.portal.explain import NOT_FOUND, FieldSource, quote
from zonereader.sources.portal.meta import (
    ISSUED_RANK,
    FoundDate,
    MetaTags,
    find_date,
    is_label_cell,
    labelled_date,
    tag_label,
)
from zonereader.text.dates import parse_date
from zonereader.text.html import Block

#: A bare date line (no label) that differs from the ``<meta>`` date by more than this is
#: not the article's date (a "today is …" bar, a date in a neighbouring box).
BARE_DATE_TOLERANCE = timedelta(days=2)
#: A body holding this many lines labelled with a publication date (发布时间 … by 某某) is a
#: forum thread read whole: its first post's date is the article's, not the last reply's
#: below it.
MIN_THREAD_POSTS = 2
#: A date in the page's address: ``/2023/1117/``, ``t20231117_``, ``/2023-11/17/``.
_URL_DATE = re.compile(
    r"(?<![0-9])((?:19|20)[0-9]{2})[-/_]?(0[1-9]|1[0-2])[-/_]?(0[1-9]|[12][0-9]|3[01])(?![0-9])"
)


@dataclass(frozen=True, slots=True)
class Dated:
    """A date chosen for an article: when (None: none found), whether with a time, and
    where it came from."""

    when: datetime | None
    has_time: bool
    source: FieldSource


def date_from_selector(texts: list[str], selector: str) -> Dated:
    """The date in the texts of the elements a source's ``meta`` selector names."""
    found = find_date(list(enumerate(texts)))
    if found is not None:
        text = quote(texts[found.index])
        return Dated(found.when, found.has_time, FieldSource("selector", selector, text))
    for text in texts:
        when, has_time = parse_date(text)
        if when is not None:
            return Dated(when, has_time, FieldSource("selector", selector, quote(text)))
    return Dated(None, False, FieldSource("selector", f"{selector} (no date in it)"))


def _visible_source(
    found: FoundDate, texts: dict[int, str], where: str, blocks: list[Block]
) -> FieldSource:
    text = quote(texts.get(found.index, ""))
    if found.label:
        # a label in a cell of its own, its value in the next: a disclosure table
        label_cell = is_label_cell(blocks[found.index].stripped)
        if where == "below":
            return FieldSource("label", f"{found.label}： below the body", text)
        return FieldSource("table" if label_cell else where, f"{found.label}：", text)
    return FieldSource("line", "a date line by the headline", text)


def _meta_source(meta: MetaTags, note: str = "") -> FieldSource:
    return FieldSource("meta", f"{tag_label(meta.date_tag)}{note}")


def choose_date(
    header: list[tuple[int, str]],
    before_body: list[tuple[int, str]],
    after_body: list[tuple[int, str]],
    meta: MetaTags,
    opening: str,
    url: str,
    blocks: list[Block],
    in_body: Sequence[tuple[int, str]] = (),
) -> Dated:
    """The article's date, in the order the module docstring gives.

    Args:
        header: The lines of the headline's header (label cells joined to their values).
        before_body: The lines above the header (a disclosure table above the headline).
        after_body: The lines just below the body that are no links.
        meta: The page's ``<meta>`` tags.
        opening: A date line opening the body (``""`` when none).
        url: The page's address.
        blocks: The page's lines.
        in_body: The body's meta lines (a forum thread's posts each carry one).
    """
    texts = dict(before_body) | dict(header) | dict(after_body)
    visible = find_date(header)
    where = "label"
    if visible is None or _issued(visible):
        # a disclosure table above the headline; its 发布日期 beats a 成文日期 under it
        table = find_date(before_body, bare=False)
        if table is not None and (visible is None or table.rank < visible.rank):
            visible, where = table, "table"
    if visible is not None and _issued(visible):
        published_below = find_date(after_body, bare=False)
        if published_below is not None and published_below.rank < ISSUED_RANK:
            visible, where = published_below, "below"
    if (
        visible is not None
        and _issued(visible)
        and meta.published is not None
        and meta.published.astimezone(CST).date() != visible.when.astimezone(CST).date()
    ):
        note = f" (over the {visible.label} the page shows)"
        return Dated(meta.published, meta.has_time, _meta_source(meta, note))
    if visible is not None:
        source = _visible_source(visible, texts, where, blocks)
        when, has_time = visible.when, visible.has_time
        if meta.published is not None:
            swapped = _swapped(when)
            if swapped is not None and swapped.date() == meta.published.astimezone(CST).date():
                # 06/02/2022: the page wrote day/month, as the <meta> date shows
                when = swapped
                source = FieldSource(source.how, f"{source.detail} (day/month)", source.text)
            if not visible.label and abs(meta.published - when) > BARE_DATE_TOLERANCE:
                note = " (a date line by the headline says otherwise)"
                return Dated(meta.published, meta.has_time, _meta_source(meta, note))
            if meta.published.date() == when.date() and meta.has_time and not has_time:
                detail = f"{source.detail} with the time from {tag_label(meta.date_tag)}"
                return Dated(meta.published, True, FieldSource(source.how, detail, source.text))
        return Dated(when, has_time, source)
    if meta.published is not None:
        return Dated(meta.published, meta.has_time, _meta_source(meta))
    if opening:
        opened, has_time = parse_date(opening)
        if opened is not None:
            return Dated(opened, has_time, FieldSource("line", "a date opening the body", opening))
    posts = [(index, found) for index, text in in_body if (found := labelled_date(text))]
    posts = [(index, found) for index, found in posts if found[3] == 0]
    if len(posts) >= MIN_THREAD_POSTS:
        # a forum thread read whole: every post has its 发布时间 line; the first is the thread's
        index, (when, has_time, label, _) = posts[0]
        text = quote(blocks[index].stripped)
        return Dated(when, has_time, FieldSource("label", f"{label}： of the first post", text))
    posted = find_date(after_body, bare=False)
    if posted is not None:
        source = FieldSource(
            "label", f"{posted.label}： below the body", quote(texts[posted.index])
        )
        return Dated(posted.when, posted.has_time, source)
    match = _URL_DATE.search(url.split("?", 1)[0])
    if match is not None:
        try:
            when = datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=CST)
        except ValueError:
            pass
        else:
            return Dated(when, False, FieldSource("url", "the date in the page's address"))
    return Dated(None, False, NOT_FOUND)


def _issued(found: FoundDate) -> bool:
    """Whether ``found`` dates a document (发文日期, 成文日期, 施行日期), not the page."""
    return bool(found.label) and found.rank >= ISSUED_RANK


def _swapped(when: datetime) -> datetime | None:
    """``when`` with its day and month swapped, when both readings are dates."""
    if when.day > 12 or when.day == when.month:
        return None
    return when.replace(month=when.day, day=when.month)
