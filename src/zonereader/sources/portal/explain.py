"""Why the extractor read a page as it did: plain records beside the article and the kind.

``zonereader inspect`` prints them so that a user whose portal the heuristics miss can see
which element each field came from and write a selector override for it. The extractor only
returns data; printing is the command line's job.
"""

from __future__ import annotations

from dataclasses import dataclass

from zonereader.models import Article
from zonereader.text.sanitize import clean_line

#: How much of a line a provenance record quotes.
QUOTE_CHARS = 80


def quote(text: str) -> str:
    """``text`` on one line, shortened to :data:`QUOTE_CHARS` (ending in ``…``), as a
    provenance record quotes the line a field was read from."""
    text = clean_line(text)
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


@dataclass(frozen=True, slots=True)
class FieldSource:
    """Where one field of an article came from.

    ``how`` is one of ``selector`` (a configured CSS selector), ``meta`` (a ``<meta>`` tag),
    ``label`` (a labelled line such as ``发布时间：``), ``table`` (an information-disclosure
    table's cell), ``headline`` (a line of the page chosen as the headline), ``title-element``
    (the ``<title>``, site name dropped), ``line`` (an unlabelled line of the page), ``url``
    (the page's address), ``breadcrumb``, ``density`` (the element holding the most running
    text) or ``none``; ``detail`` says which tag, label or element, and ``text`` quotes the line
    it was read from (shortened).
    """

    how: str
    detail: str = ""
    text: str = ""

    def describe(self) -> str:
        """One short line: how, detail and the quoted line (``label, 发布时间： — 发布时间:…``)."""
        line = f"{self.how}, {self.detail}" if self.detail else self.how
        return f"{line} — {self.text}" if self.text else line


NOT_FOUND = FieldSource("none")


@dataclass(frozen=True, slots=True)
class ArticleProvenance:
    """Where each field of an extracted article came from, and what the body left out.

    ``body_selector`` names the element the body was read from (``div.TRS_Editor``,
    ``td#content``): the selector a user can put in a source's ``[selectors] body`` to pin it.
    ``dropped`` holds the first lines dropped from inside that element (tool bars, link boxes,
    the header), for a user checking nothing of the article was lost.
    """

    title: FieldSource
    published: FieldSource
    origin: FieldSource
    publisher: FieldSource
    zone: FieldSource
    body: FieldSource
    body_selector: str = ""
    dropped: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleReading:
    """An extracted article with its provenance."""

    article: Article
    provenance: ArticleProvenance


@dataclass(frozen=True, slots=True)
class KindSignals:
    """What :func:`~zonereader.sources.portal.classify_page` saw, and the kind it chose.

    ``reason`` says in a sentence which signals decided. ``headline`` is the headline found (or
    ``""``), ``dated_meta_line`` the dated meta line near it, ``body_chars`` the characters of
    running text in the best body element (``body_selector``), ``link_share`` the share of the
    page's text that is link text, ``list_entries`` / ``dated_entries`` the article links of the
    best list block and how many carry a date, ``next_page`` whether a 下一页 link was found,
    ``channels`` the channel links of a section index, ``prev_next`` whether the site's
    上一篇/下一篇 links are there.
    """

    kind: str
    reason: str
    headline: str = ""
    dated_meta_line: str = ""
    body_chars: int = 0
    body_selector: str = ""
    link_share: float = 0.0
    list_entries: int = 0
    dated_entries: int = 0
    next_page: bool = False
    channels: int = 0
    prev_next: bool = False
