"""The sample portal's loopback HTTP server: :class:`SamplePortal` pages over the demo core.

Everything but the routing (keep-alive, counts, conditional GET, the fault plan, stopping) is
:class:`~zonereader.demo.serving.DemoServer`'s; this module says which page a path is and what
it answers. A page family of its own (another template of the portal) gets a branch in
:meth:`PortalServer.respond` and, for the counts, in :meth:`PortalServer.page_kind`.
"""

from __future__ import annotations

import json
from typing import Any

from zonereader.demo.faults import FaultPlan
from zonereader.demo.portal import INDEX_PATH, OTHER_PATH, SamplePortal
from zonereader.demo.serving import DemoServer, Response
from zonereader.demo.sites import TemplateSites

__all__ = ["PAGE_KINDS", "PortalServer"]

#: The page kinds the portal server counts.
PAGE_KINDS = ("index", "list", "article", "other")
#: Where a portal server says what it is (see :meth:`PortalServer.control`).
IDENTITY_PATH = "/_control/portal"


class PortalServer(DemoServer):
    """Serve a :class:`SamplePortal` on loopback in a background thread.

    Args:
        portal: the site to serve.
        host: the address to bind (loopback by default).
        port: the port; 0 picks a free one.
        faults: rules for misbehaving; settable later through ``.faults``.
        sites: the template sites to serve beside the portal, under ``/sites/`` (None: the
            portal alone).

    Use as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    PAGE_KINDS = PAGE_KINDS

    def __init__(
        self,
        portal: SamplePortal,
        host: str = "127.0.0.1",
        port: int = 0,
        faults: FaultPlan | None = None,
        sites: TemplateSites | None = None,
    ) -> None:
        """Serve ``portal`` (bound by :meth:`start`), and ``sites`` beside it if given."""
        super().__init__(host, port, faults)
        self.portal = portal
        self.sites = sites

    # -------------------------------------------------------------- routing

    def page_kind(self, path: str) -> str:
        """'index', 'list', 'article' or 'other'."""
        if self.sites is not None and path.startswith(TemplateSites.PREFIX):
            return self.sites.page_kind(path)
        return self.portal.page_kind(path)

    def respond(self, path: str, query: str, *, loop_pagination: bool = False) -> Response:
        """The portal's page at ``path`` (its query string plays no part), or a template
        site's page under ``/sites/``."""
        if self.sites is not None and path.startswith(TemplateSites.PREFIX):
            return self.sites.respond(path, query)
        return self.portal.render(path, loop_pagination=loop_pagination)

    def control(self, method: str, path: str) -> Response | None:
        """``GET /_control/portal``: who is serving here (the seed and size of the site), so a
        second ``zonereader demo`` can tell its own sample portal from another program."""
        if method == "GET" and path == IDENTITY_PATH:
            body = json.dumps(
                {"site": "zonereader sample portal", "seed": self.portal.seed,
                 "articles": self.portal.articles}
            ).encode()  # fmt: skip
            return 200, {"Content-Type": "application/json"}, body
        return None

    # -------------------------------------------------------------- addresses

    @property
    def url(self) -> str:
        """The section index: the start URL to give ``zonereader source add``."""
        return self.base_url + INDEX_PATH

    @property
    def other_url(self) -> str:
        """The second template's channel list (a start URL of its own)."""
        return self.base_url + OTHER_PATH

    def site_urls(self) -> dict[str, list[str]]:
        """The start URLs of each template site served here, by site name (none: no sites)."""
        if self.sites is None:
            return {}
        return {
            name: [self.url_for(path) for path in site.start_paths()]
            for name, site in self.sites.sites.items()
        }

    def manifest(self, *, bodies: bool = True) -> dict[str, Any]:
        """The portal's ground truth with this server's URLs."""
        return self.portal.manifest(self.base_url, bodies=bodies)

    # -------------------------------------------------------------- growth

    def set_articles(self, articles: int) -> None:
        """Grow (or shrink) the site while serving."""
        self.portal.set_articles(articles)
