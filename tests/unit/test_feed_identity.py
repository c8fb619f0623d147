"""Feed item identity: entries that share a link are different items, and identities hold."""

from __future__ import annotations

import json

from zonereader.sources.feed import parse_feed
from zonereader.sources.feed_identity import EntryFacts, assign_identities

FEED = "http://blog.example.cn/feed.xml"
HOME = {FEED, "http://blog.example.cn/"}
PAGE = "http://blog.example.cn/2004/06.html"


def facts(link: str = "", entry_id: str = "", fp: str = "f", digest: str = "d") -> EntryFacts:
    return EntryFacts(link=link, entry_id=entry_id, digest=digest, fingerprint=fp)


def test_unique_links_keep_their_plain_identity_fragment_dropped() -> None:
    result = assign_identities(
        [facts(f"{PAGE}#a1"), facts("http://blog.example.cn/x.html")], FEED, HOME
    )
    assert result.urls == [PAGE, "http://blog.example.cn/x.html"]
    assert result.split == {}


def test_links_differing_in_the_fragment_keep_it() -> None:
    result = assign_identities(
        [facts(f"{PAGE}#a1", fp="1"), facts(f"{PAGE}#a2", fp="2")], FEED, HOME
    )
    assert result.urls == [f"{PAGE}#a1", f"{PAGE}#a2"]
    assert result.split == {PAGE: [f"{PAGE}#a1", f"{PAGE}#a2"]}


def test_a_shared_link_is_told_apart_by_id_then_by_content() -> None:
    entries = [
        facts(PAGE, "tag:blog,2004:1", fp="1"),
        facts(PAGE, "tag:blog,2004:2", fp="2"),
        facts(PAGE, fp="3"),
        facts(PAGE, fp="4"),
    ]
    urls = assign_identities(entries, FEED, HOME).urls
    assert urls[0] == PAGE  # the link as written, for the first entry that has it
    assert urls[1] == f"{FEED}?zonereader-entry=tag%3Ablog%2C2004%3A2"
    assert urls[2:] == [f"{PAGE}#zr-3", f"{PAGE}#zr-4"]


def test_repeats_are_one_item() -> None:
    entries = [facts(PAGE, "id-1", fp="1"), facts(PAGE, "id-1", fp="changed"), facts(PAGE, fp="2")]
    entries.append(facts(PAGE, fp="2"))
    urls = assign_identities(entries, FEED, HOME).urls
    assert urls[1] is None and urls[3] is None
    assert urls[0] is not None and urls[2] is not None and urls[0] != urls[2]


def test_entries_with_neither_link_nor_id_are_kept() -> None:
    urls = assign_identities([facts(fp="1"), facts(fp="2"), facts(fp="1")], FEED, HOME).urls
    assert urls == [
        f"{FEED}?zonereader-item=1",
        f"{FEED}?zonereader-item=2",
        None,
    ]


def test_a_new_entry_on_top_does_not_take_an_older_entrys_identity() -> None:
    old = assign_identities([facts(PAGE, fp="old", digest="d-old")], FEED, HOME).urls
    assert old == [PAGE]
    grown = [facts(PAGE, fp="new", digest="d-new"), facts(PAGE, fp="old", digest="d-old")]
    urls = assign_identities(grown, FEED, HOME, previous={PAGE: "d-old"}).urls
    assert urls == [f"{PAGE}#zr-new", PAGE]


def test_an_entry_whose_link_became_unique_keeps_its_fragment() -> None:
    previous = {f"{PAGE}#a1": "d1", f"{PAGE}#a2": "d2"}
    urls = assign_identities([facts(f"{PAGE}#a2", digest="d2")], FEED, HOME, previous).urls
    assert urls == [f"{PAGE}#a2"]


def test_json_feed_items_sharing_a_url_with_their_own_ids() -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "园区快讯",
        "items": [
            {
                "id": "101",
                "url": "https://park.example.cn/news.html",
                "title": "快讯一",
                "content_text": "一",
            },
            {
                "id": "102",
                "url": "https://park.example.cn/news.html",
                "title": "快讯二",
                "content_text": "二",
            },
        ],
    }
    parsed = parse_feed(
        json.dumps(feed, ensure_ascii=False).encode(), None, FEED, source="s", zone="z"
    )
    assert [a.url for a in parsed.entries] == [
        "https://park.example.cn/news.html",
        f"{FEED}?zonereader-entry=102",
    ]


def test_atom_ids_that_are_urls_with_fragments() -> None:
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>日志</title><id>{FEED}</id>
<entry><title>一</title><id>{PAGE}#e1</id><link href="{PAGE}"/>
<updated>2004-06-01T08:00:00+08:00</updated></entry>
<entry><title>二</title><id>{PAGE}#e2</id><link href="{PAGE}"/>
<updated>2004-06-02T08:00:00+08:00</updated></entry>
</feed>"""
    parsed = parse_feed(atom.encode(), None, FEED, source="s", zone="z")
    assert [a.url for a in parsed.entries] == [PAGE, f"{PAGE}#e2"]
    assert parsed.duplicates == 0
