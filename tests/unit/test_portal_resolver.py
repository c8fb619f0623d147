"""The list reader's link resolver gives exactly what ``canonical_url(href, page)`` gives.

It joins plain paths to the page's origin or directory as strings (a list page of 20,000 links
no longer pays ``urljoin`` and ``urlsplit`` for each) and leaves every other spelling to
:func:`~zonereader.text.urls.canonical_url`; this pins that the two never differ.
"""

from __future__ import annotations

import pytest

from zonereader.sources.portal.addresses import Resolver
from zonereader.text.urls import canonical_url

BASES = [
    "http://www.kfq.example.cn/xwzx/gzdt/index.html",
    "https://h.example.cn/a/b/",
    "http://h.example.cn",
    "http://H.example.cn:80/x/y.html?q=1/2",
    "https://h.example.cn/a/b.html?x=1",
    "file:///tmp/saved/list.html",
    "http://127.0.0.1:8000/h/list.html",
    "http://[::1]:8000/h/list.html",
]
HREFS = [
    "/a/b.html", "./202311/t20231117_1.html", "202311/t.html", "../x.html", "./../x",
    "//other.example.cn/a", "?page=2", "#top", "/a b.html", "/a/%e4%b8%ad.html", "/中文.html",
    "mailto:x@y.cn", "javascript:void(0)", "http://X.example.cn/a", "a:b/c", "/a/./b",
    "/a/../b", "./", ".", "..", "/", "a?b=1&c=2", "a?", "/x\\y", "show.asp?id=3",
    "./a/b?x=..", "/a;b=c/d", "http", "./?a=1", "~user/x", "a/b/", "/a//b", " /a.html ",
    "/a.html#p2", "/a\t/b.html", "./././c.html",
]  # fmt: skip


@pytest.mark.parametrize("base", BASES)
def test_the_resolver_agrees_with_canonical_url(base: str) -> None:
    resolve = Resolver(base)
    for _ in range(2):  # the second time from its memory
        for href in HREFS:
            assert resolve(href) == canonical_url(href, base), href
