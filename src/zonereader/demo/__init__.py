"""The sample portal: a deterministic development-zone news site and its loopback server.

Used by ``zonereader demo``, the tests and the benchmarks. It imports only the standard library
and ``zonereader.models`` (never sync, store, ui or cli)::

    from zonereader.demo import FaultPlan, PortalServer, SamplePortal

    portal = SamplePortal(articles=500, seed=1)
    with PortalServer(portal, faults=FaultPlan().status("/kfq/index.html", 503, times=1)) as srv:
        print(srv.url)            # give this to `zonereader source add`
        truth = srv.manifest()    # what a sync should end up with
        srv.set_articles(600)     # the site grows while serving
        print(srv.stats)          # requests by page kind
"""

from zonereader.demo.faults import Fault, FaultKind, FaultPlan
from zonereader.demo.portal import INDEX_PATH, OTHER_PATH, PortalArticle, SamplePortal
from zonereader.demo.regions import OTHER_ZONE, SECTION
from zonereader.demo.server import PortalServer

__all__ = [
    "INDEX_PATH",
    "OTHER_PATH",
    "OTHER_ZONE",
    "SECTION",
    "Fault",
    "FaultKind",
    "FaultPlan",
    "PortalArticle",
    "PortalServer",
    "SamplePortal",
]
