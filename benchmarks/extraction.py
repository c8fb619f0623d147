"""How well the article extractor reads real Chinese pages, printed as JSON.

Scores :func:`~zonereader.sources.portal.parse_article_page` and
:func:`~zonereader.sources.portal.page_kind` on the development set in
``../shared/corpus/cwced/`` (69 real pages saved as served, with hand-copied bodies, dates and
authors; see its README). The corpus has no titles: ours are in ``extraction_labels.json``
beside this script, read by hand from each page.

Each page is read as a sync reads it: its bytes through
:func:`~zonereader.text.decode.decode_body` (no HTTP header: the pages were saved without
one), then ``page_kind`` and ``parse_article_page`` with a plausible http URL.

Measures, per page and in total:

- **kind**: ``page_kind`` says ``"article"`` (all 69 pages are articles).
- **title**: equal to the label after NFKC folding, with all whitespace removed.
- **date**: equal to the corpus label to the precision the label gives (``2018`` checks the
  year; ``2005-5-7 21:23:57`` the date, the hour, minute and second, and that the extractor
  found a time at all). Pages whose label is not a date (``UNKNOWN``) are not scored.
- **recall / precision**: character level, in order. Both texts are reduced to their *content
  characters* (NFKC-folded, lower-cased, keeping only letters, digits and CJK ideographs:
  punctuation, spaces and symbols dropped) and aligned with :class:`difflib.SequenceMatcher`
  (no junk heuristic); ``matched`` is the length of all its matching blocks, and
  ``recall = matched / len(label)``, ``precision = matched / len(extracted)``. A right
  character in the wrong place (a sidebar that shares words with the article) does not count.
- **first / last**: the label's first and last sentences (split at 。！？!? and line breaks,
  at least :data:`MIN_SENTENCE` content characters) appear in the extracted body, compared as
  content characters.
- **chrome**: kinds of site chrome (print/close links, font-size tools, QR codes, share bars,
  breadcrumbs, visit counters, login links, prev/next links, footers…) found in the extracted
  body but not in the label.
- **error**: the extractor raised (``ExtractError`` such as "no article body found", or a
  decoding error), the page read as nothing.

Label conventions handled here: the corpus's bodies sometimes start with the title and a bare
date line (the labeller copied the headline block); those leading lines are not body and are
dropped before scoring. Trailing credit lines (``责任编辑：…``, ``来源：…``) are kept: they
are part of the article as the labeller copied it.

``--fresh`` scores the project's own held-out set instead, ``tests/fixtures/articles_fresh/``:
article pages written for the project in the shapes government, development-zone, 招商 and
news-portal sites serve, labelled in its ``labels.json`` (title, date and time as the page
shows them, origin, body paragraphs, first and last sentence, and per-page chrome phrases).
The measures are the same; the first and last sentences are the labelled ones; **chrome** also
counts each labelled phrase found in the body (as ``phrase:…``); **origin** checks the 来源
where the label has one; totals are also given per group (``gov``: government, zone and 招商
sites; ``portal``: news portals).

Run: ``.venv/bin/python benchmarks/extraction.py`` (all pages, JSON), ``--page NAME`` (one
page with what is missing from and extra in its body; a prefix of the name is enough),
``--corpus DIR`` to read the corpus elsewhere (also ``ZONEREADER_CORPUS``), ``--fresh`` for
the fresh set (``--fresh-dir DIR`` to read it elsewhere). Exit code 2 when the corpus (or the
fresh set) is missing. Never pass/fail.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from zonereader.models import CST, Article
from zonereader.sources.portal import ExtractError, page_kind, parse_article_page
from zonereader.text.decode import DecodeError, decode_body

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "cwced"
LABELS = HERE / "extraction_labels.json"
FRESH = HERE.parent / "tests" / "fixtures" / "articles_fresh"
#: The URL every page is read at (a plausible article URL; the pages' links are relative).
PAGE_URL = "http://www.example.gov.cn/xwzx/2022/{name}.html"
#: A label sentence shorter than this (in content characters) is too short to check.
MIN_SENTENCE = 6

_SENTENCE_END = re.compile(r"[。！？!?]+|\n")
_LABEL_DATE = re.compile(
    r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?)?)?$"
)
_BARE_DATE_LINE = re.compile(
    r"^[\s\d:：年月日/.\-]+$|^(?:发布)?(?:时间|日期)[:：]?[\s\d:：年月日/.\-]+$"
)

#: Site chrome, by kind: found in the extracted body and not in the label, it is a miss.
CHROME: dict[str, re.Pattern[str]] = {
    "print/close": re.compile(r"打印本?页?|关闭窗口|关闭本页|【\s*关闭\s*】|\[\s*关闭\s*\]"),
    "font size": re.compile(
        r"字体[:：]|字号[:：]|放大\s*正常\s*缩小|放大\s*缩小|[【\[]\s*大\s*中\s*小"
    ),
    "qr code": re.compile(r"扫一扫|在手机(?:上)?打开|二维码"),
    "share": re.compile(r"分享到|分享[:：]"),
    "breadcrumb": re.compile(r"您?(?:现在|当前)?的?位置[:：]|首页\s*(?:>|＞|»|>>|→)"),
    "visits": re.compile(r"访问量|浏览次数|点击数|阅读次数|浏览量|点击[:：]\s*\d|阅读[:：]\s*\d"),
    "login": re.compile(r"登录\s*\|?\s*注册|登\s*录|注\s*册[:：]?$"),
    "prev/next": re.compile(r"上一篇|下一篇|上一条|下一条"),
    "footer": re.compile(r"版权所有|copyright|©|ICP备|ICP证", re.IGNORECASE),
    "comments": re.compile(r"发表评论|网友评论|我来说两句|查看评论"),
    "related": re.compile(r"相关(?:新闻|文章|阅读|链接|报道)|推荐阅读|热点新闻|猜你喜欢"),
}


def content_chars(text: str) -> str:
    """The letters, digits and CJK ideographs of ``text``, NFKC-folded and lower-cased."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(char for char in folded if char.isalnum())


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass
class LabelDate:
    """A corpus date label: the fields it gives, in order (year, month, day, h, m, s)."""

    fields: tuple[int, ...]

    @classmethod
    def parse(cls, text: str) -> LabelDate | None:
        """Read ``YYYY-M-D H:M:S`` with trailing fields missing; None for anything else."""
        match = _LABEL_DATE.match(text.strip())
        if match is None:
            return None
        return cls(tuple(int(group) for group in match.groups() if group is not None))

    def matches(self, when: datetime | None, has_time: bool) -> bool:
        """Whether ``when`` equals the label to the precision the label gives."""
        if when is None:
            return False
        if len(self.fields) > 3 and not has_time:
            return False
        local = when.astimezone(CST)
        got = (local.year, local.month, local.day, local.hour, local.minute, local.second)
        return got[: len(self.fields)] == self.fields

    def __str__(self) -> str:
        date = "-".join(f"{value:02d}" for value in self.fields[:3])
        clock = ":".join(f"{value:02d}" for value in self.fields[3:])
        return f"{date} {clock}".strip()


@dataclass
class Score:
    """What the extractor got right on one page."""

    name: str
    group: str = ""
    kind: str = ""
    title_expected: str | None = None
    title: str = ""
    title_ok: bool | None = None
    date_expected: str | None = None
    date: str | None = None
    date_ok: bool | None = None
    origin_expected: str | None = None
    origin: str = ""
    origin_ok: bool | None = None
    recall: float = 0.0
    precision: float = 0.0
    first_ok: bool = False
    last_ok: bool = False
    chrome: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0


def label_body(text: str, title: str | None) -> list[str]:
    """The label's lines, without leading lines that repeat the title or only hold a date."""
    lines = [line.strip() for line in text.splitlines() if content_chars(line)]
    squashed_title = _squash(title) if title else None
    while lines and (
        (squashed_title and _squash(lines[0]) == squashed_title) or _BARE_DATE_LINE.match(lines[0])
    ):
        lines.pop(0)
    return lines


def sentences(lines: list[str]) -> list[str]:
    """The label's sentences long enough to check, as content characters."""
    found: list[str] = []
    for piece in _SENTENCE_END.split("\n".join(lines)):
        chars = content_chars(piece)
        if len(chars) >= MIN_SENTENCE:
            found.append(chars)
    return found


def overlap(expected: str, got: str) -> tuple[float, float]:
    """Character-level recall and precision of ``got`` against ``expected``, in order."""
    if not expected or not got:
        return (1.0 if not expected else 0.0), 0.0
    matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return round(matched / len(expected), 4), round(matched / len(got), 4)


def _format_date(article: Article) -> str | None:
    if article.published is None:
        return None
    local = article.published.astimezone(CST)
    return local.strftime("%Y-%m-%d %H:%M:%S") if article.has_time else local.date().isoformat()


def read_page(path: Path, url: str | None = None) -> tuple[str, Article | None, str | None]:
    """Read one saved page as a sync does: ``(kind, article or None, error or None)``."""
    url = url or PAGE_URL.format(name=path.stem[:8])
    try:
        text = decode_body(path.read_bytes(), None).text
    except DecodeError as exc:
        return "", None, f"decode: {exc}"
    kind = page_kind(text, url)
    try:
        return kind, parse_article_page(text, url, source="benchmark"), None
    except ExtractError as exc:
        return kind, None, str(exc)


@dataclass
class PageLabel:
    """What one page should read as: the body's lines and the fields to check."""

    lines: list[str]
    title: str | None
    date: LabelDate | None
    first: str | None = None
    """The first sentence as content characters (None: the label's first long sentence)."""
    last: str | None = None
    chrome_phrases: list[str] = field(default_factory=list)
    origin: str | None = None


def score_read(
    score: Score, label: PageLabel, read: tuple[str, Article | None, str | None]
) -> Article | None:
    """Fill ``score`` from one page's reading against its label; return the article."""
    kind, article, error = read
    score.kind, score.error = kind, error
    score.title_expected = label.title
    score.date_expected = str(label.date) if label.date else None
    score.origin_expected = label.origin
    label_chars = content_chars("".join(label.lines))
    if article is None:
        score.title_ok = False if label.title is not None else None
        score.date_ok = False if label.date else None
        score.origin_ok = False if label.origin else None
        score.recall = 0.0 if label_chars else 1.0
        return None
    score.title = article.title
    if label.title is not None:
        score.title_ok = _squash(article.title) == _squash(label.title)
    score.date = _format_date(article)
    if label.date is not None:
        score.date_ok = label.date.matches(article.published, article.has_time)
    score.origin = article.origin
    if label.origin is not None:
        score.origin_ok = _squash(article.origin) == _squash(label.origin)
    body_chars = content_chars("".join(article.paragraphs))
    score.recall, score.precision = overlap(label_chars, body_chars)
    checked = sentences(label.lines)
    first = label.first if label.first is not None else (checked[0] if checked else None)
    last = label.last if label.last is not None else (checked[-1] if checked else None)
    score.first_ok = first is None or first in body_chars
    score.last_ok = last is None or last in body_chars
    label_joined = "\n".join(label.lines)
    body_joined = "\n".join(article.paragraphs)
    score.chrome = [
        kind
        for kind, pattern in CHROME.items()
        if pattern.search(body_joined) and not pattern.search(label_joined)
    ]
    body_squashed = _squash(body_joined)
    score.chrome += [
        f"phrase:{phrase}" for phrase in label.chrome_phrases if _squash(phrase) in body_squashed
    ]
    return article


def score_page(corpus: Path, name: str, title: str | None) -> tuple[Score, Article | None]:
    """Read and score one page of the corpus."""
    score = Score(name=name, title_expected=title)
    started = time.perf_counter()
    read = read_page(corpus / "original" / f"{name}.html")
    score.seconds = round(time.perf_counter() - started, 4)
    label_text = (corpus / "cleaned" / f"{name}.txt").read_text(encoding="utf-8")
    date_label = LabelDate.parse((corpus / "date" / f"{name}.txt").read_text(encoding="utf-8"))
    label = PageLabel(lines=label_body(label_text, title), title=title, date=date_label)
    return score, score_read(score, label, read)


def fresh_label(entry: dict[str, Any]) -> PageLabel:
    """A fresh-set label entry (see ``labels.json``) as a :class:`PageLabel`."""
    when = entry["date"] + (f" {entry['time']}" if entry.get("time") else "")
    return PageLabel(
        lines=[line for line in entry["body"] if content_chars(line)],
        title=entry["title"],
        date=LabelDate.parse(when),
        first=content_chars(entry["first"]),
        last=content_chars(entry["last"]),
        chrome_phrases=list(entry.get("chrome", [])),
        origin=entry.get("origin"),
    )


def score_fresh_page(folder: Path, entry: dict[str, Any]) -> tuple[Score, Article | None]:
    """Read and score one page of the fresh set."""
    score = Score(name=entry["file"], group=entry.get("group", ""))
    started = time.perf_counter()
    read = read_page(folder / entry["file"], entry["url"])
    score.seconds = round(time.perf_counter() - started, 4)
    return score, score_read(score, fresh_label(entry), read)


def load_fresh(folder: Path) -> list[dict[str, Any]]:
    """The fresh set's label entries, in file order."""
    document: dict[str, Any] = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    return sorted(document["pages"], key=lambda entry: entry["file"])


def _count(scores: list[Score], attribute: str) -> dict[str, int]:
    values = [getattr(score, attribute) for score in scores]
    scored = [value for value in values if value is not None]
    return {"ok": sum(bool(value) for value in scored), "of": len(scored)}


def totals(scores: list[Score]) -> dict[str, Any]:
    """The figures over every page."""
    read = [score for score in scores if score.error is None]
    recalls = [score.recall for score in scores]
    precisions = [score.precision for score in read]
    return {
        "pages": len(scores),
        "kind_article": {"ok": sum(s.kind == "article" for s in scores), "of": len(scores)},
        "title_exact": _count(scores, "title_ok"),
        "date_exact": _count(scores, "date_ok"),
        "origin_exact": _count(scores, "origin_ok"),
        "date_found_where_label_has_none": sum(
            1 for s in read if s.date_expected is None and s.date is not None
        ),
        "recall_mean": round(statistics.fmean(recalls), 4) if recalls else None,
        "recall_median": round(statistics.median(recalls), 4) if recalls else None,
        "precision_mean": round(statistics.fmean(precisions), 4) if precisions else None,
        "precision_median": round(statistics.median(precisions), 4) if precisions else None,
        "first_sentence": {"ok": sum(s.first_ok for s in scores), "of": len(scores)},
        "last_sentence": {"ok": sum(s.last_ok for s in scores), "of": len(scores)},
        "chrome_free": {"ok": sum(not s.chrome for s in read), "of": len(scores)},
        "chrome_kinds": dict(Counter(kind for s in scores for kind in s.chrome).most_common()),
        "errors": sum(s.error is not None for s in scores),
        "no_body": sum(bool(s.error and "no article body" in s.error) for s in scores),
        "seconds_total": round(sum(s.seconds for s in scores), 3),
        "ms_per_page_median": round(1000 * statistics.median(s.seconds for s in scores), 2)
        if scores
        else None,
    }


def page_diff(lines: list[str], article: Article | None) -> dict[str, Any]:
    """What the label has that the extracted body lacks, and what the body has in excess."""
    paragraphs = article.paragraphs if article else []
    body_chars = content_chars("".join(paragraphs))
    label_chars = content_chars("".join(lines))
    missing = [
        line
        for line in lines
        if len(content_chars(line)) >= 2 and content_chars(line) not in body_chars
    ]
    extra = [
        paragraph
        for paragraph in paragraphs
        if content_chars(paragraph) and content_chars(paragraph) not in label_chars
    ]
    return {"missing_label_lines": missing, "extra_paragraphs": extra, "paragraphs": paragraphs}


def load_labels(path: Path) -> dict[str, str | None]:
    """The hand-read titles, by page name."""
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    titles: dict[str, str | None] = {}
    for name, entry in document["pages"].items():
        title = entry.get("title")
        titles[name] = title if isinstance(title, str) else None
    return titles


def _print_one(score: Score, lines: list[str], article: Article | None) -> int:
    print(json.dumps(asdict(score) | page_diff(lines, article), ensure_ascii=False, indent=2))
    return 0


def main_fresh(folder: Path, page: str | None, totals_only: bool) -> int:
    """Score the fresh set (or one page of it) and print JSON; return the exit code."""
    if not (folder / "labels.json").is_file():
        print(f"extraction: no fresh set at {folder} (expected labels.json)", file=sys.stderr)
        return 2
    entries = load_fresh(folder)
    if page:
        chosen = [entry for entry in entries if entry["file"].startswith(page)]
        if len(chosen) != 1:
            print(f"extraction: {len(chosen)} pages match {page!r}", file=sys.stderr)
            return 2
        score, article = score_fresh_page(folder, chosen[0])
        return _print_one(score, fresh_label(chosen[0]).lines, article)
    scores = [score_fresh_page(folder, entry)[0] for entry in entries]
    groups = sorted({score.group for score in scores})
    result: dict[str, Any] = {
        "benchmark": "extraction",
        "set": "fresh",
        "folder": str(folder),
        "totals": totals(scores),
        "groups": {
            group: totals([score for score in scores if score.group == group]) for group in groups
        },
    }
    if not totals_only:
        result["pages"] = [asdict(score) for score in scores]
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


def main() -> int:
    """Score the corpus (or one page) and print JSON; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(os.environ.get("ZONEREADER_CORPUS") or DEFAULT_CORPUS),
        help="the corpus folder (with original/, cleaned/, date/); default ../shared/corpus/cwced",
    )
    parser.add_argument("--labels", type=Path, default=LABELS, help="the title labels (JSON)")
    parser.add_argument("--page", metavar="NAME", help="score one page and show its body diff")
    parser.add_argument("--totals", action="store_true", help="print the totals only")
    parser.add_argument(
        "--fresh", action="store_true", help="score the fresh set (tests/fixtures/articles_fresh)"
    )
    parser.add_argument("--fresh-dir", type=Path, default=FRESH, help="the fresh set's folder")
    args = parser.parse_args()
    if args.fresh:
        return main_fresh(args.fresh_dir, args.page, args.totals)

    corpus: Path = args.corpus
    if not (corpus / "original").is_dir():
        print(f"extraction: no corpus at {corpus} (expected original/, cleaned/, date/)",
              file=sys.stderr)  # fmt: skip
        return 2
    labels = load_labels(args.labels)
    names = sorted(path.stem for path in (corpus / "original").glob("*.html"))
    if args.page:
        chosen = [name for name in names if name.startswith(args.page)]
        if len(chosen) != 1:
            print(f"extraction: {len(chosen)} pages match {args.page!r}", file=sys.stderr)
            return 2
        name = chosen[0]
        score, article = score_page(corpus, name, labels.get(name))
        label_text = (corpus / "cleaned" / f"{name}.txt").read_text(encoding="utf-8")
        return _print_one(score, label_body(label_text, labels.get(name)), article)

    scores = [score_page(corpus, name, labels.get(name))[0] for name in names]
    result: dict[str, Any] = {
        "benchmark": "extraction",
        "corpus": str(corpus),
        "totals": totals(scores),
    }
    if not args.totals:
        result["pages"] = [asdict(score) for score in scores]
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
