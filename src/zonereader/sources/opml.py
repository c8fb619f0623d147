"""OPML subscription lists: read them into sources, write sources out as OPML 2.0.

Pure functions, no I/O. Nested outlines become zone paths: a feed inside the folders
``浙江`` > ``舟山`` titled ``舟山新闻`` goes to the zone ``浙江/舟山/舟山新闻``. An export
puts every feed back under the folders of its zone, with its zone's last part as its text, so
importing an export gives the same sources and zones. Portal sources are exported too, as
``type="link"`` outlines marked with a ``zonereader:kind`` attribute that other readers ignore.

Both directions walk the outlines with an explicit stack, never recursion: a file nested 100,000
deep is read in bounded time, and its zone paths are cut to
:data:`~zonereader.models.MAX_ZONE_DEPTH` levels (the rest joined into the last, with a note).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from zonereader.models import MAX_ZONE_DEPTH, SourceKind, join_zone, zone_parts
from zonereader.text.sanitize import clean_line

#: Namespace of the attributes zonereader adds to exported outlines.
ZR_NAMESPACE = "https://zonereader.invalid/opml"
_ZR = f"{{{ZR_NAMESPACE}}}"
#: Folder levels kept while walking: a few past the zone depth, so that the levels joined into
#: a cut path's last part still read as such; deeper ones are dropped (the path is cut anyway).
_KEPT_FOLDERS = MAX_ZONE_DEPTH + 8
#: Characters XML 1.0 does not allow, dropped from exported text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class OpmlError(ValueError):
    """The file is not OPML we can read; ``str()`` is one line."""


@dataclass(frozen=True, slots=True)
class OpmlSource:
    """One subscription found in (or to be written to) an OPML file."""

    url: str
    kind: SourceKind
    zone: str
    """For a feed: the zone its entries go to. For a portal: the prefix before breadcrumbs."""
    title: str = ""
    name: str = ""
    """A source name, when the file carries one (zonereader's own exports)."""
    html_url: str = ""


@dataclass(slots=True)
class OpmlDocument:
    """What :func:`parse_opml` found: the subscriptions and the outlines it had to skip."""

    title: str = ""
    sources: list[OpmlSource] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """One line per outline that was not a subscription we can use (and why)."""
    notes: list[str] = field(default_factory=list)
    """Things worth telling about what was imported (a zone path cut to its deepest levels)."""


def parse_opml(data: bytes | str) -> OpmlDocument:
    """Read an OPML 1.0/2.0 document.

    Args:
        data: the file's bytes (its XML declaration names the encoding) or text.

    Returns:
        The subscriptions in document order, each with its zone path, plus skipped outlines.

    Raises:
        OpmlError: the file is not well-formed XML, or has no ``<opml>`` root or ``<body>``.
    """
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        raise OpmlError(f"not well-formed XML at line {line}, column {column}") from None
    if _local(root.tag) != "opml":
        raise OpmlError(f"not an OPML file (the root element is <{_local(root.tag)}>)")
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is None:
        raise OpmlError("not an OPML file (no <body>)")
    head = next((child for child in root if _local(child.tag) == "head"), None)
    title_node = head.find("title") if head is not None else None
    title = clean_line(title_node.text or "") if title_node is not None else ""
    document = OpmlDocument(title=title)
    _walk(body, document)
    return document


def _walk(body: ET.Element, document: OpmlDocument) -> None:
    """Read the outlines under ``body`` in document order, with an explicit stack."""
    stack: list[tuple[Iterator[ET.Element], tuple[str, ...]]] = [(iter(body), ())]
    while stack:
        children, folders = stack[-1]
        outline = next(children, None)
        if outline is None:
            stack.pop()
            continue
        if not isinstance(outline.tag, str) or _local(outline.tag) != "outline":
            continue
        attrs = {_local(key) if not key.startswith(_ZR) else key: value
                 for key, value in outline.attrib.items()}  # fmt: skip
        title = clean_line(attrs.get("text") or attrs.get("title") or "")
        kind_attr = attrs.get(_ZR + "kind", "")
        outline_type = attrs.get("type", "").strip().lower()
        feed_url = (attrs.get("xmlUrl") or attrs.get("xmlurl") or "").strip()
        if kind_attr == SourceKind.PORTAL.value:
            url = (attrs.get("url") or attrs.get("htmlUrl") or "").strip()
            _add(document, url, SourceKind.PORTAL, folders, title, attrs)
        elif feed_url:
            _add(document, feed_url, SourceKind.FEED, folders, title, attrs)
        elif len(outline):
            deeper = folders
            if title and len(folders) < _KEPT_FOLDERS:
                deeper = (*folders, _zone_part(title))
            stack.append((iter(outline), deeper))
        elif outline_type in ("rss", "atom", "feed"):
            label = title or "(untitled)"
            document.skipped.append(f"{label}: a {outline_type} outline with no xmlUrl")
        elif outline_type == "link" or attrs.get("url"):
            document.skipped.append(f"{title or attrs.get('url', '')}: a link, not a feed")
        # An empty folder or a plain text outline holds nothing to import.


def _add(
    document: OpmlDocument,
    url: str,
    kind: SourceKind,
    folders: tuple[str, ...],
    title: str,
    attrs: dict[str, str],
) -> None:
    try:
        parts = urlsplit(url)
        usable = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # a malformed host such as "http://[::1"
        usable = False
    if not usable:
        document.skipped.append(f"{title or '(untitled)'}: not an http(s) URL: {clean_line(url)}")
        return
    explicit = attrs.get(_ZR + "zone")
    if explicit is not None:
        zone = join_zone(explicit)
    elif kind is SourceKind.FEED:
        leaf = _zone_part(title) or (parts.hostname or "feed")
        zone = join_zone(*folders, leaf)
    else:
        zone = join_zone(*folders)
    depth = len(folders) + (1 if kind is SourceKind.FEED and explicit is None else 0)
    if depth > MAX_ZONE_DEPTH:
        document.notes.append(
            f"{title or clean_line(url)}: its folders nest deeper than {MAX_ZONE_DEPTH} levels; "
            f"the levels past the {MAX_ZONE_DEPTH - 1}th are joined into one zone"
        )
    document.sources.append(
        OpmlSource(
            url=url,
            kind=kind,
            zone=zone,
            title=title,
            name=clean_line(attrs.get(_ZR + "name", "")),
            html_url=(attrs.get("htmlUrl") or "").strip(),
        )
    )


def _zone_part(title: str) -> str:
    """One node of a zone path: a ``/`` inside a title would nest zones."""
    return title.replace("/", "／").strip()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def render_opml(sources: list[OpmlSource], title: str = "zonereader subscriptions") -> str:
    """Write ``sources`` as an OPML 2.0 document (UTF-8 text with its declaration).

    Feeds sit under folder outlines made from their zone path, with the zone's last part as their
    text; ``zonereader:name`` keeps each source's name. Portals are ``type="link"`` outlines marked
    ``zonereader:kind="portal"``, with their zone prefix in ``zonereader:zone``. Written with an
    explicit stack (ElementTree's writer recurses once per level).
    """
    children: dict[tuple[str, ...], list[tuple[str, ...] | dict[str, str]]] = {(): []}

    def folder(path: tuple[str, ...]) -> list[tuple[str, ...] | dict[str, str]]:
        for depth in range(1, len(path) + 1):
            prefix = path[:depth]
            if prefix not in children:
                children[prefix] = []
                children[prefix[:-1]].append(prefix)
        return children[path]

    for source in sources:
        if source.kind is SourceKind.FEED:
            parts = zone_parts(source.zone) or [source.title or source.name or "feed"]
            text = parts[-1]
            attrs = {"type": "rss", "text": text, "title": text, "xmlUrl": source.url}
            if source.html_url:
                attrs["htmlUrl"] = source.html_url
            if source.name:
                attrs["zonereader:name"] = source.name
            folder(tuple(parts[:-1])).append(attrs)
        else:
            text = source.title or source.name or source.url
            attrs = {"type": "link", "text": text, "title": text, "url": source.url}
            attrs["zonereader:kind"] = SourceKind.PORTAL.value
            attrs["zonereader:zone"] = source.zone
            if source.name:
                attrs["zonereader:name"] = source.name
            children[()].append(attrs)

    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<opml xmlns:zonereader="{ZR_NAMESPACE}" version="2.0">',
        "  <head>",
        f"    <title>{_xml_text(title)}</title>",
        "  </head>",
    ]
    if not children[()]:
        lines.append("  <body />")
    else:
        lines.append("  <body>")
        stack: list[tuple[Iterator[tuple[str, ...] | dict[str, str]], int]] = [
            (iter(children[()]), 2)
        ]
        while stack:
            items, depth = stack[-1]
            item = next(items, None)
            pad = "  " * depth
            if item is None:
                stack.pop()
                lines.append(f"{pad[:-2]}</outline>" if stack else "  </body>")
                continue
            if isinstance(item, dict):
                lines.append(f"{pad}<outline {_xml_attrs(item)} />")
                continue
            name = {"text": item[-1], "title": item[-1]}
            if not children[item]:
                lines.append(f"{pad}<outline {_xml_attrs(name)} />")
                continue
            lines.append(f"{pad}<outline {_xml_attrs(name)}>")
            stack.append((iter(children[item]), depth + 1))
    lines.append("</opml>")
    return "\n".join(lines) + "\n"


def _xml_text(text: str) -> str:
    text = _NOT_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml_attrs(attrs: dict[str, str]) -> str:
    return " ".join(
        f'{name}="{_xml_text(value).replace(chr(34), "&quot;")}"' for name, value in attrs.items()
    )
