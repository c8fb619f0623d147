"""The sample portal generator, rendered without sockets: determinism, growth, quirks, truth."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from urllib.parse import urljoin, urlsplit

import pytest

from zonereader.demo import INDEX_PATH, OTHER_PATH, OTHER_ZONE, SamplePortal
from zonereader.demo.serving import is_not_modified

BASE = "http://127.0.0.1:8123"


def all_paths(portal: SamplePortal) -> list[str]:
    """Every page of the site: index, second template, every list page, every article."""
    paths = [INDEX_PATH, OTHER_PATH, "/"]
    for channel in portal.channels():
        paths += [
            portal.list_path(channel.zone, p) for p in range(1, portal.page_count(channel.zone) + 1)
        ]
    paths += [portal.article_path(n) for n in range(portal.articles)]
    return paths


def decode(headers: dict[str, str], body: bytes) -> str:
    """Decode a page the way its declarations say (strictly)."""
    match = re.search(r"charset=([\w-]+)", headers["Content-Type"]) or re.search(
        rb"charset=\"?([\w-]+)", body[:1024]
    )
    assert match, "page declares no charset anywhere"
    name = match.group(1)
    name = name.decode() if isinstance(name, bytes) else name
    return body.decode({"gb2312": "gb18030", "gbk": "gb18030"}.get(name.lower(), name))


def page_text(fragment: str) -> list[str]:
    """Text lines of an HTML fragment: scripts dropped, tags as line breaks, entities decoded."""
    fragment = re.sub(r"(?is)<script.*?</script>", "", fragment)
    text = html.unescape(re.sub(r"<[^>]+>", "\n", fragment))
    return [line.strip().strip("\u3000") for line in text.splitlines() if line.strip()]


def parse_main_article(page: str, url: str) -> dict:
    """What a reader sees on a main-template article page (a deliberately naive parser)."""
    title = html.unescape(re.search(r"<h1>(.*?)</h1>", page).group(1))
    info = html.unescape(
        re.sub(r"<[^>]+>", "", re.search(r'class="info">(.*?)</div>', page).group(1))
    )
    crumbs = page_text(re.search(r'class="position">(.*?)</div>', page).group(1))
    body = re.search(r'(?s)<div id="content" class="content">(.*?)</div>', page).group(1)
    links = {
        label: urljoin(url, html.unescape(href))
        for label, href in re.findall(r'<li>(上一条|下一条):<a href="([^"]+)"', page)
    }
    return {
        "title": title,
        "info": info,
        "zone": "/".join(c for c in crumbs if c not in ("您现在的位置:", "首页", ">")),
        "paragraphs": page_text(body),
        "prev": links.get("上一条"),
        "next": links.get("下一条"),
    }


def test_same_seed_same_bytes_and_another_seed_differs() -> None:
    one, two = SamplePortal(200, seed=7), SamplePortal(200, seed=7)
    paths = all_paths(one)
    assert paths == all_paths(two)
    for path in paths:
        assert one.render(path) == two.render(path), path
    assert json.dumps(one.manifest(BASE)) == json.dumps(two.manifest(BASE))
    other = SamplePortal(200, seed=8)
    assert other.render(INDEX_PATH)[2] == one.render(INDEX_PATH)[2]  # the index is the same tree
    assert [other.article(n).title for n in range(20)] != [one.article(n).title for n in range(20)]


def test_growth_keeps_older_article_pages_byte_identical() -> None:
    small, big = SamplePortal(150, seed=3), SamplePortal(230, seed=3)
    newest_of_channel = {
        small.numbers(c.zone)[0] for c in small.channels() if small.numbers(c.zone)
    }
    newest_of_channel.add(small.numbers(OTHER_ZONE)[0])
    changed = []
    for number in range(150):
        path = small.article_path(number)
        assert path == big.article_path(number)
        before, after = small.render(path)[2], big.render(path)[2]
        if before != after:
            changed.append(number)
            # the only difference: the 下一条/下一篇 link to the newer neighbour appeared
            if small.article(number).channel is None:
                old, new = before.decode("utf-8"), after.decode("utf-8")
                assert "下一篇：没有了" in old and "下一篇：<a" in new
                assert re.sub(r"下一篇：<a [^\n]*</li>", "下一篇：没有了</li>", new) == old
            else:
                old, new = before.decode("gbk"), after.decode("gbk")
                new = re.sub(r"<li>下一条:<a [^\n]*</li>", "", new)
                assert re.sub(r"\n+</ul>", "</ul>", new) == re.sub(r"\n+</ul>", "</ul>", old)
    assert changed, "growth should link the previous newest articles to their new neighbours"
    assert set(changed) <= newest_of_channel
    # the newer articles come first on the lists, the older ones follow in the same order
    zone = "开发区新闻/浙江/舟山/文字新闻"
    added = sorted(set(big.numbers(zone)) - set(small.numbers(zone)), reverse=True)
    assert added and big.numbers(zone)[: len(added)] == added
    assert big.numbers(zone)[len(added) :] == small.numbers(zone)


def test_growing_in_place_equals_a_fresh_bigger_portal() -> None:
    portal = SamplePortal(100, seed=5)
    for path in all_paths(portal):
        portal.render(path)  # fill the caches at the small size
    portal.set_articles(180)
    fresh = SamplePortal(180, seed=5)
    for path in all_paths(fresh):
        assert portal.render(path) == fresh.render(path), path


def test_dates_increase_with_the_article_number_and_ignore_the_size() -> None:
    small, big = SamplePortal(50, seed=2), SamplePortal(500, seed=2)
    dates = [big.article(n).published for n in range(500)]
    assert dates == sorted(dates)
    assert [small.article(n) for n in range(50)] == [big.article(n) for n in range(50)]


def test_lists_are_paginated_newest_first_with_next_links() -> None:
    portal = SamplePortal(300, seed=1)
    zone = "开发区新闻/浙江/舟山/文字新闻"
    pages = portal.page_count(zone)
    assert pages >= 3
    seen: list[str] = []
    for page in range(1, pages + 1):
        path = portal.list_path(zone, page)
        status, headers, body = portal.render(path)
        assert status == 200
        text = decode(headers, body)
        hrefs = re.findall(r'<LI><span>[\d-]+</span><a href="([^"]+)"', text)
        assert len(hrefs) == (20 if page < pages else len(portal.numbers(zone)) - 20 * (pages - 1))
        seen += [urlsplit(urljoin(BASE + path, h)).path for h in hrefs]
        nxt = re.search(r'<a href="([^"]+)">下一页</a>', text)
        if page < pages:
            assert urlsplit(urljoin(BASE + path, nxt.group(1))).path == portal.list_path(
                zone, page + 1
            )
        else:
            assert nxt is None and "<span>下一页</span>" in text
        assert f"页次 {page}/{pages}" in text
    assert seen == [portal.article_path(n) for n in portal.numbers(zone)]
    assert portal.render(portal.list_path(zone, pages + 1))[0] == 404


def test_index_links_every_channel_and_not_the_second_template() -> None:
    portal = SamplePortal(50, seed=1)
    _status, headers, body = portal.render(INDEX_PATH)
    text = decode(headers, body)
    hrefs = {
        urlsplit(urljoin(BASE + INDEX_PATH, h)).path
        for h in re.findall(r'<a href="([^"#]+)" title=', text)
    }
    assert hrefs == {portal.list_path(c.zone) for c in portal.channels()}
    assert "/other/" not in text
    assert "您现在的位置:" in text and "开发区新闻" in text
    depths = Counter(len(c.zone.split("/")) for c in portal.channels())
    assert depths[4] > 0 and depths[3] > 0  # province/city and municipality zones


def test_main_pages_are_gbk_declared_in_meta_or_in_the_header() -> None:
    portal = SamplePortal(120, seed=1)
    where = Counter()
    for path in all_paths(portal):
        _status, headers, body = portal.render(path)
        if path == "/" or path.startswith("/other/"):
            assert headers["Content-Type"] == "text/html; charset=utf-8"
            body.decode("utf-8")
            continue
        body.decode("gbk")  # strict
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")
        in_header = "charset" in headers["Content-Type"]
        in_meta = re.search(rb"<meta[^>]*charset", body, re.I) is not None
        assert in_header != in_meta, path
        where["header" if in_header else "meta"] += 1
    assert where["header"] > 10 and where["meta"] > 10


def test_quirks_entities_relative_links_sloppy_markup_chrome() -> None:
    portal = SamplePortal(120, seed=1)
    pages = [decode(*portal.render(portal.article_path(n))[1:]) for n in range(120)]
    main = [p for p in pages if "您现在的位置" in p]
    joined = "".join(main)
    assert "&ldquo;" in joined and "&#8220;" in joined and "&amp;" in joined and "&gt;" in joined
    assert "<P>\u3000\u3000" in joined  # unclosed, uppercase paragraphs
    assert "<br>\n<br>\n\u3000\u3000" in joined  # paragraphs split by <br>
    assert 'href="http' not in re.sub(r'href="http://www\.example\.\w+/"', "", joined)
    for page in main:
        assert "版权所有" in page and "与我们联系" in page and "Copyright &copy;" in page
        assert 'class="ad"' in page


def test_manifest_matches_the_main_article_pages() -> None:
    portal = SamplePortal(150, seed=4)
    manifest = portal.manifest(BASE)
    assert manifest["count"] == 150 and len(manifest["articles"]) == 150
    assert manifest["start_urls"] == {"index": BASE + INDEX_PATH, "other": BASE + OTHER_PATH}
    mains = [a for a in manifest["articles"] if a["template"] == "main"]
    assert len(mains) > 100
    for entry in mains:
        status, headers, body = portal.render(urlsplit(entry["url"]).path)
        assert status == 200
        seen = parse_main_article(decode(headers, body), entry["url"])
        assert seen["title"] == entry["title"]
        assert seen["info"] == (
            f"发布时间:{entry['published']}\xa0\xa0来源:{entry['origin']}"
            f"\xa0\xa0发布开发区:{entry['publisher']}"
        )
        assert seen["zone"] == entry["zone"]
        assert seen["paragraphs"] == entry["paragraphs"]
        assert (seen["prev"], seen["next"]) == (entry["prev"], entry["next"])
        length = sum(len(p) for p in entry["paragraphs"])
        assert 800 <= length <= 2200
        assert entry["zone"].startswith("开发区新闻/")


def test_second_template_channel_and_articles() -> None:
    portal = SamplePortal(200, seed=1)
    manifest = portal.manifest(BASE)
    others = [a for a in manifest["articles"] if a["template"] == "other"]
    assert others and all(a["zone"] == OTHER_ZONE and a["has_time"] for a in others)
    _status, headers, body = portal.render(OTHER_PATH)
    listing = body.decode("utf-8")
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    rows = re.findall(
        r'<a href="([^"]+)" target="_blank">(.*?)</a></td><td class="d">\[([\d-]+)\]', listing
    )
    assert [urljoin(BASE + OTHER_PATH, href) for href, _, _ in rows] == [
        a["url"] for a in reversed(others)
    ]
    assert [html.unescape(t) for _, t, _ in rows] == [a["title"] for a in reversed(others)]
    assert "下一页" not in listing and "当前位置：" in listing
    first, last = others[0], others[-1]
    for entry in others:
        page = portal.render(urlsplit(entry["url"]).path)[2].decode("utf-8")
        day = entry["datetime"]
        assert f"日期：{day[:4]}年{day[5:7]}月{day[8:10]}日 {day[11:16]}" in page
        assert f"信息来源：{html.escape(entry['origin'], quote=False)}" in page
        assert '当前位置：<a href="/other/">首页</a> &gt; <a href="news.html">园区动态</a>' in page
        body_html = re.search(r'(?s)<div class="detail-content">(.*?)</div>', page).group(1)
        assert page_text(body_html) == entry["paragraphs"]
    assert "上一篇：没有了" in portal.render(urlsplit(first["url"]).path)[2].decode()
    assert "下一篇：没有了" in portal.render(urlsplit(last["url"]).path)[2].decode()


def test_unknown_pages_are_404_and_articles_appear_when_the_site_grows() -> None:
    portal = SamplePortal(10, seed=1)
    future = SamplePortal(20, seed=1).article_path(15)
    assert portal.render(future)[0] == 404
    assert portal.render("/kfq/nowhere/index.html")[0] == 404
    assert portal.render("/kfq/zj/zhoushan/wzxw/202001/t20200101_999999.html")[0] == 404
    portal.set_articles(20)
    assert portal.render(future)[0] == 200
    assert portal.render("/robots.txt")[0] == 200


def test_validators_and_conditional_logic() -> None:
    portal = SamplePortal(60, seed=1)
    for path in (
        INDEX_PATH,
        OTHER_PATH,
        portal.list_path("开发区新闻/浙江/舟山/文字新闻"),
        portal.article_path(3),
    ):
        _, headers, _ = portal.render(path)
        etag, modified = headers["ETag"], headers["Last-Modified"]
        assert is_not_modified(headers, etag, None)
        assert is_not_modified(headers, f'"nope", W/{etag}', None)
        assert not is_not_modified(headers, '"nope"', None)
        assert is_not_modified(headers, None, modified)
        assert not is_not_modified(headers, None, "Mon, 01 Jan 2001 00:00:00 GMT")
        assert not is_not_modified(headers, '"nope"', modified)  # If-None-Match wins
        assert not is_not_modified(headers, None, None)


def test_list_validators_change_when_the_channel_grows() -> None:
    portal = SamplePortal(60, seed=1)
    zone = "开发区新闻/浙江/舟山/文字新闻"
    before = portal.render(portal.list_path(zone))[1]
    portal.set_articles(90)
    after = portal.render(portal.list_path(zone))[1]
    assert before["ETag"] != after["ETag"]
    assert not is_not_modified(after, None, before["Last-Modified"])


def test_warm_renders_every_page() -> None:
    portal = SamplePortal(40, seed=1)
    assert portal.warm() >= 40 + len(portal.channels())
