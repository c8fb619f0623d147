"""Read an article page: title, date, origin, publisher, zone, body and the site's links.

The steps, each in a module of its own:

1. :mod:`.body` values every line of the page and guesses the element holding the body;
2. :mod:`.title` chooses the headline among the lines (the ``<meta>`` title and the ``<title>``
   name it; it sits just above the body);
3. :mod:`.body` takes the body again, below that headline, without its header and chrome;
4. :mod:`.fields` reads the 来源 and 发布开发区 from the lines between the headline and the
   body (labelled by :mod:`.meta`), and :mod:`.published` chooses the date: the day the
   article appeared, from the headline's header, a disclosure table, the ``<meta>`` tags, a
   date opening the body, a line just below it or the page's address;
5. :mod:`.sitelinks` finds the site's 上一条/下一条 links.

A source's :class:`~zonereader.models.PortalSelectors` replace any of these, field by field.
:func:`read_article_page` returns the article with where each field came from
(:class:`~.explain.ArticleProvenance`); :func:`parse_article_page` returns the article only.
"""

from __future__ import annotations

from dataclasses import dataclass

from zonereader.models import Article, PortalSelectors
from zonereader.sources.portal.body import (
    BodyChoice,
    best_range,
    block_values,
    find_body,
    first_prose,
)
from zonereader.sources.portal.continuation import continuation_pages
from zonereader.sources.portal.explain import (
    ArticleProvenance,
    ArticleReading,
    FieldSource,
    quote,
)
from zonereader.sources.portal.fields import read_fields
from zonereader.sources.portal.lines import PageLines, analyse_lines
from zonereader.sources.portal.meta import MetaTags, is_meta, read_meta_tags
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
from zonereader.text.html import Block, body_parts, html_blocks, paragraph_text
from zonereader.text.sanitize import clean_line
from zonereader.text.urls import canonical_url

__all__ = ["is_meta", "parse_article_page", "prev_next_label", "read_article_page"]


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


@dataclass(frozen=True, slots=True)
class _Parts:
    """What every step reads: the parsed page, its lines and their values, the tags."""

    page: Page
    lines: PageLines
    values: list[float]
    meta: MetaTags
    document_title: str
    selectors: PortalSelectors | None


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
    fields = read_fields(
        parts.page, parts.lines, parts.meta, parts.selectors, title, body, body_blocks, body_start
    )
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
        dropped=tuple(quote(line) for line in body.dropped) if body is not None else (),
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
