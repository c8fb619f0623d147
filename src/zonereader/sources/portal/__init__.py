"""Extract articles, list pages and section indexes from a news portal's HTML.

Pure functions from decoded HTML and its URL to :mod:`zonereader.models` records: no I/O, no
clock. The heuristics follow the conventions of Chinese government and portal CMSs:

- breadcrumbs after 您现在的位置 / 当前位置 (``首页 > 开发区新闻 > 舟山 > 文字新闻``), which
  give the zone path (首页 dropped);
- a meta line with 发布时间 / 日期 / 时间, 来源 / 信息来源 and 发布开发区, just below the title;
- body paragraphs between the meta line and the 上一条 / 上一篇 / 下一条 / 下一篇 links, with site
  chrome (navigation, ads, share tools, footers with 版权所有) dropped;
- list pages as the largest group of sibling rows holding article links (and usually dates), with
  a 下一页 link; section indexes as groups of channel links under region headings.

A source's :class:`~zonereader.models.PortalSelectors` replace the heuristics field by field, for
portals they miss. :func:`read_article_page` and :func:`classify_page` also say why they read a
page as they did (:mod:`~zonereader.sources.portal.explain`). All text that leaves this module
went through :func:`~zonereader.text.sanitize.clean_line` or
:func:`~zonereader.text.sanitize.clean_text`.
"""

from zonereader.sources.portal.article import parse_article_page, read_article_page
from zonereader.sources.portal.explain import ArticleProvenance, ArticleReading, KindSignals
from zonereader.sources.portal.kind import classify_and_read_list, classify_page, page_kind
from zonereader.sources.portal.listing import parse_list_page
from zonereader.sources.portal.page import ExtractError

__all__ = [
    "ArticleProvenance",
    "ArticleReading",
    "ExtractError",
    "KindSignals",
    "classify_and_read_list",
    "classify_page",
    "page_kind",
    "parse_article_page",
    "parse_list_page",
    "read_article_page",
]
