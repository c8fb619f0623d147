"""An article's metadata: ``<meta>`` tags, labelled lines (发布时间：…) and disclosure tables.

Government CMSs write ``<meta name="ArticleTitle|PubDate|ContentSource|ColumnName|SiteName">``;
news sites write Open Graph, ``article:published_time`` and JSON-LD (``headline``,
``datePublished``); journals ``citation_*`` and Dublin Core. The page itself shows a meta line
under the title (``发布时间：2023-11-17 15:13 来源：…``), or an information-disclosure table
(索引号 / 发文机关 / 发文日期 / 成文日期 / 发布日期, label and value in cells of their own), or
a bare date. The extractor reads the tags first but trusts what the page shows when both are
there (a ``PubDate`` can be a day off the printed date).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser

from zonereader.text.dates import parse_date
from zonereader.text.html import Block
from zonereader.text.sanitize import clean_line

#: Date labels, best first. The article's date is the day it appeared: a publication label
#: (发布日期, 发布时间, 公开日期…), then a plain 时间/日期; the date a document was issued
#: (发文日期), written (成文日期) or takes effect (施行日期) comes after those and after a
#: publication date from the ``<meta>`` tags: it is the article's date only when nothing says
#: when the page appeared (see :data:`ISSUED_RANK`).
DATE_LABELS: tuple[tuple[str, ...], ...] = (
    ("发布时间", "发布日期", "发表时间", "发表日期", "发稿时间", "发稿日期", "刊发时间", "刊发日期",
     "发布于", "发表于", "上线时间", "出版日期", "出版时间", "见报日期", "登载日期", "公布日期",
     "公布时间", "公开日期", "公开时间"),
    ("时间", "日期", "更新时间", "更新日期", "录入时间", "添加时间", "提交时间", "编辑时间"),
    ("发文日期", "印发日期", "签发日期"),
    ("成文日期", "成文时间", "生成日期"),
    ("施行日期", "实施日期", "生效日期"),
)  # fmt: skip
#: The rank (index in :data:`DATE_LABELS`) from which a label dates a document rather than the
#: page: such a date gives way to a publication label anywhere by the article (a disclosure
#: table above the headline, a line below the body) and to the ``<meta>`` publication date.
ISSUED_RANK = 2
_DATE_LABEL_RANK = {label: rank for rank, labels in enumerate(DATE_LABELS) for label in labels}
_DATE_LABEL = re.compile(
    # a lookahead on the labels' first characters first: five times faster on lines without one
    "(?=["
    + "".join(sorted({label[0] for label in _DATE_LABEL_RANK}))
    + "])(?:"
    + "|".join(sorted((re.escape(label) for label in _DATE_LABEL_RANK), key=len, reverse=True))
    + r")\s*[:：]?\s*(?=[（(\[【]?\s*(?:19|20|21)[0-9]{2}|[0-9]{1,2}/[0-9]{1,2}/)"
)
_ORIGIN_LABEL = "信息来源|文章来源|稿件来源|新闻来源|内容来源|来源|出处|稿源"
_PUBLISHER_LABEL = "发布开发区|发布单位|发布机构|发文机关|发布机关"
_OTHER_LABELS = (
    "发布时间|发布日期|发表时间|发稿时间|更新时间|成文日期|发文日期|公开日期|公布日期|印发日期|"
    "施行日期|实施日期|生效日期|时间|日期|作者|编辑|责任编辑|"
    "点击|点击数|点击量|浏览|浏览次数|阅读|阅读次数|字号|字体|访问量|供稿|记者|通讯员|索引号|"
    "分类|主题分类|文号|发文字号|关键词|分享到"
)
_ALL_LABELS = f"{_ORIGIN_LABEL}|{_PUBLISHER_LABEL}|{_OTHER_LABELS}"
_VALUE_END = (
    rf"(?=\s{{2,}}|\u3000|[|｜丨【\[]|(?:{_ALL_LABELS})\s*[:：]|\s*(?:19|20)[0-9]{{2}}[-年/.]|$)"
)
_ORIGIN = re.compile(rf"({_ORIGIN_LABEL})\s*[:：]\s*(.*?){_VALUE_END}")
_PUBLISHER = re.compile(rf"({_PUBLISHER_LABEL})\s*[:：]\s*(.*?){_VALUE_END}")
#: (The lookahead on the labels' first characters makes a line without one fail fast.)
_META_ANY = re.compile(rf"(?=[信文稿新内来出发])(?:{_ORIGIN_LABEL}|{_PUBLISHER_LABEL})\s*[:：]")
#: A cell that is only a label (``发布日期：``, ``成文日期``), its value in the next cell.
_LABEL_CELL = re.compile(
    r"^(?:[\w\s\u3000]{1,8}[:：]|(?:"
    + "|".join(label for labels in DATE_LABELS for label in labels)
    + r"|索\s*引\s*号|发文机关|发布机构|来\s*源|信息来源|文\s*号|发文字号)\s*)$"
)
#: Words saying a line tells when the article was published (``本贴由某某于2005年8月12日
#: 16:12:21在〖…〗发表``, ``Posted on 2023-11-17``); not 发布会 (a press conference), 发表评论 /
#: 发表回复 (a comment box's button) nor words inside other English words (``unpublished``).
_POSTED = re.compile(
    r"发表(?!评论|回复|留言|意见|看法)|发布(?!会)|发帖|发贴|刊登|(?<![A-Za-z])(?:posted|published)(?![A-Za-z])",
    re.IGNORECASE,
)
#: ... and only when the word stands within this many characters of a year: a line that
#: merely mentions publishing somewhere (``新闻发布 | 政策解读 | 今天是2023年11月17日``) is no
#: "published on" line.
MAX_POSTED_GAP = 24
#: A date and time as written in a line, from its year (``2005年8月12日16:12:21``).
_DATE_RUN = re.compile(r"(?:19|20|21)[0-9]{2}[0-9年月日时分秒:：/.\-T ]*")
#: The longest line read as "published on" without a label.
MAX_POSTED_LINE = 100
#: A quick test before the date patterns: a year is written somewhere.
_HAS_YEAR = re.compile(r"(?:19|20|21)[0-9]{2}")
#: A site's address printed beside a date (``http://www.sina.net 2005年03月21日``).
_SITE_ADDRESS = re.compile(r"(?:https?://)?(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?::[0-9]+)?/?\S*")
#: The longest line that can be a meta line rather than a paragraph.
MAX_META_LINE = 300

#: ``<meta>`` names (lower-cased) that give the title, the date, the origin, the site name.
_TITLE_TAGS = (
    "articletitle", "og:title", "json-ld headline", "citation_title", "dc.title", "twitter:title",
)  # fmt: skip
_DATE_TAGS = (
    "pubdate", "publishdate", "article:published_time", "og:release_date", "citation_date",
    "citation_publication_date", "dcterms.issued", "dc.date", "publish_date", "release_date",
    "og:published_time", "weibo: article:create_at", "datepublished", "json-ld datepublished",
    "json-ld datecreated", "pubtime", "publishtime", "og:time",
)  # fmt: skip
_ORIGIN_TAGS = ("contentsource", "source", "og:article:author")
#: Tags that name the article's author: a 来源 only when the value names an organisation
#: (``人民网``, ``某某市发展改革委``), never a person or a profile's address.
_AUTHOR_TAGS = frozenset({"og:article:author"})
#: At most this long, a tag's 来源 (longer values are descriptions, not a name).
MAX_TAG_ORIGIN = 100
_SITE_TAGS = ("sitename", "og:site_name", "application-name")
_COLUMN_TAGS = ("columnname", "article:section")
#: At most this many ``<meta>`` elements are read (a hostile page may hold thousands).
MAX_META_TAGS = 300
#: At most this many JSON-LD scripts (and items in one) are read, each of at most this size.
MAX_JSON_LD = 8
MAX_JSON_LD_CHARS = 100_000
_MARKUP = re.compile(r"<[^>]{0,200}>")


@dataclass(frozen=True, slots=True)
class MetaTags:
    """What a page's ``<meta>`` tags say, with the name of the tag each value came from."""

    title: str = ""
    title_tag: str = ""
    published: datetime | None = None
    has_time: bool = False
    date_tag: str = ""
    origin: str = ""
    origin_tag: str = ""
    site_names: tuple[str, ...] = ()
    column: str = ""


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date the page shows: when, whether with a time, its label (or ``""``), the rank of the
    label (see :data:`DATE_LABELS`; one past the last for a bare date), and the block index."""

    when: datetime
    has_time: bool
    label: str
    rank: int
    index: int


def read_meta_tags(tree: LexborHTMLParser) -> MetaTags:
    """Read the ``<meta>`` tags that describe an article (title, date, origin, site name)."""
    values: dict[str, str] = {}
    spelled: dict[str, str] = {}  # the name as the page writes it (ArticleTitle, og:title)
    for node in tree.css("meta")[:MAX_META_TAGS]:
        attrs = node.attributes
        written = attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or ""
        name = written.strip().lower()
        content = attrs.get("content")
        if name and content and name not in values:
            values[name] = content
            spelled[name] = clean_line(written)
    _read_json_ld(tree, values, spelled)
    title, title_tag = _first(values, _TITLE_TAGS)
    title_tag = spelled.get(title_tag, title_tag)
    title = clean_line(_MARKUP.sub("", title))
    published: datetime | None = None
    has_time = False
    date_tag = ""
    for name in _DATE_TAGS:
        if name in values:
            published, has_time = parse_date(values[name])
            if published is not None:
                date_tag = spelled.get(name, name)
                break
    origin, origin_tag = _tag_origin(values)
    origin_tag = spelled.get(origin_tag, origin_tag)
    sites = tuple(clean_line(values[name]) for name in _SITE_TAGS if values.get(name))
    column, _ = _first(values, _COLUMN_TAGS)
    return MetaTags(
        title=title,
        title_tag=title_tag,
        published=published,
        has_time=has_time,
        date_tag=date_tag,
        origin=origin,
        origin_tag=origin_tag,
        site_names=tuple(name for name in sites if name),
        column=clean_line(column),
    )


def _read_json_ld(tree: LexborHTMLParser, values: dict[str, str], spelled: dict[str, str]) -> None:
    """Add the ``headline`` and ``datePublished`` of the page's JSON-LD to ``values``."""
    for node in tree.css('script[type="application/ld+json"]')[:MAX_JSON_LD]:
        text = node.text()
        if len(text) > MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        items = data if isinstance(data, list) else [data]
        if isinstance(data, dict) and isinstance(data.get("@graph"), list):
            items = [data, *data["@graph"]]
        for item in items[:MAX_JSON_LD]:
            if not isinstance(item, dict):
                continue
            for key in ("headline", "datePublished", "dateCreated"):
                value = item.get(key)
                name = f"json-ld {key.lower()}"
                if isinstance(value, str) and value.strip() and name not in values:
                    values[name] = value
                    spelled[name] = f"JSON-LD {key}"


def tag_label(name: str) -> str:
    """How to name where a value came from: ``<meta name="PubDate">`` or ``JSON-LD headline``."""
    return name if name.startswith("JSON-LD") else f'<meta name="{name}">'


def _tag_origin(values: dict[str, str]) -> tuple[str, str]:
    """The 来源 the tags name, and the tag: the first of :data:`_ORIGIN_TAGS` that holds a name.

    A web address (``https://weibo.com/…``, ``www.example.cn``) is no 来源, nor is a value
    past :data:`MAX_TAG_ORIGIN` characters; an author tag counts only when it names an
    organisation (see :data:`_ORIGIN_NAME`).
    """
    for name in _ORIGIN_TAGS:
        value = clean_line(values.get(name, ""))
        if not value or len(value) >= MAX_TAG_ORIGIN or _SITE_ADDRESS.fullmatch(value):
            continue
        if name in _AUTHOR_TAGS and not _ORIGIN_NAME.search(value):
            continue
        return value, name
    return "", ""


def _first(values: dict[str, str], names: tuple[str, ...]) -> tuple[str, str]:
    for name in names:
        value = values.get(name, "").strip()
        if value:
            return value, name
    return "", ""


def labelled_date(text: str) -> tuple[datetime, bool, str, int] | None:
    """The best labelled date of a line: ``(when, has_time, label, rank)``, or None.

    Besides the labels of :data:`DATE_LABELS`, a short line that says the article was
    published (``本贴由某某于2005年8月12日16:12:21在〖…〗发表``) counts as labelled ``发表``.
    """
    if len(text) > MAX_META_LINE or not _HAS_YEAR.search(text):
        return None
    best: tuple[datetime, bool, str, int] | None = None
    if (
        len(text) <= MAX_POSTED_LINE
        and "，" not in text
        and "。" not in text
        and _posted_by_date(text)
        and not _DATE_LABEL.search(text)
    ):
        when, has_time = parse_date(text)
        if when is not None:
            return when, has_time, "发表", 1
    for match in _DATE_LABEL.finditer(text):
        label = match.group(0).rstrip(" :：\u3000\xa0")
        label = label.rstrip(" :：")
        rank = _DATE_LABEL_RANK.get(label.strip(), len(DATE_LABELS) - 1)
        when, has_time = parse_date(text[match.end() : match.end() + 60])
        if when is not None and (best is None or rank < best[3]):
            best = (when, has_time, label.strip(), rank)
    return best


def _posted_by_date(text: str) -> bool:
    """Whether a word saying "published" (:data:`_POSTED`) stands within
    :data:`MAX_POSTED_GAP` characters of a date on the line."""
    if _POSTED.search(text) is None:
        return False
    dates = [match.span() for match in _DATE_RUN.finditer(text)]
    for word in _POSTED.finditer(text):
        for start, end in dates:
            gap = word.start() - end if word.start() >= end else start - word.end()
            if gap <= MAX_POSTED_GAP:
                return True
    return False


def is_meta(block: Block) -> bool:
    """Whether ``block`` is a meta line: a labelled date, or a 来源 / 发布开发区 label."""
    text = block.text
    if len(text) > MAX_META_LINE:
        return False
    if (":" in text or "：" in text) and _META_ANY.search(text):
        return True
    return labelled_date(text) is not None


def is_meta_line(text: str) -> bool:
    """Whether a line is meta: :func:`is_meta` (for the block's text) or :func:`is_date_line`,
    with their quick tests (a colon, a year) made once."""
    if len(text) > MAX_META_LINE:
        return False
    if (":" in text or "：" in text) and _META_ANY.search(text):
        return True
    if _HAS_YEAR.search(text) is None:
        return False
    return labelled_date(text) is not None or is_date_line(text)


def is_date_line(text: str) -> bool:
    """Whether ``text`` is little more than a date (``2023年11月17日 星期五``, ``( 2022-04-26)``,
    ``2022-02-13 09:57  光明网``): a line of meta, never a paragraph."""
    if len(text) > 60 or not _HAS_YEAR.search(text) or "。" in text or "，" in text:
        return False  # a sentence that holds dates (本意见自2023年9月1日起施行，…) is prose
    when, _ = parse_date(text)
    if when is None:
        return False
    rest = _SITE_ADDRESS.sub("", text)
    rest = re.sub(r"[0-9年月日时分秒:：/.\-\s（）()\[\]【】星期周一二三四五六天日|｜]", "", rest)
    return len(rest) <= 12


def is_label_cell(text: str) -> bool:
    """Whether ``text`` is only a label (``发布日期：``): a cell whose value is in the next one."""
    return _LABEL_CELL.match(text) is not None and bool(text.rstrip(":：").strip())


def cell_pairs(blocks: list[Block], start: int, end: int) -> list[tuple[int, str]]:
    """The lines of ``blocks[start:end]`` with label-only cells joined to the value after them.

    Disclosure tables put ``发布日期：`` in one cell and ``2022年01月28日`` in the next; read as
    lines, the label would lose its value. Returns ``(index of the first block, text)``.
    """
    lines: list[tuple[int, str]] = []
    index = max(start, 0)
    end = min(end, len(blocks))
    while index < end:
        text = blocks[index].stripped
        if index + 1 < end and is_label_cell(text):
            lines.append((index, f"{text.rstrip(':：')}：{blocks[index + 1].stripped}"))
            index += 2
            continue
        lines.append((index, text))
        index += 1
    return lines


def find_date(lines: list[tuple[int, str]], bare: bool = True) -> FoundDate | None:
    """The best date among meta ``lines``: the best-ranked label, the first of equal rank; else
    (when ``bare``) the first line that is little more than a date. A bare date line also wins
    over a label that dates a document, not the page (``成文日期``: see :data:`ISSUED_RANK`)."""
    best: FoundDate | None = None
    for index, text in lines:
        found = labelled_date(text)
        if found is not None and (best is None or found[3] < best.rank):
            best = FoundDate(found[0], found[1], found[2], found[3], index)
    if not bare or (best is not None and best.rank < ISSUED_RANK):
        return best
    return _bare_date(lines) or best


def _bare_date(lines: list[tuple[int, str]]) -> FoundDate | None:
    """The first line of ``lines`` that is a date without a label (see :func:`find_date`)."""
    for index, text in lines:
        # a bare date line, or a meta line whose date has no label (2023-11-17 08:28 | 来源：…)
        if not (is_date_line(text) or (len(text) <= MAX_META_LINE and _META_ANY.search(text))):
            continue
        if labelled_date(text) is None:  # not the 成文日期 of a 发文机关 line
            when, has_time = parse_date(text)
            if when is not None:
                return FoundDate(when, has_time, "", len(DATE_LABELS), index)
    return None


def _labelled(pattern: re.Pattern[str], texts: list[str]) -> tuple[str, str, str]:
    for text in texts:
        match = pattern.search(text)
        if match is not None:
            value = _unbracketed(clean_line(match.group(2)))
            if value:
                return value, match.group(1), text
    return "", "", ""


def _unbracketed(value: str) -> str:
    """``value`` without a closing bracket it never opened: ``（来源：临江日报）`` gives
    ``临江日报``, not ``临江日报）``."""
    while value and value[-1] in _CLOSING and _CLOSING[value[-1]] not in value:
        value = value[:-1].rstrip()
    return value


_CLOSING = {"）": "（", ")": "(", "】": "【", "]": "["}
#: The digits and separators of a date and a time, and the weekday (``星期五``), on a line.
_DATE_TEXT = re.compile(
    r"[0-9]+(?:\s*[-/.年月日:：时分秒T]\s*[0-9]*)*\s*[日秒]?|星期.|周[一二三四五六日天]"
)
#: The words some sites put before an unlabelled 来源: ``2023-11-17 10:24 来自 某某日报``.
_FROM_WORD = re.compile(r"^(?:来自|来源|稿源|出处)\s*[:：]?\s*")
#: A 来源 without a label is a short name: at most this many characters.
MAX_BARE_ORIGIN = 20
#: ... and the name of a newspaper, a news site, an agency or a public body, by how such
#: names end (a name after a date on a forum is its poster's: 楼主, a nickname).
_ORIGIN_NAME = re.compile(
    r"(?:报|网|社|台|新闻|周刊|杂志|传媒|媒体|报道|财经|客户端|频道|在线|政府|局|委|办|中心|厅|"
    r"部|院|会|集团)$"
)


def bare_origin(text: str) -> str:
    """The 来源 printed without a label after the date of a date line (``2023年11月17日 15:13
    经济参考报``, ``2023-11-17 10:24:05 来自 每日经济新闻``): one short name of a newspaper,
    site, agency or public body after the date, or ``""``."""
    text = text.strip()
    match = _DATE_TEXT.match(text)
    if match is None:
        return ""
    rest = _DATE_TEXT.sub(" ", text[match.end() :])
    rest = _FROM_WORD.sub("", rest.strip(" |｜丨/\u3000\xa0"))
    names = rest.split()
    if len(names) != 1:
        return ""
    name = names[0]
    if not 2 <= len(name) <= MAX_BARE_ORIGIN or any(char.isdigit() for char in name):
        return ""
    return name if _ORIGIN_NAME.search(name) else ""


def origin_of(texts: list[str]) -> tuple[str, str, str]:
    """The 来源 named in meta lines: ``(value, its label, the line)``, or three ``""``."""
    return _labelled(_ORIGIN, texts)


def publisher_of(texts: list[str]) -> tuple[str, str, str]:
    """The 发布开发区 / 发布单位 named in meta lines: ``(value, label, line)``, or ``""``s."""
    return _labelled(_PUBLISHER, texts)
