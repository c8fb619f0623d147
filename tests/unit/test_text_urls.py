"""canonical_url: one spelling per page, so articles are unique by URL."""

from __future__ import annotations

import random

import pytest

from zonereader.text.urls import _canonical_url, _is_canonical, canonical_url, same_host


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        ("HTTP://WWW.Example.COM:80/a/b.html#frag", None, "http://www.example.com/a/b.html"),
        ("https://example.com:443", None, "https://example.com/"),
        ("http://example.com:8080/x", None, "http://example.com:8080/x"),
        ("  ../c.html \n", "http://h.cn/a/b/index.html", "http://h.cn/a/c.html"),
        ("./2023/1228/1.html", "http://h.cn/kfq/zs/", "http://h.cn/kfq/zs/2023/1228/1.html"),
        ("/x?id=1#top", "http://h.cn/a/b.html", "http://h.cn/x?id=1"),
        ("?page=2", "http://h.cn/list.asp?page=1", "http://h.cn/list.asp?page=2"),
        ("http://h.cn/a/./b/../c.html", None, "http://h.cn/a/c.html"),
        ("http://h.cn/新闻/列表.html?q=舟山", None,
         "http://h.cn/%E6%96%B0%E9%97%BB/%E5%88%97%E8%A1%A8.html?q=%E8%88%9F%E5%B1%B1"),
        ("http://h.cn/%e6%96%b0", None, "http://h.cn/%E6%96%B0"),
        ("http://h.cn/a b", None, "http://h.cn/a%20b"),
        ("http://h.cn/a\\b.html", None, "http://h.cn/a/b.html"),
        ("ht\ttp://h.cn/x", None, "http://h.cn/x"),
        ("javascript:void(0)", "http://h.cn/", "javascript:void(0)"),
        ("http://[::1]:80/x", None, "http://[::1]/x"),
        ("http://舟山.中国/x", None, f"http://{'舟山.中国'.encode('idna').decode()}/x"),
    ],
)  # fmt: skip
def test_canonical_url(url: str, base: str | None, expected: str) -> None:
    assert canonical_url(url, base) == expected


def test_canonical_url_is_idempotent() -> None:
    for url in ("http://H.cn:80/a/../新闻?x=舟山#f", "https://h.cn/%e4%b8%ad"):
        once = canonical_url(url)
        assert canonical_url(once) == once


def test_same_host() -> None:
    assert same_host("http://h.cn/a", "https://H.cn:8080/b")
    assert not same_host("http://h.cn/a", "http://other.cn/a")


def _random_url(rng: random.Random) -> str:
    """A URL built like real ones, each part sometimes spelled in a way that is not canonical."""

    def some(options: list[str], most: int) -> str:
        return "".join(rng.choice(options) for _ in range(rng.randrange(0, most + 1)))

    # Canonical spellings come up about twice as often as the others.
    scheme = rng.choice(["http://", "https://"] * 3 + ["HTTP://", "ftp://", ""])
    host = rng.choice(["h.cn", "a-b.example.com", "1.2.3.4"] * 3 + ["H.cn", "h.cn.", "舟山.cn", ""])
    port = rng.choice(["", "", "", "", ":8080", ":80", ":443", ":080", ":"])
    segments = ["a", "b.html", ".", "..", "", "b..c", "%2f", "%e8", "舟山", " ", "\\", "~x", "@",
                "(1)", ";p", "a=b", "&", "+", "-", "_", "\t"]  # fmt: skip
    clean = ["a", "b.html", "2023", "x-1_y~", "c.asp"]
    path = some(["/" + rng.choice(segments if rng.random() < 0.2 else clean) for _ in range(4)], 4)
    query = rng.choice(["", "", "", "?id=1", "?id=1&p=2", "?", "?a=/./", "?q=舟山", "?x=%2F", "??"])
    fragment = rng.choice(["", "", "", "#top", "#"])
    return scheme + host + port + path + query + fragment


def test_canonical_urls_are_recognised_exactly() -> None:
    """The shortcut for URLs that are canonical as written agrees with the general rule."""
    rng = random.Random(20261126)
    shortcut = 0
    for _ in range(20000):
        url = _random_url(rng)
        expected = _canonical_url(url, None)
        assert canonical_url(url) == expected, url
        assert canonical_url(url, "http://base.cn/x/") == _canonical_url(url, "http://base.cn/x/")
        if _is_canonical(url):
            assert expected == url, url
            shortcut += 1
    assert shortcut > 1000  # the shortcut was really exercised
