"""An article turned into sanitised, wrapped lines for the reader: pure, no Textual.

Every piece of text from the store passes through :func:`clean_line` / :func:`clean_text`
here, before it can reach a widget.
"""

from __future__ import annotations

from dataclasses import dataclass

from zonereader.models import CST, SiteLink, StoredArticle
from zonereader.text.sanitize import clean_line, clean_text
from zonereader.ui.textfmt import wrap_cjk

INDENT = "\u3000\u3000"


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of the article: ``kind`` picks its style (title, meta, para, rule, link...)."""

    kind: str
    text: str


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
    paragraphs = [
        line.strip()
        for paragraph in article.paragraphs
        for line in clean_text(paragraph).split("\n")
        if line.strip()
    ]
    if not paragraphs:
        blocks.append(Block("para", "(this article has no text)"))
    for paragraph in paragraphs:
        blocks.append(Block("para", INDENT + paragraph.lstrip("\u3000 ")))
    for index, link in enumerate(article.links, start=1):
        blocks.append(Block("footnote", f"[{index}] {clean_line(link)}"))
    blocks.append(Block("rule", ""))
    blocks.append(Block("link", f"[ 上一条: {_link_text(article.prev_link)}"))
    blocks.append(Block("link", f"] 下一条: {_link_text(article.next_link)}"))
    blocks.append(Block("url", clean_line(article.url)))
    return blocks


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
            lines.append(Block(block.kind, line))
        if block.kind == "para":
            lines.append(Block("blank", ""))
    while lines and lines[-1].kind == "blank":
        lines.pop()
    return lines
