"""Template sites: real-world portal patterns the sample portal's own templates do not show.

Five sites, each under a path prefix of one loopback server (:class:`SitesServer`):

========  ==================  =====================================================================
name      prefix              what it reproduces
========  ==================  =====================================================================
trs       /sites/trs          a TRS-style government site: ``createPageHTML`` pagers, ``<meta>``
                              article tags, ``TRS_Editor`` bodies, disclosure tables on policy
                              documents, articles split over ``…_1.html`` pages (UTF-8)
news      /sites/news         a city news portal: the list inside an HTML comment opened by script,
                              four ``<ul>`` blocks per page, category links, a jqPaginator pager,
                              热帖 boxes, articles split over ``…_2.htm`` pages (GBK)
tables    /sites/old          an old table-layout site: titles in ``<td>``, ``<br>``-separated
                              bodies in a layout cell, a ``共N页`` text pager (GB2312/GBK)
epaper    /sites/epaper       an e-paper: issues of four 版, 下一版 links, 版次 and
                              ``2023年11月17日 星期五`` on article pages, 引题/副题 (UTF-8)
hanweb    /sites/hanweb       a 大汉 (Hanweb) government site: column lists in script datastores
                              paged by ``jpage``, later groups from a data proxy's XML answers
                              (``dataproxy.jsp?page=N``), table layout (UTF-8)
========  ==================  =====================================================================

Each site's pages are generated from a seed; :meth:`SitesServer.manifest` says what a sync of its
start URLs must store. The markup is written for zonereader from what real sites do; no page was
copied.
"""

from __future__ import annotations

from typing import Any

from zonereader.demo.faults import FaultPlan
from zonereader.demo.serving import DemoServer, Response
from zonereader.demo.sites.common import SiteArticle, TemplateSite, not_found
from zonereader.demo.sites.epaper import EpaperSite
from zonereader.demo.sites.hanweb import HanwebSite
from zonereader.demo.sites.newsportal import NewsPortalSite
from zonereader.demo.sites.tables import TableLayoutSite
from zonereader.demo.sites.trs import TrsSite

__all__ = [
    "SITE_CLASSES",
    "SiteArticle",
    "SitesServer",
    "TemplateSite",
    "TemplateSites",
]

#: The template sites, by name, with the size each starts with (articles per channel; issues for
#: the e-paper): enough for several list pages and some multi-page articles each.
SITE_CLASSES: dict[str, tuple[type[TemplateSite], int]] = {
    "trs": (TrsSite, 35),
    "news": (NewsPortalSite, 28),
    "tables": (TableLayoutSite, 45),
    "epaper": (EpaperSite, 2),
    "hanweb": (HanwebSite, 50),
}


class TemplateSites:
    """Every template site, each under its prefix: which site a path belongs to and its page.

    Plain routing with no socket: :class:`SitesServer` serves it alone, and the sample
    portal's server serves it beside the portal (``zonereader demo --serve``).

    Args:
        seed: chooses every title, date and body.
        sizes: the starting size of some sites, by name (articles per channel; issues for the
            e-paper); the others take :data:`SITE_CLASSES`' sizes.
    """

    #: Every site's prefix starts with this.
    PREFIX = "/sites/"

    def __init__(self, seed: int = 1, sizes: dict[str, int] | None = None) -> None:
        """Build the sites."""
        wanted = sizes or {}
        self.sites: dict[str, TemplateSite] = {
            name: cls(seed, wanted.get(name, size)) for name, (cls, size) in SITE_CLASSES.items()
        }

    def site(self, name: str) -> TemplateSite:
        """The template site called ``name``.

        Raises:
            KeyError: there is no such site.
        """
        return self.sites[name]

    def site_for(self, path: str) -> TemplateSite | None:
        """The site ``path`` belongs to, or None."""
        for site in self.sites.values():
            if path == site.prefix or path.startswith(site.prefix + "/"):
                return site
        return None

    def page_kind(self, path: str) -> str:
        """'list', 'article' or 'other'."""
        site = self.site_for(path)
        return site.page_kind(path) if site is not None else "other"

    def respond(self, path: str, query: str) -> Response:
        """The page at ``path`` (for ``query``) of whichever site it belongs to, or a 404."""
        site = self.site_for(path)
        return site.render_query(path, query) if site is not None else not_found(path)


class SitesServer(DemoServer):
    """Serve every template site on loopback, each under its prefix.

    Args:
        seed: chooses every title, date and body.
        sizes: the starting size of some sites, by name (articles per channel; issues for the
            e-paper); the others take :data:`SITE_CLASSES`' sizes.
        host: the address to bind (loopback by default).
        port: the port; 0 picks a free one.
        faults: rules for misbehaving (the demo core's fault modes).
    """

    PAGE_KINDS = ("list", "article", "other")

    def __init__(
        self,
        seed: int = 1,
        sizes: dict[str, int] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        faults: FaultPlan | None = None,
    ) -> None:
        """Build the sites (bound by :meth:`start`)."""
        super().__init__(host, port, faults)
        self.template_sites = TemplateSites(seed, sizes)
        self.sites = self.template_sites.sites

    def site(self, name: str) -> TemplateSite:
        """The template site called ``name``.

        Raises:
            KeyError: there is no such site.
        """
        return self.template_sites.site(name)

    def page_kind(self, path: str) -> str:
        """'list', 'article' or 'other'."""
        return self.template_sites.page_kind(path)

    def respond(self, path: str, query: str, *, loop_pagination: bool = False) -> Response:
        """The page at ``path`` (for ``query``) of whichever site it belongs to."""
        return self.template_sites.respond(path, query)

    def start_urls(self, name: str) -> list[str]:
        """The URLs to give a sync for the site ``name``."""
        return [self.url_for(path) for path in self.site(name).start_paths()]

    def manifest(self, name: str) -> dict[str, Any]:
        """What a sync of site ``name``'s start URLs must store, with this server's URLs."""
        return self.site(name).manifest(self.base_url)
