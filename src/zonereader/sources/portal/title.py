"""Find an article's headline among the lines of its page.

Real headlines sit in an ``<h1>``, in a ``<td>`` or a ``<div class="…title…">``, or in a plain
bold line; some are split over two lines; many pages put a site name in an ``<h1>`` too, and
repeat other articles' titles in menus and boxes. Each candidate line is scored on what the
page says about it:

- the ``<meta>`` title (``ArticleTitle``, ``og:title``…) and the ``<title>`` element name the
  headline, usually with the site name appended (``… - 某某市人民政府``): a line that is that
  text, or most of it, is very likely the headline;
- an ``<h1>``/``<h2>`` or a title class counts for it; being a link (a menu, a related-news box)
  or sitting in site chrome counts against it;
- a dated meta line just below, or the body just below, counts for it;
- a site's name, a date, a 索引号 line or a body sentence is never the title.

Two adjacent lines that together make the named title are joined (a headline split over two
lines); a subtitle that the ``<title>`` does not name stays out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from zonereader.sources.portal.lines import PageLines, squash
from zonereader.sources.portal.meta import MetaTags, tag_label
from zonereader.text.html import Block
from zonereader.text.sanitize import clean_line

#: Separators between the headline and the site or channel name in a ``<title>``.
_TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|-{1,2}|——|–|—|::|»|>)\s*|\s{2,}")
#: A headline is at most this long (characters without spaces).
MAX_TITLE = 160
#: Score a line must reach to be taken as the headline (see :func:`_score`) on a page that
#: names its title in a ``<meta>`` tag or its ``<title>``; on a page that names none, the
#: line's place and markup are all there is, and less is asked.
MIN_SCORE = 40
MIN_SCORE_UNNAMED = 22
#: A part of a ``<title>`` this long (or longer) is likely a headline, not a site or channel.
HEADLINE_PART = 8
#: A line scoring this much is the headline for sure: the body is looked for below it only.
CONFIDENT_SCORE = 80
#: The number of a section heading inside a body: ``一、``, ``（二）``, ``第三章``.
_SECTION_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[章节部分])"
)
#: Lines this far above (below) the body's first paragraph are scored only when marked up as
#: headings or named by the ``<title>``: unmarked lines so far away cannot score enough.
WINDOW_ABOVE = 40
WINDOW_BELOW = 10
#: A line this short (an author's name, a label) is a headline only with more evidence.
SHORT_LINE = 4
#: Lines around a candidate searched for the other half of a split headline.
SPLIT_REACH = 2
#: Lines below the breadcrumb where a one-part ``<title>`` shown whole is its headline (the
#: same reach as the lines scored above the body).
MAX_HEADLINE_DISTANCE = WINDOW_ABOVE
#: The file name of a site's or a section's home page.
_HOME_PAGE = re.compile(r"^(?:index|default|home|main)\.[A-Za-z]{2,5}$", re.IGNORECASE)
#: A labelled field of a disclosure table or meta line (``索引号：…``), never a headline.
_LABEL_LINE = re.compile(
    r"^(?:索\s*引\s*号|分\s*类|主题分类|组配分类|体裁分类|发文机关|发布机构|发文字号|文\s*号|"
    r"成文日期|发布日期|发文日期|生效日期|有\s*效\s*性|关\s*键\s*词|作\s*者|来\s*源|编\s*辑|"
    r"记\s*者|标\s*题|名\s*称)\s*[:：]|"
    # a byline: 本报记者 张三 李四, 新华社记者 王五, 通讯员 赵六
    # (a role word alone needs a space after it: 记者节快乐 is a headline)
    r"^(?:(?:本报|本台|本刊|本网|新华社|中新社)(?:特约)?(?:记者|通讯员|实习生)\s*|"
    r"(?:特约)?(?:记者|通讯员|实习生)\s+)\S{2,4}(?:\s+\S{2,4})*$"
)
#: Separators some sites leave at the end of a headline (``标题- -``).
_TRAILING_SEPARATORS = " -_|｜·•"
#: Icon-font glyphs (Unicode private use area) that some sites put in headlines.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
#: The prefix of a forum or blog headline: ``主题：``, ``标题：``, ``文章标题：``.
_TITLE_LABEL = re.compile(r"^(?:主题|标题|文章标题|帖子主题|题目)\s*[:：]\s*")


@dataclass(frozen=True, slots=True)
class TitleChoice:
    """The headline found: its text, its blocks (``first``..``last``; -1 when it was not read
    from a line of the page) and how it was found (``how``: ``selector``, ``meta``, ``headline``,
    ``title-element``; ``detail`` says more, e.g. ``<h1>`` or the meta tag's name)."""

    text: str
    first: int
    last: int
    how: str
    detail: str
    confident: bool


def title_parts(document_title: str) -> list[str]:
    """The parts of a ``<title>`` split at its separators (``标题_栏目_站点`` → three parts)."""
    return [part for part in _TITLE_SEPARATORS.split(document_title) if part.strip()]


@dataclass(frozen=True, slots=True)
class _Names:
    """What the page says its title is, squashed: the ``<meta>`` title and its parts, the parts
    of the ``<title>`` and the whole of it, and the site names of the ``<meta>`` tags (never
    the title). Which ``<title>`` part is the headline is left to the lines: sites write
    ``标题_栏目_站点`` and ``站点 » 标题`` alike."""

    meta: str
    meta_parts: tuple[str, ...]
    parts: tuple[str, ...]
    whole: str
    sites: frozenset[str]

    @classmethod
    def of(cls, document_title: str, meta: MetaTags) -> _Names:
        parts = tuple(part for part in map(squash, title_parts(document_title)) if part)
        sites = frozenset(squash(name) for name in meta.site_names if name)
        meta_parts = tuple(part for part in map(squash, title_parts(meta.title)) if part)
        return cls(squash(meta.title), meta_parts, parts, squash(document_title), sites)

    def match(self, line: str) -> tuple[float, float]:
        """How well ``line`` matches the ``<meta>`` title and the ``<title>`` (0 to 1 each)."""
        page = max((_named(line, part) for part in (*self.parts, self.whole)), default=0.0)
        meta = max((_named(line, part) for part in (*self.meta_parts, self.meta)), default=0.0)
        return meta, page


def _site_named(names: _Names, lines: PageLines, crumb: int) -> _Names:
    """``names`` without the ``<title>`` when that is the site's name: a ``<title>`` of one
    part that a line of the site's header (above the breadcrumb) shows, such as the logo's
    text ``某某区人民政府信息公开平台`` under ``<title>某某区人民政府信息公开</title>``. It
    names no headline, and the lines it holds (the issuing body in a disclosure table) are no
    headlines either. A ``<title>`` that a line below the breadcrumb shows whole, alone, is
    the headline all the same (a site that also prints it in a "now reading" bar or a ticker
    above the breadcrumb)."""
    if crumb <= 0 or len(names.parts) != 1 or not names.whole:
        return names
    whole = names.whole
    in_header = any(
        lines.size[index] <= MAX_TITLE and whole in squash(lines.blocks[index].text)
        for index in range(crumb)
    )
    if not in_header:
        return names
    shown_below = any(
        lines.size[index] <= MAX_TITLE and squash(lines.blocks[index].text) == whole
        for index in range(crumb + 1, min(len(lines.blocks), crumb + 1 + MAX_HEADLINE_DISTANCE))
    )
    if shown_below:
        return names
    return replace(names, parts=(), whole="", sites=names.sites | {whole})


def _clean_candidate(text: str) -> str:
    """A line as a headline: without a 主题：/标题： label and icon-font glyphs (private use)."""
    text = _PRIVATE_USE.sub("", _TITLE_LABEL.sub("", clean_line(text)))
    return text.strip().rstrip(_TRAILING_SEPARATORS).strip()


def _named(line: str, named: str) -> float:
    """How well ``line`` matches a title the page names (``named``, squashed): 1 when equal,
    a share when one holds the other, 0 otherwise."""
    if not named or not line:
        return 0.0
    if line == named:
        return 1.0
    if len(line) >= 4 and line in named:
        return len(line) / len(named)
    if len(named) >= 4 and named in line:
        return len(named) / len(line)
    return 0.0


@dataclass(frozen=True, slots=True)
class _Place:
    """Where the body and the breadcrumb are, and whether a dated meta line follows a line."""

    body_start: int
    after_crumb: bool
    meta_after: int
    """How many lines below the candidate the next dated meta line is (0: none within 3)."""
    above_subtitle: bool
    """A subtitle line (``——…``) follows within two lines."""


def _score(block: Block, marks: int, text: str, named: tuple[float, float], place: _Place,
           names: _Names) -> float:  # fmt: skip
    """Score one candidate line (see the module docstring)."""
    from_meta, from_page = named
    score = 100 * from_meta + 80 * from_page
    if block.heading:
        score += {1: 35, 2: 25, 3: 15}.get(block.heading, 5)
    if block.titleish:
        score += 20
    if block.chrome:
        score -= 40
    if block.links and block.link_chars >= 0.5 * max(len(text), 1):
        # a link: a menu item or another article's title, unless marked up as a headline
        # (many sites link the headline to the page itself); a heading linked to the site's
        # or a section's home page is the logo's name (<h1><a href="index.html">某某的博客</a>)
        marked = (block.heading or block.titleish) and not _links_home(block)
        score -= 10 if marked else 60
    if place.meta_after:
        score += {1: 25, 2: 18}.get(place.meta_after, 10)
    if place.above_subtitle:
        score += 10
    if len(text) <= SHORT_LINE and not (block.heading or block.titleish) and max(named) < 0.5:
        score -= 15  # an author's name, a label: headlines say more
    distance = place.body_start - block.index
    if 0 < distance <= 6:
        score += 30 - 5 * distance
    elif distance < -3:
        score -= 25
    if place.after_crumb:
        score += 10
    if text in names.sites:
        score -= 150
    if text.startswith(("——", "--", "—")) and len(text) > 2:
        score -= 30  # a subtitle (副题) under the headline
    if _SECTION_NUMBER.match(text):
        score -= 20  # a section heading of the body: 一、… （二）…
    if marks >= 3 or "。" in text[:-1]:
        score -= 50
    if len(text) > 80:
        score -= 30
    return score


def _links_home(block: Block) -> bool:
    """Whether every link of ``block`` leads to a home page: the site's root (``/``,
    ``http://host/``) or a page named as an index (``index.html``, ``../default.aspx``)."""
    if not block.links:
        return False
    for link in block.links:
        href = link.href.strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            return False  # a named anchor, a script: no page at all
        path = href.split("#", 1)[0].split("?", 1)[0]
        if "//" in path:
            path = path.split("//", 1)[1].partition("/")[2]  # the path after the host
        last = path.strip("/").rsplit("/", 1)[-1]
        if last and not _HOME_PAGE.match(last):
            return False
    return True


def find_title(
    lines: PageLines,
    meta: MetaTags,
    document_title: str,
    body_start: int,
    crumb: int,
) -> TitleChoice | None:
    """Choose the headline among the lines of a page.

    Args:
        lines: The page's lines.
        meta: The page's ``<meta>`` tags.
        document_title: The text of the ``<title>`` element.
        body_start: The index of the first line of prose of the body as first guessed (the
            headline sits just above it).
        crumb: The index of the breadcrumb's line (-1 when none): never the title, and the
            headline often follows it.

    Returns:
        The headline, or None when no line scores as one.
    """
    blocks = lines.blocks
    names = _site_named(_Names.of(document_title, meta), lines, crumb)
    meta_lines = lines.meta
    crumbs = lines.crumb
    count = len(blocks)

    def is_dated(index: int) -> bool:
        return 0 <= index < count and meta_lines[index]

    best: tuple[float, Block, str] | None = None
    matched_a_name = False
    window_start, window_end = body_start - WINDOW_ABOVE, body_start + WINDOW_BELOW
    for block in blocks:
        index = block.index
        size = lines.size[index]
        if index == crumb or size < 1 or size > MAX_TITLE or lines.tool[index]:
            continue
        if lines.link[index] and not (block.heading or block.titleish):
            continue  # a link that is no headline: a menu item, a related article
        if meta_lines[index]:
            continue
        raw = block.stripped
        if not (window_start <= index <= window_end or block.heading or block.titleish):
            squashed = squash(raw)
            if squashed not in names.whole and squashed not in names.meta:
                continue  # far from the body, unmarked and unnamed: cannot win (most lines)
        if _LABEL_LINE.match(raw):
            continue
        text = squash(_clean_candidate(raw))
        if not text or len(text) > MAX_TITLE:
            continue
        named = names.match(text)
        matched_a_name = matched_a_name or max(named) >= 0.5
        meta_after = next((step for step in (1, 2, 3) if is_dated(index + step)), 0)
        above_subtitle = any(
            index + step < count and blocks[index + step].text.lstrip().startswith(("——", "--"))
            for step in (1, 2)
        )
        after_crumb = any(
            before == crumb or (before >= 0 and crumbs[before]) for before in (index - 1, index - 2)
        )
        place = _Place(body_start, after_crumb, meta_after, above_subtitle)
        score = _score(block, lines.marks[index], text, named, place, names)
        if best is None or score >= best[0]:  # of equals, the one nearer the body
            best = (score, block, text)
    # A <title> that names no line of the page names nothing when it is one part (a site name,
    # 显示) or short parts (站点>栏目); 标题_站点 names a headline the page shows elsewhere.
    titled = matched_a_name or (
        len(names.parts) >= 2 and max(map(len, names.parts)) >= HEADLINE_PART
    )
    if best is None or best[0] < (MIN_SCORE if titled else MIN_SCORE_UNNAMED):
        return None
    score, block, text = best
    first, last = _join_split(blocks, block.index, (names.meta, names.whole), {crumb})
    title = _title_text(blocks, first, last, meta, document_title)
    how, detail = _how(block, text, names, meta)
    confident = score >= CONFIDENT_SCORE
    return TitleChoice(title, first, last, how, detail, confident)


def _join_split(
    blocks: list[Block], index: int, named: tuple[str, str], excluded: set[int]
) -> tuple[int, int]:
    """Widen the headline at ``index`` to the adjacent lines that, joined to it, still make
    up the title the page names (a headline split over two or more lines)."""
    names = [name for name in named if name]
    if not names:
        return index, index
    first = last = index

    def joined(a: int, b: int) -> str:
        return "".join(squash(_clean_candidate(blocks[i].stripped)) for i in range(a, b + 1))

    for _ in range(SPLIT_REACH * 2):
        grown = False
        if last + 1 < len(blocks) and last + 1 not in excluded:
            candidate = joined(first, last + 1)
            if any(candidate in name for name in names) and len(blocks[last + 1].stripped) > 1:
                last += 1
                grown = True
        if first - 1 >= 0 and first - 1 not in excluded:
            candidate = joined(first - 1, last)
            if any(candidate in name for name in names) and len(blocks[first - 1].stripped) > 1:
                first -= 1
                grown = True
        if not grown:
            break
    return first, last


def _title_text(
    blocks: list[Block], first: int, last: int, meta: MetaTags, document_title: str
) -> str:
    """The headline's text: the lines joined as the meta title or the ``<title>`` joins them
    (with or without a space), else with a space between lines."""
    pieces = [_clean_candidate(blocks[i].stripped) for i in range(first, last + 1)]
    if len(pieces) == 1:
        return pieces[0]
    joined = squash("".join(pieces))
    for named in (meta.title, document_title):
        span = _span(named, joined)
        if span:
            return span
    return " ".join(pieces)


def _span(haystack: str, needle: str) -> str:
    """The part of ``haystack`` that reads as ``needle`` once whitespace is ignored, or ``""``."""
    if not needle:
        return ""
    positions = [i for i, char in enumerate(haystack) if not char.isspace()]
    squashed = "".join(haystack[i] for i in positions)
    at = squashed.find(needle)
    if at < 0:
        return ""
    return clean_line(haystack[positions[at] : positions[at + len(needle) - 1] + 1])


def _how(block: Block, text: str, names: _Names, meta: MetaTags) -> tuple[str, str]:
    tag = f"<h{block.heading}>" if block.heading else ("a title class" if block.titleish else "")
    from_meta, from_page = names.match(text)
    if from_meta > 0.5:
        return "meta", f"{tag_label(meta.title_tag)}, shown as {tag or 'a line'}"
    if from_page > 0.5:
        return "headline", f"{tag or 'a line'} that the <title> names"
    return "headline", tag or "the line above the meta line or the body"


def title_from_document(document_title: str, meta: MetaTags) -> TitleChoice | None:
    """The headline from the ``<meta>`` title or the ``<title>`` alone (site name dropped),
    when no line of the page scores as one."""
    if meta.title and len(squash(meta.title)) <= MAX_TITLE:
        return TitleChoice(meta.title, -1, -1, "meta", tag_label(meta.title_tag), False)
    parts = title_parts(document_title)
    text = clean_line(parts[0]) if parts else ""
    if text:
        return TitleChoice(text, -1, -1, "title-element", "<title>, site name dropped", False)
    return None
