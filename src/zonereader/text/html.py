"""HTML to text blocks and paragraphs.

A page is read as a sequence of *blocks* (:mod:`.html_layout`: the runs of text between
block-level boundaries, with their links and images, :mod:`.html_refs`, and their context);
feeds turn entry HTML into paragraphs with :func:`html_to_paragraphs`, through the parser-free
path of :mod:`.html_simple` when the HTML is simple enough. This module makes paragraphs of
blocks, and is where the rest of the project imports all of it from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zonereader.models import BodyImage, BodyLink
from zonereader.text.html_layout import (
    BLOCK_TAGS,
    CONTAINER_TAGS,
    SKIP_TAGS,
    Block,
    Container,
    Layout,
    html_blocks,
    is_chrome_element,
    parse_html,
    read_layout,
)
from zonereader.text.html_refs import EDGE_SPACE, ImageRef, Link, image_ref
from zonereader.text.html_simple import simple_blocks

__all__ = [
    "BLOCK_TAGS",
    "CONTAINER_TAGS",
    "SKIP_TAGS",
    "Block",
    "BodyParts",
    "Container",
    "ImageRef",
    "Layout",
    "Link",
    "body_parts",
    "html_blocks",
    "html_body",
    "html_to_paragraphs",
    "image_ref",
    "is_chrome_element",
    "paragraph_text",
    "parse_html",
    "read_layout",
]


def paragraph_text(block_text: str) -> str:
    """Return a block's text as a paragraph: indentation (full-width spaces too) stripped."""
    return block_text.strip(EDGE_SPACE)


@dataclass(slots=True)
class BodyParts:
    """An HTML body read as paragraphs, with its links and images."""

    paragraphs: list[str] = field(default_factory=list)
    links: list[BodyLink] = field(default_factory=list)
    """The distinct absolute http(s) links, in order of first appearance."""
    images: list[BodyImage] = field(default_factory=list)
    """The distinct absolute http(s) images, each placed after the paragraphs before it."""


def html_body(fragment: str, base_url: str | None = None) -> BodyParts:
    """Turn body HTML into clean paragraphs, with the links and images found in it.

    Args:
        fragment: An HTML fragment (an article body, a feed entry's content) or a whole page.
        base_url: The URL the HTML came from, to make links absolute.

    Returns:
        The paragraphs in order, each stripped of indentation (full-width U+3000 spaces
        included) and of control characters, with ``<br>`` splitting paragraphs and
        scripts/styles dropped; the links and images (see :class:`BodyParts`).
    """
    if not fragment or not fragment.strip():
        return BodyParts()
    blocks = simple_blocks(fragment, base_url)
    if blocks is None:
        tree = parse_html(fragment)
        blocks = html_blocks(tree.body or tree.root, base_url)
    return body_parts(blocks)


def body_parts(blocks: list[Block], *, skip: str | None = None) -> BodyParts:
    """The paragraphs of ``blocks`` with their distinct http(s) links and images.

    Args:
        blocks: The body's blocks, in order.
        skip: A text that is not a paragraph wherever it stands (a title repeated in the body).
    """
    parts = BodyParts()
    seen_links: set[str] = set()
    seen_images: set[str] = set()
    for block in blocks:
        for image in block.images:
            url = image.url
            if _is_web(url) and url not in seen_images:
                seen_images.add(url)
                parts.images.append(BodyImage(url, image.alt, len(parts.paragraphs)))
        text = paragraph_text(block.text)
        if text and text != skip:
            parts.paragraphs.append(text)
        for link in block.links:
            url = link.url
            if _is_web(url) and url not in seen_links:
                seen_links.add(url)
                parts.links.append(BodyLink(url, link.text))
    return parts


def _is_web(url: str) -> bool:
    return url.startswith(("http://", "https://"))


def html_to_paragraphs(fragment: str, base_url: str | None = None) -> tuple[list[str], list[str]]:
    """The paragraphs of body HTML and the URLs of its links (see :func:`html_body`)."""
    parts = html_body(fragment, base_url)
    return parts.paragraphs, [link.url for link in parts.links]
