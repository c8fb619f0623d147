"""The sample portal server on loopback: keep-alive, 304s, stats, growth, portal-only faults.

Every fault mode is tested against both demo servers in test_demo_fault_modes.py; what is
left here is what only the portal has (list pages, several rules on one site).

Every check uses a plain client (http.client), never zonereader's own HTTP code.
"""

from __future__ import annotations

import http.client
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from support.portal import PortalFactory
from zonereader.demo import FaultPlan, PortalServer

ZHOUSHAN = "开发区新闻/浙江/舟山/文字新闻"


def connect(server: PortalServer, timeout: float = 5.0) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)


def get(
    server: PortalServer, path: str, headers: dict[str, str] | None = None
) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = connect(server)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def test_serves_the_site_over_keep_alive(sample_portal: PortalServer) -> None:
    manifest = sample_portal.manifest(bodies=False)
    conn = connect(sample_portal)
    paths = [sample_portal.url, sample_portal.other_url] + [
        a["url"] for a in manifest["articles"][:30]
    ]
    sock = None
    for url in paths:
        conn.request("GET", urlsplit(url).path)
        response = conn.getresponse()
        assert response.status == 200
        assert int(response.headers["Content-Length"]) == len(response.read())
        assert response.headers["ETag"] and response.headers["Last-Modified"]
        if sock is None:
            sock = conn.sock
        assert conn.sock is sock  # one connection for every request
    conn.close()
    stats = sample_portal.stats
    assert stats == {
        "index": 1,
        "list": 1,
        "article": 30,
        "other": 0,
        "total": 32,
        "not_modified": 0,
        "connections": 1,
    }
    assert sample_portal.requests_for(sample_portal.url) == 1
    sample_portal.reset_stats()
    assert sample_portal.stats["total"] == 0
    assert sample_portal.url.endswith("/kfq/index.html")
    assert sample_portal.base_url == f"http://127.0.0.1:{sample_portal.port}"


def test_head_and_404(sample_portal: PortalServer) -> None:
    conn = connect(sample_portal)
    conn.request("HEAD", "/kfq/index.html")
    response = conn.getresponse()
    assert response.status == 200 and response.read() == b""
    conn.request("GET", "/no/such/page.html")
    response = conn.getresponse()
    assert response.status == 404 and b"404" in response.read()
    conn.close()
    assert sample_portal.stats["other"] == 1


@pytest.mark.parametrize("kind", ["list", "article", "index", "other-list"])
def test_conditional_get_answers_304(sample_portal: PortalServer, kind: str) -> None:
    portal = sample_portal.portal
    path = {
        "list": portal.list_path(ZHOUSHAN),
        "article": portal.article_path(7),
        "index": "/kfq/index.html",
        "other-list": "/other/news.html",
    }[kind]
    status, headers, body = get(sample_portal, path)
    assert status == 200 and body
    status, again, body = get(sample_portal, path, {"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b"" and again["ETag"] == headers["ETag"]
    status, _, body = get(sample_portal, path, {"If-Modified-Since": headers["Last-Modified"]})
    assert status == 304 and body == b""
    status, _, _ = get(sample_portal, path, {"If-None-Match": '"stale"'})
    assert status == 200
    assert sample_portal.stats["not_modified"] == 2


def test_growth_while_serving_changes_lists_and_adds_articles(
    portal_factory: PortalFactory,
) -> None:
    server = portal_factory(articles=80, seed=2)
    first_page = server.portal.list_path(ZHOUSHAN)
    _, headers, before = get(server, first_page)
    newcomer = server.portal.manifest("", bodies=False)["articles"][-1]["url"]
    server.set_articles(120)
    status, _, after = get(server, first_page, {"If-None-Match": headers["ETag"]})
    assert status == 200 and after != before
    assert len(server.manifest(bodies=False)["articles"]) == 120
    added = server.manifest(bodies=False)["articles"][100]["url"]
    assert get(server, urlsplit(added).path)[0] == 200
    assert get(server, newcomer)[0] == 200


def test_stop_closes_open_keep_alive_connections(portal_factory: PortalFactory) -> None:
    server = portal_factory(articles=10)
    conn = connect(server, timeout=5)
    conn.request("GET", "/kfq/index.html")
    conn.getresponse().read()
    server.stop()
    with pytest.raises((ConnectionError, http.client.HTTPException, OSError)):
        conn.request("GET", "/kfq/index.html")
        conn.getresponse().read()
    conn.close()


# --------------------------------------------------------------------------- faults


def test_status_faults_apply_n_times_then_behave(portal_factory: PortalFactory) -> None:
    faults = FaultPlan()
    server = portal_factory(articles=30, faults=faults)
    article = server.portal.article_path(5)
    faults.status(article, 500, times=2)
    faults.status("/kfq/index.html", 503, times=1)
    faults.status(server.portal.article_path(6), 410)
    faults.status(server.portal.article_path(7), 404)
    assert [get(server, article)[0] for _ in range(3)] == [500, 500, 200]
    assert [get(server, "/kfq/index.html")[0] for _ in range(2)] == [503, 200]
    assert [get(server, server.portal.article_path(6))[0] for _ in range(3)] == [410] * 3
    assert get(server, server.portal.article_path(7))[0] == 404
    assert faults.applied() == 7


def test_pagination_loop(portal_factory: PortalFactory) -> None:
    server = portal_factory(articles=300)
    portal = server.portal
    assert portal.page_count(ZHOUSHAN) >= 4
    third = portal.list_path(ZHOUSHAN, 3)
    server.faults = FaultPlan().pagination_loop(third)
    _, _, body = get(server, third)
    href = re.search(rb'<a href="([^"]+)">\xcf\xc2\xd2\xbb\xd2\xb3</a>', body).group(1).decode()
    assert urlsplit(urljoin(server.base_url + third, href)).path == portal.list_path(ZHOUSHAN, 1)
    second = get(server, portal.list_path(ZHOUSHAN, 2))[2].decode("gbk")
    assert 'href="index_2.html">下一页' in second  # other pages are untouched


def test_faults_can_be_swapped_while_serving(sample_portal: PortalServer) -> None:
    sample_portal.faults = FaultPlan().status("/*", 503)
    assert get(sample_portal, "/kfq/index.html")[0] == 503
    sample_portal.faults = None
    assert get(sample_portal, "/kfq/index.html")[0] == 200


def test_fixtures_agree(sample_portal: PortalServer, portal_manifest: dict[str, Any]) -> None:
    assert portal_manifest["count"] == 120
    assert portal_manifest["start_urls"]["index"] == sample_portal.url
    assert all(
        a["url"].startswith(sample_portal.base_url + "/") for a in portal_manifest["articles"]
    )
