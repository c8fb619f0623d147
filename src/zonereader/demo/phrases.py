"""A phrase bank and the functions that turn it into synthetic development-zone news.

Everything here was written for zonereader; no sentence is taken from a real article. Region
and development-zone names are real, companies are invented, people appear only by office.
Every generator takes a :class:`random.Random` so that the caller decides determinism, and
every string is GBK-encodable (the main template is served as GBK).
"""

from __future__ import annotations

import functools
import random
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

INDUSTRIES = (
    "新能源汽车",
    "生物医药",
    "集成电路",
    "高端装备制造",
    "新材料",
    "数字经济",
    "海洋经济",
    "现代物流",
    "跨境电商",
    "人工智能",
    "绿色石化",
    "智能制造",
    "节能环保",
    "航空航天",
    "医疗器械",
    "软件和信息服务",
    "氢能",
    "光伏储能",
)

MEETINGS = (
    "招商引资工作推进会",
    "重点项目集中签约仪式",
    "一季度经济运行分析会",
    "安全生产工作会议",
    "营商环境优化提升大会",
    "党建工作领导小组会议",
    "科技创新大会",
    "企业家座谈会",
    "项目建设“百日攻坚”动员会",
    "年度工作总结表彰大会",
)

HONOURS = (
    "国家级绿色园区",
    "省级特色产业基地",
    "国家外贸转型升级基地",
    "全国知识产权示范园区",
    "省级智慧园区试点",
    "国家生态工业示范园区",
)

CAMPAIGNS = (
    "安全生产隐患排查",
    "“助企纾困”服务",
    "营商环境提升",
    "招商引资攻坚",
    "亩均效益领跑者",
    "工业用地提质增效",
)

SLOGANS = (
    "项目为王",
    "创新驱动",
    "产城融合",
    "链式招商",
    "服务先行",
    "改革破题",
    "开放引领",
    "数字赋能",
)

OFFICIALS = (
    "管委会主任",
    "党工委书记",
    "市委常委、开发区党工委书记",
    "副市长",
    "市商务局局长",
    "管委会副主任",
    "招商局负责人",
    "经济发展局局长",
)

PLACES = ("管委会会议中心", "开发区行政服务中心", "创新创业大厦", "国际会议中心", "项目现场")

PARTNERS = (
    "中国科学院某研究所",
    "浙江大学",
    "上海交通大学",
    "国家开发银行分行",
    "中国银行分行",
    "省港航集团",
    "市城投集团",
)

_COMPANY_HEADS = "华中东海远新瑞博鼎恒嘉泰宏安立达创森明锦誉盛"
_COMPANY_TAILS = (
    "科技有限公司",
    "新材料股份有限公司",
    "智能装备有限公司",
    "生物科技有限公司",
    "能源科技有限公司",
    "电子有限公司",
    "物流有限公司",
    "精密制造有限公司",
)

TITLE_TEMPLATES = (
    "{park}召开{meeting}",
    "{city}{industry}项目集中签约 总投资{amount}亿元",
    "{park}前{months}个月实际利用外资同比增长{percent}",
    "{company}{industry}项目在{park}开工建设",
    "{city}：以“{slogan}”推动开发区高质量发展",
    "{park}获评{honour}",
    "{park}举办{industry}产业对接会",
    "优化营商环境 {park}推出{count}条惠企举措",
    "{region}：{industry}产业集群加速成势",
    "{park}{year}年重点项目建设观摩活动举行",
    "“{slogan}”看{park}——招商引资一线纪实",
    "{company}研发(R&D)中心落户{park}",
    "{city}开发区工业总产值突破{amount}亿元",
    "{park}与{partner}签署战略合作协议",
    "{park}开展{campaign}专项行动",
    "{park}：{industry}“链主”企业带动效应显现",
    "{park}{count}个项目集中开工 {industry}再添新动能",
    "{city}召开开发区改革创新推进会",
    "{park}{industry}产业园一期主体结构封顶",
    "{province}{city}开发区综合考核位列全省前列",
    "{official}赴{park}调研{industry}产业发展",
    "{park}“{campaign}”专项行动取得阶段性成效",
    "{park}{count}家企业入选省级“专精特新”名单",
    "{city}出台支持开发区{industry}产业发展若干政策",
    "{park}举行{year}年度招商推介会 现场签约{count}个项目",
    "{company}增资扩产项目签约{park}",
    "{park}人才公寓项目正式交付使用",
    "一图读懂{park}{year}年经济运行情况",
)

LEAD_TEMPLATES = (
    "{date}，{park}{meeting}在{place}举行。",
    "{date}，记者从{park}获悉，今年以来园区紧紧围绕“{slogan}”主线，各项工作取得积极进展。",
    "{date}上午，{company}{industry}项目开工仪式在{park}隆重举行。",
    "近日，{park}与{partner}签署战略合作协议，双方将在{industry}领域开展全方位合作。",
    "{date}，{city}召开全市开发区工作会议，总结经验，部署下一阶段重点任务。",
    "今年以来，{park}坚持把招商引资作为“一号工程”，全力推进{industry}产业集聚发展。",
)

BODY_TEMPLATES = (
    "{official}出席会议并讲话，要求各部门进一步统一思想、压实责任，确保全年目标任务圆满完成。",
    "据介绍，该项目总投资{amount}亿元，主要建设{industry}生产线及配套设施，达产后预计年产值{amount2}亿元。",
    "今年前{months}个月，园区实现规模以上工业总产值{amount}亿元，同比增长{percent}。",
    "园区完成固定资产投资{amount}亿元，其中工业投资占比达到{percent}，结构持续优化。",
    "截至目前，园区累计引进{industry}企业{count}家，初步形成了上下游协同发展的产业链条。",
    "会上，{count}个重点项目进行了集中签约，涵盖{industry}、{industry2}等多个领域。",
    "园区设立{amount}亿元产业引导基金，重点支持{industry}领域的科技型中小企业发展壮大。",
    "下一步，园区将围绕{industry}产业链精准招商，着力引进一批带动力强的龙头项目。",
    "“{slogan}是开发区发展的生命线，”{official}表示，“我们要以更大力度抓项目、稳增长、促发展。”",
    "与会人员实地察看了{company}等{count}家企业的生产车间，详细了解企业研发投入和市场拓展情况。",
    "园区深化“放管服”改革，企业开办时间压缩至{count}个工作日以内，审批效率明显提升。",
    "在{industry}领域，园区已建成省级以上研发机构{count}家，高新技术企业数量同比增长{percent}。",
    "据统计，园区进出口总额达{amount}亿元，其中出口占比{percent}，外贸保持稳中有进的良好态势。",
    "会议强调，要坚持安全发展理念，全面排查整治各类风险隐患，切实守牢安全生产底线。",
    "{company}相关负责人表示，看中的正是园区完善的产业配套、高效的政务服务和良好的区位优势。",
    "园区还将加快标准厂房和人才公寓建设，为入驻企业提供“拎包入驻”式服务。",
    "针对企业反映的用工、融资等难题，园区组建了{count}支服务专班，实行“一企一策”精准帮扶。",
    "园区坚持绿色低碳发展，单位工业增加值能耗同比下降{percent}，清洁能源利用水平不断提高。",
    "与此同时，园区积极对接{partner}等单位，推动科技成果在园区转移转化。",
    "今年，园区计划实施重点项目{count}个，年度计划投资{amount}亿元，目前已完成年度计划的{percent}。",
    "会议通报了上半年全区经济运行情况，并对下一阶段招商引资和项目建设工作作出具体部署。",
    "{official}指出，要牢固树立“项目为王”理念，在招大引强、精准服务上持续用力。",
    "园区将以此次签约为契机，进一步完善{industry}产业生态，打造具有区域影响力的产业高地。",
    "据悉，{park}始建于{founded}年，规划面积{area}平方公里，是{region}重要的对外开放平台。",
    "活动现场，{company}等企业代表围绕{industry}技术路线和市场前景作了交流发言。",
    "园区数字化服务平台已上线运行，企业足不出户即可办理{count}类常用事项。",
    "项目建成后，预计可新增就业岗位{count}00余个，年纳税额超过{amount}亿元。",
    "园区还与{partner}共建{industry}联合实验室，着力突破一批关键核心技术。",
    "为保障项目顺利推进，园区实行“专班+专员”服务机制，全程跟踪协调解决问题。",
    "数据显示，园区服务业增加值同比增长{percent}，新兴产业对经济增长的贡献持续提升。",
    "园区通过“以商引商”“以链引链”等方式，成功引进了一批上下游配套企业。",
    "当前，园区正加快推进道路、供水、污水处理等基础设施建设，承载能力不断增强。",
    "园区同步启动了“{slogan}”主题宣传活动，营造全员抓招商、全力抓项目的浓厚氛围。",
    "据园区经济发展局介绍，今年新增市场主体{count}00余户，创历史同期新高。",
    "在政策支持方面，园区对新落户的{industry}企业给予租金减免、设备补助等扶持。",
    "园区还组织{count}家企业参加境外展会，帮助企业拓展“一带一路”沿线市场。",
    "座谈会上，企业家代表纷纷建言献策，就用地、用工、融资等问题提出意见建议。",
    "围绕“{slogan}”，园区建立了重点项目周调度、月通报、季观摩的推进机制。",
    "园区不断完善生活配套，新建学校、医院和商业综合体，产城融合水平稳步提升。",
    "今年以来，园区共走访企业{count}00余家次，协调解决各类问题{count}个。",
)

CLOSING_TEMPLATES = (
    "下一步，{park}将继续聚焦主导产业，全力以赴抓招商、上项目、优服务，为全市经济社会发展作出更大贡献。",
    "园区表示，将以更加务实的作风推动各项工作落地见效，奋力谱写高质量发展新篇章。",
    "据了解，该项目预计明年年底前建成投产，将进一步增强园区{industry}产业的集聚效应。",
    "会议要求，各部门要对照目标、倒排工期，确保各项任务按时保质完成。",
)

CAPTIONS = (
    "图为{park}{industry}项目建设现场。",
    "图为签约仪式现场。",
    "图为企业生产车间一角。",
    "图为{park}全景。",
)

ORIGIN_TEMPLATES = (
    "{city}日报",
    "{city}晚报",
    "{park}管委会",
    "{city}市商务局",
    "新华网",
    "人民网",
    "中国开发区网",
    "{city}发布",
)


def _company(rng: random.Random) -> str:
    heads = _COMPANY_HEADS
    first = heads[int(rng.random() * len(heads))]
    second = heads[int(rng.random() * len(heads))]
    return first + second + _COMPANY_TAILS[int(rng.random() * len(_COMPANY_TAILS))]


@dataclass(frozen=True, slots=True)
class _Scene:
    """What an article is about: the fixed values its templates refer to."""

    province: str
    city: str
    park: str
    when: datetime


def _months(scene: _Scene) -> str:
    return str(scene.when.month - 1 if scene.when.month > 1 else 12)


def _pick(rng: random.Random, options: tuple[str, ...]) -> str:
    """A fast uniform choice (``random()`` is cheaper than ``choice``'s bit draws)."""
    return options[int(rng.random() * len(options))]


def _between(rng: random.Random, low: float, high: float) -> float:
    return low + (high - low) * rng.random()


#: Slot name -> how to fill it. Fixed slots read the scene; the others draw from the rng.
_DRAW: dict[str, Callable[[random.Random, _Scene], str]] = {
    "province": lambda rng, s: s.province,
    "city": lambda rng, s: s.city,
    "region": lambda rng, s: f"{s.province}{s.city}" if s.province else s.city,
    "park": lambda rng, s: s.park,
    "year": lambda rng, s: str(s.when.year),
    "date": lambda rng, s: f"{s.when.month}月{s.when.day}日",
    "months": lambda rng, s: _months(s),
    "industry": lambda rng, s: _pick(rng, INDUSTRIES),
    "industry2": lambda rng, s: _pick(rng, INDUSTRIES),
    "meeting": lambda rng, s: _pick(rng, MEETINGS),
    "honour": lambda rng, s: _pick(rng, HONOURS),
    "campaign": lambda rng, s: _pick(rng, CAMPAIGNS),
    "slogan": lambda rng, s: _pick(rng, SLOGANS),
    "official": lambda rng, s: _pick(rng, OFFICIALS),
    "place": lambda rng, s: _pick(rng, PLACES),
    "partner": lambda rng, s: _pick(rng, PARTNERS),
    "company": lambda rng, s: _company(rng),
    "amount": lambda rng, s: f"{_between(rng, 1.5, 180):.1f}",
    "amount2": lambda rng, s: f"{_between(rng, 2, 300):.1f}",
    "percent": lambda rng, s: f"{_between(rng, 2.5, 38):.1f}%",
    "count": lambda rng, s: str(3 + int(rng.random() * 46)),
    "founded": lambda rng, s: str(1984 + int(rng.random() * 29)),
    "area": lambda rng, s: f"{_between(rng, 10, 280):.1f}",
}

_Compiled = tuple[tuple[str, str | None], ...]


@functools.cache
def _compile(template: str) -> _Compiled:
    """Split a template into (literal, slot name or None) pairs."""
    return tuple((literal, name) for literal, name, _, _ in string.Formatter().parse(template))


def _fill(rng: random.Random, scene: _Scene, template: str) -> str:
    """Fill ``template``, drawing a value for each slot it names (a slot used twice is drawn
    once)."""
    values: dict[str, str] = {}
    out: list[str] = []
    for literal, name in _compile(template):
        out.append(literal)
        if name is not None:
            if name not in values:
                value = _DRAW[name](rng, scene)
                while name == "industry2" and value == values.get("industry"):
                    value = _DRAW[name](rng, scene)
                values[name] = value
            out.append(values[name])
    return "".join(out)


def make_title(rng: random.Random, *, province: str, city: str, park: str, when: datetime) -> str:
    """Return a news headline about ``park`` in ``city``."""
    scene = _Scene(province, city, park, when)
    return _fill(rng, scene, rng.choice(TITLE_TEMPLATES))


def make_origin(rng: random.Random, *, city: str, park: str) -> str:
    """Return a 来源 (the outlet the article came from)."""
    return rng.choice(ORIGIN_TEMPLATES).format(city=city, park=park)


def make_paragraphs(
    rng: random.Random,
    *,
    province: str,
    city: str,
    park: str,
    when: datetime,
    picture: bool = False,
) -> list[str]:
    """Return an article body: 800 to about 2,000 characters in 4 to 12 paragraphs.

    Args:
        rng: the source of every choice.
        province: the province (empty for a municipality).
        city: the city.
        park: the development zone the article is about.
        when: the publication date (the lead mentions the day).
        picture: start with a caption, as a 图片新闻 article does.
    """
    target = rng.randint(760, 1850)

    scene = _Scene(province, city, park, when)

    def fill(template: str) -> str:
        return _fill(rng, scene, template)

    deck: list[str] = []

    def sentence() -> str:
        if not deck:
            deck.extend(BODY_TEMPLATES)
            rng.shuffle(deck)
        return fill(deck.pop())

    paragraphs: list[str] = []
    if picture:
        paragraphs.append(fill(rng.choice(CAPTIONS)))
    lead = fill(rng.choice(LEAD_TEMPLATES)) + "".join(sentence() for _ in range(rng.randint(1, 2)))
    paragraphs.append(lead)
    total = sum(len(p) for p in paragraphs)
    while total < target and len(paragraphs) < 11:
        paragraph = "".join(sentence() for _ in range(rng.randint(2, 5)))
        paragraphs.append(paragraph)
        total += len(paragraph)
    paragraphs.append(fill(rng.choice(CLOSING_TEMPLATES)))
    while sum(len(p) for p in paragraphs) < 800:
        paragraphs.insert(-1, sentence())
    return paragraphs
