# ruff: noqa: E501 - HTML kept as the site would write it
"""An old development-zone site laid out with tables (GB2312 declared, GBK bytes), circa 2009.

What real sites of this age do, reproduced here (the markup is ours):

- the whole page is nested ``<table>``s: a banner row, a menu row, a left column of sub-channel
  links, the content cell;
- list rows are table rows (a dot image, the link, the date in its own cell); the pager is text
  (``共8页 第1页``) whose 首页/上一页/下一页/尾页 are ``javascript:`` links to a form post, so
  the next page's address (``index_1.htm``…) must be derived from the pager's words;
- article pages put the title in a ``<td>``, the date, source and a script-written hit counter
  in the next row, and the body in a layout ``<td>`` as text separated by ``<br>`` (indented
  with ``&nbsp;``), no ``<p>``; 【关闭窗口】【打印本页】 under it; a long footer row.
"""

from __future__ import annotations

import math
import random
import re
from datetime import datetime
from typing import ClassVar

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

SITE_NAME = "某某经济开发区"
PAGE_SIZE = 20
#: Channels: key (directory) → name.
CHANNELS = {"kfqdt": "开发区动态", "zsyz": "招商引资"}
_SUBCHANNELS = {
    "kfqdt": (("gzdt", "工作动态"), ("xmjs", "项目建设"), ("ldhd", "领导活动")),
    "zsyz": (("zsxx", "招商信息"), ("tzhj", "投资环境"), ("yhzc", "优惠政策")),
}
_BASE_DATE = datetime(2009, 3, 2, tzinfo=CST)
_FIRST_ID = 20_000
_ARTICLE = re.compile(r"^/(?P<channel>\w+)/(?P<month>\d{6})/t(?P<day>\d{8})_(?P<id>\d+)\.htm$")
_LIST = re.compile(r"^/(?P<channel>\w+)/(?:index(?:_(?P<page>\d+))?\.htm)?$")
_ORIGINS = ("开发区管委会", "开发区招商局", "市经贸委", "某某日报")


class TableLayoutSite(TemplateSite):
    """The old table-layout site (see the module docstring)."""

    name = "tables"
    prefix = "/sites/old"
    channels: ClassVar[dict[str, str]] = dict(CHANNELS)
    list_path = _LIST
    article_path = _ARTICLE
    first_list_page = "index.htm"

    def make_article(self, rng: random.Random, channel: str, number: int) -> SiteArticle:
        """Article ``number`` of ``channel``."""
        index = list(CHANNELS).index(channel)
        when = day_of(_BASE_DATE, number, 1, rng)
        article_id = _FIRST_ID + index * 10_000 + number
        title = phrases.make_title(rng, province="", city="某某", park=SITE_NAME, when=when)
        body = make_body(rng, city="某某", park=SITE_NAME, when=when)
        return SiteArticle(
            site=self.name,
            channel=channel,
            number=number,
            path=f"{self.prefix}/{channel}/{when:%Y%m}/t{when:%Y%m%d}_{article_id}.htm",
            title=title,
            published=when,
            origin=_ORIGINS[int(rng.random() * len(_ORIGINS))],
            pages=(tuple(body),),
            zone=CHANNELS[channel],
            has_time=False,
        )

    def render(self, path: str) -> Response:
        """The list or article page at ``path``."""
        rest = path.removeprefix(self.prefix)
        listed = _LIST.match(rest)
        if listed and listed["channel"] in CHANNELS:
            return self._list(listed["channel"], int(listed["page"] or 0), path)
        found = _ARTICLE.match(rest)
        if found and found["channel"] in CHANNELS:
            index = list(CHANNELS).index(found["channel"])
            number = int(found["id"]) - _FIRST_ID - index * 10_000
            if 0 <= number < self.articles_per_channel:
                article = self.article(found["channel"], number)
                if article.path == path:
                    return self._article(article)
        return not_found(path)

    # ------------------------------------------------------------------ pages

    def _list(self, channel: str, current: int, path: str) -> Response:
        articles = self.newest_first(channel)
        count = max(1, math.ceil(len(articles) / PAGE_SIZE))
        if current >= count:
            return not_found(path)
        shown = articles[current * PAGE_SIZE : (current + 1) * PAGE_SIZE]
        rows = "\n".join(
            f'        <tr><td width="15" height="26"><img src="{self.prefix}/images/dot.gif"></td>'
            f'<td><a href="{a.path.removeprefix(f"{self.prefix}/{channel}/")}" target="_blank">{esc(a.title)}</a></td>'
            f'<td width="90" class="date">{a.published:%Y-%m-%d}</td></tr>'
            for a in shown
        )
        name = CHANNELS[channel]
        pager = (
            f'共{count}页 第{current + 1}页 &nbsp; <a href="javascript:goPage(1)">首页</a> '
            f'<a href="javascript:goPage({max(1, current)})">上一页</a> '
            f'<a href="javascript:goPage({min(count, current + 2)})">下一页</a> '
            f'<a href="javascript:goPage({count})">尾页</a>'
        )
        content = f"""      <table width="100%" border="0" cellspacing="0" cellpadding="0">
        <tr><td height="30" class="weizhi">您现在的位置：<a href="{self.prefix}/index.htm">首页</a> &gt; <a href="index.htm">{esc(name)}</a></td></tr>
      </table>
      <table width="100%" border="0" cellspacing="0" cellpadding="0" class="list">
{rows}
      </table>
      <form name="pageForm" method="post" action="index.htm"><input type="hidden" name="page" value="{current + 1}"></form>
      <table width="100%" border="0" cellspacing="0" cellpadding="0">
        <tr><td height="40" align="center">{pager}</td></tr>
      </table>"""
        body = _frame(self.prefix, channel, name, content)
        newest = articles[0].published if articles else _BASE_DATE
        return page(body, charset="gbk", content_type="text/html", modified=newest)

    def _article(self, article: SiteArticle) -> Response:
        name = CHANNELS[article.channel]
        text = "<br>\n".join(
            f"&nbsp;&nbsp;&nbsp;&nbsp;{esc(paragraph)}<br>" for paragraph in article.pages[0]
        )
        content = f"""      <table width="100%" border="0" cellspacing="0" cellpadding="0">
        <tr><td height="30" class="weizhi">您现在的位置：<a href="{self.prefix}/index.htm">首页</a> &gt; <a href="../index.htm">{esc(name)}</a> &gt; 正文</td></tr>
      </table>
      <table width="96%" border="0" align="center" cellpadding="0" cellspacing="0">
        <tr><td height="50" align="center" class="title"><font size="4"><b>{esc(article.title)}</b></font></td></tr>
        <tr><td height="30" align="center" class="grey">发布日期：{article.published:%Y-%m-%d}&nbsp;&nbsp;&nbsp;&nbsp;来源：{esc(article.origin)}&nbsp;&nbsp;&nbsp;&nbsp;浏览次数：<script language="javascript" src="{self.prefix}/count.asp?id={article.number}"></script></td></tr>
        <tr><td height="1" bgcolor="#CCCCCC"></td></tr>
        <tr><td class="content" style="line-height:200%;font-size:14px;padding:15px">
{text}
        </td></tr>
        <tr><td align="right" height="40">【<a href="javascript:window.close()">关闭窗口</a>】【<a href="javascript:window.print()">打印本页</a>】</td></tr>
      </table>"""
        body = _frame(self.prefix, article.channel, name, content, title=article.title)
        return page(body, charset="gbk", content_type="text/html", modified=article.published)


def _frame(prefix: str, channel: str, name: str, content: str, *, title: str = "") -> str:
    """The table layout every page shares: banner, menu, left column, content cell, footer."""
    sub = "\n".join(
        f'        <tr><td height="28">&nbsp;&nbsp;<a href="{prefix}/{channel}/{slug}/index.htm">{esc(text)}</a></td></tr>'
        for slug, text in _SUBCHANNELS[channel]
    )
    menu = " | ".join(
        f'<a href="{prefix}/{href}" class="white">{esc(text)}</a>'
        for href, text in (
            ("index.htm", "首页"),
            ("kfqgk/index.htm", "开发区概况"),
            ("kfqdt/index.htm", "开发区动态"),
            ("zsyz/index.htm", "招商引资"),
            ("qyfc/index.htm", "企业风采"),
            ("xzzx/index.htm", "下载中心"),
        )
    )
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{esc(title + "--" if title else "")}{esc(name)}--{SITE_NAME}</title>
<link href="{prefix}/css/css.css" rel="stylesheet" type="text/css">
<script language="javascript">
function goPage(n){{ var f=document.forms['pageForm']; f.page.value=n; f.submit(); }}
</script>
</head>
<body leftmargin="0" topmargin="0">
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr><td><img src="{prefix}/images/top_01.jpg" width="980" height="110"></td></tr>
  <tr><td height="35" bgcolor="#0F5BA8" class="white">{menu}</td></tr>
</table>
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr>
    <td width="220" valign="top" bgcolor="#F2F6FB">
      <table width="100%" border="0" cellspacing="0" cellpadding="0">
        <tr><td height="32" class="lmtitle">{esc(name)}</td></tr>
{sub}
      </table>
    </td>
    <td width="10">&nbsp;</td>
    <td valign="top">
{content}
    </td>
  </tr>
</table>
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0" bgcolor="#0F5BA8">
  <tr><td height="60" align="center" class="white">版权所有：{SITE_NAME}管委会 &nbsp; 地址：某某市开发大道1号 &nbsp; 电话：0000-0000000<br>建议使用IE6.0以上浏览器 1024*768分辨率浏览 &nbsp; 某ICP备05000005号</td></tr>
</table>
</body>
</html>
"""
