# ruff: noqa: E501 - HTML kept as the site would write it
"""A city news portal's development-zone channels (GBK), as portal CMSs of that kind write them.

What real sites of this family do, reproduced here (the markup is ours):

- the list sits inside an HTML comment that the page's own script opens at load time, written
  as several ``<ul>`` blocks of five rows; every row carries a category tag linking to a
  sub-channel; a bar of category links sits beside the list;
- the pager is a jQuery plugin (jqPaginator-style) whose callback builds the address
  (``'index_' + num + '.htm'``, pages counting from 1: ``index.htm``, ``index_2.htm``…) from
  ``totalPages`` and ``currentPage``; the HTML holds no pager link;
- article pages with a login/register bar, a breadcrumb, a meta line ``2023-11-17 15:13 来源：…
  作者：…``, a 热帖 box, a 相关新闻 box, 扫一扫在手机打开当前页, a comment form and a footer;
- long articles split over ``…_2.htm``, ``…_3.htm`` with a linked pager (``共3页 1 2 3
  下一页``) under the body;
- GBK declared only in ``<meta charset>``; the HTTP header names no charset.
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
    WEEKDAYS,
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

SITE_NAME = "某某市开发区网"
#: Rows on a list page, written as blocks of :data:`BLOCK` rows.
PAGE_SIZE = 20
BLOCK = 5
#: Channels: key (directory) → name.
CHANNELS = {"qxdt": "区县动态", "yqjj": "园区经济"}
#: Sub-channels a row's category tag links to.
_TAGS = (("jkq", "经开区"), ("gxq", "高新区"), ("zbq", "综保区"), ("lkq", "临空区"))
_BASE_DATE = datetime(2023, 5, 1, tzinfo=CST)
_FIRST_ID = 5_010_000
_SPLIT_EVERY = 5
_ARTICLE = re.compile(
    r"^/(?P<channel>\w+)/\d{4}-\d\d/\d\d/content_(?P<id>\d+)(?:_(?P<page>\d+))?\.htm$"
)
_LIST = re.compile(r"^/(?P<channel>\w+)/(?:index(?:_(?P<page>\d+))?\.htm)?$")
_ORIGINS = ("某某日报", "某某晚报", "某某广播电视台", "开发区融媒体中心")
_AUTHORS = ("记者 王晓", "记者 李明 通讯员 陈静", "本网记者 赵宇", "通讯员 孙丽")
_HOT_THREADS = (
    ("thread-88231-1-1.html", "开发区哪家企业的食堂最好？来晒晒"),
    ("thread-88190-1-1.html", "地铁延伸到经开区有最新消息了吗"),
    ("thread-88102-1-1.html", "高新区人才公寓申请经验分享"),
    ("thread-87995-1-1.html", "综保区跨境购物体验店周末人多吗"),
)


class NewsPortalSite(TemplateSite):
    """The city news portal (see the module docstring)."""

    name = "news"
    prefix = "/sites/news"
    channels: ClassVar[dict[str, str]] = dict(CHANNELS)
    list_path = _LIST
    article_path = _ARTICLE
    first_list_page = "index.htm"

    def make_article(self, rng: random.Random, channel: str, number: int) -> SiteArticle:
        """Article ``number`` of ``channel``."""
        index = list(CHANNELS).index(channel)
        when = day_of(_BASE_DATE, number, 3, rng)
        article_id = _FIRST_ID + index * 100_000 + number
        park = _TAGS[int(rng.random() * len(_TAGS))][1]
        title = phrases.make_title(rng, province="", city="某某", park=park, when=when)
        body = make_body(rng, city="某某", park=park, when=when)
        pages = 3 if number % _SPLIT_EVERY == 3 and len(body) >= 6 else 1
        path = f"{self.prefix}/{channel}/{when:%Y-%m/%d}/content_{article_id}.htm"
        return SiteArticle(
            site=self.name,
            channel=channel,
            number=number,
            path=path,
            title=title,
            published=when,
            origin=_ORIGINS[int(rng.random() * len(_ORIGINS))],
            pages=split_pages(body, pages),
            zone=CHANNELS[channel],
            extras={
                "page_offset": "1",
                "author": _AUTHORS[int(rng.random() * len(_AUTHORS))],
                "tag": str(int(rng.random() * len(_TAGS))),
            },
        )

    def render(self, path: str) -> Response:
        """The list or article page at ``path``."""
        rest = path.removeprefix(self.prefix)
        listed = _LIST.match(rest)
        if listed and listed["channel"] in CHANNELS:
            number = int(listed["page"]) if listed["page"] else 1
            if number != 1 or not listed["page"]:
                return self._list(listed["channel"], number, path)
        found = _ARTICLE.match(rest)
        if found and found["channel"] in CHANNELS:
            index = list(CHANNELS).index(found["channel"])
            number = int(found["id"]) - _FIRST_ID - index * 100_000
            if 0 <= number < self.articles_per_channel:
                article = self.article(found["channel"], number)
                part = int(found["page"]) - 1 if found["page"] else 0
                if 0 <= part < len(article.pages) and article.page_path(part) == path:
                    return self._article(article, part)
        return not_found(path)

    # ------------------------------------------------------------------ pages

    def _list(self, channel: str, number: int, path: str) -> Response:
        articles = self.newest_first(channel)
        count = max(1, math.ceil(len(articles) / PAGE_SIZE))
        if number > count:
            return not_found(path)
        shown = articles[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        blocks = []
        for start in range(0, len(shown), BLOCK):
            rows = "".join(self._row(article, channel) for article in shown[start : start + BLOCK])
            blocks.append(f'  <ul class="list_ul">\n{rows}  </ul>\n')
        name = CHANNELS[channel]
        today = articles[0].published if articles else _BASE_DATE
        body = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="gbk">
<title>{esc(name)}--{SITE_NAME}</title>
<script src="{self.prefix}/js/jquery.min.js"></script>
<script src="{self.prefix}/js/jqPaginator.min.js"></script>
</head>
<body>
{_topbar(self.prefix, today)}
<div class="crumb">当前位置：<a href="{self.prefix}/">首页</a> &gt; <a href="{self.prefix}/{channel}/">{esc(name)}</a></div>
<div class="con_left">
 <div class="lanmu">栏目：{_tag_links(self.prefix, channel)}</div>
 <div class="list_box" id="listbox"><!--
{"".join(blocks)} --></div>
 <ul class="pagination" id="pagebox"></ul>
 <script type="text/javascript">
 $(function(){{
   var box = $('#listbox');
   box.html(box.html().replace('<!--', '').replace('-->', ''));
   $.jqPaginator('#pagebox', {{
     totalPages: {count},
     visiblePages: 7,
     currentPage: {number},
     prev: '<li class="prev"><a href="javascript:;">上一页</a></li>',
     next: '<li class="next"><a href="javascript:;">下一页</a></li>',
     page: '<li class="page"><a href="javascript:;">{{{{page}}}}</a></li>',
     onPageChange: function (num, type) {{
       if (type === 'change') {{
         location.href = num === 1 ? 'index.htm' : 'index_' + num + '.htm';
       }}
     }}
   }});
 }});
 </script>
</div>
{self._sidebar(articles)}
{_footer(self.prefix)}
</body>
</html>
"""
        return page(body, charset="gbk", content_type="text/html", modified=today)

    def _row(self, article: SiteArticle, channel: str) -> str:
        slug, label = _TAGS[int(article.extras["tag"])]
        href = article.path.removeprefix(f"{self.prefix}/{channel}/")
        return (
            f'   <li><span class="tag">[<a href="{self.prefix}/{channel}/{slug}/">{label}</a>]</span>'
            f'<a href="{href}" target="_blank">{esc(article.title)}</a>'
            f'<span class="time">{article.published:%Y-%m-%d %H:%M}</span></li>\n'
        )

    def _sidebar(self, articles: list[SiteArticle]) -> str:
        hot = "".join(
            f'<li><a href="{self.prefix}/bbs/{href}" target="_blank">{esc(text)}</a></li>'
            for href, text in _HOT_THREADS
        )
        return f"""<div class="con_right">
 <div class="side_box"><h3>热帖推荐</h3><ol>{hot}</ol></div>
 <div class="side_box"><h3>扫一扫</h3><img src="{self.prefix}/images/app.png" alt=""><p>扫一扫在手机打开当前页</p></div>
</div>"""

    def _article(self, article: SiteArticle, part: int) -> Response:
        name = CHANNELS[article.channel]
        when = article.published
        paragraphs = "\n".join(f"<p>　　{esc(text)}</p>" for text in article.pages[part])
        pager = ""
        total = len(article.pages)
        if total > 1:
            links = []
            for index in range(total):
                file = article.page_path(index).rsplit("/", 1)[1]
                links.append(
                    f'<span class="cur">{index + 1}</span>'
                    if index == part
                    else f'<a href="{file}">{index + 1}</a>'
                )
            following = (
                f'<a href="{article.page_path(part + 1).rsplit("/", 1)[1]}">下一页</a>'
                if part + 1 < total
                else ""
            )
            previous = (
                f'<a href="{article.page_path(part - 1).rsplit("/", 1)[1]}">上一页</a> '
                if part > 0
                else ""
            )
            pager = f'<div class="pages">共{total}页 {previous}{" ".join(links)} {following}</div>'
        siblings = self.newest_first(article.channel)
        others = [other for other in siblings if other.number != article.number][:4]
        related = "".join(
            f'<li><a href="{other.path}" target="_blank">{esc(other.title)}</a></li>'
            for other in others
        )
        body = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="gbk">
<title>{esc(article.title)}--{SITE_NAME}</title>
<meta name="keywords" content="{esc(name)}">
<meta name="description" content="{esc(article.pages[0][0][:60])}">
<script src="{self.prefix}/js/jquery.min.js"></script>
</head>
<body>
{_topbar(self.prefix, when)}
<div class="crumb">当前位置：<a href="{self.prefix}/">首页</a> &gt; <a href="{self.prefix}/{article.channel}/">{esc(name)}</a> &gt; 正文</div>
<div class="con_left">
 <div class="article">
  <h1>{esc(article.title)}</h1>
  <div class="info"><span>{when:%Y-%m-%d %H:%M}</span>　<span>来源：{esc(article.origin)}</span>　<span>作者：{esc(article.extras["author"])}</span></div>
  <div class="tools">字号：<a href="javascript:fontZoom(16)">大</a> <a href="javascript:fontZoom(14)">中</a> <a href="javascript:fontZoom(12)">小</a> | <a href="javascript:window.print()">打印</a> | 分享到：<a href="javascript:;" class="share_wx">微信</a> <a href="javascript:;" class="share_wb">微博</a></div>
  <div id="content" class="content">
{paragraphs}
  </div>
  {pager}
  <div class="xgxw"><h3>相关新闻</h3><ul>{related}</ul></div>
  <div class="comment"><h3>网友评论</h3><p>已有0条评论，<a href="{self.prefix}/login/">登录</a>后发表评论</p>
   <form action="{self.prefix}/comment/post" method="post"><textarea name="content" rows="4" cols="60">文明上网，理性发言</textarea><button type="submit">发表评论</button></form></div>
 </div>
</div>
{self._sidebar(siblings)}
{_footer(self.prefix)}
</body>
</html>
"""
        return page(body, charset="gbk", content_type="text/html", modified=when)


def _topbar(prefix: str, today: datetime) -> str:
    weekday = WEEKDAYS[today.weekday()]
    return f"""<div id="topbar"><span>{today:%Y年%m月%d日} {weekday}</span> <a href="{prefix}/login/">登录</a> <a href="{prefix}/reg/">注册</a> <a href="{prefix}/app/">客户端</a></div>
<div id="mainnav"><a href="{prefix}/">网站首页</a><a href="{prefix}/news/">新闻</a><a href="{prefix}/shehui/">社会</a><a href="{prefix}/caijing/">财经</a><a href="{prefix}/qxdt/">区县动态</a><a href="{prefix}/yqjj/">园区经济</a><a href="{prefix}/zhuanti/">专题</a><a href="{prefix}/bbs/">论坛</a></div>"""


def _tag_links(prefix: str, channel: str) -> str:
    return " ".join(f'<a href="{prefix}/{channel}/{slug}/">{label}</a>' for slug, label in _TAGS)


def _footer(prefix: str) -> str:
    return f"""<div id="footer"><p><a href="{prefix}/about/">关于我们</a> | <a href="{prefix}/ad/">广告服务</a> | <a href="{prefix}/contact/">联系我们</a> | <a href="{prefix}/jubao/">违法和不良信息举报</a></p>
<p>Copyright &copy; 2003-2023 {SITE_NAME} All Rights Reserved 某ICP备00000007号 某公网安备00000000000007号</p></div>"""
