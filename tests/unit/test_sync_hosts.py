"""Which hosts a portal may fetch from, and which addresses a run may connect to."""

from __future__ import annotations

import pytest

from zonereader.config import SourceConfig
from zonereader.sync.hosts import HostRule, address_kind, refusal, source_hosts


def test_a_portal_fetches_from_its_hosts_and_its_allow_hosts() -> None:
    source = SourceConfig(
        name="p",
        url="http://www.kfq.example.cn/news/",
        extra_urls=("http://other.example.cn:8080/list.html",),
        allow_hosts=("img.example.cn", "*.cdn.example.net"),
    )
    rule = source_hosts(source)
    for url in (
        "http://www.kfq.example.cn/a/1.html",
        "https://kfq.example.cn/a/2.html",  # with or without www.
        "http://OTHER.example.cn/x",  # ports and case do not matter
        "http://img.example.cn/1.jpg",
        "http://cdn.example.net/1.jpg",
        "http://a.b.cdn.example.net/1.jpg",
    ):
        assert rule.allows(url), url
    for url in (
        "http://localhost:8080/",
        "http://127.0.0.1/",
        "http://evil.example.cn/",
        "http://example.cn.evil.test/",
        "http://[::1/",  # malformed: never allowed, never an exception
        "javascript:alert(1)",
    ):
        assert not rule.allows(url), url


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("0.0.0.0", "unspecified"),
        ("100.64.0.1", "non-public"),
        ("8.8.8.8", None),
        ("2606:4700::1111", None),
    ],
)
def test_address_kinds(address: str, kind: str | None) -> None:
    assert address_kind(address) == kind


def test_only_configured_hosts_may_be_on_non_public_addresses() -> None:
    trusted = HostRule(["127.0.0.1", "intranet.example.cn"])
    assert refusal("127.0.0.1", "127.0.0.1", trusted) is None
    assert refusal("intranet.example.cn", "10.0.0.5", trusted) is None
    assert refusal("example.cn", "93.184.216.34", trusted) is None
    reason = refusal("localhost", "127.0.0.1", trusted)
    assert reason is not None
    assert "localhost is at 127.0.0.1, a loopback address" in reason
