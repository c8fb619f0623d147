"""OPML subscription lists: read them into sources, write sources out as OPML 2.0.

Pure functions, no I/O. Nested outlines become zone paths: a feed inside the folders
``浙江`` > ``舟山`` titled ``舟山新闻`` goes to the zone ``浙江/舟山/舟山新闻``. An export
puts every feed back under the folders of its zone, with its zone's last part as its text, so
importing an export gives the same sources and zones. Portal sources are exported too, as
``type="link"`` outlines marked with a ``zonereader:kind`` attribute that other readers ignore.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from zonereader.models import SourceKind, join_zone, zone_parts
from zonereader.text.sanitize import clean_line

#: Namespace of the attributes zonereader adds to exported outlines.
ZR_NAMESPACE = "https://zonereader.invalid/opml"
_ZR = f"{{{ZR_NAMESPACE}}}"


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
    _walk(body, [], document)
    return document


def _walk(parent: ET.Element, folders: list[str], document: OpmlDocument) -> None:
    for outline in parent:
        if _local(outline.tag) != "outline":
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
            _walk(outline, [*folders, _zone_part(title)] if title else folders, document)
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
    folders: list[str],
    title: str,
    attrs: dict[str, str],
) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
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
    ``zonereader:kind="portal"``, with their zone prefix in ``zonereader:zone``.
    """
    ET.register_namespace("zonereader", ZR_NAMESPACE)
    root = ET.Element("opml", {"version": "2.0"})
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    folders: dict[tuple[str, ...], ET.Element] = {(): body}

    def folder(path: tuple[str, ...]) -> ET.Element:
        if path not in folders:
            parent = folder(path[:-1])
            folders[path] = ET.SubElement(parent, "outline", {"text": path[-1], "title": path[-1]})
        return folders[path]

    for source in sources:
        if source.kind is SourceKind.FEED:
            parts = zone_parts(source.zone) or [source.title or source.name or "feed"]
            text = parts[-1]
            attrs = {"type": "rss", "text": text, "title": text, "xmlUrl": source.url}
            if source.html_url:
                attrs["htmlUrl"] = source.html_url
            if source.name:
                attrs[_ZR + "name"] = source.name
            ET.SubElement(folder(tuple(parts[:-1])), "outline", attrs)
        else:
            text = source.title or source.name or source.url
            attrs = {"type": "link", "text": text, "title": text, "url": source.url}
            attrs[_ZR + "kind"] = SourceKind.PORTAL.value
            attrs[_ZR + "zone"] = source.zone
            if source.name:
                attrs[_ZR + "name"] = source.name
            ET.SubElement(body, "outline", attrs)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
