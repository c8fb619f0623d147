# ruff: noqa: E501 - HTML kept as the site would write it
"""A government development-zone site as a TRS-style CMS publishes it (UTF-8).

What real sites of this family do, reproduced here (the markup is ours):

- list pages ``index.html``, ``index_1.html``, ``index_2.html``… whose pager is written by a
  script, ``createPageHTML(count, current, "index", "html")``, with no link in the HTML; a
  sub-channel menu beside the list, the site menu above it;
- article pages at ``./YYYYMM/tYYYYMMDD_ID.html`` with ``<meta name="ArticleTitle">``,
  ``PubDate``, ``ContentSource``, ``ColumnName``, ``SiteName``; a breadcrumb; the body in a
  ``TRS_Editor`` container that opens with its own ``<style>``; font-size, print and close
  tools, a share bar, 扫一扫在手机打开当前页, 上一篇/下一篇, a 相关文章 box and a long footer;
- policy documents (政策文件) with an information-disclosure table (索引号 / 发文机关 /
  发文日期 / 成文日期) above the title instead of a meta line;
- long articles split over pages ``…_1.html``, ``…_2.html`` with a ``createPageHTML`` pager
  under the body naming the article.
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
    split_pages,
)
from zonereader.models import CST

SITE_NAME = "某某经济技术开发区管理委员会"
#: Articles on a list page.
PAGE_SIZE = 15
#: Channels: key (its directory) → (section, channel name).
CHANNELS = {
    "xwzx/gzdt": ("新闻中心", "工作动态"),
    "xwzx/tzgg": ("新闻中心", "通知公告"),
    "zwgk/zcwj": ("政务公开", "政策文件"),
}
_SECTION_DIRS = {"新闻中心": "xwzx", "政务公开": "zwgk"}
_BASE_DATE = datetime(2023, 3, 1, tzinfo=CST)
_ARTICLE = re.compile(
    r"^/(?P<channel>\w+/\w+)/(?P<month>\d{6})/t(?P<day>\d{8})_(?P<id>\d+)(?:_(?P<page>\d+))?\.html$"
)
_LIST = re.compile(r"^/(?P<channel>\w+/\w+)/(?:index(?:_(?P<page>\d+))?\.html)?$")
_FIRST_ID = 4400000
#: One article in this many is split over pages.
_SPLIT_EVERY = 4
_ORIGINS = (
    "开发区党政办公室",
    "开发区经济发展局",
    "开发区投资促进局",
    "某某日报",
    "开发区融媒体中心",
)
_ORGANS = ("某某经济技术开发区管理委员会", "开发区经济发展局", "开发区财政局")


class TrsSite(TemplateSite):
    """The TRS-style government site (see the module docstring)."""

    name = "trs"
    prefix = "/sites/trs"
    channels: ClassVar[dict[str, str]] = {key: names[1] for key, names in CHANNELS.items()}
    list_path = _LIST
    article_path = _ARTICLE

    def make_article(self, rng: random.Random, channel: str, number: int) -> SiteArticle:
        """Article ``number`` of ``channel``."""
        index = list(CHANNELS).index(channel)
        when = day_of(_BASE_DATE, number * 2 + index, 2, rng)
        article_id = _FIRST_ID + index * 100_000 + number
        park = "某某经济技术开发区"
        title = phrases.make_title(rng, province="", city="某某", park=park, when=when)
        body = make_body(rng, city="某某", park=park, when=when)
        pages = 3 if number % _SPLIT_EVERY == 2 and len(body) >= 6 else 1
        section, name = CHANNELS[channel]
        path = f"{self.prefix}/{channel}/{when:%Y%m}/t{when:%Y%m%d}_{article_id}.html"
        extras = {"page_offset": "0"}
        if channel == "zwgk/zcwj":
            extras.update(
                index_no=f"11000000MB0000000X/{when:%Y}-{article_id % 10000:05d}",
                organ=_ORGANS[int(rng.random() * len(_ORGANS))],
                written=f"{when.replace(day=max(1, when.day - 2)):%Y-%m-%d}",
                doc_no=f"某开管发〔{when:%Y}〕{number + 1}号",
            )
        return SiteArticle(
            site=self.name,
            channel=channel,
            number=number,
            path=path,
            title=title,
            published=when,
            origin=_ORIGINS[int(rng.random() * len(_ORIGINS))],
            pages=split_pages(body, pages),
            zone=f"{section}/{name}",
            extras=extras,
        )

    def render(self, path: str) -> Response:
        """The list or article page at ``path``."""
        rest = path.removeprefix(self.prefix)
        listed = _LIST.match(rest)
        if listed and listed["channel"] in CHANNELS:
            return self._list(listed["channel"], int(listed["page"] or 0), path)
        found = _ARTICLE.match(rest)
        if found and found["channel"] in CHANNELS:
            number = int(found["id"]) - _FIRST_ID - list(CHANNELS).index(found["channel"]) * 100_000
            if 0 <= number < self.articles_per_channel:
                article = self.article(found["channel"], number)
                part = int(found["page"]) if found["page"] else 0
                if part < len(article.pages) and article.page_path(part) == path:
                    return self._article(article, part)
        return not_found(path)

    # ------------------------------------------------------------------ pages

    def _list(self, channel: str, current: int, path: str) -> Response:
        articles = self.newest_first(channel)
        count = max(1, math.ceil(len(articles) / PAGE_SIZE))
        if current >= count:
            return not_found(path)
        shown = articles[current * PAGE_SIZE : (current + 1) * PAGE_SIZE]
        section, name = CHANNELS[channel]
        directory = f"{self.prefix}/{channel}/"
        rows = "\n".join(
            f'        <li><a href="./{a.path.removeprefix(directory)}" target="_blank" '
            f'title="{esc(a.title)}">{esc(_cut(a.title, 24))}</a><span>{a.published:%Y-%m-%d}'
            "</span></li>"
            for a in shown
        )
        current_mark = ' class="cur"'
        menu = "\n".join(
            f'      <li{current_mark if key == channel else ""}><a href="../{key.split("/")[1]}/">'
            f"{esc(names[1])}</a></li>"
            for key, names in CHANNELS.items()
            if names[0] == section
        )
        body = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{esc(name)}_{esc(section)}_{SITE_NAME}</title>
<meta name="SiteName" content="{SITE_NAME}">
<meta name="ColumnName" content="{esc(name)}">
<link href="{self.prefix}/images/style.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="{self.prefix}/images/page.js"></script>
</head>
<body>
{_top(self.prefix)}
<div class="main">
  <div class="lm_left">
    <div class="lm_tit">{esc(section)}</div>
    <ul class="lm_list">
{menu}
    </ul>
  </div>
  <div class="lm_right">
    <div class="dqwz">当前位置：<a href="{self.prefix}/" class="CurrChnlCls">首页</a>&nbsp;&gt;&nbsp;<a href="../" class="CurrChnlCls">{esc(section)}</a>&nbsp;&gt;&nbsp;<a href="./" class="CurrChnlCls">{esc(name)}</a></div>
    <div class="lm_con">
      <ul class="xxgk_list">
{rows}
      </ul>
      <div class="page">
        <script type="text/javascript">
        createPageHTML({count}, {current}, "index", "html");
        </script>
      </div>
    </div>
  </div>
</div>
{_footer(self.prefix)}
</body>
</html>
"""
        newest = articles[0].published if articles else _BASE_DATE
        return page(body, charset="utf-8", content_type="text/html; charset=UTF-8", modified=newest)

    def _article(self, article: SiteArticle, part: int) -> Response:
        section, name = CHANNELS[article.channel]
        policy = article.channel == "zwgk/zcwj"
        paragraphs = "\n".join(
            f'<p style="text-indent: 2em;">{esc(text)}</p>' for text in article.pages[part]
        )
        pager = ""
        if len(article.pages) > 1:
            stem = article.path.rsplit("/", 1)[1].removesuffix(".html")
            pager = (
                '<div class="page" style="text-align:center">'
                f'<script type="text/javascript">createPageHTML({len(article.pages)}, {part}, '
                f'"{stem}", "html");</script></div>'
            )
        when = article.published
        if policy:
            head = f"""<table class="xxgk_table" width="100%" border="1" cellspacing="0" cellpadding="0">
<tr><td class="td_l">索&nbsp;&nbsp;引&nbsp;&nbsp;号：</td><td>{article.extras["index_no"]}</td><td class="td_l">主题分类：</td><td>综合政务/其他</td></tr>
<tr><td class="td_l">发文机关：</td><td>{esc(article.extras["organ"])}</td><td class="td_l">成文日期：</td><td>{article.extras["written"]}</td></tr>
<tr><td class="td_l">标&nbsp;&nbsp;&nbsp;&nbsp;题：</td><td colspan="3">{esc(article.title)}</td></tr>
<tr><td class="td_l">发文字号：</td><td>{esc(article.extras["doc_no"])}</td><td class="td_l">发文日期：</td><td>{when:%Y-%m-%d}</td></tr>
</table>
<div class="xl_tit"><h1>{esc(article.title)}</h1></div>"""
        else:
            head = f"""<div class="xl_tit"><h1>{esc(article.title)}</h1></div>
<div class="xl_info"><span>发布时间：{when:%Y-%m-%d %H:%M}</span><span>来源：{esc(article.origin)}</span><span>【字体：<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a>】</span><span><a href="javascript:window.print()">【打印】</a><a href="javascript:window.close()">【关闭】</a></span></div>"""
        siblings = self.newest_first(article.channel)
        position = next(i for i, other in enumerate(siblings) if other.number == article.number)
        newer = siblings[position - 1] if position > 0 else None
        older = siblings[position + 1] if position + 1 < len(siblings) else None
        related = [a for a in siblings if a.number != article.number][:5]

        def href(other: SiteArticle) -> str:
            return "../" + other.path.removeprefix(f"{self.prefix}/{article.channel}/")

        def neighbour(label: str, other: SiteArticle | None) -> str:
            if other is None:
                return f"<p>{label}：没有了</p>"
            return f'<p>{label}：<a href="{href(other)}">{esc(other.title)}</a></p>'

        related_rows = "".join(
            f'<li><a href="{href(a)}" target="_blank">{esc(a.title)}</a><span>{a.published:%Y-%m-%d}</span></li>'
            for a in related
        )
        body = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{esc(article.title)}_{esc(name)}_{SITE_NAME}</title>
<meta name="SiteName" content="{SITE_NAME}">
<meta name="SiteDomain" content="www.kfq.example.cn">
<meta name="ColumnName" content="{esc(name)}">
<meta name="ColumnType" content="{esc(name)}">
<meta name="ArticleTitle" content="{esc(article.title)}">
<meta name="PubDate" content="{when:%Y-%m-%d %H:%M}">
<meta name="ContentSource" content="{esc(article.origin)}">
<meta name="Keywords" content="{esc(name)}">
<link href="{self.prefix}/images/style.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="{self.prefix}/images/page.js"></script>
</head>
<body>
{_top(self.prefix)}
<div class="main">
  <div class="dqwz">当前位置：<a href="{self.prefix}/" class="CurrChnlCls">首页</a>&nbsp;&gt;&nbsp;<a href="{self.prefix}/{_SECTION_DIRS[section]}/" class="CurrChnlCls">{esc(section)}</a>&nbsp;&gt;&nbsp;<a href="{self.prefix}/{article.channel}/" class="CurrChnlCls">{esc(name)}</a></div>
  <div class="xl_con">
{head}
    <div class="xl_main">
      <div class="TRS_Editor"><style type="text/css">
.TRS_Editor P{{margin-top:0px;margin-bottom:12px;line-height:1.8;font-family:宋体;font-size:12pt;}}.TRS_Editor DIV,.TRS_Editor TD,.TRS_Editor TH,.TRS_Editor SPAN,.TRS_Editor TBODY{{font-family:宋体;font-size:12pt;}}
</style>
<div class="Custom_UnionStyle">
{paragraphs}
</div></div>
      {pager}
    </div>
    <div class="xl_tools">
      <div class="share">分享到：<a href="javascript:void(0)" class="wx" title="微信">微信</a><a href="javascript:void(0)" class="wb" title="微博">微博</a><a href="javascript:void(0)" class="qq" title="QQ空间">QQ空间</a></div>
      <div class="ewm"><img src="{self.prefix}/images/qrcode.png" alt="" /><p>扫一扫在手机打开当前页</p></div>
    </div>
    <div class="sxp">
      {neighbour("上一篇", older)}
      {neighbour("下一篇", newer)}
    </div>
    <div class="xgwz"><div class="xgwz_tit">相关文章</div><ul>{related_rows}</ul></div>
  </div>
</div>
{_footer(self.prefix)}
</body>
</html>
"""
        return page(body, charset="utf-8", content_type="text/html; charset=UTF-8", modified=when)


def _cut(title: str, length: int) -> str:
    """A list page's short title: cut with ``...`` as TRS list templates do."""
    return title if len(title) <= length else title[:length] + "..."


def _top(prefix: str) -> str:
    items = "".join(
        f'<li><a href="{prefix}/{href}">{esc(text)}</a></li>'
        for href, text in (
            ("", "网站首页"),
            ("xwzx/", "新闻中心"),
            ("zwgk/", "政务公开"),
            ("tzcj/", "投资促进"),
            ("zwfw/", "政务服务"),
            ("hdjl/", "互动交流"),
            ("kfqgk/", "走进开发区"),
        )
    )
    return f"""<div class="top">
  <div class="top_bg"><div class="logo"><img src="{prefix}/images/logo.png" alt="{SITE_NAME}" /></div>
  <div class="top_r"><a href="javascript:void(0)" onclick="SetHome(this,window.location)">设为首页</a> | <a href="javascript:void(0)" onclick="AddFavorite()">加入收藏</a> | <a href="{prefix}/wza/">无障碍浏览</a></div></div>
</div>
<div class="daohang"><ul>{items}</ul></div>"""


def _footer(prefix: str) -> str:
    return f"""<div class="footer">
  <div class="footer_link"><a href="{prefix}/wzdt/">网站地图</a> | <a href="{prefix}/lxwm/">联系我们</a> | <a href="{prefix}/sysm/">使用说明</a></div>
  <div class="footer_con">
    <p>主办单位：{SITE_NAME}　承办单位：开发区党政办公室</p>
    <p>网站标识码：0000000001　<a href="http://beian.miit.gov.cn/" target="_blank">某ICP备00000000号-1</a>　某公网安备 00000000000001号</p>
    <p><a href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=0000000001" target="_blank"><img src="{prefix}/images/jiucuo.png" alt="政府网站找错" /></a></p>
  </div>
</div>"""
