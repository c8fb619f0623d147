"""The sample portal's zone tree: regions, their development zones and their channels.

Region names and development-zone names are real; everything said about them is synthetic.

Zone paths are ``开发区新闻/PROVINCE/CITY/CHANNEL`` for cities of a province (two region
levels, e.g. ``开发区新闻/浙江/舟山/文字新闻``) and ``开发区新闻/CITY/CHANNEL`` for the
municipalities directly under the central government (one level, e.g. ``开发区新闻/上海/文字新闻``).
The second template's single channel has the zone ``园区动态``.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The section the main template's zone paths start with.
SECTION = "开发区新闻"
#: URL path prefix of the section (ASCII, as real CMSs use).
SECTION_SLUG = "kfq"
#: The zone of the second template's channel (its breadcrumb is 首页 > 园区动态).
OTHER_ZONE = "园区动态"
#: The development zone that runs the second-template site.
OTHER_PARK = "苏州工业园区"

#: Channel name -> (URL slug, weight within its region).
CHANNEL_KINDS: dict[str, tuple[str, float]] = {
    "文字新闻": ("wzxw", 3.0),
    "图片新闻": ("tpxw", 1.0),
    "招商动态": ("zsdt", 1.2),
}


@dataclass(frozen=True, slots=True)
class Region:
    """A city (or municipality) of the section index, with its development zones."""

    province: str
    """Province name, or empty for a municipality (then the region has one level)."""
    city: str
    slug: str
    """URL path of the region below the section, e.g. ``zj/zhoushan``."""
    parks: tuple[str, ...]
    weight: float
    channels: tuple[str, ...] = ("文字新闻", "图片新闻")

    @property
    def zone_parts(self) -> tuple[str, ...]:
        """The region's part of a zone path: (province, city) or (city,)."""
        return (self.province, self.city) if self.province else (self.city,)


@dataclass(frozen=True, slots=True)
class Channel:
    """One channel of one region: a paginated list of articles."""

    index: int
    region: Region
    name: str
    slug: str
    weight: float

    @property
    def zone(self) -> str:
        """The zone path, e.g. ``开发区新闻/浙江/舟山/文字新闻``."""
        return "/".join((SECTION, *self.region.zone_parts, self.name))

    @property
    def directory(self) -> str:
        """The URL directory of the channel, with leading and trailing slashes."""
        return f"/{SECTION_SLUG}/{self.region.slug}/{self.slug}/"


REGIONS: tuple[Region, ...] = (
    Region(
        "浙江",
        "舟山",
        "zj/zhoushan",
        ("舟山高新技术产业园区", "舟山经济开发区", "舟山港综合保税区"),
        14.0,
        ("文字新闻", "图片新闻", "招商动态"),
    ),
    Region(
        "浙江",
        "宁波",
        "zj/ningbo",
        ("宁波经济技术开发区", "宁波高新技术产业开发区", "宁波保税区"),
        3.0,
        ("文字新闻", "图片新闻", "招商动态"),
    ),
    Region("浙江", "杭州", "zj/hangzhou", ("杭州经济技术开发区", "萧山经济技术开发区"), 2.5),
    Region("浙江", "嘉兴", "zj/jiaxing", ("嘉兴经济技术开发区", "嘉善经济技术开发区"), 1.0),
    Region(
        "江苏",
        "苏州",
        "js/suzhou",
        ("苏州工业园区", "苏州高新技术产业开发区", "昆山经济技术开发区"),
        3.0,
        ("文字新闻", "图片新闻", "招商动态"),
    ),
    Region("江苏", "南京", "js/nanjing", ("南京经济技术开发区", "南京高新技术产业开发区"), 2.0),
    Region("江苏", "无锡", "js/wuxi", ("无锡高新技术产业开发区", "锡山经济技术开发区"), 1.2),
    Region("江苏", "南通", "js/nantong", ("南通经济技术开发区", "海安经济技术开发区"), 1.0),
    Region("广东", "广州", "gd/guangzhou", ("广州经济技术开发区", "南沙经济技术开发区"), 2.0),
    Region(
        "广东", "深圳", "gd/shenzhen", ("深圳高新技术产业园区", "前海深港现代服务业合作区"), 2.0
    ),
    Region("广东", "珠海", "gd/zhuhai", ("珠海高新技术产业开发区", "珠海经济技术开发区"), 1.0),
    Region("山东", "青岛", "sd/qingdao", ("青岛经济技术开发区", "青岛高新技术产业开发区"), 1.5),
    Region("山东", "烟台", "sd/yantai", ("烟台经济技术开发区", "烟台高新技术产业开发区"), 1.0),
    Region("山东", "威海", "sd/weihai", ("威海经济技术开发区", "威海火炬高技术产业开发区"), 0.8),
    Region("四川", "成都", "sc/chengdu", ("成都经济技术开发区", "成都高新技术产业开发区"), 1.5),
    Region("四川", "绵阳", "sc/mianyang", ("绵阳高新技术产业开发区", "绵阳经济技术开发区"), 0.8),
    Region(
        "",
        "上海",
        "sh",
        ("上海漕河泾新兴技术开发区", "闵行经济技术开发区", "金桥经济技术开发区"),
        2.0,
        ("文字新闻", "图片新闻", "招商动态"),
    ),
    Region("", "天津", "tj", ("天津经济技术开发区", "天津滨海高新技术产业开发区"), 1.5),
)

#: Province name -> URL slug (the anchors of the section index).
PROVINCE_SLUGS: dict[str, str] = {
    region.province: region.slug.split("/")[0] for region in REGIONS if region.province
}


def build_channels() -> tuple[Channel, ...]:
    """Return every channel of the main template, in section-index order."""
    channels: list[Channel] = []
    for region in REGIONS:
        for name in region.channels:
            slug, weight = CHANNEL_KINDS[name]
            channels.append(Channel(len(channels), region, name, slug, region.weight * weight))
    return tuple(channels)


CHANNELS: tuple[Channel, ...] = build_channels()

#: Share of all articles that belong to the second template's channel.
OTHER_WEIGHT_SHARE = 0.05
