"""What the demo feeds' items say: titles, paragraphs, authors and dates from (seed, feed, item).

Pure functions of their arguments: the same arguments always give the same item, and item 0 is
a feed's oldest. A summary feed gives only the start of an item's text (:func:`summary_of`).
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from zonereader.models import CST

#: The date of every feed's item 0; later items follow 37 minutes apart.
EPOCH = datetime(2024, 1, 1, 8, 0, tzinfo=CST)

#: Where the items happen (a feed's title names one of them too).
PLACES = (
    "舟山", "宁波", "苏州工业园区", "杭州经开区", "嘉兴", "温州", "合肥高新区", "青岛西海岸",
    "天津滨海", "广州开发区", "成都高新区", "武汉东湖", "西安高新区", "昆山", "张江",
)  # fmt: skip
_SUBJECTS = (
    "招商引资", "项目签约", "产业链", "营商环境", "数字经济", "绿色低碳", "先进制造",
    "跨境电商", "科技创新", "人才引进", "重大项目", "开放平台", "新能源汽车", "生物医药",
)  # fmt: skip
_TITLE_TEMPLATES = (
    "{place}{subject}工作取得新进展",
    "{place}举行{subject}推进会",
    "{place}:{subject}项目集中开工",
    "聚焦{subject} {place}再添新动能",
    "{place}发布{subject}三年行动方案",
    "{place}{subject}专题座谈会召开",
)
_SENTENCES = (
    "会议强调,要坚持稳中求进工作总基调,推动{subject}高质量发展。",
    "{place}围绕主导产业,持续优化{subject}服务体系,一批重点项目加快落地。",
    "今年以来,园区新签约项目{number}个,总投资额约{money}亿元。",
    "相关负责人表示,将进一步深化改革,打造市场化、法治化、国际化营商环境。",
    "据介绍,该项目建成后预计年产值可达{money}亿元,带动就业{number}00余人。",
    "下一步,{place}将以{subject}为抓手,加快培育新质生产力。",
    "活动现场,多家企业代表围绕{subject}进行了深入交流。",
    "截至{month}月底,园区规模以上工业增加值同比增长{pct}%。",
    "与会人员实地考察了{place}的重点企业和在建项目。",
    "专家认为,{subject}正成为区域经济增长的重要引擎。",
)
_AUTHORS = ("新华社", "浙江日报", "舟山日报", "经济日报", "园区管委会", "")
#: The 来源 of the article pages of summary feeds.
ORIGINS = ("中国开发区网", "新华网", "舟山日报", "人民网")


def _rng(*parts: int) -> random.Random:
    return random.Random(hashlib.sha256(repr(parts).encode()).digest())


@lru_cache(maxsize=200_000)
def item_fields(seed: int, feed: int, number: int, paragraphs: int) -> tuple[tuple[str, Any], ...]:
    """Item ``number`` (0 = oldest) of feed ``feed`` as (field, value) pairs: ``id``, ``path``,
    ``title``, ``paragraphs``, ``author``, ``published`` and ``related`` (a link in its body)."""
    rng = _rng(seed, feed, number)
    place = PLACES[(feed + number) % len(PLACES)]
    subject = rng.choice(_SUBJECTS)
    title = rng.choice(_TITLE_TEMPLATES).format(place=place, subject=subject)
    body: list[str] = []
    for _ in range(paragraphs):
        sentences = [
            rng.choice(_SENTENCES).format(
                place=place,
                subject=rng.choice(_SUBJECTS),
                number=rng.randint(3, 60),
                money=rng.randint(2, 300),
                pct=rng.randint(2, 30),
                month=rng.randint(1, 12),
            )
            for _ in range(rng.randint(2, 3))
        ]
        body.append("".join(sentences))
    published = EPOCH + timedelta(minutes=37 * number + 3 * feed)
    return (
        ("id", f"tag:demo.zonereader,2024:{seed}/{feed}/{number}"),
        ("path", f"/items/{feed}/{number}.html"),
        ("title", f"{title}({number})"),
        ("paragraphs", tuple(body)),
        ("author", _AUTHORS[rng.randrange(len(_AUTHORS))]),
        ("published", published),
        ("related", f"/zones/{rng.randint(1, 99)}.html"),
    )


SUMMARY_ENDINGS = ("…", "……阅读全文", " [更多]", "")
#: Characters of the first paragraph a summary item keeps.
SUMMARY_CHARS = 48


def summary_of(paragraphs: tuple[str, ...], number: int) -> str:
    """The summary a summary-only feed gives of item ``number``: its start and an ending."""
    return paragraphs[0][:SUMMARY_CHARS] + SUMMARY_ENDINGS[number % len(SUMMARY_ENDINGS)]
