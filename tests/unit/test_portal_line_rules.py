"""The line rules of the article extractor, one pattern each: 来源 without a label, bracketed
credits, box headings with counts, disclaimers, separators, dated sentences and attachments."""

from __future__ import annotations

import pytest

from zonereader.sources.portal import parse_article_page
from zonereader.sources.portal.lines import is_footer, is_section_end, is_tool_line
from zonereader.sources.portal.meta import bare_origin, is_date_line, origin_of

URL = "http://www.kfq.example.gov.cn/xwzx/tzgg/202401/t20240108_4430012.html"


@pytest.mark.parametrize(
    ("line", "origin"),
    [
        ("2023年11月17日 15:13 经济参考报", "经济参考报"),
        ("2023-11-17 10:24:05来自 每日经济新闻", "每日经济新闻"),
        ("2022-02-13 09:57  光明网", "光明网"),
        ("2023-08-09　开发区管委会", "开发区管委会"),
        ("2023年11月17日 星期五", ""),  # a weekday is no name
        ("( 2022-04-26 )", ""),
        ("2006年12月27日（京港台时间）", ""),  # a note, not a source
        ("2003-5-29 09:07 高山流水", ""),  # a poster's nickname
        ("2005-09-11 18:04:42 楼主", ""),
        ("AUTO.SOHU.COM 2005年05月13日14:15", ""),  # the name must follow the date
        ("2023-11-17 浏览：12", ""),
    ],
)
def test_bare_origin_is_a_news_name_after_the_date(line: str, origin: str) -> None:
    assert bare_origin(line) == origin


def test_bracketed_credit_gives_the_origin_without_its_bracket() -> None:
    assert origin_of(["（来源：临江日报）"])[0] == "临江日报"
    assert origin_of(["来源：人民网（北京）"])[0] == "人民网（北京）"


@pytest.mark.parametrize(
    "line", ["网友评论（共3条）", "相关新闻(12)", "反侵权公告：", "版权说明", "特别声明："]
)
def test_box_headings_and_disclaimers_end_the_body(line: str) -> None:
    assert is_section_end(line)


@pytest.mark.parametrize("line", ["特此公告。", "国家版权局关于侵权盗版的公告", "网友评论称赞此举"])
def test_sentences_do_not_end_the_body(line: str) -> None:
    assert not is_section_end(line)


def test_dedecms_separator_is_a_tool_line() -> None:
    assert is_tool_line("------分隔线----------------------------")


@pytest.mark.parametrize(
    "line",
    [
        "(本文发表于首页批评与建议, 已被阅读178次)",
        "本文已被浏览 1024 次",
        "作者：张三　浏览(356)　评论(2)",
        "本文引用通告(Trackback)链接: /wp-trackback.php?p=1700",
        "第1页/共1页 << 上一页 | 下一页 >>",
        "首页 上一页 1 2 3 下一页 尾页",
    ],
)
def test_counters_trackback_and_pager_lines_are_tool_lines(line: str) -> None:
    assert is_tool_line(line)


@pytest.mark.parametrize("line", ["企业只需点击3次即可完成申报。", "全年接待访问团组120批次"])
def test_sentences_that_count_clicks_are_no_tool_lines(line: str) -> None:
    assert not is_tool_line(line)


def test_a_sentence_about_copyright_owners_is_no_footer() -> None:
    assert is_footer("版权所有 © 2023 某某经济技术开发区管理委员会")
    assert not is_footer("播客在使用其它音乐时，一定要获得版权所有者或制作人的许可。")


def test_a_sentence_holding_dates_is_no_date_line() -> None:
    assert not is_date_line("本意见自2023年9月1日起施行，有效期至2026年8月31日。")
    assert is_date_line("2023年11月17日 星期五")


NOTICE = """<html><head><meta charset="utf-8">
<title>关于申报外贸发展专项资金的通知_商务局</title></head><body>
<div class="nav"><a href="/">网站首页</a> <a href="/zwgk/">政务公开</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/tzgg/">通知公告</a></div>
<h1>关于申报外贸发展专项资金的通知</h1>
<div class="meta">发布时间：2024-01-08 09:30　来源：对外贸易处</div>
<div class="TRS_Editor">
<p>各县（市、区）商务主管部门：</p>
<p>根据省商务厅有关要求，现将申报工作有关事项通知如下，请各地认真组织企业申报。</p>
<p>申报企业应在本市依法注册，2023年度有进出口实绩，近三年无重大违法违规行为。</p>
<p>附件：<a href="/attach/P020240108551234.docx">1. 外贸发展专项资金项目申报表</a></p>
<p><a href="/attach/P020240108551235.xlsx">2. 外贸发展专项资金项目汇总表</a></p>
<p><a href="/attach/P020240108551236.pdf">PDF版</a></p>
<p>临江市商务局</p>
<p>2024年1月8日</p>
</div>
<div class="tools">【<a href="javascript:window.print()">打印</a>】
【<a href="javascript:window.close()">关闭</a>】</div>
</body></html>"""


def test_attachments_inside_the_body_stay_and_the_sign_off_closes_it() -> None:
    article = parse_article_page(NOTICE, URL, source="t")
    assert "附件：1. 外贸发展专项资金项目申报表" in article.paragraphs
    assert "2. 外贸发展专项资金项目汇总表" in article.paragraphs
    assert "PDF版" not in article.paragraphs  # a link that names no file is a tool
    assert article.paragraphs[-2:] == ["临江市商务局", "2024年1月8日"]
    assert article.origin == "对外贸易处"


SITE_TITLE = """<html><head><meta charset="utf-8"><title>某某区人民政府信息公开</title></head>
<body><div class="logo">某某区人民政府信息公开平台</div>
<div class="nav"><a href="/">网站首页</a> | <a href="/xxgk/">政务公开</a> |
<a href="/hdjl/">互动交流</a></div>
<div class="pos">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政务公开</a></div>
<table><tr><td>索 引 号：</td><td>002498765/2023-01987</td>
<td>主题分类：</td><td>商贸、海关、旅游</td></tr>
<tr><td>发文机关：</td><td>某某区人民政府</td><td>发文日期：</td><td>2023年07月25日</td></tr></table>
<table><tr><td class="title">某某区人民政府关于促进楼宇经济高质量发展的实施意见</td></tr></table>
<div id="zoom">各街道办事处，区政府各部门：<br>
　　为进一步提升楼宇经济发展质量，培育新的经济增长点，现提出如下实施意见。<br>
　　一、培育重点楼宇。每年认定一批亩均税收高、产业特色鲜明的重点商务楼宇，给予运营方奖励。<br>
</div></body></html>"""


def test_a_title_element_naming_only_the_site_names_no_headline() -> None:
    article = parse_article_page(SITE_TITLE, URL, source="t")
    assert article.title == "某某区人民政府关于促进楼宇经济高质量发展的实施意见"
    assert article.paragraphs[0] == "各街道办事处，区政府各部门："
    assert article.published is not None and article.published.day == 25


STACKED = """<html><head><meta charset="utf-8">
<title>新一批改革试点经验复制推广-新闻网</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/politics/">时政</a><a href="/fortune/">财经</a></div>
<div class="header-time"><span> 2023</span> <span> 11/17</span> <span> 20:52:15</span></div>
<div class="source">来源：新闻网</div>
<div class="share">分享到：</div>
<h1>新一批改革试点经验复制推广</h1>
<div id="detail"><p>记者17日获悉，第七批共24项改革试点经验和创新实践案例将面向全国复制推广。</p>
<p>此次复制推广的改革事项涵盖投资贸易便利化、政府管理创新、金融开放创新等领域。</p></div>
<div class="related"><h3>相关新闻</h3><ul>
<li><a href="/a/1.html">十周年发布会举行</a>2023-11-03</li></ul></div></body></html>"""


def test_date_and_origin_stacked_above_the_headline() -> None:
    article = parse_article_page(STACKED, URL, source="t")
    assert article.published is not None and article.has_time
    assert (article.published.month, article.published.day, article.published.hour) == (11, 17, 20)
    assert article.origin == "新闻网"


def _blog(heading_href: str) -> str:
    """A blog post with no <title>: the blog's name in an <h1>, the post's title in an <h2>,
    then a newspaper article as the blogger pasted it (headline again, bylines, date line)."""
    return f"""<html><head><meta charset="utf-8"></head><body>
<h1 class="title"><a href="{heading_href}">某某的博客</a></h1>
<div class="nav"><a href="/p/1.html">上一篇文章</a> | <a href="/">回首页</a> |
<a href="/p/3.html">下一篇文章</a></div>
<h2 class="diaryTitle">谁来为开发区的无序拆迁“埋单”？</h2>
<div class="post"><p>拆迁屡出事故 管理形同虚设</p><p>谁来为开发区的无序拆迁“埋单”？</p>
<p>本报记者 张三 李四</p><p>2023-7-24 某某晚报</p>
<p>　　老城区改造中，一些开发商先拆后批、边拆边批，居民的补偿迟迟不能到位。</p>
<p>　　专家认为，拆迁必须先有规划、再有补偿方案，程序合法才能保障各方的权益。</p></div>
</body></html>"""


@pytest.mark.parametrize("href", ["index.html", "/", "http://blog.example.cn/", "../default.aspx"])
def test_a_heading_linked_to_a_home_page_is_the_sites_name(href: str) -> None:
    article = parse_article_page(_blog(href), URL, source="t")
    assert article.title == "谁来为开发区的无序拆迁“埋单”？"


def test_a_headline_linked_to_its_own_page_stays_the_headline() -> None:
    html = (
        _blog("/p/2.html")
        .replace(
            '<h1 class="title"><a href="/p/2.html">某某的博客</a></h1>',
            '<div class="logo">某某的博客</div>',
        )
        .replace(
            '<h2 class="diaryTitle">谁来为开发区的无序拆迁“埋单”？</h2>',
            '<h2 class="diaryTitle"><a href="/p/2.html">谁来为开发区的无序拆迁“埋单”？</a></h2>',
        )
    )
    # (and the byline under the pasted headline, 本报记者 张三 李四, is no headline)
    assert parse_article_page(html, URL, source="t").title == "谁来为开发区的无序拆迁“埋单”？"


@pytest.mark.parametrize(
    "line", ["来源：某某局公开日期：2024-01-02", "信息来源：某某局　施行日期：2024-03-01"]
)
def test_the_origin_ends_at_any_date_label(line: str) -> None:
    assert origin_of([line])[0] == "某某局"
