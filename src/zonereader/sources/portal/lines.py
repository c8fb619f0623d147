"""What one line of an article page is: prose, site chrome, a credit, the end of the body.

Real article pages put their tools and boxes right beside the text, often inside the same
container: ``【字体：大 中 小】【打印】【关闭】``, ``分享到：``, ``扫一扫在手机打开当前页``,
``浏览次数：1024``, ``登录 | 注册``, ``相关新闻``, ``上一篇：…``, ``版权所有 ©…``. These
functions tell such lines from the article's own, by their words and by how much text is
left once the tool words are taken out, so that a sentence that merely mentions printing is
kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zonereader.sources.portal.meta import MAX_META_LINE, is_meta_line
from zonereader.text.html import Block

#: The words of page tools and counters (and the brackets and separators around them).
#: (Each long alternation below starts with a lookahead on the first characters its words can
#: start with: Python's ``re`` tries every alternative at every position otherwise, five times
#: slower on lines that hold none of them.)
_TOOL_WORDS = re.compile(
    r"(?=[打关加添收返回字文放缩正默标大中小分扫在手二微新腾Qq人豆空朋访浏点阅次登注退我纠推发网评查说投页保复链上下首尾末第共])"
    r"(?:打印(?:本页|此页|本文|本稿|文章|正文|页面)?|关闭(?:本页|窗口|页面|本窗口)?|"
    r"(?:加入|添加)?收藏(?:本页|本文|此页)?|返回(?:顶部|首页|列表|上一页|上页)?|回到顶部|"
    r"字体|字号|文字|放大|缩小|正常|默认|标准|[大中小]|"
    r"分享让更多人看到|分享(?:到)?|扫一扫|扫码|扫描|关注|在手机(?:上)?(?:打开|阅读|浏览)(?:当前页|本页)?|"
    r"手机(?:版|阅读|扫码|访问|浏览)?|二维码|微信(?:朋友圈|好友)?|新浪微博|腾讯微博|微博|"
    r"[Qq][Qq]空间|[Qq][Qq]好友|[Qq][Qq]|人人网?|豆瓣|空间|朋友圈|"
    r"访问量|访问次数|访问|浏览次数|浏览量|浏览|点击数|点击量|点击率|点击|阅读次数|阅读数|阅读量|"
    r"阅读|人次|次|登录|登陆|注册|退出|"
    r"我要纠错|纠错|推荐给(?:朋友|好友)|推荐|发表评论|我要评论|网友评论|评论|我来说两句|查看评论|"
    r"我要说说|说两句|我要投稿|投稿|"
    r"页面功能|保存|复制(?:链接|网址)?|链接|分隔线|分割线|"
    # a pager under the body: 第1页/共1页 << 上一页 | 下一页 >> (首页, 尾页, 末页)
    r"上一页|下一页|首页|尾页|末页|第[0-9]+页|共[0-9]+页)",
)
#: A visit counter or a blog's trackback tool inside a line of other words: ``(本文发表于首页
#: 批评与建议, 已被阅读178次)``, ``浏览(1024)``, ``本文引用通告(Trackback)链接: …``. A sentence
#: that counts clicks (``只需点击3次``) says no 已被 and puts no colon or bracket before its count.
_COUNTER = re.compile(
    r"(?:已被|被)(?:阅读|浏览|点击|访问|查看)\s*[0-9]+\s*次|"
    r"(?:阅读|浏览|点击|访问)(?:次数|量|数)?\s*[:：(（]\s*[0-9]+|[Tt]rack\s?[Bb]ack|引用通告"
)
#: A line holding a counter (see :data:`_COUNTER`) is a tool line up to this many characters.
MAX_COUNTER_LINE = 60
#: What sits between tool words: brackets, separators, counts.
_TOOL_FILLER = re.compile(
    r"[【】\[\]（）()|｜/:：·•\-—_>《》<+]|[0-9]+|(?<![A-Za-z])[A-Za-z](?![A-Za-z])"
)
#: A breadcrumb line: 您现在的位置 / 当前位置 … or 首页 > … > 正文.
_CRUMB = re.compile(
    r"^(?:您|你)?(?:现在|当前)?(?:的|所在)?位置\s*(?:是)?\s*[:：]|"
    r"^(?:首页|网站首页|主页)\s*(?:>|＞|›|»|→|>>|&gt;|/)"
)
#: The separators between a breadcrumb's parts.
_CRUMB_SEPARATOR = re.compile(r"\s(?:>|＞|›|»|→|>>|&gt;)\s|(?:>>|»|›|＞)")
#: A line that ends the article: what follows is a box of other links or the page footer.
_SECTION_END = re.compile(
    r"^[【\[（(]?\s*(?:相关(?:文章|新闻|阅读|链接|报道|推荐|稿件|资讯|信息)|延伸阅读|推荐阅读|"
    r"热点(?:新闻|推荐|文章)|热门(?:新闻|推荐|文章|阅读)|猜你喜欢|热帖|更多(?:新闻|阅读|精彩)|"
    r"精彩推荐|编辑推荐|今日推荐|最新(?:新闻|文章|资讯)|往期回顾|网友评论|"
    r"发表评论|我要评论|评论区)\s*[】\]）)]?\s*[:：]?\s*"
    # a count after the heading: 网友评论（共3条）, 相关新闻(12)
    r"(?:[（(]\s*(?:共\s*)?[0-9]+\s*(?:条|篇|则)?\s*[）)])?\s*(?:>>|more|更多)?\s*$",
    re.IGNORECASE,
)
#: A disclaimer closing a portal's article (特别声明：…, 免责声明：…, 新浪声明：…).
_DISCLAIMER = re.compile(
    r"^[【\[（(]?(?:\S{0,6}声明|\S{0,4}(?:侵权|版权|免责)(?:公告|说明))(?:[】\]）)]?[:：]|[】\]）)]?$)"
)
#: (版权所有 not followed by 者/人/权/方: a sentence about copyright owners, 版权所有者, is prose.)
_FOOTER = re.compile(
    r"(?=[版cC©I网公主承技与联Aa凡未])(?:版权所有(?![者人权方])|版权均属|凡本网注明|未经本网授权|[Cc][Oo][Pp][Yy][Rr][Ii][Gg][Hh][Tt]|©|ICP备|ICP证|"
    r"[Aa]ll [Rr]ights [Rr]eserved|网安备|公网安备|"
    r"主办单位[:：]|承办单位[:：]|技术支持[:：]|网站标识码|与我们联系|联系我们|网站地图)",
)
#: A credit closing the article (kept as its last lines): 责任编辑、编辑、审核、来源、记者…
_CREDIT = re.compile(
    r"^[（(【\[]?\s*(?:责任编辑|责编|编辑|值班编辑|审核|审校|审签|校对|签发|核稿|监制|"
    r"作者|记者|通讯员|撰稿|整理|供稿|摄影|图片|摄|信息来源|文章来源|稿件来源|新闻来源|来源|"
    r"出处|转自|编审|终审|初审|复审)\s*[:：/]",
)
_PREV_NEXT = re.compile(r"^(?:上一篇|下一篇|上一条|下一条|上篇|下篇|前一篇|后一篇)\s*[:：]?")
#: The longest line that can be a tool bar, a counter, a credit or a section heading.
MAX_TOOL_LINE = 120
#: Of a tool line's characters, at most this share may be something other than tool words.
TOOL_REMAINDER_SHARE = 0.25


#: The sentence punctuation marks counted by :func:`sentence_marks`.
_MARKS = re.compile("[，。！？；、,!?;]")
#: Up to this length a line's marks are counted by :data:`_MARKS` in one pass; longer ones by
#: ten ``str.count`` calls (each a fast scan, but ten calls cost more on a short menu line).
SHORT_MARKS_LINE = 60


def sentence_marks(text: str) -> int:
    """How many sentence punctuation marks (，。！？；、 and ASCII ones) ``text`` holds."""
    if len(text) <= SHORT_MARKS_LINE:
        return len(_MARKS.findall(text))
    count = text.count
    return (
        count("，") + count("。") + count("！") + count("？") + count("；") + count("、")
        + count(",") + count("!") + count("?") + count(";")
    )  # fmt: skip


def squash(text: str) -> str:
    """``text`` without any whitespace (full-width spaces included), for comparing lines."""
    return "".join(text.split())


def is_tool_line(text: str) -> bool:
    """Whether ``text`` is a line of page tools or counters (print, font size, share, QR code,
    visits, login, comments…) rather than article text.

    A line is one when it holds at least one tool word and little else: a sentence that
    mentions 打印 or 分享 keeps most of its characters once those words are taken out.
    """
    text = squash(text)
    if not text or len(text) > MAX_TOOL_LINE:
        return False
    if len(text) <= MAX_COUNTER_LINE and _COUNTER.search(text):
        return True
    remainder, found = _TOOL_WORDS.subn("", text)
    if not found:
        return False
    remainder = _TOOL_FILLER.sub("", remainder)
    return len(remainder) <= max(1, TOOL_REMAINDER_SHARE * len(text)) and len(remainder) < 12


def is_breadcrumb(text: str) -> bool:
    """Whether ``text`` is a breadcrumb (``您现在的位置：首页 > …``, ``首页 > 新闻 > 正文``,
    ``论坛 » 学术前沿 » 标题``)."""
    if len(text) >= 200 or not (
        ">" in text or "位置" in text or "»" in text or "›" in text or "＞" in text
        or "→" in text or "首页" in text or "主页" in text
    ):  # fmt: skip
        return False
    return _CRUMB.match(text.strip()) is not None or len(_CRUMB_SEPARATOR.findall(text)) >= 2


def is_section_end(text: str) -> bool:
    """Whether ``text`` heads a box that follows an article (相关新闻, 热帖, 网友评论…) or is a
    portal's disclaimer under it (特别声明：…)."""
    text = text.strip()
    head = text[:24]
    # a character every disclaimer heading holds in its first words (a quick test)
    if ("声" in head or "权" in head or "责" in head) and _DISCLAIMER.match(squash(text)):
        # 特别声明： / 郑 重 声 明 / 反侵权公告：
        return True
    return len(text) <= 40 and _SECTION_END.match(text) is not None


def is_footer(text: str) -> bool:
    """Whether ``text`` is a line of the page footer (版权所有, ICP备, 主办单位…)."""
    return len(text) < 300 and _FOOTER.search(text) is not None


def is_credit(text: str) -> bool:
    """Whether ``text`` credits the article (``责任编辑：张三``, ``（来源：新华社）``)."""
    return len(text) <= MAX_TOOL_LINE and _CREDIT.match(text.strip()) is not None


def is_prev_next(text: str) -> bool:
    """Whether ``text`` is a line of the site's 上一篇/下一篇 links."""
    return len(text) < 400 and _PREV_NEXT.match(text.strip()) is not None


#: A line with this many sentence marks is prose (see :func:`analyse_lines`).
PROSE_MARKS = 2
#: A line of prose longer than this is no meta line.
MAX_PROSE_META = 120
#: A line whose links hold at least this share of its characters is a link line.
LINK_LINE_SHARE = 0.5
#: A footer line is shorter than this (a long paragraph may mention 版权所有).
MAX_FOOTER_LINE = 200


@dataclass(slots=True)
class PageLines:
    """What each line (block) of a page is, worked out once per page.

    ``size`` counts characters without spaces; ``marks`` the sentence punctuation; ``tool``
    says a line is a tool bar, a counter, a breadcrumb or a footer line by its words (``crumb``
    that it is a breadcrumb); ``link``
    that it is mostly link text; ``meta`` that it is a meta line (a labelled date, 来源：…) or
    little more than a date.
    """

    blocks: list[Block]
    size: list[int]
    marks: list[int]
    tool: list[bool]
    link: list[bool]
    meta: list[bool]
    crumb: list[bool]
    stop: list[bool]
    """The line ends an article's body: a 相关新闻 heading, 上一篇/下一篇, a footer line."""

    def noise(self, index: int) -> bool:
        """Whether line ``index`` is chrome, a tool line, a short link line or an ad."""
        block = self.blocks[index]
        if block.chrome or self.tool[index]:
            return True
        if block.stripped.startswith(_AD_WORDS):
            return True
        return self.link[index] and self.size[index] < MAX_FOOTER_LINE

    def attachment(self, index: int) -> bool:
        """Whether line ``index`` names an attachment of the article: ``附件：1. 申报表``, or a
        link to a document (``.pdf``, ``.docx``, ``.xlsx``…) whose text names it. Inside the
        body such a link line is the article's, not a box of other links."""
        block = self.blocks[index]
        if not self.link[index] or block.chrome or self.tool[index]:
            return False
        text = block.stripped
        if text.startswith(_ATTACHMENT_WORDS):
            return True
        return all(
            _DOCUMENT.search(link.href.split("?", 1)[0].split("#", 1)[0])
            and len(squash(link.text)) >= MIN_ATTACHMENT
            for link in block.links
        )


_AD_WORDS = ("广告", "【广告】", "[广告]", "AD:")
_ATTACHMENT_WORDS = ("附件", "附：", "相关附件")
#: A link to a document file (an attachment), by the extension of its path.
_DOCUMENT = re.compile(r"\.(?:pdf|docx?|xlsx?|et|wps|ofd|pptx?|zip|rar|7z|txt|csv)$", re.IGNORECASE)
#: An attachment's link names it: at least this many characters (not ``PDF版``, ``下载``).
MIN_ATTACHMENT = 6


def _footer_hint(text: str) -> bool:
    """A quick test before :func:`is_footer` for lines of prose (most lines of a page)."""
    return (
        "版权" in text or "©" in text or "ICP" in text or "opyright" in text or "OPYRIGHT" in text
        or "本网" in text
    )  # fmt: skip


def analyse_lines(blocks: list[Block]) -> PageLines:
    """Work out :class:`PageLines` for ``blocks``.

    A line of prose (two sentence marks or more) is no breadcrumb, tool bar or section
    heading, and a long one no meta line: those tests, most of the cost, are skipped for it.
    """
    sizes: list[int] = []
    marks: list[int] = []
    tools: list[bool] = []
    links: list[bool] = []
    metas: list[bool] = []
    crumbs: list[bool] = []
    stops: list[bool] = []
    for block in blocks:
        text = block.text
        size = len(text) - text.count(" ") - text.count("\u3000")
        mark_count = sentence_marks(text) if size else 0
        sizes.append(size)
        marks.append(mark_count)
        link = bool(block.links) and size > 0 and block.link_chars >= LINK_LINE_SHARE * size
        links.append(link)
        short = size < MAX_FOOTER_LINE
        if mark_count >= PROSE_MARKS and not link:
            footer = short and _footer_hint(text) and is_footer(text)
            crumbs.append(False)
            tools.append(footer)
            metas.append(size <= MAX_PROSE_META and is_meta_line(text))
            head = text[:24]
            disclaimer = ("声" in head or "权" in head or "责" in head) and is_section_end(text)
            stops.append(footer or disclaimer or is_prev_next(text))
            continue
        footer = (short or block.chrome) and is_footer(text)
        crumb = short and is_breadcrumb(text)
        crumbs.append(crumb)
        tools.append(crumb or footer or (not link and size <= MAX_TOOL_LINE and is_tool_line(text)))
        metas.append(size <= MAX_META_LINE and is_meta_line(text))
        stops.append(is_section_end(text) or is_prev_next(text) or footer)
    return PageLines(blocks, sizes, marks, tools, links, metas, crumbs, stops)
