"""Which hosts a sync may fetch from, and which addresses it may connect to.

Two rules, applied at two places:

- **Hosts** (:class:`HostRule`, checked on every URL before it is fetched, redirects included):
  a portal source fetches only from its own hosts (those of its URLs, with or without
  ``www.``) and the hosts its config lists in ``allow_hosts`` (``img.example.cn``, or
  ``*.example.cn`` for a domain and every host under it). Links to other hosts are kept as
  links and not fetched. Feeds may redirect anywhere.
- **Addresses** (:func:`refusal`, checked on the address a connection is actually opened to,
  after DNS, see :mod:`zonereader.sync.transport`): never a loopback, private, link-local or
  other non-public address, unless the host is one the user configured (a source's URL or
  ``allow_hosts``). A link on a public portal to ``http://localhost:8080/`` or to a name that
  resolves to ``10.0.0.5`` is therefore never fetched, while a portal on the office network
  that the user added works as before.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

from zonereader.config import Config, SourceConfig


class HostRule:
    """A set of host names and ``*.domain`` patterns; :meth:`allows` checks a host or URL.

    Host names are compared lower-case, without a trailing dot and without the port.
    """

    def __init__(self, hosts: Iterable[str] = ()) -> None:
        self._exact: set[str] = set()
        self._domains: set[str] = set()
        for host in hosts:
            self.add(host)

    def add(self, host: str) -> None:
        """Allow ``host`` (a name, an IP address, or ``*.`` + a domain)."""
        host = _normal(host)
        if host.startswith("*."):
            self._domains.add(host[2:])
        elif host:
            self._exact.add(host)

    def allows_host(self, host: str) -> bool:
        """Whether ``host`` is in the set (or under one of its domains)."""
        host = _normal(host)
        if not host:
            return False
        if host in self._exact:
            return True
        while "." in host:
            if host in self._domains:
                return True
            host = host.split(".", 1)[1]
        return host in self._domains

    def allows(self, url: str) -> bool:
        """Whether the host of the absolute ``url`` is in the set."""
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            return False
        return self.allows_host(host)

    def describe(self) -> str:
        """The hosts, for a message: ``a.cn, *.b.cn``."""
        names = sorted(self._exact) + sorted(f"*.{d}" for d in self._domains)
        return ", ".join(names)


def _normal(host: str) -> str:
    host = host.strip().lower().rstrip(".")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host


def host_of(url: str) -> str:
    """The lower-case host of ``url`` ('' when it has none or cannot be parsed)."""
    try:
        return _normal(urlsplit(url).hostname or "")
    except ValueError:
        return ""


def source_hosts(source: SourceConfig) -> HostRule:
    """The hosts a portal ``source`` may fetch from: its URLs' hosts (with and without
    ``www.``) and its ``allow_hosts``."""
    rule = HostRule(source.allow_hosts)
    for url in source.urls:
        host = host_of(url)
        if not host:
            continue
        rule.add(host)
        rule.add(host.removeprefix("www.") if host.startswith("www.") else f"www.{host}")
    return rule


def configured_hosts(config: Config) -> HostRule:
    """Every host the user configured (all sources' URLs and ``allow_hosts``): the hosts
    that may be on a loopback or private address."""
    rule = HostRule()
    for source in config.sources:
        for host in source.allow_hosts:
            rule.add(host)
        for url in source.urls:
            rule.add(host_of(url))
    return rule


def refusal(host: str, address: str, trusted: HostRule) -> str | None:
    """Why a connection to ``host`` at ``address`` is refused, or None when it is allowed.

    A public address is always allowed; any other (loopback, private, link-local, shared,
    reserved, multicast, unspecified) only for a host in ``trusted``.
    """
    kind = address_kind(address)
    if kind is None or trusted.allows_host(host):
        return None
    return (
        f"{host} is at {address}, a {kind} address, and only hosts you configured may be "
        "(a source's URL or its allow_hosts); not fetched"
    )


def address_kind(address: str) -> str | None:
    """``"loopback"``, ``"private"``, ``"link-local"``... for a non-public IP address, None for
    a public one (or for something that is not an IP address)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_multicast:
        return "multicast"
    if ip.is_private:
        return "private"
    if not ip.is_global:
        return "non-public"
    return None
