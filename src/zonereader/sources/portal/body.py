"""Find an article's body: the element of the page that holds its running text.

Every line (block) of the page gets a value: running text counts for it (CJK-aware: Chinese has
no spaces, so a line is prose by its characters and its sentence punctuation ，。！？, never by
words or by a paragraph length made for English); link lines, tool bars, breadcrumbs, footers
and site chrome count against it. Every block-level element of the page is then scored by the
sum of the values of the lines it holds (one pass with prefix sums, so the cost stays linear in
the page), and the best element is the body: a ``TRS_Editor`` div, a layout ``<td>``, the
``<td>`` of a ``<br>``-separated text. An element that also holds a related-news box or the
site menu scores lower than the body alone; two halves of a body split by a picture score
higher together.

Inside that element, the lines before the headline and the meta lines under it are dropped,
and so are tool lines (``打印``, ``字体：大 中 小``, ``扫一扫在手机打开当前页``, ``分享到``…)
and link boxes; the body ends at the 上一篇/下一篇 links, at a 相关新闻 heading or at the
footer. A date that opens the body is meta, not a paragraph. Credit lines right after the body
(``责任编辑：…``, ``（来源：…）``) belong to the article and are kept as its last lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zonereader.sources.portal.lines import (
    PageLines,
    is_credit,
    squash,
)
from zonereader.sources.portal.meta import labelled_date
from zonereader.text.html import Block, Container

#: A line with at least this many characters besides its links, and some punctuation, is prose.
MIN_PROSE = 8
#: A line of prose at least this long is a paragraph even with one punctuation mark.
MIN_PARAGRAPH = 40
#: Weight of a line without sentence punctuation (a heading, a label, a cell of a table).
SHORT_LINE_WEIGHT = 0.3
#: Weight of the link text inside a line of prose (links inside sentences are the article's).
LINK_IN_PROSE_WEIGHT = 0.5
#: How many lines at the top of the body may be header (subtitle, meta lines, tool bar).
HEADER_REACH = 8
#: A header line (subtitle, author) is shorter than this.
MAX_HEADER_LINE = 80
#: A subtitle is at most this long (characters without spaces).
MAX_SUBTITLE = 80
#: How many lines after the body are searched for credit lines (责任编辑…).
CREDIT_REACH = 6
#: The best run of lines is taken over the best element when it is worth this much more
#: (the body is loose in an element that holds other boxes as well).
RUN_ADVANTAGE = 1.3
#: A footer line is shorter than this.
MAX_FOOTER = 200
#: How many dropped lines an explanation keeps.
MAX_DROPPED_SHOWN = 12


@dataclass(slots=True)
class BodyChoice:
    """The body found: its lines, the element they came from and what was left out."""

    blocks: list[Block]
    where: BodyRange
    start: int
    end: int
    dropped: list[str] = field(default_factory=list)
    """The first lines dropped from inside the body's range (at most MAX_DROPPED_SHOWN)."""
    dropped_count: int = 0
    date_line: int = -1
    """The index of a date line that opened the body (meta, not a paragraph), or -1."""
    first_line: int = -1
    """The index of the body's first line (a subtitle put before it aside): the header above
    it holds the meta lines."""


def block_values(lines: PageLines) -> list[float]:
    """How much each line counts for the element holding it being the body (see the module)."""
    values: list[float] = []
    for index, block in enumerate(lines.blocks):
        size = lines.size[index]
        if size == 0:
            values.append(0.0)
        elif block.chrome or lines.link[index] or lines.tool[index]:
            values.append(-float(size))
        elif lines.meta[index]:
            values.append(0.0)
        else:
            links = min(block.link_chars, size)
            own = size - links
            if own >= MIN_PROSE and lines.marks[index] >= 1:
                values.append(own - LINK_IN_PROSE_WEIGHT * links)
            else:
                values.append(SHORT_LINE_WEIGHT * own - links)
    return values


@dataclass(frozen=True, slots=True)
class BodyRange:
    """Where the body is: ``blocks[start:end]``, the element holding it (``whole`` when the
    body is that whole element, not a run of lines inside it) and the lines' worth."""

    start: int
    end: int
    container: Container | None
    whole: bool
    score: float


def _prefix_sums(values: list[float], title_last: int) -> list[float]:
    prefix = [0.0]
    total = 0.0
    for index, value in enumerate(values):
        if index <= title_last and value > 0:
            value = 0.0  # the body is below its headline
        total += value
        prefix.append(total)
    return prefix


def best_container(
    containers: list[Container], prefix: list[float]
) -> tuple[Container | None, float]:
    """The element whose lines are worth the most (the deepest of equals), and its score."""
    best: Container | None = None
    best_score = 0.0
    last = len(prefix) - 1
    for container in containers:
        if container.chrome:
            continue
        score = prefix[min(container.end, last)] - prefix[container.start]
        if score > best_score + 1e-6 or (
            best is not None and abs(score - best_score) <= 1e-6 and container.depth > best.depth
        ):
            best, best_score = container, score
    return best, best_score


def best_run(prefix: list[float]) -> tuple[int, int, float]:
    """The run of consecutive lines worth the most: ``(start, end, score)`` (Kadane)."""
    best = (0, 0, 0.0)
    low_index, low = 0, prefix[0]
    for end in range(1, len(prefix)):
        if prefix[end] - low > best[2]:
            best = (low_index, end, prefix[end] - low)
        if prefix[end] < low:
            low_index, low = end, prefix[end]
    return best


def _holder(containers: list[Container], start: int, end: int) -> Container | None:
    """The smallest element holding ``blocks[start:end]``."""
    best: Container | None = None
    for container in containers:
        if (
            container.start <= start
            and end <= container.end
            and (best is None or container.end - container.start < best.end - best.start)
        ):
            best = container
    return best


def best_range(
    containers: list[Container], values: list[float], title_last: int = -1
) -> BodyRange | None:
    """Where the body is: the best element, or the best run of lines when no element holds the
    body without much else (paragraphs loose in a layout cell shared with other boxes).

    Lines up to ``title_last`` (the headline, when it is known for sure) count for nothing.
    """
    prefix = _prefix_sums(values, title_last)
    container, score = best_container(containers, prefix)
    start, end, run_score = best_run(prefix)
    if run_score > RUN_ADVANTAGE * score and end > start:
        return BodyRange(start, end, _holder(containers, start, end), False, run_score)
    if container is None:
        return None
    return BodyRange(container.start, min(container.end, len(values)), container, True, score)


def first_prose(lines: PageLines, values: list[float], where: BodyRange) -> int:
    """The index of the first paragraph of prose in ``where`` (its start when it has none):
    a line of running text, not a short line with one mark (a headline ending in ？)."""
    for index in range(where.start, min(where.end, len(values))):
        if values[index] >= MIN_PROSE and (
            lines.marks[index] >= 2 or lines.size[index] >= MIN_PARAGRAPH
        ):
            return index
    return where.start


def _ends_body(lines: PageLines, index: int) -> bool:
    return lines.stop[index]


def _repeats(block: Block, title: str) -> bool:
    """Whether ``block`` repeats the headline (``title``, squashed) or a part of it."""
    line = squash(block.stripped)
    return bool(title) and len(line) >= 2 and line in title


def trim_body(
    lines: PageLines, start: int, end: int, title_last: int, title_text: str
) -> tuple[list[Block], list[str], int, int]:
    """The article's lines among ``lines.blocks[start:end]``.

    Returns:
        ``(kept lines, dropped lines, index of the first line after the header, index of the
        first meta or date line at the top of the body or -1)``.
    """
    blocks = lines.blocks
    title = squash(title_text)
    if start <= title_last < end:
        start = title_last + 1
    # The header: a subtitle, meta lines, tool bars and repeats of the headline at the top,
    # down to the last meta line before the first paragraph of prose.
    meta_end = first_meta = -1
    for index in range(start, min(end, start + HEADER_REACH)):
        block = blocks[index]
        if lines.meta[index]:
            meta_end = index
            first_meta = index if first_meta < 0 else first_meta
            continue
        if lines.noise(index) or _repeats(block, title):
            continue
        if lines.size[index] >= MAX_HEADER_LINE or lines.marks[index] >= 2:
            break
    dropped: list[str] = []
    if meta_end >= 0:
        dropped.extend(blocks[i].stripped for i in range(start, meta_end + 1))
        start = meta_end + 1
    kept: list[Block] = []
    prose = False
    for index in range(start, end):
        block = blocks[index]
        if _ends_body(lines, index) and prose:
            break
        if lines.noise(index) or _ends_body(lines, index):
            dropped.append(block.stripped)  # before any prose: a credit, a tool line
            continue
        if not kept and (_repeats(block, title) or lines.meta[index]):
            if first_meta < 0 and lines.meta[index]:
                first_meta = index
            dropped.append(block.stripped)
            continue
        kept.append(block)
        prose = prose or (lines.marks[index] >= 1 and lines.size[index] >= MIN_PROSE)
    # a dated meta line closing the body (发表于 2005-07-31 12:30, 本贴由…于…发表) is meta
    while kept and lines.meta[kept[-1].index] and labelled_date(kept[-1].text) is not None:
        dropped.append(kept.pop().stripped)
    return kept, dropped, start, first_meta


def subtitle(lines: PageLines, title_last: int, first: int) -> Block | None:
    """The subtitle printed right under the headline, outside the body's element: a heading
    (or title-class) line that is no meta line, with only meta and tool lines between it and
    the body's first line (``first``). A subtitle is part of the article: it opens the body."""
    index = title_last + 1
    if title_last < 0 or index >= first or index >= len(lines.blocks):
        return None
    block = lines.blocks[index]
    if not (block.heading or block.titleish) or lines.meta[index] or lines.noise(index):
        return None
    if lines.size[index] > MAX_SUBTITLE or lines.link[index]:
        return None
    if any(not (lines.noise(i) or lines.meta[i]) for i in range(index + 1, first)):
        return None
    return block


def credits_after(lines: PageLines, end: int) -> list[Block]:
    """Credit lines (责任编辑：…) just after the body's element, past any tool lines."""
    found: list[Block] = []
    for index in range(end, min(end + CREDIT_REACH, len(lines.blocks))):
        block = lines.blocks[index]
        if is_credit(block.stripped) and not lines.link[index]:
            if lines.meta[index] and labelled_date(block.text) is not None:
                break  # a dated line (作者：… 发表于：…): meta below the body, not a credit
            found.append(block)
            continue
        if lines.noise(index) and not _ends_body(lines, index):
            continue
        break
    return found


def _extend(values: list[float], start: int, end: int, title_last: int) -> tuple[int, int]:
    """Widen ``[start, end)`` over the paragraphs of prose right outside it.

    Broken markup and odd layouts leave a paragraph or two of the body outside the element
    that holds the rest (a lead paragraph above it, a last paragraph after a stray closing
    tag): running text that touches the body, with at most one short line between, is body.
    """
    while end < len(values):
        if values[end] >= MIN_PROSE:
            end += 1
        elif end + 1 < len(values) and values[end] >= 0 and values[end + 1] >= MIN_PROSE:
            end += 2
        else:
            break
    while start - 1 > title_last and values[start - 1] >= MIN_PROSE:
        start -= 1
    return start, end


def find_body(
    lines: PageLines,
    containers: list[Container],
    values: list[float],
    title_last: int,
    title_text: str,
    *,
    title_confident: bool,
) -> BodyChoice:
    """The body: the best element's article lines (see the module docstring)."""
    where = best_range(containers, values, title_last if title_confident else -1)
    if where is None:
        # nothing holds more text than chrome (a bare fragment, a page of one short line):
        # the lines below the headline, down to the site's links or the footer
        where = BodyRange(max(title_last + 1, 0), len(values), None, False, 0.0)
    start, end = _extend(values, where.start, where.end, title_last)
    kept, dropped, start, date_line = trim_body(lines, start, end, title_last, title_text)
    if not kept and where.container is not None:
        # the element trimmed to nothing: read the lines below the headline instead
        where = BodyRange(max(title_last + 1, 0), len(values), None, False, 0.0)
        kept, dropped, start, date_line = trim_body(
            lines, where.start, where.end, title_last, title_text
        )
        end = where.end
    if kept and kept[-1].index >= end - 2:
        kept.extend(credits_after(lines, end))
    first_line = kept[0].index if kept else end
    opening = subtitle(lines, title_last, first_line) if kept else None
    if opening is not None:
        kept.insert(0, opening)
    return BodyChoice(
        blocks=kept,
        where=where,
        start=start,
        end=end,
        dropped=dropped[:MAX_DROPPED_SHOWN],
        dropped_count=len(dropped),
        date_line=date_line,
        first_line=first_line,
    )
