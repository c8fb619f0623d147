"""``zonereader inspect``: show what the portal extractor gets from one page.

This is how a user checks a new portal before adding it, and how extraction is checked against
saved pages: it reads a local file or fetches a URL, decodes it with the charset rules, tells
what kind of page it is and why (the signals it saw), and prints the extracted fields with where
each one came from (a ``<meta>`` tag, a labelled line, the headline element, the ``<title>``,
the element holding the body...), or one JSON object with ``--json``. The provenance is what a
user needs to write a selector override when the heuristics miss (see docs/portals.md). Every
piece of page text printed went through the sanitiser.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zonereader.cli.common import (
    EXIT_PARTIAL,
    CommandError,
    Context,
    Subparsers,
    add_common_options,
    warn,
)
from zonereader.config import Config, SyncSettings
from zonereader.models import Article, ListPage, PortalSelectors
from zonereader.text.sanitize import clean_line
from zonereader.text.urls import canonical_url

if TYPE_CHECKING:  # the portal extractor loads selectolax: only an inspection needs it
    from zonereader.sources.portal.explain import ArticleProvenance

#: How many paragraphs the human output prints in full before summarising the rest.
_SHOWN_PARAGRAPHS = 6


def register(subparsers: Subparsers) -> None:
    """Add ``zonereader inspect`` to ``subparsers``."""
    parser = subparsers.add_parser(
        "inspect",
        help="show what the extractor gets from one page (a URL or a saved file)",
        description=(
            "Fetch a URL or read a saved HTML file, decode it, tell whether it is an article, a "
            "list page or a section index and why, and print what the extractor finds: title, "
            "date, origin, publishing zone, zone path, paragraphs and the site's previous/next "
            "links for an article, each with where it came from (a <meta> tag, a labelled line, "
            "the headline element, the <title>, the element holding the body); links with dates, "
            "the next page and channels for a list or index. Use what it says to write selector "
            "overrides for a portal the heuristics miss (docs/portals.md)."
        ),
    )
    add_common_options(parser)
    parser.add_argument("target", metavar="URL_OR_FILE", help="an http(s) URL or a file path")
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="the URL a saved file came from, to resolve its links (default: the file's URL)",
    )
    parser.add_argument(
        "--source-name",
        metavar="NAME",
        help="use this configured source's zone prefix and selector overrides",
    )
    parser.add_argument(
        "--kind",
        choices=("auto", "article", "list"),
        default="auto",
        help="read the page as this kind instead of guessing (default: auto)",
    )
    parser.add_argument(
        "--charset",
        metavar="NAME",
        help="treat the page as declared in this charset (as a Content-Type header would)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=run_inspect)


def run_inspect(args: argparse.Namespace, ctx: Context) -> int:
    """Inspect one page and print the result; return the exit code.

    The page is fetched and parsed within a sync's bounds (``[sync]`` timeouts, body cap and
    ``parse_timeout``).

    Raises:
        CommandError: the page cannot be read, fetched, decoded or extracted (exit code 2), or
            took longer than ``parse_timeout`` to parse (exit code 1).
    """
    config = _config_for_inspect(ctx, needed=bool(args.source_name))
    source_name = "inspect"
    zone_prefix = ""
    selectors: PortalSelectors | None = None
    if args.source_name:
        source = config.source(args.source_name)
        if source is None:
            raise CommandError(f"no source named {clean_line(args.source_name)!r} in the config")
        source_name, zone_prefix = source.name, source.zone
        selectors = None if source.selectors.is_empty() else source.selectors

    # Imported here: the parse helpers' machinery is loaded only by the commands that parse.
    from zonereader.sync.command_jobs import InspectedPage, InspectJob
    from zonereader.sync.parsing import ParseTimedOut, run_with_time_limit

    body, content_type, url = _read(args.target, args.base_url, config.sync)
    if args.charset:
        content_type = f"text/html; charset={args.charset}"
    job = InspectJob(body, content_type, url, args.kind, source_name, zone_prefix, selectors)
    try:
        # Parsed as a sync parses a page: in a helper stopped at [sync] parse_timeout unless
        # the page is cheap whatever it holds.
        found = run_with_time_limit(job, config.sync.parse_timeout)
    except ParseTimedOut as exc:
        raise CommandError(
            f"{_show_url(url)}: {exc} ([sync] parse_timeout); not inspected", EXIT_PARTIAL
        ) from exc
    if isinstance(found, str):
        raise CommandError(f"{_show_url(url)}: {clean_line(found)}")
    assert isinstance(found, InspectedPage)

    result: dict[str, Any] = {
        "url": canonical_url(url),
        "kind": args.kind,
        "kind_reason": f"--kind {args.kind}",
        "encoding": found.encoding,
        "how": found.how,
        "repaired": found.repaired,
        "bytes": len(body),
    }
    if found.signals is not None:
        result["kind"] = found.signals.kind
        result["kind_reason"] = found.signals.reason
        result["signals"] = {
            key: value
            for key, value in asdict(found.signals).items()
            if key not in ("kind", "reason")
        }
    if found.reading is not None:
        result["article"] = _article_dict(found.reading.article)
        result["sources"] = _provenance_dict(found.reading.provenance)
    else:
        assert found.listing is not None
        result["list"] = _list_dict(found.listing)

    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_human(result))
    return 0


def _config_for_inspect(ctx: Context, *, needed: bool) -> Config:
    """The config, for its limits (and the source ``--source`` names).

    Without ``--source`` a malformed config does not stop an inspection: it is said in one
    line and the default limits apply.
    """
    if needed:
        return ctx.load_config()
    try:
        return ctx.load_config()
    except CommandError as exc:
        warn(f"{exc}; inspecting with the default limits")
        return Config()


def _read(
    target: str, base_url: str | None, settings: SyncSettings
) -> tuple[bytes, str | None, str]:
    """Return the page bytes, its Content-Type (None for a file) and the URL to resolve against.

    A URL is fetched as a sync fetches one (``settings``: timeouts, the body cap after every
    content coding); a file is held to the same body cap.
    """
    if target.lower().startswith(("http://", "https://")):
        from zonereader.sync.fetched import FetchError
        from zonereader.sync.http import fetch_once

        try:
            body, content_type, final_url = fetch_once(target, settings)
        except FetchError as exc:
            raise CommandError(clean_line(str(exc))) from exc
        return body, content_type, base_url or final_url
    path = Path(target).expanduser()
    cap = settings.max_body_bytes
    try:
        with path.open("rb") as file:
            body = file.read(cap + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise CommandError(f"cannot read {clean_line(str(path))}: {reason}") from exc
    if len(body) > cap:
        raise CommandError(
            f"{clean_line(str(path))}: the file is over the {cap:,}-byte cap (max_body_bytes)"
        )
    return body, None, base_url or path.resolve().as_uri()


def _show_url(url: str) -> str:
    return clean_line(url)


def _date(value: datetime | None, has_time: bool) -> str | None:
    if value is None:
        return None
    return value.isoformat() if has_time else value.date().isoformat()


def _article_dict(article: Article) -> dict[str, Any]:
    return {
        "title": article.title,
        "published": _date(article.published, article.has_time),
        "has_time": article.has_time,
        "origin": article.origin,
        "publisher": article.publisher,
        "zone": article.zone,
        "source": article.source,
        "paragraphs": article.paragraphs,
        "prev": _site_link(article.prev_link),
        "next": _site_link(article.next_link),
        "links": [{"url": link.url, "text": link.text} for link in article.links],
        "images": [
            {"url": image.url, "caption": image.caption, "paragraph": image.paragraph}
            for image in article.images
        ],
    }


def _provenance_dict(provenance: ArticleProvenance) -> dict[str, Any]:
    """Where each field came from, as ``{field: {how, detail, text}}`` plus the body's element."""
    fields: dict[str, Any] = {
        name: asdict(getattr(provenance, name))
        for name in ("title", "published", "origin", "publisher", "zone", "body")
    }
    fields["body_selector"] = provenance.body_selector
    fields["dropped"] = list(provenance.dropped)
    return fields


def _site_link(link: Any) -> dict[str, str] | None:
    return None if link is None else {"url": link.url, "title": link.title}


def _list_dict(page: ListPage) -> dict[str, Any]:
    return {
        "zone": page.zone,
        "entries": [
            {"url": e.url, "title": e.title, "published": _date(e.published, False)}
            for e in page.entries
        ],
        "next_url": page.next_url,
        "channels": [{"url": c.url, "zone": c.zone} for c in page.channels],
        "explanation": {
            "next_page": page.explanation.next_page,
            "blocks": list(page.explanation.blocks),
            "skipped": list(page.explanation.skipped),
            "revealed": page.explanation.revealed,
        },
    }


def _format_sources(sources: dict[str, Any]) -> list[str]:
    """The "read from" block of the human output: one line per field, then the body element."""
    from zonereader.sources.portal.explain import FieldSource

    out = ["read from:"]
    for name in ("title", "published", "origin", "publisher", "zone", "body"):
        source = FieldSource(**sources[name])
        out.append(f"  {name + ':':<11}{clean_line(source.describe())}")
    if sources["body_selector"]:
        selector = clean_line(sources["body_selector"])
        out.append(f"  {'selector:':<11}{selector} (a [sources.selectors] body = … pins it)")
    return out


def format_human(result: dict[str, Any]) -> str:
    """Render an inspection result (as built for ``--json``) as readable lines of text."""
    out: list[str] = []

    def line(label: str, value: object) -> None:
        out.append(f"{label + ':':<11}{clean_line(str(value)) if value not in (None, '') else '-'}")

    line("url", result["url"])
    line("kind", f"{result['kind']}: {result['kind_reason']}")
    repaired = result.get("repaired", 0)
    how = result["how"] + (f", {repaired} broken sequences replaced" if repaired else "")
    line("encoding", f"{result['encoding']} ({how}), {result['bytes']} bytes")
    if "article" in result:
        art = result["article"]
        line("title", art["title"])
        when = art["published"]
        line("published", f"{when}{'' if art['has_time'] else ' (date only)'}" if when else None)
        line("origin", art["origin"])
        line("publisher", art["publisher"])
        line("zone", art["zone"])
        for key, label in (("prev", "previous"), ("next", "next")):
            link = art[key]
            line(label, f"{link['title']}  <{link['url']}>" if link else None)
        paragraphs = art["paragraphs"]
        chars = sum(len(p) for p in paragraphs)
        out.append(f"paragraphs: {len(paragraphs)} ({chars} characters)")
        for paragraph in paragraphs[:_SHOWN_PARAGRAPHS]:
            out.append(f"  {clean_line(paragraph)}")
        if len(paragraphs) > _SHOWN_PARAGRAPHS:
            out.append(f"  … {len(paragraphs) - _SHOWN_PARAGRAPHS} more (--json shows all)")
        if art["links"]:
            out.append(f"links:     {len(art['links'])}")
            for link in art["links"]:
                text = f"{clean_line(link['text'])}  " if link["text"] else ""
                out.append(f"  {text}<{clean_line(link['url'])}>")
        if art["images"]:
            out.append(f"images:    {len(art['images'])}")
            for image in art["images"]:
                caption = f"{clean_line(image['caption'])}  " if image["caption"] else ""
                place = f"after paragraph {image['paragraph']}" if image["paragraph"] else "on top"
                out.append(f"  {caption}<{clean_line(image['url'])}> ({place})")
        if "sources" in result:
            out.extend(_format_sources(result["sources"]))
    else:
        page = result["list"]
        line("zone", page["zone"])
        out.append(f"entries:   {len(page['entries'])}")
        for entry in page["entries"]:
            date = entry["published"] or "----------"
            out.append(f"  {date}  {clean_line(entry['title'])}")
            out.append(f"  {'':10}  {clean_line(entry['url'])}")
        line("next page", page["next_url"])
        why = page["explanation"]
        if page["next_url"]:
            line("  from", why["next_page"])
        for block in why["blocks"]:
            line("list", block)
        for skipped in why["skipped"]:
            line("skipped", skipped)
        if why["revealed"]:
            line("revealed", why["revealed"])
        if page["channels"]:
            out.append(f"channels:  {len(page['channels'])}")
            for channel in page["channels"]:
                out.append(f"  {clean_line(channel['zone'])}  {clean_line(channel['url'])}")
    return "\n".join(out) + "\n"
