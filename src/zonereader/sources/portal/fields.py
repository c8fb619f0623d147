"""An article's date, 来源 (origin) and 发布单位 (publisher), read around its headline.

The header of the headline (the lines between it and the body, and the meta lines stacked just
above it) holds the meta line: ``发布时间：2023-11-17 15:13 来源：…``. Failing a labelled 来源
there, the ``<meta>`` tags name it, then a newspaper's name printed after the date, then a
credit closing the body. The 发布单位 comes from the header or from a disclosure table above
the headline (发文机关). The date's rules are :mod:`.published`'s.
"""

from __future__ import annotations

from dataclasses import dataclass

from zonereader.models import PortalSelectors
from zonereader.sources.portal.body import BodyChoice
from zonereader.sources.portal.explain import NOT_FOUND, FieldSource, quote
from zonereader.sources.portal.lines import PageLines, is_credit, is_tool_line
from zonereader.sources.portal.meta import (
    MetaTags,
    bare_origin,
    cell_pairs,
    find_date,
    is_label_cell,
    origin_of,
    publisher_of,
    tag_label,
)
from zonereader.sources.portal.page import Page
from zonereader.sources.portal.published import Dated, choose_date, date_from_selector
from zonereader.sources.portal.title import TitleChoice
from zonereader.text.html import Block

#: Lines above the headline searched for its meta line (a date printed above the title).
LINES_ABOVE_TITLE = 2
#: ... and further up, over meta and tool lines only (date, 来源 and 分享到 lines stacked
#: above the headline), at most this many lines above it.
MAX_LINES_ABOVE_TITLE = 5
#: Lines above the body searched for meta when the headline was not found among the lines.
LINES_ABOVE_BODY = 10
#: Lines below the body searched for a labelled date (blogs and forums: 发表于 …).
LINES_BELOW_BODY = 6


def _labelled_field(found: tuple[str, str, str], where: str = "") -> tuple[str, FieldSource]:
    """A value read from a labelled line (``(value, label, line)``), with its source."""
    value, label, line = found
    if not value:
        return "", NOT_FOUND
    return value, FieldSource("label", f"{label}：{where}", quote(line))


@dataclass(frozen=True, slots=True)
class Fields:
    """The date, origin and publisher, with where each came from."""

    dated: Dated
    origin: str
    origin_source: FieldSource
    publisher: str
    publisher_source: FieldSource


def read_fields(
    page: Page,
    lines: PageLines,
    meta: MetaTags,
    selectors: PortalSelectors | None,
    title: TitleChoice,
    body: BodyChoice | None,
    body_blocks: list[Block],
    body_start: int,
) -> Fields:
    """The date, 来源 and 发布单位, from the lines around the headline and the body (or the
    ``meta`` selector).

    Args:
        page: The parsed page.
        lines: Its lines.
        meta: Its ``<meta>`` tags.
        selectors: The source's selector overrides, if any.
        title: The headline chosen.
        body: How the body was chosen (None when a selector gave it).
        body_blocks: The body's lines.
        body_start: The index of the body's first line.
    """
    blocks = lines.blocks
    if selectors is not None and selectors.meta:
        texts = [node.text(separator=" ") for node in page.tree.css(selectors.meta)]
        origin = origin_of(texts)[0]
        publisher = publisher_of(texts)[0]
        return Fields(
            date_from_selector(texts, selectors.meta),
            origin,
            FieldSource("selector", selectors.meta) if origin else NOT_FOUND,
            publisher,
            FieldSource("selector", selectors.meta) if publisher else NOT_FOUND,
        )
    first_line = body.first_line if body is not None and body_blocks else body_start
    if title.first >= 0:
        header_from = _header_start(lines, title.first)
        header = cell_pairs(blocks, header_from, max(first_line, title.last + 1))
    else:
        header_from = max(0, body_start - LINES_ABOVE_BODY)
        header = cell_pairs(blocks, header_from, first_line)
    before_body = cell_pairs(blocks, 0, header_from)
    body_end = body_blocks[-1].index + 1 if body_blocks else body_start
    after_body = [
        (index, text)
        for index, text in cell_pairs(blocks, body_end, body_end + LINES_BELOW_BODY)
        if not lines.link[index]  # a related article's title and date
    ]
    opening = blocks[body.date_line].stripped if body is not None and body.date_line >= 0 else ""
    in_body = (
        [(block.index, block.stripped) for block in body_blocks if lines.meta[block.index]]
        if body is not None  # (a selector's body is read apart: its indexes are its own)
        else []
    )
    dated = choose_date(header, before_body, after_body, meta, opening, page.url, blocks, in_body)

    header_texts = [text for _, text in header]
    labelled_origin = origin_of(header_texts)
    origin, origin_source = _labelled_field(labelled_origin)
    if origin:
        origin = _linked_value(origin, labelled_origin[2], header, blocks)
    if not origin and meta.origin:
        origin = meta.origin
        origin_source = FieldSource("meta", tag_label(meta.origin_tag))
    if not origin:
        origin, origin_source = _bare_origin(header, blocks)
    if not origin:
        credits = [block.stripped for block in body_blocks[-3:] if is_credit(block.stripped)]
        origin, origin_source = _labelled_field(origin_of(credits), " in the credits")
    publisher, publisher_source = _labelled_field(publisher_of(header_texts))
    if not publisher:  # an information-disclosure table above the headline: 发文机关
        table = [text for index, text in before_body if is_label_cell(blocks[index].stripped)]
        publisher, publisher_source = _labelled_field(publisher_of(table), " in a table")
    return Fields(dated, origin, origin_source, publisher, publisher_source)


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
    return name, FieldSource("line", "the name after the date by the headline", quote(text))


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
