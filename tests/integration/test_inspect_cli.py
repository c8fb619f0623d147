"""``zonereader inspect`` run as a user runs it: on saved files and on a loopback HTTP server."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
ARTICLE_URL = "http://www.example.com/kfqxw/zhoushan/wzxw/2023/1228/8821.html"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zonereader", "inspect", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


class _Handler(BaseHTTPRequestHandler):
    """Serves the saved pages; /broken.html with the charset in the header only."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        routes = {
            "/a/8821.html": ("t1_article.gbk.html", "text/html"),
            "/broken.html": ("t1_article_broken.gbk.html", "text/html; charset=gbk"),
            "/list/": ("t1_list.gbk.html", "text/html"),
            "/hostile.html": (None, "text/html; charset=utf-8"),
        }
        if self.path not in routes:
            self.send_error(404)
            return
        name, content_type = routes[self.path]
        if name is None:
            body = (
                "<title>x</title><h1>标题\x1b]0;pwned\x07\x1b[31m红</h1>"
                "<div>发布时间:2023-12-28 来源:\x9b2J日报</div><p>正文\x1b[2J</p>"
            ).encode()
        else:
            body = (PAGES / name).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_inspect_saved_article_human() -> None:
    result = run(str(PAGES / "t1_article.gbk.html"), "--base-url", ARTICLE_URL)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "kind:      article" in out
    assert "encoding:  gb18030 (meta)" in out
    assert "title:     勇当先行者,谱写新篇章!市委八届五次全体(扩大)会议举行" in out
    assert "published: 2023-12-28 (date only)" in out
    assert "origin:    舟山日报" in out
    assert "publisher: 舟山高新技术产业园区" in out
    assert "zone:      开发区新闻/舟山/文字新闻" in out
    assert "previous:  温州布局中部循环经济产业链" in out
    assert "paragraphs: 5" in out
    assert result.stderr == ""


def test_inspect_saved_list_json() -> None:
    base = "http://www.example.com/kfqxw/zhoushan/wzxw/index_2.html"
    result = run(str(PAGES / "t1_list.gbk.html"), "--base-url", base, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == "list" and data["how"] == "meta" and data["url"] == base
    assert data["list"]["zone"] == "开发区新闻/舟山/文字新闻"
    assert data["list"]["next_url"] == "http://www.example.com/kfqxw/zhoushan/wzxw/index_3.html"
    assert len(data["list"]["entries"]) == 5
    assert data["list"]["entries"][0]["published"] == "2023-12-28"


def test_inspect_says_where_the_list_and_its_next_page_came_from() -> None:
    lists = PAGES.parent / "lists"
    base = "http://www.kfqw.example.cn/qxdt/index.htm"
    result = run(str(lists / "comment_list.html"), "--base-url", base, "--json")
    assert result.returncode == 0, result.stderr
    why = json.loads(result.stdout)["list"]["explanation"]
    assert why == {
        "next_page": 'link "下一页"',
        "blocks": ["2 × ul.list_ul in div#listbox (10 links)"],
        "skipped": ["1 link outside the list (menus, boxes, other channels)"],
        "revealed": "2 HTML comments the page's script opens",
    }
    base = "http://www.kfq.example.cn/xwzx/gzdt/index.html"
    human = run(str(lists / "trs_createpage.html"), "--base-url", base).stdout
    assert "next page: http://www.kfq.example.cn/xwzx/gzdt/index_1.html" in human
    assert '  from:    createPageHTML(12, 0, "index", "html")' in human
    assert "list:      ul.xxgk_list in div.lm_con (15 links)" in human


def test_inspect_index_shows_channels() -> None:
    result = run(str(PAGES / "t1_index.gbk.html"), "--base-url", "http://www.example.com/kfqxw/")
    assert result.returncode == 0, result.stderr
    assert "kind:      index" in result.stdout
    assert "channels:  5" in result.stdout
    assert "开发区新闻/江苏/苏州工业园区/文字新闻  http://www.example.com/kfqxw/suzhou/wzxw/" in (
        result.stdout
    )


def test_inspect_file_without_base_url_resolves_against_the_file() -> None:
    result = run(str(PAGES / "t2_list.utf8.html"), "--json")
    data = json.loads(result.stdout)
    assert data["list"]["entries"][0]["url"] == (PAGES / "a" / "1003.html").as_uri()


def test_inspect_url_charset_in_header_only(server: str) -> None:
    result = run(f"{server}/broken.html", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["encoding"], data["how"]) == ("gb18030", "header")
    assert data["article"]["title"] == "张喆调研舟山港综保区 & 自贸区建设"
    assert data["article"]["published"] == "2023-12-29T09:15:00+08:00"


def test_inspect_url_meta_only(server: str) -> None:
    result = run(f"{server}/a/8821.html")
    assert result.returncode == 0, result.stderr
    assert f"url:       {server}/a/8821.html" in result.stdout
    assert "next:      永乐店邀专家解读十八大精神" in result.stdout


def test_inspect_output_is_sanitised(server: str) -> None:
    for extra in ((), ("--json",)):
        result = run(f"{server}/hostile.html", *extra)
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout and "\x9b" not in result.stdout
        assert "\\u001b" not in result.stdout
    assert "title:     标题红" in run(f"{server}/hostile.html").stdout


def test_inspect_kind_override_and_source_selectors(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[[sources]]\nname = "zs"\nurl = "http://www.example.com/kfqxw/"\nzone = "门户"\n'
        '[sources.selectors]\ntitle = "div.info"\n',
        encoding="utf-8",
    )
    result = run(
        str(PAGES / "t1_article.gbk.html"),
        "--config",
        str(config),
        "--source-name",
        "zs",
        "--kind",
        "article",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)["article"]
    assert article["source"] == "zs"
    assert article["zone"] == "门户/开发区新闻/舟山/文字新闻"
    assert article["title"].startswith("发布时间:2023-12-28")  # the selector replaced the heuristic


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("/no/such/file.html",), "cannot read /no/such/file.html"),
        (("--source-name", "nope", str(PAGES / "t1_list.gbk.html")), "no source named 'nope'"),
    ],
)
def test_inspect_errors_are_one_line_exit_2(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr


def test_inspect_http_errors(server: str, tmp_path: Path) -> None:
    result = run(f"{server}/missing.html")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "404" in result.stderr
    garbage = tmp_path / "garbage.html"
    garbage.write_bytes(bytes(range(256)) * 8)
    result = run(str(garbage))
    assert result.returncode == 2 and "cannot decode" in result.stderr
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><h1>只有标题</h1></body></html>", encoding="utf-8")
    result = run(str(empty), "--kind", "article")
    assert result.returncode == 2 and "no article body" in result.stderr


GOV_PAGE = (
    '<html><head><meta charset="utf-8"><title>开发区召开重点项目建设推进会_某某市人民政府</title>'
    '<meta name="ArticleTitle" content="开发区召开重点项目建设推进会">'
    '<meta name="PubDate" content="2023-11-17 09:30"></head><body>'
    '<ul class="menu"><li><a href="/">网站首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul>'
    '<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/xwzx/">新闻中心</a></div>'
    '<div class="article"><h1>开发区召开重点项目建设推进会</h1>'
    '<div class="info">发布日期：2023-11-17 来源：开发区党政办</div>'
    '<div class="TRS_Editor"><p>11月16日，开发区召开重点项目建设推进会，总结前三季度工作。</p>'
    "<p>会议要求，各部门要倒排工期、挂图作战，确保全年目标任务圆满完成。</p></div>"
    "<p>【打印本页】【关闭窗口】</p></div>"
    + "".join(f'<li><a href="/x/{i}.html">园区企业第{i}季度产值稳步增长</a> 2023-11-0{i}</li>'
              for i in range(1, 9))
    + "</body></html>"
)  # fmt: skip


def test_inspect_json_says_why_and_where_from(tmp_path: Path) -> None:
    saved = tmp_path / "t20231117_1.html"
    saved.write_text(GOV_PAGE, encoding="utf-8")
    url = "http://www.example.gov.cn/xwzx/202311/t20231117_1.html"
    result = run(str(saved), "--base-url", url, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == "article"
    assert "a headline and a dated meta line" in data["kind_reason"]
    signals = data["signals"]
    assert signals["headline"] == "开发区召开重点项目建设推进会"
    assert signals["dated_meta_line"].startswith("发布日期：2023-11-17")
    assert signals["body_chars"] > 40 and signals["list_entries"] == 8
    sources = data["sources"]
    assert sources["title"]["how"] == "meta" and "ArticleTitle" in sources["title"]["detail"]
    assert sources["published"] == {
        "how": "label",
        "detail": '发布日期： with the time from <meta name="PubDate">',
        "text": "发布日期：2023-11-17 来源：开发区党政办",
    }
    assert data["article"]["published"] == "2023-11-17T09:30:00+08:00"
    assert sources["origin"]["how"] == "label" and data["article"]["origin"] == "开发区党政办"
    assert sources["body"]["how"] == "density"
    assert sources["body_selector"] == "div.TRS_Editor"
    assert sources["zone"]["how"] == "breadcrumb"
    assert data["article"]["paragraphs"][-1].startswith("会议要求")


def test_inspect_human_output_shows_the_reasons(tmp_path: Path) -> None:
    saved = tmp_path / "a.html"
    saved.write_text(GOV_PAGE, encoding="utf-8")
    result = run(str(saved), "--base-url", "http://www.example.gov.cn/a.html")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "kind:      article: a headline and a dated meta line" in out
    assert "read from:" in out
    assert '  title:     meta, <meta name="ArticleTitle">, shown as <h1>' in out
    assert "  selector:  div.TRS_Editor" in out


def test_the_worked_example_of_docs_portals(tmp_path: Path) -> None:
    """docs/portals.md: the heuristics misread the page; three selectors fix it."""
    page = str(PAGES / "portal_example.html")
    base = "http://www.gxq.example.cn/xwdt/yqyw/202401/t20240118_1234.html"
    before = run(page, "--base-url", base)
    assert before.returncode == 0, before.stderr
    assert "title:     园区简介" in before.stdout
    assert "  body:      density, a run of lines inside body" in before.stdout
    config = tmp_path / "config.toml"
    config.write_text(
        '[[sources]]\nname = "gxq"\nurl = "http://www.gxq.example.cn/xwdt/yqyw/"\n'
        'zone = "江苏/某某高新区"\n\n[sources.selectors]\ntitle = "div.newstit"\n'
        'meta = "div.sj"\nbody = "div.nr"\n',
        encoding="utf-8",
    )
    after = run(page, "--base-url", base, "--config", str(config), "--source-name", "gxq")
    assert after.returncode == 0, after.stderr
    out = after.stdout
    assert "title:     高新区举办2024年度重点项目集中签约活动" in out
    assert "zone:      江苏/某某高新区/新闻动态/园区要闻" in out
    assert "paragraphs: 2 (82 characters)" in out
    assert "  published: selector, div.sj — 2024-01-18 浏览：326" in out
    assert "  body:      selector, div.nr" in out


def test_a_malformed_config_does_not_stop_inspecting_a_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The config only gives inspect its limits: when it is malformed, that is said in one
    line and the defaults apply; ``--source`` needs the config and fails on it."""
    config = tmp_path / "bad.toml"
    config.write_text("[sync\nparse_timeout = 5\n", encoding="utf-8")
    monkeypatch.setenv("ZONEREADER_CONFIG", str(config))
    done = run(str(PAGES / "t1_article.gbk.html"), "--base-url", ARTICLE_URL)
    assert done.returncode == 0, done.stderr
    assert "bad.toml" in done.stderr and "inspecting with the default limits" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "title" in done.stdout
    done = run(str(PAGES / "t1_article.gbk.html"), "--source", "sample")
    assert done.returncode == 2 and "bad.toml" in done.stderr
