"""Read an article page: title, date, origin, publisher, zone, body and the site's links.

The steps, each in a module of its own:

1. :mod:`.body` values every line of the page and guesses the element holding the body;
2. :mod:`.title` chooses the headline among the lines (the ``<meta>`` title and the ``<title>``
   name it; it sits just above the body);
3. :mod:`.body` takes the body again, below that headline, without its header and chrome;
4. :mod:`.meta` reads the date, 来源 and 发布开发区: from the lines between the headline and
   the body (a labelled line, a bare date), else from a disclosure table above the body, else
   from the ``<meta>`` tags, else from a date opening the body, else from a labelled line
   just below the body (blogs and forums: ``发表于 …``), else from the page's address.
   A date the page shows wins over the ``<meta>`` date (which can be a day off), but takes the
   ``<meta>`` time when the page shows only the day;
5. :mod:`.sitelinks` finds the site's 上一条/下一条 links.

A source's :class:`~zonereader.models.PortalSelectors` replace any of these, field by field.
:func:`read_article_page` returns the article with where each field came from
(:class:`~.explain.ArticleProvenance`); :func:`parse_article_page` returns the article only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from zonereader.models import CST, Article, PortalSelectors
from zonereader.sources.portal.body import (
    BodyChoice,
    best_range,
    block_values,
    find_body,
    first_prose,
)
from zonereader.sources.portal.continuation import continuation_pages
from zonereader.sources.portal.explain import (
    NOT_FOUND,
    ArticleProvenance,
    ArticleReading,
    FieldSource,
)
from zonereader.sources.portal.lines import PageLines, analyse_lines, is_credit, is_tool_line
from zonereader.sources.portal.meta import (
    ISSUED_RANK,
    FoundDate,
    MetaTags,
    bare_origin,
    cell_pairs,
    find_date,
    is_label_cell,
    is_meta,
    origin_of,
    publisher_of,
    read_meta_tags,
    tag_label,
)
from zonereader.sources.portal.page import (
    ExtractError,
    Page,
    breadcrumb,
    followable,
    load_page,
    zone_from_crumbs,
)
from zonereader.sources.portal.sitelinks import prev_next, prev_next_label
from zonereader.sources.portal.title import TitleChoice, find_title, title_from_document
from zonereader.text.dates import parse_date
from zonereader.text.html import Block, body_parts, html_blocks, paragraph_text
from zonereader.text.sanitize import clean_line
from zonereader.text.urls import canonical_url

__all__ = ["is_meta", "parse_article_page", "prev_next_label", "read_article_page"]

#: Lines above the headline searched for its meta line (a date printed above the title).
LINES_ABOVE_TITLE = 2
#: ... and further up, over meta and tool lines only (date, 来源 and 分享到 lines stacked
#: above the headline), at most this many lines above it.
MAX_LINES_ABOVE_TITLE = 5
#: Lines above the body searched for meta when the headline was not found among the lines.
LINES_ABOVE_BODY = 10
#: Lines below the body searched for a labelled date (blogs and forums: 发表于 …).
LINES_BELOW_BODY = 6
#: A bare date line (no label) that differs from the ``<meta>`` date by more than this is
#: not the article's date (a "today is …" bar, a date in a neighbouring box).
BARE_DATE_TOLERANCE = timedelta(days=2)
#: A date in the page's address: ``/2023/1117/``, ``t20231117_``, ``/2023-11/17/``.
_URL_DATE = re.compile(
    r"(?<![0-9])((?:19|20)[0-9]{2})[-/_]?(0[1-9]|1[0-2])[-/_]?(0[1-9]|[12][0-9]|3[01])(?![0-9])"
)
#: How much of a line a provenance record quotes.
_QUOTE = 80


@dataclass(frozen=True, slots=True)
class _Dated:
    when: datetime | None
    has_time: bool
    source: FieldSource


def _quote(text: str) -> str:
    text = clean_line(text)
    return text if len(text) <= _QUOTE else text[: _QUOTE - 1] + "…"


def _document_title(page: Page) -> str:
    node = page.tree.css_first("title")
    return clean_line(node.text()) if node is not None else ""


def _selected_title(page: Page, selector: str) -> TitleChoice | None:
    node = page.tree.css_first(selector)
    text = clean_line(node.text(separator="")) if node is not None else ""
    if not text:
        return None
    return TitleChoice(text, -1, -1, "selector", selector, True)


def _selected_body(page: Page, selector: str) -> list[Block]:
    body: list[Block] = []
    for node in page.tree.css(selector):
        node_lines = analyse_lines(html_blocks(node, page.url))
        body.extend(b for b in node_lines.blocks if not node_lines.noise(b.index))
    return body


def _body_source(body: BodyChoice) -> FieldSource:
    """Where the body came from, naming its element so a user can pin it with a selector."""
    holder = body.where.container
    name = holder.selector() if holder is not None else ""
    lines = f"{len(body.blocks)} lines kept, {body.dropped_count} dropped"
    if holder is None:
        return FieldSource("density", f"the lines below the headline ({lines})")
    if body.where.whole:
        return FieldSource("density", f"the element {name} ({lines})")
    return FieldSource("density", f"a run of lines inside {name} ({lines})")


def _date_from_selector(texts: list[str], selector: str) -> _Dated:
    found = find_date(list(enumerate(texts)))
    if found is not None:
        text = _quote(texts[found.index])
        return _Dated(found.when, found.has_time, FieldSource("selector", selector, text))
    for text in texts:
        when, has_time = parse_date(text)
        if when is not None:
            return _Dated(when, has_time, FieldSource("selector", selector, _quote(text)))
    return _Dated(None, False, FieldSource("selector", f"{selector} (no date in it)"))


def _visible_source(
    found: FoundDate, texts: dict[int, str], where: str, blocks: list[Block]
) -> FieldSource:
    text = _quote(texts.get(found.index, ""))
    if found.label:
        # a label in a cell of its own, its value in the next: a disclosure table
        label_cell = is_label_cell(blocks[found.index].stripped)
        if where == "below":
            return FieldSource("label", f"{found.label}： below the body", text)
        return FieldSource("table" if label_cell else where, f"{found.label}：", text)
    return FieldSource("line", "a date line by the headline", text)


def _meta_source(meta: MetaTags, note: str = "") -> FieldSource:
    return FieldSource("meta", f"{tag_label(meta.date_tag)}{note}")


def _choose_date(
    header: list[tuple[int, str]],
    before_body: list[tuple[int, str]],
    after_body: list[tuple[int, str]],
    meta: MetaTags,
    opening: str,
    url: str,
    blocks: list[Block],
) -> _Dated:
    """The article's date, in the order the module docstring gives."""
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
        return _Dated(meta.published, meta.has_time, _meta_source(meta, note))
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
                return _Dated(meta.published, meta.has_time, _meta_source(meta, note))
            if meta.published.date() == when.date() and meta.has_time and not has_time:
                detail = f"{source.detail} with the time from {tag_label(meta.date_tag)}"
                return _Dated(meta.published, True, FieldSource(source.how, detail, source.text))
        return _Dated(when, has_time, source)
    if meta.published is not None:
        return _Dated(meta.published, meta.has_time, _meta_source(meta))
    if opening:
        opened, has_time = parse_date(opening)
        if opened is not None:
            return _Dated(opened, has_time, FieldSource("line", "a date opening the body", opening))
    posted = find_date(after_body, bare=False)
    if posted is not None:
        source = FieldSource(
            "label", f"{posted.label}： below the body", _quote(texts[posted.index])
        )
        return _Dated(posted.when, posted.has_time, source)
    match = _URL_DATE.search(url.split("?", 1)[0])
    if match is not None:
        try:
            when = datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=CST)
        except ValueError:
            pass
        else:
            return _Dated(when, False, FieldSource("url", "the date in the page's address"))
    return _Dated(None, False, NOT_FOUND)


def _issued(found: FoundDate) -> bool:
    """Whether ``found`` dates a document (发文日期, 成文日期, 施行日期), not the page."""
    return bool(found.label) and found.rank >= ISSUED_RANK


def _swapped(when: datetime) -> datetime | None:
    """``when`` with its day and month swapped, when both readings are dates."""
    if when.day > 12 or when.day == when.month:
        return None
    return when.replace(month=when.day, day=when.month)


def _labelled_field(found: tuple[str, str, str], where: str = "") -> tuple[str, FieldSource]:
    """A value read from a labelled line (``(value, label, line)``), with its source."""
    value, label, line = found
    if not value:
        return "", NOT_FOUND
    return value, FieldSource("label", f"{label}：{where}", _quote(line))


@dataclass(frozen=True, slots=True)
class _Parts:
    """What every step reads: the parsed page, its lines and their values, the tags."""

    page: Page
    lines: PageLines
    values: list[float]
    meta: MetaTags
    document_title: str
    selectors: PortalSelectors | None


@dataclass(frozen=True, slots=True)
class _Fields:
    """The date, origin and publisher, with where each came from."""

    dated: _Dated
    origin: str
    origin_source: FieldSource
    publisher: str
    publisher_source: FieldSource


def _headline(parts: _Parts, crumb_index: int) -> tuple[TitleChoice, str]:
    """Steps 1-2: the headline, placed by a first guess at the body; and a note on a selector
    that matched nothing. Raises ExtractError when there is none."""
    selectors = parts.selectors
    title: TitleChoice | None = None
    note = ""
    if selectors is not None and selectors.title:
        title = _selected_title(parts.page, selectors.title)
        note = "" if title is not None else f" (selector {selectors.title} matched nothing)"
    if title is None:
        guess = best_range(parts.page.containers, parts.values)
        start = (
            first_prose(parts.lines, parts.values, guess)
            if guess is not None
            else len(parts.lines.blocks)
        )
        title = find_title(parts.lines, parts.meta, parts.document_title, start, crumb_index)
    if title is None:
        title = title_from_document(parts.document_title, parts.meta)
    if title is None or not title.text:
        raise ExtractError(f"no title found on {parts.page.url}")
    return title, note


def _body(
    parts: _Parts, title: TitleChoice
) -> tuple[list[Block], BodyChoice | None, int, FieldSource]:
    """Step 3: the body's lines, how they were chosen, the index of its first line, its
    source."""
    selectors = parts.selectors
    if selectors is not None and selectors.body:
        start = title.last + 1 if title.last >= 0 else 0
        return (
            _selected_body(parts.page, selectors.body),
            None,
            start,
            FieldSource("selector", selectors.body),
        )
    body = find_body(
        parts.lines,
        parts.page.containers,
        parts.values,
        title.last,
        title.text,
        title_confident=title.confident and title.last >= 0,
    )
    return body.blocks, body, body.start, _body_source(body)


def _fields(
    parts: _Parts,
    title: TitleChoice,
    body: BodyChoice | None,
    body_blocks: list[Block],
    body_start: int,
) -> _Fields:
    """Step 4: the date, 来源 and 发布单位, from the lines around the headline and the body
    (or the ``meta`` selector)."""
    blocks = parts.lines.blocks
    selectors = parts.selectors
    if selectors is not None and selectors.meta:
        texts = [node.text(separator=" ") for node in parts.page.tree.css(selectors.meta)]
        origin = origin_of(texts)[0]
        publisher = publisher_of(texts)[0]
        return _Fields(
            _date_from_selector(texts, selectors.meta),
            origin,
            FieldSource("selector", selectors.meta) if origin else NOT_FOUND,
            publisher,
            FieldSource("selector", selectors.meta) if publisher else NOT_FOUND,
        )
    first_line = body.first_line if body is not None and body_blocks else body_start
    if title.first >= 0:
        header_from = _header_start(parts.lines, title.first)
        header = cell_pairs(blocks, header_from, max(first_line, title.last + 1))
    else:
        header_from = max(0, body_start - LINES_ABOVE_BODY)
        header = cell_pairs(blocks, header_from, first_line)
    before_body = cell_pairs(blocks, 0, header_from)
    body_end = body_blocks[-1].index + 1 if body_blocks else body_start
    after_body = [
        (index, text)
        for index, text in cell_pairs(blocks, body_end, body_end + LINES_BELOW_BODY)
        if not parts.lines.link[index]  # a related article's title and date
    ]
    opening = blocks[body.date_line].stripped if body is not None and body.date_line >= 0 else ""
    dated = _choose_date(header, before_body, after_body, parts.meta, opening, parts.page.url,
                         blocks)  # fmt: skip

    header_texts = [text for _, text in header]
    labelled_origin = origin_of(header_texts)
    origin, origin_source = _labelled_field(labelled_origin)
    if origin:
        origin = _linked_value(origin, labelled_origin[2], header, blocks)
    if not origin and parts.meta.origin:
        origin = parts.meta.origin
        origin_source = FieldSource("meta", tag_label(parts.meta.origin_tag))
    if not origin:
        origin, origin_source = _bare_origin(header, blocks)
    if not origin:
        credits = [block.stripped for block in body_blocks[-3:] if is_credit(block.stripped)]
        origin, origin_source = _labelled_field(origin_of(credits), " in the credits")
    publisher, publisher_source = _labelled_field(publisher_of(header_texts))
    if not publisher:  # an information-disclosure table above the headline: 发文机关
        table = [text for index, text in before_body if is_label_cell(blocks[index].stripped)]
        publisher, publisher_source = _labelled_field(publisher_of(table), " in a table")
    return _Fields(dated, origin, origin_source, publisher, publisher_source)


def _linked_value(value: str, line: str, header: list[tuple[int, str]], blocks: list[Block]) -> str:
    """``value`` cut to the link it starts with: ``来源: <a>澎湃新闻</a> 浙江 跟贴 56`` names
    澎湃新闻, the rest of the line being other things (a location, a comment count)."""
    for index, text in header:
        if text != line:
            continue
        for block in blocks[index : index + 2]:
            for link in block.links:
                name = link.text
                if name and len(name) < len(value) and value.startswith(name):
                    return name
        break
    return value


def _bare_origin(header: list[tuple[int, str]], blocks: list[Block]) -> tuple[str, FieldSource]:
    """The 来源 printed without a label after the date of a bare date line in the header."""
    found = find_date(header)
    if found is None or found.label:
        return "", NOT_FOUND
    text = blocks[found.index].stripped
    name = bare_origin(text)
    if not name or is_tool_line(name):
        return "", NOT_FOUND
    return name, FieldSource("line", "the name after the date by the headline", _quote(text))


def _header_start(lines: PageLines, title_first: int) -> int:
    """The first line of the headline's header: :data:`LINES_ABOVE_TITLE` lines above it, and
    the meta lines further up when only meta and tool lines stand between (新华网 prints
    ``2023 11/17 20:52:15``, ``来源：…`` and ``分享到：`` above its headline)."""
    start = max(0, title_first - LINES_ABOVE_TITLE)
    index = title_first - 1
    while index >= 0 and title_first - index <= MAX_LINES_ABOVE_TITLE:
        if lines.crumb[index] or not (lines.meta[index] or lines.tool[index]):
            break  # the site's header: a "today is …" bar above the menu is not meta
        if lines.meta[index]:
            start = min(start, index)
        index -= 1
    return start


def read_article_page(
    html: str,
    url: str,
    *,
    source: str,
    zone_prefix: str = "",
    selectors: PortalSelectors | None = None,
) -> ArticleReading:
    """Extract an article from its page, with where each field came from.

    Args:
        html: The decoded page (see :func:`zonereader.text.decode.decode_body`).
        url: The page's URL (it becomes the article's canonical URL and resolves relative links).
        source: The name of the configured source the article comes from.
        zone_prefix: A zone path put before the breadcrumb's parts (from the source's config).
        selectors: Per-source CSS selectors that replace the heuristics field by field.

    Returns:
        The article (see :func:`parse_article_page`) and its provenance.

    Raises:
        ExtractError: the page has no title or no body text (one line naming the page).
    """
    page = load_page(html, url)
    lines = analyse_lines(page.blocks)
    parts = _Parts(
        page, lines, block_values(lines), read_meta_tags(page.tree), _document_title(page),
        selectors,
    )  # fmt: skip
    crumbs, crumb_index = breadcrumb(page, selectors)
    title, title_note = _headline(parts, crumb_index)
    body_blocks, body, body_start, body_source = _body(parts, title)
    fields = _fields(parts, title, body, body_blocks, body_start)
    # 5. the site's links, below the headline
    search_from = title.first if title.first >= 0 else body_start
    prev_link, next_link, _ = prev_next(page, selectors, search_from)

    # the headline repeated in the body is not a paragraph (unless it is all there is)
    texts = (paragraph_text(block.text) for block in body_blocks)
    drop_title = any(text and text != title.text for text in texts)
    pieces = body_parts(body_blocks, skip=title.text if drop_title else None)
    paragraphs = pieces.paragraphs
    if not paragraphs:
        raise ExtractError(f"no article body found on {url}")
    links = [link for link in pieces.links if followable(link.url, url)]
    article = Article(
        url=canonical_url(url),
        title=title.text,
        zone=zone_from_crumbs(crumbs, zone_prefix, title.text),
        source=source,
        published=fields.dated.when,
        has_time=fields.dated.has_time,
        origin=fields.origin,
        publisher=fields.publisher,
        paragraphs=paragraphs,
        prev_link=prev_link,
        next_link=next_link,
        links=links,
        images=pieces.images,
        continuation=continuation_pages(page),
    )
    zone_source = (
        FieldSource("breadcrumb", "selector" if selectors and selectors.breadcrumb else "")
        if crumbs
        else FieldSource("none", "no breadcrumb: the source's zone")
    )
    holder = body.where.container if body is not None else None
    provenance = ArticleProvenance(
        title=FieldSource(title.how, title.detail + title_note),
        published=fields.dated.source,
        origin=fields.origin_source,
        publisher=fields.publisher_source,
        zone=zone_source,
        body=body_source,
        body_selector=holder.selector() if holder is not None else "",
        dropped=tuple(_quote(line) for line in body.dropped) if body is not None else (),
    )
    return ArticleReading(article=article, provenance=provenance)


def parse_article_page(
    html: str,
    url: str,
    *,
    source: str,
    zone_prefix: str = "",
    selectors: PortalSelectors | None = None,
) -> Article:
    """Extract an article from its page.

    Args:
        html: The decoded page (see :func:`zonereader.text.decode.decode_body`).
        url: The page's URL (it becomes the article's canonical URL and resolves relative links).
        source: The name of the configured source the article comes from.
        zone_prefix: A zone path put before the breadcrumb's parts (from the source's config).
        selectors: Per-source CSS selectors that replace the heuristics field by field.

    Returns:
        The article: title, published date (CST unless the page names a zone) with ``has_time``,
        origin (来源), publisher (发布开发区), zone (``zone_prefix`` joined to the breadcrumb
        without 首页), body paragraphs with site chrome dropped, and the site's 上一条/下一条 links.

    Raises:
        ExtractError: the page has no title or no body text (one line naming the page).
    """
    return read_article_page(
        html, url, source=source, zone_prefix=zone_prefix, selectors=selectors
    ).article
