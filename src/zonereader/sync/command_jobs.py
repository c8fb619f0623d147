"""Parse jobs of the commands that read one page outside a sync: ``inspect`` and ``source add``.

A page those commands fetch is as hostile as any a sync fetches, so it is parsed the same way:
a cheap page in the command's own process, any other in a parse helper process that is killed
at ``[sync] parse_timeout`` (:func:`zonereader.sync.parsing.run_with_time_limit`). The helper
runs :func:`zonereader.sync.parse_jobs.run_job`, which hands these jobs to the functions here;
like every parse job they never raise, and a page that cannot be read comes back as a one-line
reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from zonereader.models import ListPage, PortalSelectors
from zonereader.text.decode import DecodeError, decode_body
from zonereader.text.html_limits import nesting_problem
from zonereader.text.sanitize import clean_line

if TYPE_CHECKING:
    from zonereader.sources.portal.explain import ArticleReading, KindSignals
    from zonereader.sync.discover import Discovery


@dataclass(frozen=True, slots=True)
class InspectJob:
    """One page for ``zonereader inspect`` to decode, classify and extract."""

    body: bytes
    content_type: str | None
    """The Content-Type header (or the one ``--charset`` stands for), if any."""
    url: str
    """The URL links resolve against."""
    kind: str
    """``"auto"`` (tell the page's kind), ``"article"`` or ``"list"``."""
    source: str
    """The source name the article gets."""
    zone_prefix: str
    """The configured source's zone, put before the page's own zone path."""
    selectors: PortalSelectors | None
    """The configured source's selector overrides, if any."""


@dataclass(frozen=True, slots=True)
class InspectedPage:
    """What ``inspect`` found on a page.

    Attributes:
        encoding: the character set the page was decoded with.
        how: where that character set came from (header, meta, detection...).
        repaired: broken byte sequences replaced while decoding.
        signals: what the kind was told from (None when the kind was given).
        reading: the article and where each field came from, for an article page.
        listing: the list or index page, for any other kind.
    """

    encoding: str
    how: str
    repaired: int
    signals: KindSignals | None
    reading: ArticleReading | None
    listing: ListPage | None


@dataclass(frozen=True, slots=True)
class DiscoverJob:
    """One response for ``source add`` to tell a feed from a page (and read its title)."""

    body: bytes
    content_type: str | None
    """The Content-Type header, if any."""
    url: str
    """The URL the body came from (after redirects)."""


def inspect_page(job: InspectJob) -> InspectedPage | str:
    """Decode ``job``'s page, tell its kind (unless given) and extract it; never raises.

    Returns:
        What was found, or a one-line reason when the page cannot be decoded or extracted.
    """
    # Imported on first use: the portal extractor loads the HTML parser.
    from zonereader.sources.portal import (
        ExtractError,
        classify_and_read_list,
        parse_list_page,
        read_article_page,
    )

    try:
        decoded = decode_body(job.body, job.content_type)
    except DecodeError as exc:
        return clean_line(str(exc))
    problem = nesting_problem(decoded.text)
    if problem:
        return problem
    try:
        signals = listing = reading = None
        if job.kind == "auto":
            # One parse tells the kind and reads the list, as a sync reads its start URL.
            signals, listing = classify_and_read_list(decoded.text, job.url, job.selectors)
        kind = signals.kind if signals is not None else job.kind
        if kind == "article":
            reading = read_article_page(
                decoded.text,
                job.url,
                source=job.source,
                zone_prefix=job.zone_prefix,
                selectors=job.selectors,
            )
        elif listing is None:
            listing = parse_list_page(decoded.text, job.url, job.selectors)
    except ExtractError as exc:
        return clean_line(str(exc))
    except Exception as exc:  # a parser bug on hostile input: one line, not a traceback
        return clean_line(f"cannot parse page: {type(exc).__name__}: {exc}")[:300]
    return InspectedPage(decoded.encoding, decoded.how, decoded.repaired, signals, reading, listing)


def discover_page(job: DiscoverJob) -> Discovery | str:
    """Tell what ``job``'s body is (:func:`zonereader.sync.discover.classify`); never raises.

    Returns:
        The discovery, or a one-line reason when a parser failed on the body.
    """
    from zonereader.sync.discover import classify

    try:
        return classify(job.body, job.content_type, job.url)
    except Exception as exc:  # a parser bug on hostile input: one line, not a traceback
        return clean_line(f"cannot read the page: {type(exc).__name__}: {exc}")[:300]
