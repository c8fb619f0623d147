"""What a fetch gives back: a usable response (:class:`FetchResult`) or why there is none
(:class:`FetchError`, :class:`DeadlineReached`).

Plain types with no HTTP client behind them: the walks, the full-text step and the picture
fetcher handle them without loading httpx; :mod:`zonereader.sync.http` makes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from zonereader.models import Validators
from zonereader.text.sanitize import clean_line


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A successful response (2xx) or a 304 Not Modified.

    Attributes:
        url: the final URL, after redirects.
        status: the HTTP status of the final response.
        headers: response headers, names lower-cased.
        body: the body bytes (empty for a 304), content-encoding undone, never charset-decoded.
        validators: ETag/Last-Modified to send next time (for a 304: the ones that matched).
        permanent_url: where the leading chain of permanent redirects (301/308) ended, when the
            requested URL was permanently moved; None otherwise.
    """

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    validators: Validators
    permanent_url: str | None = None

    @property
    def not_modified(self) -> bool:
        """True when the server answered 304: what we have is current."""
        return self.status == 304

    @property
    def content_type(self) -> str | None:
        """The Content-Type header, if any."""
        return self.headers.get("content-type")


class FetchError(Exception):
    """A request that did not give a usable response, after any retries.

    ``str()`` is one line: the URL and the reason. ``status`` holds the HTTP status when the
    server answered (e.g. 404, 410, or the last 503), else None.
    """

    def __init__(self, url: str, reason: str, *, status: int | None = None) -> None:
        super().__init__(url, reason)
        self.url = url
        self.reason = clean_line(reason, 200)
        self.status = status

    def __str__(self) -> str:
        return f"{clean_line(self.url, 300)}: {self.reason}"


class DeadlineReached(FetchError):
    """The caller's deadline (a run's or a source's time limit) came before the response did.

    Not a failure of the URL: the walk leaves it for the next sync.
    """

    def __init__(self, url: str) -> None:
        super().__init__(url, "the time limit came before it was fetched")
