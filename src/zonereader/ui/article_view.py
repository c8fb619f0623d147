"""An article turned into sanitised, wrapped lines for the reader: pure, no Textual.

Every piece of text from the store passes through :func:`clean_line` / :func:`clean_text`
here, before it can reach a widget. The body's links are numbered: ``[n]`` follows the first
place a link's text appears, and the list of links with their addresses closes the article.
Each image is a numbered line with its caption (``[图2] 园区全景``) where it stood in the body;
the reader shows the picture itself under that line when it can.
"""

from __future__ import annotations

from dataclasses import dataclass

from zonereader.models import CST, BodyLink, SiteLink, StoredArticle
from zonereader.text.sanitize import clean_line, clean_text
from zonereader.ui.textfmt import wrap_cjk

INDENT = "\u3000\u3000"
#: A link's text must be at least this long to be marked where it stands in the text (a
#: one-character link would mark the first of that character anywhere).
MIN_MARKED_TEXT = 2


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of the article: ``kind`` picks its style (title, meta, para, rule, link...).

    An ``image`` block is the numbered line of image ``image`` (1-based) with its caption.
    """

    kind: str
    text: str
    image: int = 0


def _link_text(link: SiteLink | None) -> str:
    if link is None:
        return "没有了"
    return clean_line(link.title) or clean_line(link.url)


def meta_line(stored: StoredArticle) -> str:
    """Return the line under the title: date · 来源 · 发布开发区 · zone path."""
    article = stored.article
    parts: list[str] = []
    if article.published is not None:
        local = article.published.astimezone(CST)
        parts.append(local.strftime("%Y-%m-%d %H:%M" if article.has_time else "%Y-%m-%d"))
    if article.origin:
        parts.append(f"来源:{clean_line(article.origin)}")
    if article.publisher:
        parts.append(f"发布开发区:{clean_line(article.publisher)}")
    if article.zone:
        parts.append(clean_line(article.zone))
    return " · ".join(parts)


def image_label(number: int, caption: str) -> str:
    """The numbered line of an image: ``[图2] 园区全景`` (or ``[图2]`` with no caption)."""
    caption = clean_line(caption)
    return f"[图{number}] {caption}" if caption else f"[图{number}]"


def link_label(number: int, link: BodyLink) -> str:
    """A link as the closing list shows it: ``[3] 附件：实施细则  https://…``."""
    text = clean_line(link.text)
    url = clean_line(link.url)
    return f"[{number}] {text}  {url}" if text and text != url else f"[{number}] {url}"


def _mark_links(paragraphs: list[str], links: list[BodyLink]) -> list[str]:
    """``paragraphs`` with ``[n]`` after the first place each link's text appears.

    Links are looked for in order, each from where the one before was found, so the numbers
    read in order down the article.
    """
    marked = list(paragraphs)
    where = (0, 0)  # (paragraph, position) to look from
    for number, link in enumerate(links, start=1):
        text = clean_line(link.text)
        if len(text) < MIN_MARKED_TEXT:
            continue
        for index in range(where[0], len(marked)):
            start = where[1] if index == where[0] else 0
            found = marked[index].find(text, start)
            if found >= 0:
                end = found + len(text)
                marked[index] = f"{marked[index][:end]}[{number}]{marked[index][end:]}"
                where = (index, end)
                break
    return marked


def article_blocks(stored: StoredArticle) -> list[Block]:
    """Return the blocks the reader shows for ``stored``, every text sanitised."""
    article = stored.article
    flags = []
    if stored.bookmarked:
        flags.append("bookmarked")
    if not stored.read:
        flags.append("unread")
    blocks = [Block("title", clean_line(article.title) or "(untitled)")]
    meta = meta_line(stored)
    if flags:
        meta = f"{meta} · [{', '.join(flags)}]" if meta else f"[{', '.join(flags)}]"
    blocks.append(Block("meta", meta))
    blocks.append(Block("rule", ""))
    cleaned = [clean_text(paragraph) for paragraph in article.paragraphs]
    marked = _mark_links(cleaned, article.links)
    images = sorted(enumerate(article.images, start=1), key=lambda item: item[1].paragraph)
    waiting = list(images)
    if not any(line.strip() for text in marked for line in text.split("\n")):
        blocks.append(Block("para", "(this article has no text)"))
    for index, text in enumerate(marked):
        while waiting and waiting[0][1].paragraph <= index:
            number, image = waiting.pop(0)
            blocks.append(Block("image", image_label(number, image.caption), number))
        for line in text.split("\n"):
            line = line.strip()
            if line:
                blocks.append(Block("para", INDENT + line.lstrip("\u3000 ")))
    for number, image in waiting:
        blocks.append(Block("image", image_label(number, image.caption), number))
    if article.links:
        blocks.append(Block("rule", ""))
        for number, link in enumerate(article.links, start=1):
            blocks.append(Block("footnote", link_label(number, link)))
    blocks.append(Block("rule", ""))
    blocks.append(Block("link", f"[ 上一条: {_link_text(article.prev_link)}"))
    blocks.append(Block("link", f"] 下一条: {_link_text(article.next_link)}"))
    blocks.append(Block("url", clean_line(article.url)))
    return blocks


def split_at_images(blocks: list[Block]) -> list[list[Block] | Block]:
    """Cut ``blocks`` into runs of text and the image blocks between them, in order.

    The result starts with a run of text (the title) and alternates: run, image, run...
    (a run may be empty where two images follow each other).
    """
    pieces: list[list[Block] | Block] = [[]]
    for block in blocks:
        if block.kind == "image":
            pieces.append(block)
            pieces.append([])
        else:
            run = pieces[-1]
            assert isinstance(run, list)
            run.append(block)
    return pieces


def layout(blocks: list[Block], width: int) -> list[Block]:
    """Wrap ``blocks`` to ``width`` cells: one Block per screen line, blank lines between parts."""
    lines: list[Block] = []
    width = max(width, 4)
    for block in blocks:
        if block.kind == "rule":
            lines.append(Block("blank", ""))
            lines.append(Block("rule", "─" * width))
            lines.append(Block("blank", ""))
            continue
        for line in wrap_cjk(block.text, width):
            lines.append(Block(block.kind, line, block.image))
        if block.kind in ("para", "image"):
            lines.append(Block("blank", ""))
    while lines and lines[-1].kind == "blank":
        lines.pop()
    return lines
