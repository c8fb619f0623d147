"""Tell an article page from a list page and a section index."""

from __future__ import annotations

from zonereader.sources.portal.article import is_meta, prev_next_label
from zonereader.sources.portal.listing import index_channels, list_entries, next_page_url
from zonereader.sources.portal.page import breadcrumb, load_page


def page_kind(html: str, url: str) -> str:
    """Tell what kind of portal page ``html`` is.

    Returns:
        ``"article"`` (a title, a meta line or the site's 上一条/下一条 links, and body text),
        ``"index"`` (channel links under region headings, and no dated article list), or
        ``"list"`` (a group of article links, a 下一页 link, or an empty channel).
    """
    page = load_page(html, url)
    _, crumb_index = breadcrumb(page, None)
    has_meta = any(is_meta(b) for b in page.blocks if b.index > crumb_index and not b.chrome)
    has_prev_next = any(prev_next_label(b.text) and b.links for b in page.blocks if not b.chrome)
    entries = list_entries(page, None)
    if (has_meta or has_prev_next) and len(entries) < 5:
        return "article"
    if next_page_url(page, None) or sum(entry.published is not None for entry in entries) >= 3:
        return "list"
    if len(index_channels(page, "")) >= max(2, len(entries)):
        return "index"
    # nothing to read and no channels: an empty channel (暂无信息) is still a list page
    return "article" if has_meta and not entries else "list"
