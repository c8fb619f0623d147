# ruff: noqa: E501 - HTML kept as the site would write it
"""A development-zone newspaper's e-paper (UTF-8), as digital-edition systems publish one.

What real e-papers do, reproduced here (the markup is ours):

- one issue a day at ``html/YYYY-MM/DD/``: a page per 版 (``node_1.htm`` 第01版：要闻 …) with
  the 版's article titles beside a page image and its image map, a 版面导航 of every 版, 上一版
  / 下一版 links, and a 往期回顾 calendar of earlier issues; ``index.htm`` redirects to the
  newest issue's first 版;
- article pages (``content_N.htm``) with the issue's date as ``2023年11月17日 星期五`` in the
  header, the 版次 (``第01版：要闻``), a 引题 above the headline and sometimes a 副题 below it,
  a byline (本报记者 …), the body in a ``founder-content`` element, 上一篇/下一篇 within the
  版 and the 版's other titles.

Articles carry no breadcrumb: a sync gives them the source's zone. The site's size is its
number of issues (:meth:`EpaperSite.set_articles`); a sync reads the newest issue.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta
from typing import Any, ClassVar

from zonereader.demo import phrases
from zonereader.demo.serving import Response
from zonereader.demo.sites.common import (
    WEEKDAYS,
    SiteArticle,
    TemplateSite,
    esc,
    make_body,
    not_found,
    page,
)
from zonereader.models import CST

PAPER = "某某开发区报"
#: The 版 of an issue and how many articles each holds.
PAGES = (("01", "要闻", 3), ("02", "经济", 3), ("03", "园区", 3), ("04", "综合", 2))
_BASE_DATE = datetime(2023, 11, 13, 6, 0, tzinfo=CST)
_FIRST_ID = 100_000
#: Earlier issues the 往期回顾 calendar links to.
_CALENDAR_DAYS = 6
_NODE = re.compile(r"^/html/(?P<month>\d{4}-\d\d)/(?P<day>\d\d)/node_(?P<page>\d+)\.htm$")
_CONTENT = re.compile(r"^/html/(?P<month>\d{4}-\d\d)/(?P<day>\d\d)/content_(?P<id>\d+)\.htm$")
_LEADS = (
    "坚持创新驱动 加快转型升级",
    "聚焦主责主业 服务企业发展",
    "奋力冲刺四季度 确保全年目标",
    "优化营商环境 激发市场活力",
)
_BYLINES = ("本报记者 陈晨", "本报记者 刘洋 通讯员 周敏", "本报通讯员 吴昊", "本报记者 郑欣")


class EpaperSite(TemplateSite):
    """The e-paper (see the module docstring)."""

    name = "epaper"
    prefix = "/sites/epaper"
    channels: ClassVar[dict[str, str]] = {number: name for number, name, _count in PAGES}

    def __init__(self, seed: int = 1, articles: int = 3) -> None:
        """An e-paper of ``articles`` daily issues (the newest is the one a sync reads)."""
        super().__init__(seed, articles)

    # ------------------------------------------------------------------ issues

    def issue_date(self, issue: int) -> datetime:
        """The date of issue ``issue`` (0: the first)."""
        return _BASE_DATE + timedelta(days=issue)

    def issue_articles(self, issue: int) -> list[SiteArticle]:
        """Every article of issue ``issue``, 版 by 版, in page order."""
        out: list[SiteArticle] = []
        for number, _name, count in PAGES:
            out.extend(self.article(f"{issue}:{number}", index) for index in range(count))
        return out

    def all_articles(self) -> list[SiteArticle]:
        """What a sync of the start URL reads: the newest issue's articles."""
        latest = self.articles_per_channel - 1
        return self.issue_articles(latest) if latest >= 0 else []

    def make_article(self, rng: random.Random, channel: str, number: int) -> SiteArticle:
        """Article ``number`` of 版 ``channel`` (``"ISSUE:NN"``)."""
        issue_text, page_number = channel.split(":")
        issue = int(issue_text)
        when = self.issue_date(issue)
        position = [p for p, _n, _c in PAGES].index(page_number)
        article_id = _FIRST_ID + issue * 100 + position * 10 + number
        title = phrases.make_title(rng, province="", city="某某", park="开发区", when=when)
        body = make_body(rng, city="某某", park="开发区", when=when)
        subtitle = ""
        if rng.random() < 0.4:
            subtitle = (
                "——"
                + phrases.make_title(rng, province="", city="某某", park="开发区", when=when)[:14]
            )
        return SiteArticle(
            site=self.name,
            channel=channel,
            number=number,
            path=f"{self.prefix}{_day_dir(when)}content_{article_id}.htm",
            title=title,
            published=when.replace(hour=0, minute=0),
            origin=PAPER,
            pages=(tuple(body),),
            zone="",
            has_time=False,
            extras={
                "page": page_number,
                "page_name": dict((p, n) for p, n, _c in PAGES)[page_number],
                "lead": _LEADS[int(rng.random() * len(_LEADS))],
                "subtitle": subtitle,
                "byline": _BYLINES[int(rng.random() * len(_BYLINES))],
            },
        )

    # ------------------------------------------------------------------ serving

    def start_paths(self) -> list[str]:
        """The e-paper's front door (it redirects to the newest issue)."""
        return [f"{self.prefix}/index.htm"]

    def page_kind(self, path: str) -> str:
        """'list', 'article' or 'other'."""
        rest = path.removeprefix(self.prefix)
        if rest == "/index.htm" or _NODE.match(rest):
            return "list"
        return "article" if _CONTENT.match(rest) else "other"

    def render(self, path: str) -> Response:
        """A 版, an article, or the front door's redirect."""
        rest = path.removeprefix(self.prefix)
        latest = self.articles_per_channel - 1
        if rest in ("/index.htm", "/", "") and latest >= 0:
            target = f"{self.prefix}{_day_dir(self.issue_date(latest))}node_1.htm"
            return 302, {"Location": target, "Content-Length": "0"}, b""
        node = _NODE.match(rest)
        if node:
            issue = self._issue_of(node["month"], node["day"])
            number = int(node["page"])
            if issue is not None and 1 <= number <= len(PAGES):
                return self._node(issue, number)
        found = _CONTENT.match(rest)
        if found:
            issue = self._issue_of(found["month"], found["day"])
            if issue is not None:
                for article in self.issue_articles(issue):
                    if article.path == path:
                        return self._content(issue, article)
        return not_found(path)

    def _issue_of(self, month: str, day: str) -> int | None:
        try:
            when = datetime.strptime(f"{month}-{day}", "%Y-%m-%d").replace(tzinfo=CST)
        except ValueError:
            return None
        issue = (when.date() - _BASE_DATE.date()).days
        return issue if 0 <= issue < self.articles_per_channel else None

    # ------------------------------------------------------------------ pages

    def _node(self, issue: int, number: int) -> Response:
        when = self.issue_date(issue)
        code, name, _count = PAGES[number - 1]
        articles = [a for a in self.issue_articles(issue) if a.extras["page"] == code]
        titles = "\n".join(
            f'    <li><a href="{a.path.rsplit("/", 1)[1]}">{esc(a.title)}</a></li>'
            for a in articles
        )
        areas = "".join(
            f'<area shape="rect" coords="20,{40 + i * 210},780,{230 + i * 210}" href="{a.path.rsplit("/", 1)[1]}">'
            for i, a in enumerate(articles)
        )
        moves = []
        if number > 1:
            moves.append(f'<a href="node_{number - 1}.htm">上一版</a>')
        if number < len(PAGES):
            moves.append(f'<a href="node_{number + 1}.htm">下一版</a>')
        body = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{PAPER}数字报</title>
<link rel="stylesheet" href="{self.prefix}/static/epaper.css">
</head>
<body>
{self._header(issue)}
<table class="layout" cellspacing="0" cellpadding="0"><tr>
<td class="paper-img"><img src="{self.prefix}/images/{when:%Y-%m/%d}/{code}/page.jpg" usemap="#pagepicmap" width="800" height="1100" alt=""><map name="pagepicmap">{areas}</map></td>
<td class="paper-list">
  <div class="banci">第{code}版：{esc(name)}</div>
  <div class="page-move">{" ".join(moves)}</div>
  <ul class="titles">
{titles}
  </ul>
{self._navigation(issue)}
</td></tr></table>
{_footer()}
</body>
</html>
"""
        return page(body, charset="utf-8", content_type="text/html; charset=utf-8", modified=when)

    def _content(self, issue: int, article: SiteArticle) -> Response:
        code = article.extras["page"]
        same_page = [a for a in self.issue_articles(issue) if a.extras["page"] == code]
        position = same_page.index(article)
        previous = same_page[position - 1] if position > 0 else None
        following = same_page[position + 1] if position + 1 < len(same_page) else None

        def link(label: str, other: SiteArticle | None) -> str:
            if other is None:
                return f"<span>{label}：没有了</span>"
            return f'<span>{label}：<a href="{other.path.rsplit("/", 1)[1]}">{esc(other.title)}</a></span>'

        others = "".join(
            f'<li><a href="{a.path.rsplit("/", 1)[1]}">{esc(a.title)}</a></li>'
            for a in same_page
            if a is not article
        )
        subtitle = (
            f'<h2 class="futi">{esc(article.extras["subtitle"])}</h2>'
            if article.extras["subtitle"]
            else ""
        )
        paragraphs = "\n".join(f"<p>　　{esc(text)}</p>" for text in article.pages[0])
        body = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{esc(article.title)}-{PAPER}数字报</title>
<link rel="stylesheet" href="{self.prefix}/static/epaper.css">
</head>
<body>
{self._header(issue)}
<div class="content-wrap">
<div class="banci">第{code}版：{esc(article.extras["page_name"])} <a href="node_{int(code)}.htm">返回版面</a></div>
<div class="article">
  <h3 class="yinti">{esc(article.extras["lead"])}</h3>
  <h1>{esc(article.title)}</h1>
  {subtitle}
  <div class="author">{esc(article.extras["byline"])}</div>
  <div id="ozoom"><founder-content>
{paragraphs}
  </founder-content></div>
</div>
<div class="prevnext">{link("上一篇", previous)} {link("下一篇", following)}</div>
<div class="other-titles"><h4>本版其他文章</h4><ul>{others}</ul></div>
</div>
{_footer()}
</body>
</html>
"""
        return page(
            body,
            charset="utf-8",
            content_type="text/html; charset=utf-8",
            modified=article.published,
        )

    def _header(self, issue: int) -> str:
        when = self.issue_date(issue)
        weekday = WEEKDAYS[when.weekday()]
        return f"""<div class="header">
  <div class="logo"><img src="{self.prefix}/static/logo.png" alt="{PAPER}"></div>
  <div class="date">{when.year}年{when.month}月{when.day}日 {weekday}</div>
  <div class="nav"><a href="{self.prefix}/index.htm">今日报纸</a> <a href="http://www.kfqb.example.cn/">报社网站</a> <a href="{self.prefix}/search.htm">检索</a></div>
</div>"""

    def _navigation(self, issue: int) -> str:
        when = self.issue_date(issue)
        pages = "".join(
            f'<li><a href="node_{i + 1}.htm">第{code}版：{esc(name)}</a></li>'
            for i, (code, name, _count) in enumerate(PAGES)
        )
        days = []
        for back in range(_CALENDAR_DAYS, 0, -1):
            earlier = issue - back
            if earlier >= 0:
                day = self.issue_date(earlier)
                days.append(f'<a href="../../{day:%Y-%m}/{day:%d}/node_1.htm">{day.day}</a>')
        days.append(f'<span class="cur">{when.day}</span>')
        return f"""  <div class="bmdh"><h4>版面导航</h4><ul>{pages}</ul></div>
  <div class="wqhg"><h4>往期回顾</h4><div class="calendar">{" ".join(days)}</div></div>"""

    def manifest(self, base_url: str) -> dict[str, Any]:
        """What a sync of the start URL must store: the newest issue.

        A 副题 under the headline and the byline open the stored body, as they open the article
        in print (hand-copied bodies of real e-paper articles hold them too).
        """
        found = super().manifest(base_url)
        by_url = {base_url.rstrip("/") + a.path: a for a in self.all_articles()}
        for entry in found["articles"]:
            extras = by_url[entry["url"]].extras
            opening = [extras["subtitle"]] if extras["subtitle"] else []
            entry["paragraphs"] = [*opening, extras["byline"], *entry["paragraphs"]]
        found["issue"] = self.issue_date(self.articles_per_channel - 1).date().isoformat()
        return found


def _day_dir(when: datetime) -> str:
    return f"/html/{when:%Y-%m}/{when:%d}/"


def _footer() -> str:
    return f"""<div class="footer">{PAPER}社版权所有 未经书面授权不得复制或建立镜像 &nbsp; 地址：某某市开发区报业大厦 &nbsp; 某ICP备00000009号</div>"""
