"""Decoding and parsing pages and feeds for a walk, in helper processes when the work is big.

Decoding and HTML extraction are pure Python work that holds the GIL: about as much CPU per
article as the HTTP client itself. On a machine with more than one core, a run that has many
articles to parse hands them to helper processes (``python -m zonereader.sync.parse_worker``)
so the event loop keeps the connections busy while another core parses. Small runs (a few new
articles: the usual incremental sync) parse in-process and never pay the helpers' start-up.

Helpers are also what bounds the time a page may take. Only a page that is cheap whatever it
holds (:func:`zonereader.text.html_limits.cheap_to_parse`: 64 KiB and 4,000 tags at most, a
fraction of a second in the worst case) is parsed in-process; any bigger page or feed goes to a
helper (one is started for it if none runs, on any machine), which is killed if the page takes
longer than its time limit (``[sync] parse_timeout`` for list and article pages): that page
fails with a one-line reason and the walk goes on.

The helpers are plain child processes talking over their stdin/stdout (length-prefixed
pickles): no ``multiprocessing``, so nothing forks the threaded caller (the TUI syncs from a
worker thread) and nothing re-imports the caller's main module. A helper exits when its stdin
closes, so it never outlives a killed sync. If a helper fails, parsing goes on in-process.
Portal walks and feed walks share this one mechanism (article, list and feed jobs).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import pickle
import sys

from zonereader.models import PortalSelectors
from zonereader.sources.feed import FeedError, ParsedFeed
from zonereader.store.rows import PreparedArticle
from zonereader.sync.parse_jobs import (
    FRAME,
    ArticleJob,
    FeedJob,
    ListJob,
    ParsedListing,
    ParseJob,
    PreparedFeed,
    prepare_article_page,
    run_job,
)
from zonereader.text.html_limits import cheap_to_parse

log = logging.getLogger(__name__)
# A sync logs a helper's troubles to its log file; a command outside a sync (inspect, source
# add) has no log, and says what happened in its own one line: no stray warning on stderr.
log.addHandler(logging.NullHandler())

#: Articles a run must have queued before parsing moves to helper processes.
PARALLEL_THRESHOLD = 200
#: Feeds at least this big are parsed in a helper process (when helpers are running).
FEED_HELPER_BYTES = 32 * 1024
#: Seconds a helper may take over one feed before it is taken for hung: it is killed, the job
#: fails with a one-line reason (never retried in-process, where it could hang the sync) and
#: the helper's other jobs are parsed elsewhere. A 10 MB feed parses in about 10 s here.
JOB_TIMEOUT = 120.0
#: Seconds one list or article page may take in a helper (``[sync] parse_timeout``).
PAGE_TIMEOUT = 30.0
#: Helpers started for pages that need one, per run, before such pages fail instead: a page
#: that kills its helper every time must not make a run spawn processes without end.
MAX_HELPER_STARTS = 8


class ParseFailed(Exception):
    """A page could not be decoded or parsed; ``str()`` is one line."""


class ParseTimedOut(ParseFailed):
    """A page took longer than its parse time limit; its helper process was stopped."""


def helper_count(*, leave_a_core: bool = True) -> int:
    """How many helper processes this machine can use (0: parse in-process).

    A portal walk keeps a core for its own event loop and writer (``leave_a_core``); a feed
    walk, whose main process mostly waits on the store, uses up to two helpers even on two
    cores (measured: 50 feeds × 1,000 items cold, 17.6 s with one helper, 13.9 s with two).
    ``ZONEREADER_PARSE_WORKERS`` overrides it (0 turns helpers off).
    """
    override = os.environ.get("ZONEREADER_PARSE_WORKERS", "").strip()
    if override.isdigit():
        return int(override)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    spare = (cpus or 1) - (1 if leave_a_core else 0)
    return min(2, max(0, spare)) if (cpus or 1) > 1 else 0


class _Helper:
    """One helper process and the replies it owes."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.waiting: dict[int, asyncio.Future[object]] = {}
        self.stuck = False
        self.reader = asyncio.create_task(self._read_replies())

    async def _read_replies(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        try:
            while True:
                header = await stdout.readexactly(FRAME.size)
                (size,) = FRAME.unpack(header)
                number, result = pickle.loads(await stdout.readexactly(size))
                future = self.waiting.pop(number, None)
                if future is not None and not future.done():
                    future.set_result(result)
        except (asyncio.IncompleteReadError, ConnectionError, pickle.UnpicklingError) as exc:
            self._fail_all(f"helper process stopped: {exc!r}")

    def _fail_all(self, reason: str) -> None:
        waiting, self.waiting = self.waiting, {}
        for future in waiting.values():
            if not future.done():
                future.set_exception(_HelperGone(reason))

    async def run(self, number: int, job: ParseJob, timeout: float) -> object:
        stdin = self.process.stdin
        if stdin is None or stdin.is_closing() or self.reader.done():
            raise _HelperGone("helper process is not running")
        future: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        self.waiting[number] = future
        payload = pickle.dumps((number, job), protocol=pickle.HIGHEST_PROTOCOL)
        stdin.write(FRAME.pack(len(payload)) + payload)
        try:
            # The clock runs from here, the wait for the pipe included: a job queued behind
            # one that hangs must not wait out of sight of its time limit.
            async with asyncio.timeout(timeout):
                try:
                    await stdin.drain()
                except (ConnectionError, BrokenPipeError) as exc:
                    self.waiting.pop(number, None)
                    if future.done():  # the reader failed it already: this error is reported
                        future.exception()
                    else:
                        future.cancel()
                    raise _HelperGone(f"helper process stopped: {exc!r}") from None
                return await future
        except TimeoutError:
            # A helper answers in order: the oldest job it owes is the one it is stuck on.
            stuck = not self.stuck and number == min(self.waiting, default=number)
            self.waiting.pop(number, None)
            if stuck:
                self.stuck = True  # the jobs queued behind it are not to blame
                raise _HelperHung(f"parsing took longer than {timeout:g} s; skipped") from None
            raise _HelperGone("helper process stopped answering") from None

    async def kill(self) -> None:
        """Stop the helper at once (hung or broken); the jobs it owes fail with _HelperGone."""
        if self.process.returncode is None:
            self.process.kill()
            await self.process.wait()
        self.reader.cancel()
        self._fail_all("killed: it stopped answering")

    async def close(self) -> None:
        stdin = self.process.stdin
        if stdin is not None and not stdin.is_closing():
            stdin.close()
        try:
            await asyncio.wait_for(self.process.wait(), timeout=5)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
        self.reader.cancel()
        self._fail_all("closed")


class _HelperGone(Exception):
    """A helper process could not take or answer a request."""


class _HelperHung(Exception):
    """A helper process did not answer one job within the job timeout."""


class ArticleParser:
    """Parses pages and feeds for one run: in-process at first, in helpers once the run is big
    or a page is too big to parse without a time limit.

    Call :meth:`expect` with the number of articles queued (or :meth:`parse_feed` with a big
    feed); once a run passes :data:`PARALLEL_THRESHOLD` (and the machine has a spare core)
    parsing moves to helper processes. Always ``await`` :meth:`close` at the end of the run.

    Args:
        helpers: helper processes for parallel parsing (default: :func:`helper_count`); 0
            still starts one when a page needs a time limit.
        job_timeout: seconds one feed may take in a helper.
        page_timeout: seconds one list or article page may take in a helper.
    """

    def __init__(
        self,
        helpers: int | None = None,
        *,
        job_timeout: float = JOB_TIMEOUT,
        page_timeout: float = PAGE_TIMEOUT,
    ) -> None:
        self.wanted = helper_count() if helpers is None else helpers
        self.job_timeout = job_timeout
        self.page_timeout = page_timeout
        self._helpers: list[_Helper] = []
        self._starting: asyncio.Task[None] | None = None
        self._spawn_lock = asyncio.Lock()
        self._started = 0
        self._parallel = False
        """Parallel helpers were started (a big run): small pages go to them too."""
        self._queued = 0
        self._numbers = itertools.count()
        self.timed_out = 0
        """Jobs stopped at their time limit in this run (their helper was killed)."""

    def expect(self, articles: int) -> None:
        """Count ``articles`` more queued for parsing in this run (may start the helpers)."""
        self._queued += articles
        if self.wanted > 0 and self._starting is None and self._queued >= PARALLEL_THRESHOLD:
            self._parallel = True
            self._starting = asyncio.create_task(self._start(self.wanted))

    async def _start(self, count: int) -> None:
        async with self._spawn_lock:
            for _ in range(count):
                if not await self._spawn():
                    return

    async def _spawn(self) -> bool:
        """Start one helper; False when none can be started (or too many were)."""
        if self._started >= MAX_HELPER_STARTS:
            return False
        self._started += 1
        try:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "zonereader.sync.parse_worker",
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
            )
        except OSError as exc:
            log.warning("cannot start a parse helper: %s", exc)
            self._started = MAX_HELPER_STARTS
            return False
        self._helpers.append(_Helper(process))
        return True

    async def _ensure_helper(self) -> bool:
        """Make sure a helper runs (starting one if need be); False if none can."""
        if self._starting is not None and not self._starting.done():
            await self._starting
        if self._helpers:
            return True
        async with self._spawn_lock:
            return bool(self._helpers) or await self._spawn()

    async def parse(
        self,
        body: bytes,
        content_type: str | None,
        url: str,
        *,
        source: str,
        zone_prefix: str,
        selectors: PortalSelectors | None,
        identity: str,
        zone: str,
    ) -> PreparedArticle:
        """Decode and parse one article page and prepare it for the store.

        ``identity`` is the article's canonical URL as its list page gave it, and ``zone``
        the zone it gets if the page names none (see
        :func:`zonereader.sync.parse_jobs.prepare_article_page`).

        Raises:
            ParseFailed: nothing usable came out (one-line reason).
        """
        job = ArticleJob(body, content_type, url, source, zone_prefix, selectors, identity, zone)
        if cheap_to_parse(body):
            # A small page parses here, unless the run is big enough to parse in parallel
            # (a helper kept for big pages would make it wait behind them).
            result = await self._run(job, self.page_timeout) if self._parallel else None
            if result is None:
                result = prepare_article_page(job)
        else:
            result = await self._isolated(job, self.page_timeout)
        if isinstance(result, str):
            raise ParseFailed(result)
        assert isinstance(result, PreparedArticle)
        return result

    async def parse_list(
        self,
        body: bytes,
        content_type: str | None,
        url: str,
        selectors: PortalSelectors | None,
        *,
        may_be_article: bool = False,
    ) -> ParsedListing:
        """Decode and read one list or index page (see
        :func:`zonereader.sync.parse_jobs.prepare_list_page`), never on the event loop.

        Raises:
            ParseFailed: the page cannot be read (one-line reason).
        """
        job = ListJob(body, content_type, url, selectors, may_be_article)
        if cheap_to_parse(body):
            result: object = await asyncio.to_thread(run_job, job)
        else:
            result = await self._isolated(job, self.page_timeout)
        if isinstance(result, str):
            raise ParseFailed(result)
        assert isinstance(result, ParsedListing)
        return result

    async def parse_feed(
        self,
        body: bytes,
        content_type: str | None,
        url: str,
        *,
        source: str,
        zone: str,
        known: dict[str, str],
        previous: dict[str, str] | None = None,
    ) -> PreparedFeed:
        """Parse one feed and prepare its changed entries for the store.

        ``known`` holds the digests of entries to skip when unchanged; ``previous`` the digests
        of the feed's last parse (default: ``known``), whose identities entries keep.

        A feed of :data:`FEED_HELPER_BYTES` or more goes to a helper process (starting the
        helpers if need be) and is given :attr:`job_timeout`; a smaller one is parsed in a
        thread, off the event loop.

        Raises:
            FeedError: the feed cannot be read.
        """
        job = FeedJob(
            body, content_type, url, source, zone, known, known if previous is None else previous
        )
        result: object
        if len(body) >= FEED_HELPER_BYTES:
            self.expect(PARALLEL_THRESHOLD)  # starts the parallel helpers, where there are cores
            result = await self._isolated(job, self.job_timeout)
        else:
            result = await asyncio.to_thread(run_job, job)
        if isinstance(result, BaseException):
            raise result
        if isinstance(result, str):
            raise FeedError(result)
        assert isinstance(result, tuple) and isinstance(result[0], ParsedFeed)
        return result

    async def _isolated(self, job: ParseJob, timeout: float) -> object:
        """Run a job that needs a time limit on a helper, starting one if none runs.

        A helper that dies under the job is replaced once (the job may be what killed it);
        then, or when no helper can start, the job fails with a one-line reason.
        """
        for _attempt in range(2):
            if not await self._ensure_helper():
                return "too big to parse without a time limit, and no parse helper can start"
            result = await self._run(job, timeout)
            if result is not None:
                return result
        return "the parse helper stopped while parsing this page; skipped"

    async def _run(self, job: ParseJob, timeout: float) -> object:
        """Run a job on a helper; None when no helper can take it."""
        if not self._helpers:
            return None
        number = next(self._numbers)
        helper = self._helpers[number % len(self._helpers)]
        try:
            return await helper.run(number, job, timeout)
        except _HelperHung as exc:
            # The job may be what hangs: it fails (a one-line reason, as a parse failure) and
            # is not retried in-process; the helper's other jobs are parsed elsewhere.
            log.warning("parse helper hung: %s", exc)
            self.timed_out += 1
            if helper in self._helpers:
                self._helpers.remove(helper)
                await helper.kill()
            return str(exc)
        except _HelperGone as exc:
            # Every job waiting on a helper that died lands here: drop it only once.
            if helper in self._helpers:
                log.warning("parse helper stopped: %s", exc)
                self._helpers.remove(helper)
                await helper.kill()
            return None

    async def run_limited(self, job: ParseJob, timeout: float) -> object:
        """Run any job on a helper with a time limit (see :func:`run_with_time_limit`).

        Returns the job's answer, or a one-line reason when no helper could answer.

        Raises:
            ParseTimedOut: the job took longer than ``timeout``; its helper was killed.
        """
        stopped = self.timed_out
        result = await self._isolated(job, timeout)
        if self.timed_out > stopped:
            raise ParseTimedOut(f"parsing took longer than {timeout:g} s")
        return result

    async def close(self) -> None:
        """Stop the helper processes, if any were started."""
        if self._starting is not None:
            await self._starting
        helpers, self._helpers = self._helpers, []
        for helper in helpers:
            await helper.close()


def run_with_time_limit(job: ParseJob, timeout: float) -> object:
    """Run one parse job for a command outside a sync (``inspect``, ``source add``), bounded as
    a sync bounds a page: a cheap page in this process, any other in a parse helper that is
    killed after ``timeout`` seconds. Not for use inside a running event loop.

    Returns:
        What :func:`~zonereader.sync.parse_jobs.run_job` gives for ``job``, or a one-line
        reason (a string) when no helper could parse it.

    Raises:
        ParseTimedOut: parsing took longer than ``timeout``.
    """
    if cheap_to_parse(job.body):
        return run_job(job)

    async def run() -> object:
        parser = ArticleParser(helpers=0, page_timeout=timeout)
        try:
            return await parser.run_limited(job, timeout)
        finally:
            await parser.close()

    return asyncio.run(run())
