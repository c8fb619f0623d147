"""What one walk of one portal source may do, and what it remembers while doing it.

A :class:`PortalScope` is shared by the parts of a portal walk (:mod:`~zonereader.sync.portal_walk`
for channels and list pages, :mod:`~zonereader.sync.portal_articles` for articles): the
source's hosts and the URL check every fetch goes through (redirect targets included), its
parser with the page limits, the articles it must retry or skip, and the counts behind the notes
a run ends with (links to other hosts, links past the per-page caps, a per-run cap reached).
Every fetch of the walk goes through :meth:`PortalScope.fetch`, so the bounds of the source
(its hosts, its time limit) hold for all of them, whatever module makes them.
"""

from __future__ import annotations

from zonereader.config import SourceConfig
from zonereader.models import MAX_ZONE_DEPTH, PortalSelectors, Validators, join_zone
from zonereader.sync.context import WalkContext
from zonereader.sync.fetched import FetchResult
from zonereader.sync.hosts import host_of, source_hosts
from zonereader.sync.parsing import ArticleParser

#: Hosts named in the note about links to other hosts.
NOTE_HOSTS = 3


class PortalScope:
    """The bounds and the bookkeeping of one walk of one portal source.

    Attributes:
        ctx: the run's shared state.
        source: the portal source.
        selectors: the source's selector overrides, or None.
        parser: the walk's parser (pages over the cheap size parse in helpers, time-limited).
        queued: every article URL this run queued (none is fetched twice).
        pending: articles to retry next run (failed, or left by the time limit), with zones.
        gone: articles the site answered 404/410 for (skipped unless ``--full``).
    """

    def __init__(self, ctx: WalkContext, source: SourceConfig) -> None:
        self.ctx = ctx
        self.source = source
        self.selectors: PortalSelectors | None = (
            None if source.selectors.is_empty() else source.selectors
        )
        self.parser = ArticleParser(page_timeout=ctx.config.sync.parse_timeout)
        self.hosts = source_hosts(source)
        self.queued: set[str] = set()
        self.pending: dict[str, str] = {}
        self.gone: set[str] = set()
        self.off_host: dict[str, int] = {}
        """Links to hosts this source may not fetch from, counted by host."""
        self.dropped = 0
        """Links past the per-page caps."""
        self.capped = ""
        """Why this run stopped taking more of the source (a per-run cap), if it did."""
        self.cut_zones = 0
        """Articles whose breadcrumb was deeper than a zone path keeps."""

    # ------------------------------------------------------------------ hosts and fetching

    def check(self, url: str) -> str | None:
        """Why the source may not fetch ``url`` (another host), or None: the URL check of
        every fetch of the walk, redirect targets included."""
        if self.hosts.allows(url):
            return None
        host = host_of(url) or url
        return (
            f"{host} is not one of this source's hosts; add it to the source's allow_hosts "
            "to fetch from it"
        )

    def allowed(self, url: str) -> bool:
        """Whether ``url`` is on a host of this source; other hosts are counted for a note."""
        if self.hosts.allows(url):
            return True
        host = host_of(url) or "(no host)"
        self.off_host[host] = self.off_host.get(host, 0) + 1
        return False

    async def fetch(self, url: str, validators: Validators | None = None) -> FetchResult:
        """Fetch ``url`` for this source: its hosts only, within its time limit.

        Raises:
            zonereader.sync.http.DeadlineReached: the source's time limit came first.
            zonereader.sync.http.FetchError: the request failed (a refused host included).
        """
        return await self.ctx.fetch(self.source, url, validators, check=self.check)

    # ------------------------------------------------------------------ articles

    def fallback_zone(self, zone: str) -> str:
        """The zone of an article listed under ``zone`` whose page names none."""
        return join_zone(self.source.zone, zone) or self.source.name

    def article_failed(self, url: str, zone: str, message: str) -> None:
        """Record an article that failed: reported, and retried by the next run."""
        self.pending[url] = zone
        self.ctx.article_failed(self.source, url, message)

    def leave(self, url: str, zone: str) -> None:
        """Leave an article to the next run (the time limit came): pending, not failed."""
        self.pending[url] = zone
        self.ctx.leave(self.source)

    # ------------------------------------------------------------------ the end

    def notes(self) -> None:
        """Tell, once per run, what was seen and not taken."""
        if self.off_host:
            total = sum(self.off_host.values())
            hosts = sorted(self.off_host, key=lambda h: -self.off_host[h])
            named = ", ".join(hosts[:NOTE_HOSTS]) + (" …" if len(hosts) > NOTE_HOSTS else "")
            self.ctx.note(
                self.source,
                f"{total} link{'s' if total != 1 else ''} to other hosts not followed ({named}); "
                "list a host in the source's allow_hosts to fetch from it",
            )
        if self.dropped:
            self.ctx.note(
                self.source,
                f"{self.dropped} links past the per-page limit not taken (a list page offered "
                "more than any real one does)",
            )
        if self.capped:
            self.ctx.note(self.source, self.capped)
        if self.cut_zones:
            self.ctx.note(
                self.source,
                f"{self.cut_zones} article{'s' if self.cut_zones != 1 else ''} had a breadcrumb "
                f"deeper than {MAX_ZONE_DEPTH} levels: the levels past the "
                f"{MAX_ZONE_DEPTH - 1}th were joined into one zone",
            )

    async def aclose(self) -> None:
        """Stop the walk's parse helpers."""
        await self.parser.close()
