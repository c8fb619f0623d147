"""Canonical URLs: the identity of an article in the cache.

Two spellings of one page must give one string: the URL is made absolute, the fragment dropped,
the scheme and host lower-cased, the default port dropped, dot segments resolved, and non-ASCII
characters (and lower-case escapes) in the path and query percent-encoded the one same way.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from zonereader.text.sanitize import scrub_surrogates

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Browsers drop ASCII tabs and newlines anywhere in a URL and strip spaces/controls at its ends.
_URL_JUNK = re.compile(r"[\t\n\r]")
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")
# Characters that may stay as they are in a path or query: RFC 3986 reserved and unreserved, plus
# "%" (existing escapes are kept, their hex upper-cased).
_SAFE = "!#$%&'()*+,/:;=?@[]~"
#: An absolute http(s) URL that is canonical as written (most links in feeds and lists): a
#: lower-case ASCII host, a path and optional non-empty query of characters that stay as they
#: are (no escapes, spaces, backslashes or fragment). The port and dot segments are checked
#: apart (see :func:`_is_canonical`).
_CANONICAL = re.compile(
    r"(?P<scheme>https?)://[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::(?P<port>[0-9]+))?"
    r"/[A-Za-z0-9._~!$&'()*+,;=:@/-]*(?:\?[A-Za-z0-9._~!$&'()*+,;=:@/?-]+)?"
)
_DOT_SEGMENT = re.compile(r"/\.\.?(?:[/?]|$)")


def canonical_url(url: str, base: str | None = None) -> str:
    """Return the canonical absolute form of ``url``.

    Args:
        url: A URL as written in a page or typed by a user; may be relative.
        base: The URL of the page it was found on, for a relative ``url``.

    Returns:
        The URL joined to ``base``, with surrounding whitespace, embedded tabs and newlines and
        the fragment removed; scheme and host lower-cased; the default port (80 for http, 443 for
        https) dropped; an empty path made ``/``; ``.``/``..`` segments resolved; and non-ASCII
        characters of path and query percent-encoded as UTF-8. Non-HTTP URLs (``mailto:``,
        ``javascript:``) only lose whitespace and get a lower-case scheme. Never raises: a
        URL the standard parser refuses (a malformed IPv6 host) comes back as written, and
        lone surrogates become ``%EF%BF%BD``.
    """
    # Most URLs a sync meets are canonical already: recognised by one regex, they skip the
    # parsing below (and never push a useful entry out of its cache).
    if _is_canonical(url):
        return url
    return _canonical_url(url, base)


def _is_canonical(url: str) -> bool:
    """True when ``url`` is absolute and already its own canonical form (a property test
    checks this against :func:`_canonical_url`)."""
    match = _CANONICAL.fullmatch(url)
    if match is None:
        return False
    port = match.group("port")
    if port is not None and (port[0] == "0" or int(port) == _DEFAULT_PORTS[match["scheme"]]):
        return False
    return _DOT_SEGMENT.search(url) is None


@functools.lru_cache(maxsize=8192)
def _canonical_url(url: str, base: str | None) -> str:
    """:func:`canonical_url`, the general way."""
    url = _URL_JUNK.sub("", scrub_surrogates(url)).strip(" \x00\x0b\x0c\u3000")
    try:
        if base:
            base = _URL_JUNK.sub("", scrub_surrogates(base)).strip()
            url = urljoin(base, url.replace("\\", "/") if _is_http(base) else url)
        parts = urlsplit(url)
    except ValueError:
        # Not a URL the parser accepts (``http://[::1``): kept as written; fetching it fails
        # for that one link, with a one-line reason.
        return url
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        if not scheme:
            return urlunsplit(("", parts.netloc, parts.path, parts.query, ""))
        return urlunsplit((scheme, parts.netloc, parts.path, parts.query, ""))
    netloc = _netloc(parts.netloc, scheme)
    path = _remove_dot_segments(_quote(parts.path.replace("\\", "/"))) or "/"
    query = _quote(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def same_host(url: str, other: str) -> bool:
    """Return True when the two absolute URLs name the same host (ports and schemes ignored)."""
    try:
        return (urlsplit(url).hostname or "") == (urlsplit(other).hostname or "")
    except ValueError:
        return False


def _is_http(url: str) -> bool:
    return url[:5].lower() == "http:" or url[:6].lower() == "https:"


def _netloc(netloc: str, scheme: str) -> str:
    userinfo, _, hostport = netloc.rpartition("@")
    host, port = hostport, ""
    if hostport.startswith("["):
        end = hostport.find("]")
        if end != -1:
            host, port = hostport[: end + 1], hostport[end + 2 :]
    elif ":" in hostport:
        host, _, port = hostport.rpartition(":")
    host = host.lower().rstrip(".")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            host = quote(host, safe="")
    if port.isdigit() and int(port) == _DEFAULT_PORTS[scheme]:
        port = ""
    result = f"{host}:{port}" if port else host
    return f"{userinfo}@{result}" if userinfo else result


def _quote(text: str) -> str:
    if not text:
        return text
    text = quote(text, safe=_SAFE)
    return _ESCAPE.sub(lambda match: match.group(0).upper(), text)


def _remove_dot_segments(path: str) -> str:
    if "." not in path:
        return path
    out: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                out.append("")
        elif segment == "..":
            if len(out) > 1:
                out.pop()
            if last:
                out.append("")
        else:
            out.append(segment)
    result = "/".join(out)
    if path.startswith("/") and not result.startswith("/"):
        result = "/" + result
    return result
