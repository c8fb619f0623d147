# ruff: noqa: E501 - HTML kept as the site would write it
"""A government investment-promotion site as a 大汉 (Hanweb) jcms publishes it (UTF-8).

What real sites of this family do, reproduced here (the markup is ours):

- column pages ``/col/col{COLUMN}/index.html`` in table layout, whose list is a
  ``<script type="text/xml">`` datastore of ``<record><![CDATA[<li>…</li>]]></record>`` items
  that the site's ``jpage`` script shows ``perPage`` at a time. The page holds ``perPage`` ×
  ``groupSize`` records; ``$('#UNIT').jpage({totalRecord: N, …})`` states how many the column
  has. The address a browser shows for page 2, ``index.html?uid=UNIT&pageNum=2``, serves the
  same static page;
- the datastore's ``<nextgroup>`` links the next group of records: a GET of the CMS's data
  proxy, ``/module/web/jpage/dataproxy.jsp?page=1&…&columnid=…&unitid=…``, which answers a bare
  XML ``<datastore>`` of the same shape (its records, its own ``<nextgroup>`` while more
  remain);
- a left column with the section's columns and a small datastore of another column's articles
  (热点推荐), with no paging;
- article pages ``/art/{Y}/{M}/{D}/art_{COLUMN}_{ID}.html`` with ``<meta name="ArticleTitle">``,
  ``PubDate`` and ``ContentSource``, a breadcrumb, a 发布日期 / 来源 line and the body in
  ``<div id="zoom">``.
"""

from __future__ import annotations

import math
import random
import re
from datetime import datetime
from typing import ClassVar
from urllib.parse import parse_qs, quote

from zonereader.demo import phrases
from zonereader.demo.serving import Response
from zonereader.demo.sites.common import (
    SiteArticle,
    TemplateSite,
    day_of,
    esc,
    make_body,
    not_found,
    page,
)
from zonereader.models import CST

SITE_NAME = "某某省投资促进局"
#: Records the pager shows at a time, and pages' worth of records a group holds (real sites often
#: show 15 × 3; smaller here, so that a test's channel has several groups).
PER_PAGE, GROUP_SIZE = 10, 2
GROUP = PER_PAGE * GROUP_SIZE
#: Columns: id → (section, column name, the datastore unit's id).
COLUMNS = {
    "1229517": ("新闻中心", "招商动态", "4771234"),
    "1229518": ("新闻中心", "市县动态", "4771290"),
}
SECTION_COLUMN = "1229515"
_WEB_ID = "3"
#: The data proxy's path (under the site's prefix).
PROXY = "/module/web/jpage/dataproxy.jsp"
_BASE_DATE = datetime(2023, 1, 9, tzinfo=CST)
_COLUMN_PAGE = re.compile(r"^/col/col(?P<column>\d+)/(?:index\.html)?$")
_ARTICLE = re.compile(r"^/art/\d{4}/\d{1,2}/\d{1,2}/art_(?P<column>\d+)_(?P<id>\d+)\.html$")
_FIRST_ID = 59_000_000
_ORIGINS = ("省投资促进局", "省商务厅", "某某日报", "省政府办公厅", "省投资促进局综合处")


class HanwebSite(TemplateSite):
    """The 大汉-style site (see the module docstring)."""

    name = "hanweb"
    prefix = "/sites/hanweb"
    channels: ClassVar[dict[str, str]] = {column: names[1] for column, names in COLUMNS.items()}

    def make_article(self, rng: random.Random, channel: str, number: int) -> SiteArticle:
        """Article ``number`` of column ``channel``."""
        index = list(COLUMNS).index(channel)
        when = day_of(_BASE_DATE, number, 3, rng)
        article_id = _FIRST_ID + index * 100_000 + number
        title = phrases.make_title(rng, province="某某", city="某某", park="某某开发区", when=when)
        body = make_body(rng, city="某某", park="某某开发区", when=when)
        section, name, _unit = COLUMNS[channel]
        path = (
            f"{self.prefix}/art/{when.year}/{when.month}/{when.day}/art_{channel}_{article_id}.html"
        )
        return SiteArticle(
            site=self.name,
            channel=channel,
            number=number,
            path=path,
            title=title,
            published=when,
            origin=_ORIGINS[int(rng.random() * len(_ORIGINS))],
            pages=(tuple(body),),
            zone=f"{section}/{name}",
        )

    def start_paths(self) -> list[str]:
        """Each column's page."""
        return [f"{self.prefix}/col/col{column}/index.html" for column in COLUMNS]

    def page_kind(self, path: str) -> str:
        """'list', 'article' or 'other'."""
        rest = path.removeprefix(self.prefix)
        if _COLUMN_PAGE.match(rest) or rest == PROXY:
            return "list"
        return "article" if _ARTICLE.match(rest) else "other"

    def render(self, path: str) -> Response:
        """The page at ``path`` (the data proxy needs its query: see :meth:`render_query`)."""
        return self.render_query(path, "")

    def render_query(self, path: str, query: str) -> Response:
        """A column page, the data proxy's answer for ``query``, or an article page."""
        rest = path.removeprefix(self.prefix)
        column = _COLUMN_PAGE.match(rest)
        if column and column["column"] in COLUMNS:
            return self._column(column["column"])  # any ?uid=&pageNum= serves the same page
        if rest == PROXY:
            return self._proxy(query)
        found = _ARTICLE.match(rest)
        if found and found["column"] in COLUMNS:
            index = list(COLUMNS).index(found["column"])
            number = int(found["id"]) - _FIRST_ID - index * 100_000
            if 0 <= number < self.articles_per_channel:
                article = self.article(found["column"], number)
                if article.path == path:
                    return self._article(article)
        return not_found(path)

    # ------------------------------------------------------------------ lists

    def _records(self, column: str, group: int) -> list[str]:
        """Group ``group`` (0: the column page's) of the column's records, newest first."""
        shown = self.newest_first(column)[group * GROUP : (group + 1) * GROUP]
        return [
            f"<record><![CDATA[\n<li><a href='{a.path}' target='_blank' title='{esc(a.title)}'>"
            f"{esc(a.title)}</a><span class='bt_time'>{a.published:%Y-%m-%d}</span></li>]]></record>"
            for a in shown
        ]

    def _next_group(self, column: str, group: int) -> str:
        """The ``<nextgroup>`` after group ``group``: a data proxy link while records remain."""
        if (group + 1) * GROUP >= self.articles_per_channel:
            return "<nextgroup><![CDATA[]]></nextgroup>"
        unit = COLUMNS[column][2]
        webname = quote(SITE_NAME)
        href = (
            f"{self.prefix}{PROXY}?page={group + 1}&appid=1&webid={_WEB_ID}&path=/"
            f"&columnid={column}&unitid={unit}&webname={webname}&permissiontype=0"
        )
        return f'<nextgroup><![CDATA[<a href="{href}"></a>]]></nextgroup>'

    def _proxy(self, query: str) -> Response:
        """What the data proxy answers: group ``page`` of a column as a bare datastore."""
        fields = parse_qs(query)
        column = (fields.get("columnid") or [""])[0]
        number = (fields.get("page") or [""])[0]
        if column not in COLUMNS or not number.isdigit():
            return not_found(self.prefix + PROXY)
        group = int(number)
        total = self.articles_per_channel
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<datastore>\n'
            f"{self._next_group(column, group)}\n<recordset>\n"
            + "\n".join(self._records(column, group))
            + f"\n</recordset>\n<totalrecord>{total}</totalrecord>"
            f"<totalpage>{math.ceil(total / GROUP)}</totalpage>\n</datastore>\n"
        )
        newest = self.newest_first(column)
        modified = newest[0].published if newest else _BASE_DATE
        return page(body, charset="utf-8", content_type="text/xml;charset=UTF-8", modified=modified)

    def _column(self, column: str) -> Response:
        section, name, unit = COLUMNS[column]
        others = [c for c in COLUMNS if c != column]
        hot = [self.newest_first(c)[0] for c in others if self.articles_per_channel]
        hot_records = "\n".join(
            f"<record><![CDATA[<p><a href='{a.path}' target='_blank'>{esc(a.title)}</a></p>]]></record>"
            for a in hot
        )
        menu = "\n".join(
            f'        <tr><td class="{"left_item_on" if c == column else "left_item"}">'
            f'<a href="{self.prefix}/col/col{c}/index.html">{esc(names[1])}</a></td></tr>'
            for c, names in COLUMNS.items()
        )
        body = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<title>{SITE_NAME} {esc(name)}</title>
<meta name="SiteName" content="{SITE_NAME}" />
<meta name="ColumnName" content="{esc(name)}" />
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
<script type="text/javascript" src="/module/jslib/urlparam/urlparam.js"></script>
</head>
<body>
{_top(self.prefix)}
<table width="1200" border="0" align="center" cellpadding="0" cellspacing="0" class="main">
  <tr>
    <td width="260" valign="top" class="left">
      <table width="100%" border="0" cellspacing="0" cellpadding="0">
        <tr><td class="left_title">{esc(section)}</td></tr>
{menu}
      </table>
      <table width="100%" border="0" cellspacing="0" cellpadding="0" class="left_box">
        <tr><td class="left_title2">热点推荐</td></tr>
        <tr><td><div id="4771250"><script type="text/xml"><datastore>
<recordset>
{hot_records}
</recordset>
</datastore></script></div></td></tr>
      </table>
    </td>
    <td width="20"></td>
    <td valign="top" class="right">
      <table width="100%" border="0" cellspacing="0" cellpadding="0">
        <tr><td class="location">当前位置：<a href="{self.prefix}/">首页</a> &gt; <a href="{self.prefix}/col/col{SECTION_COLUMN}/index.html">{esc(section)}</a> &gt; <a href="{self.prefix}/col/col{column}/index.html">{esc(name)}</a></td></tr>
        <tr><td class="list_content">
<!--<$[信息列表]>begin-->
<div id="{unit}"><script type="text/xml"><datastore>
{self._next_group(column, 0)}
<recordset>
{chr(10).join(self._records(column, 0))}
</recordset>
</datastore></script></div>
<script language="javascript" src="/module/jslib/jquery/jpage/jquery.jpage.js"></script>
<script>var param_{unit} = {{col:1,webid:'{_WEB_ID}',path:'/',columnid:'{column}',sourceContentType:'1',unitid:'{unit}',webname:'{SITE_NAME}',permissiontype:0}};
$(function(){{ $('#{unit}').jpage({{ themeName:'default', showMode:'full', totalRecord:{self.articles_per_channel}, perPage:{PER_PAGE}, groupSize:{GROUP_SIZE}, barPosition:'bottom', proxyUrl:'{PROXY}', ajaxParam:param_{unit}, dataBefore:'<ul class="list">', dataAfter:'</ul>' }}); }});</script>
<!--<$[信息列表]>end-->
        </td></tr>
      </table>
    </td>
  </tr>
</table>
{_footer()}
</body>
</html>
"""
        newest = self.newest_first(column)
        modified = newest[0].published if newest else _BASE_DATE
        return page(
            body, charset="utf-8", content_type="text/html; charset=UTF-8", modified=modified
        )

    # ------------------------------------------------------------------ articles

    def _article(self, article: SiteArticle) -> Response:
        section, name, _unit = COLUMNS[article.channel]
        when = article.published
        paragraphs = "\n".join(
            f'<p style="text-indent:2em;">{esc(text)}</p>' for text in article.paragraphs
        )
        body = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<title>{esc(article.title)}</title>
<meta name="SiteName" content="{SITE_NAME}" />
<meta name="ColumnName" content="{esc(name)}" />
<meta name="ArticleTitle" content="{esc(article.title)}" />
<meta name="PubDate" content="{when:%Y-%m-%d %H:%M}" />
<meta name="ContentSource" content="{esc(article.origin)}" />
</head>
<body>
{_top(self.prefix)}
<table width="1200" border="0" align="center" cellpadding="0" cellspacing="0" class="main">
  <tr><td class="location">当前位置：<a href="{self.prefix}/">首页</a> &gt; <a href="{self.prefix}/col/col{SECTION_COLUMN}/index.html">{esc(section)}</a> &gt; <a href="{self.prefix}/col/col{article.channel}/index.html">{esc(name)}</a></td></tr>
  <tr><td class="content">
    <table width="100%" border="0" cellspacing="0" cellpadding="0">
      <tr><td class="title" align="center"><h1>{esc(article.title)}</h1></td></tr>
      <tr><td class="info" align="center">发布日期：{when:%Y-%m-%d %H:%M}　来源：{esc(article.origin)}　【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</td></tr>
      <tr><td><div id="zoom">
{paragraphs}
</div></td></tr>
      <tr><td class="tools" align="right"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></td></tr>
    </table>
  </td></tr>
</table>
{_footer()}
</body>
</html>
"""
        return page(body, charset="utf-8", content_type="text/html; charset=UTF-8", modified=when)


def _top(prefix: str) -> str:
    items = "".join(
        f'<td><a href="{prefix}/{href}">{esc(text)}</a></td>'
        for href, text in (
            ("", "网站首页"),
            ("col/col1229501/index.html", "机构概况"),
            ("col/col1229502/index.html", "政务公开"),
            ("col/col1229503/index.html", "政务服务"),
            (f"col/col{SECTION_COLUMN}/index.html", "新闻中心"),
            ("col/col1229506/index.html", "互动交流"),
        )
    )
    return f"""<table width="1200" border="0" align="center" cellpadding="0" cellspacing="0" class="top">
  <tr><td><img src="/images/logo.png" alt="{SITE_NAME}" /></td></tr>
  <tr><td><table width="100%" border="0" cellspacing="0" cellpadding="0" class="nav"><tr>{items}</tr></table></td></tr>
</table>"""


def _footer() -> str:
    return f"""<table width="1200" border="0" align="center" cellpadding="0" cellspacing="0" class="footer">
  <tr><td align="center">
    <p>主办单位：{SITE_NAME}　网站标识码：0000000091</p>
    <p><a href="https://beian.miit.gov.cn/" target="_blank">某ICP备00000091号</a>　技术支持：大汉网络</p>
  </td></tr>
</table>"""
