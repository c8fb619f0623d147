"""Which URL identifies each entry of a feed, so that no entry is lost and none changes identity.

An article's identity is a URL. For most entries it is the entry's link, made canonical (which
drops a ``#fragment``); without a link, or when the link is only the feed's home page, the entry's
id. Real feeds break the rule that links are unique: an old blog's feed gives its entries the
address of a monthly archive page with a fragment per entry (``2004/06.html#a12``), or points
several notices at one page. Those entries are different items, so:

- entries whose plain identity (the rule above) is unique in the feed keep it — every article an
  earlier version of zonereader stored for them keeps its identity;
- entries that share a plain identity but differ in what names them (their link with its
  fragment, their id, or — with no id — their content) each get their own: the link with its
  fragment, else the id (as a URL when it is one, else a stable URL under the feed's), else the
  shared link with a fingerprint of the entry's title, date and body (``…#zr-3f2a…``);
- entries the feed repeats (same link and same id, or same link and same content without an id)
  are one item: the first (top-most) wins;
- an entry with neither link nor id is named by its fingerprint under the feed's URL.

Identities stay put as the feed changes: an identity a previous parse gave (``previous``: the
identities it returned, with each entry's digest) is given again to the entry that still matches
it, first by digest (unchanged entry), then by claim (an edited entry), so that a feed growing at
its top, or rolling its oldest entries off, never swaps identities between entries. One case
cannot be told apart: an entry with no id, sharing its link with others, whose title or body is
edited looks like a new entry (its name came from its content), and is stored as one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from zonereader.text.urls import canonical_url

#: Hex digits of an entry's fingerprint in an identity (64 bits: no collision within a feed).
FINGERPRINT_DIGITS = 16
#: Characters a fragment keeps in an identity as they are (others are percent-encoded).
_FRAGMENT_SAFE = "!$&'()*+,;=:@/?-._~%"


class EntryFacts:
    """What names one feed entry, before it gets an identity.

    Attributes:
        link: the entry's link, absolute (http or https) with its fragment, or ``""``.
        entry_id: the entry's id (``guid``, Atom ``id``, JSON ``id``), stripped, or ``""``.
        digest: the digest of the entry's raw fields (equal across parses while the entry is
            unchanged).
        content: the entry's title, date and body, whose digest (:attr:`fingerprint`) tells
            apart entries nothing else does; only worked out for entries that share a link.
    """

    __slots__ = ("_fingerprint", "content", "digest", "entry_id", "link")

    def __init__(
        self,
        link: str,
        entry_id: str,
        digest: str,
        content: tuple[object, ...] = (),
        fingerprint: str | None = None,
    ) -> None:
        """Describe one entry (``fingerprint``, if given, replaces the digest of ``content``)."""
        self.link = link
        self.entry_id = entry_id
        self.digest = digest
        self.content = content
        self._fingerprint = fingerprint

    @property
    def fingerprint(self) -> str:
        """A short digest of :attr:`content`, worked out on first use."""
        if self._fingerprint is None:
            self._fingerprint = fingerprint(*self.content)
        return self._fingerprint


@dataclass(frozen=True, slots=True)
class Identities:
    """The identity of each entry (None: a repeat of an earlier entry) and the shared plain
    identities that were split."""

    urls: list[str | None]
    split: dict[str, list[str]]
    """Plain identity → identities its entries now have, in feed order (for caches written
    while they shared one)."""


def fingerprint(*parts: object) -> str:
    """A short stable digest of an entry's content (title, date, body...)."""
    text = "\x1f".join("" if part is None else repr(part) for part in parts)
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    return digest[:FINGERPRINT_DIGITS]


def assign_identities(
    entries: list[EntryFacts],
    feed_url: str,
    home: set[str],
    previous: Mapping[str, str] | None = None,
) -> Identities:
    """Give every entry of a feed its identity (see the module docstring).

    Args:
        entries: the feed's entries, in feed order.
        feed_url: the feed's URL (after redirects).
        home: addresses that do not identify an entry (the feed's own URL, its site's home).
        previous: identities a previous parse of this feed gave, each with its entry's digest.

    Returns:
        One identity per entry (None for a repeated entry) and the plain identities split.
    """
    before = previous or {}
    plains = [_plain(entry, feed_url, home) for entry in entries]
    groups: dict[str | None, list[int]] = {}  # entries with neither link nor id share None
    for index, plain in enumerate(plains):
        groups.setdefault(plain, []).append(index)
    urls: list[str | None] = [None] * len(entries)
    used: set[str] = set()
    split: dict[str, list[str]] = {}
    pending: list[tuple[str | None, list[int]]] = []
    for plain, members in groups.items():
        firsts = _distinct(entries, members)
        if plain is not None and len(firsts) == 1 and plain not in used:
            kept = _kept_plain(entries[firsts[0]], plain, feed_url, home, before)
            urls[firsts[0]] = kept
            used.add(kept)
        else:
            pending.append((plain, firsts))
    for plain, firsts in pending:
        chosen = _choose(entries, firsts, feed_url, home, before, used)
        for index, url in chosen.items():
            urls[index] = url
        if plain is not None and len(firsts) > 1:
            split[plain] = [chosen[index] for index in firsts]
    return Identities(urls, split)


def _plain(entry: EntryFacts, feed_url: str, home: set[str]) -> str | None:
    """The identity an entry gets when it is the only one to claim it: its link without the
    fragment, else its id (as a URL, or a stable URL under the feed's)."""
    link = canonical_url(entry.link) if entry.link else ""
    if link and (link not in home or not entry.entry_id):
        return link
    if not entry.entry_id:
        return None
    return _id_url(entry.entry_id, feed_url, home) or _synthetic(feed_url, entry.entry_id)


def _distinct(entries: list[EntryFacts], members: list[int]) -> list[int]:
    """The first entry of each distinct item among ``members`` (repeats dropped)."""
    if len(members) == 1:
        return members
    seen: set[tuple[str, str]] = set()
    firsts: list[int] = []
    for index in members:
        entry = entries[index]
        key = (entry.link, entry.entry_id or "\x00" + entry.fingerprint)
        if key not in seen:
            seen.add(key)
            firsts.append(index)
    return firsts


def _kept_plain(
    entry: EntryFacts, plain: str, feed_url: str, home: set[str], before: Mapping[str, str]
) -> str:
    """The plain identity, unless a previous parse named this entry otherwise (its link was
    shared then and is not now): that name is kept."""
    if plain in before or not before:
        return plain
    for candidate in _candidates(entry, feed_url, home):
        if candidate in before:
            return candidate
    return plain


def _candidates(entry: EntryFacts, feed_url: str, home: set[str]) -> list[str]:
    """The identities an entry may take when its plain one is shared, best first."""
    out: list[str] = []
    if entry.link:
        out.append(link_identity(entry.link))
    if entry.entry_id:
        as_url = _id_url(entry.entry_id, feed_url, home, keep_fragment=True)
        if as_url:
            out.append(as_url)
        out.append(_synthetic(feed_url, entry.entry_id))
    if entry.link:
        out.append(f"{canonical_url(entry.link)}#zr-{entry.fingerprint}")
    else:
        out.append(_synthetic(feed_url, entry.fingerprint, key="zonereader-item"))
    return list(dict.fromkeys(out))


def _choose(
    entries: list[EntryFacts],
    firsts: list[int],
    feed_url: str,
    home: set[str],
    before: Mapping[str, str],
    used: set[str],
) -> dict[int, str]:
    """Identities for the distinct items of a shared plain identity: previous ones first (by
    unchanged digest, then by claim), then each item's best free candidate."""
    candidates = {index: _candidates(entries[index], feed_url, home) for index in firsts}
    chosen: dict[int, str] = {}

    def take(index: int, url: str) -> None:
        chosen[index] = url
        used.add(url)

    for index in firsts:  # unchanged entries keep what they had
        for url in candidates[index]:
            if before.get(url) == entries[index].digest and url not in used:
                take(index, url)
                break
    for index in firsts:  # edited entries keep what they had, if nobody took it
        if index not in chosen:
            for url in candidates[index]:
                if url in before and url not in used:
                    take(index, url)
                    break
    for index in firsts:
        if index not in chosen:
            free = next((url for url in candidates[index] if url not in used), None)
            if free is None:  # every name taken (a feed naming two items alike): number it
                free = f"{candidates[index][-1]}-{len(used)}"
            take(index, free)
    return chosen


def link_identity(link: str) -> str:
    """``link`` made canonical, with its fragment (if any) kept: the identity a feed entry
    gets when its link is not unique in its feed without the fragment (looking an article up
    by URL tries it before the plain canonical URL).

    Raises:
        ValueError: ``link`` is not a URL the parser accepts (``http://[::1``).
    """
    fragment = urlsplit(link).fragment
    base = canonical_url(link)
    return f"{base}#{quote(fragment, safe=_FRAGMENT_SAFE)}" if fragment else base


def _id_url(entry_id: str, feed_url: str, home: set[str], *, keep_fragment: bool = False) -> str:
    """The id as an identity when it is an http(s) URL that is not the feed's home."""
    if not entry_id.lower().startswith(("http://", "https://")):
        return ""
    try:
        url = link_identity(entry_id) if keep_fragment else canonical_url(entry_id, feed_url)
    except ValueError:
        return ""
    if not url.startswith(("http://", "https://")) or canonical_url(url) in home:
        return ""
    return url


def _synthetic(feed_url: str, value: str, key: str = "zonereader-entry") -> str:
    """A stable URL under the feed's for an entry named by ``value`` (an id, a fingerprint)."""
    separator = "&" if "?" in feed_url else "?"
    return canonical_url(f"{feed_url}{separator}{key}={quote(value, safe='')}")
