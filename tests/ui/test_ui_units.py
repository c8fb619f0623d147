"""Unit tests of the app's pure parts: wrapping and truncation, the zone tree model, the keymap,
the status line, sync progress text, and the docs listing every key."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from zonereader.models import SourceKind, UpsertOutcome, ZoneCount
from zonereader.store.errors import CacheBusy, CacheDamaged, CacheReadOnly
from zonereader.ui.keymap import KEY_SPECS, keymap_from_config
from zonereader.ui.lists import spec_for_key
from zonereader.ui.pending import Attempt
from zonereader.ui.position import (
    META_ARTICLE,
    META_INDEX,
    META_LIST,
    META_ROW,
    META_UNREAD_ONLY,
    Position,
    ReturnPoint,
    SavedPosition,
    current_position,
)
from zonereader.ui.saving import Told
from zonereader.ui.syncview import SyncTally
from zonereader.ui.textfmt import (
    NO_LINE_END,
    NO_LINE_START,
    fit_cells,
    format_age,
    truncate_cells,
    wrap_cjk,
)
from zonereader.ui.widgets.status import StatusInfo, status_text
from zonereader.ui.zones import build_zone_tree, find_node, iter_preorder, zones_with_unread

PARAGRAPH = (
    "\u3000\u300012月27日，中共舟山市委八届五次全体（扩大）会议在新城举行。会议听取和讨论了"
    "市委常委会工作报告，审议通过了《关于加快推进 5G 基站建设的决定》，GDP同比增长6.5%。"
    "与会同志一致认为，要坚持“项目为王”，全力以赴抓招商、促投资、稳增长。"
)


@pytest.mark.parametrize("width", [10, 11, 17, 24, 40, 41, 79])
def test_wrap_cjk_fits_keeps_text_and_respects_punctuation(width: int) -> None:
    lines = wrap_cjk(PARAGRAPH, width)
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == PARAGRAPH.replace(" ", "")
    for line in lines[1:]:
        assert line[0] not in NO_LINE_START, (width, line)
    for line in lines[:-1]:
        assert line[-1] not in NO_LINE_END, (width, line)


def test_wrap_cjk_keeps_latin_words_whole_and_splits_overlong_ones() -> None:
    lines = wrap_cjk("开发区 investment promotion 招商 supercalifragilisticexpialidocious", 12)
    assert "investment" in lines and "promotion" in " ".join(lines)
    assert all(cell_len(line) <= 12 for line in lines)
    assert wrap_cjk("", 10) == [""]


def test_truncate_and_fit_by_cell_width() -> None:
    title = "舟山港综合保税区35家企业入选省级“专精特新”名单"
    for width in range(1, 40):
        cut = truncate_cells(title, width)
        assert cell_len(cut) <= width
        assert cell_len(fit_cells(title, width)) == width
    assert truncate_cells(title, 9).endswith("…")
    assert truncate_cells("short", 10) == "short"


def test_format_age() -> None:
    from datetime import datetime, timedelta

    from zonereader.models import CST

    now = datetime(2024, 1, 2, 9, 30, tzinfo=CST)
    assert format_age(now - timedelta(seconds=20), now) == "just now"
    assert format_age(now - timedelta(minutes=5), now) == "5 min ago"
    assert format_age(now - timedelta(hours=3), now) == "3 h ago"
    assert format_age(now - timedelta(days=3), now) == "2023-12-30 09:30"


def test_zone_tree_aggregates_counts_and_crossing_order() -> None:
    counts = [
        ZoneCount("开发区新闻/浙江/舟山/文字新闻", 10, 4),
        ZoneCount("开发区新闻/浙江/舟山/图片新闻", 5, 0),
        ZoneCount("开发区新闻/浙江/宁波/文字新闻", 3, 3),
        ZoneCount("开发区新闻/江苏/苏州/文字新闻", 7, 1),
        ZoneCount("园区动态", 2, 2),
    ]
    root = build_zone_tree(counts)
    assert (root.total, root.unread) == (27, 10)
    zhejiang = find_node(root, "开发区新闻/浙江")
    assert zhejiang is not None and (zhejiang.total, zhejiang.unread) == (18, 7)
    assert zhejiang.direct_total == 0
    paths = [node.path for node in iter_preorder(root)]
    assert paths.index("开发区新闻/浙江") < paths.index("开发区新闻/浙江/舟山/文字新闻")
    ordered = zones_with_unread(root, None, 1)
    assert set(ordered) == {
        "开发区新闻/浙江/舟山/文字新闻",
        "开发区新闻/浙江/宁波/文字新闻",
        "开发区新闻/江苏/苏州/文字新闻",
        "园区动态",
    }
    first = ordered[0]
    after = zones_with_unread(root, first, 1)
    assert after == ordered[1:]
    before = zones_with_unread(root, ordered[-1], -1)
    assert before == list(reversed(ordered[:-1]))
    # a parent zone covers its subtree: crossing goes past all of it
    after_zhejiang = zones_with_unread(root, "开发区新闻/浙江", 1)
    assert not any(p.startswith("开发区新闻/浙江/") for p in after_zhejiang)


def test_keymap_from_config_normalises_and_warns() -> None:
    keymap, warnings = keymap_from_config({"search": "/", "site_next": "], x", "nope": "z"})
    assert keymap == {"search": "slash", "site_next": "right_square_bracket,x"}
    assert len(warnings) == 1 and "nope" in warnings[0]
    ids = [spec.id for spec in KEY_SPECS]
    assert len(ids) == len(set(ids))


def test_every_key_is_documented() -> None:
    text = (Path(__file__).parents[2] / "docs" / "keys.md").read_text(encoding="utf-8")
    for spec in KEY_SPECS:
        assert f"`{spec.id}`" in text, spec.id


def test_list_keys_round_trip() -> None:
    assert spec_for_key("zone:开发区新闻/浙江").query.zone == "开发区新闻/浙江"
    assert spec_for_key("search:招商").query.search == "招商"
    assert spec_for_key("bookmarks").query.bookmarks
    assert spec_for_key("garbage").key == "unread"
    assert spec_for_key("unread").base().unread_only is False


def test_status_line_fits_and_sanitises() -> None:
    info = StatusInfo(
        place="开发区新闻/浙江/舟山/文字新闻\x1b]0;x\x07" * 4,
        position=12,
        count=3481,
        unread=1234,
        unread_only=True,
        sync="synced 5 min ago",
    )
    for width in (40, 80, 160):
        text = status_text(info, width)
        assert text.cell_len <= width
        assert "\x1b" not in text.plain
    assert "12/3,481" in status_text(info, 80).plain


def test_sync_tally_text() -> None:
    from zonereader.sync.progress import (
        ArticleFailed,
        ArticleStored,
        PageFetched,
        PageKind,
        SourceStarted,
    )

    tally = SyncTally()
    assert tally.add(SourceStarted("sample", SourceKind.PORTAL))
    assert tally.add(PageFetched("sample", "http://x/1", PageKind.LIST, queued=3))
    for number in range(2):
        tally.add(ArticleStored("sample", f"http://x/{number}", UpsertOutcome.NEW))
    tally.add(ArticleStored("sample", "http://x/7", UpsertOutcome.UNCHANGED))
    tally.add(ArticleFailed("sample", "http://x/9", "boom"))
    assert tally.text() == "syncing sample: 4 articles, 2 new, 1 failed"  # 1 unchanged
    assert not tally.add(object())


def test_sync_tally_does_not_credit_one_source_with_all_the_counts() -> None:
    from zonereader.sync.progress import ArticleStored, SourceFinished, SourceStarted
    from zonereader.sync.report import SourceStatus

    tally = SyncTally()
    tally.add(SourceStarted("portal", SourceKind.PORTAL))
    tally.add(SourceStarted("feed", SourceKind.FEED))
    for number in range(5):
        tally.add(ArticleStored("portal", f"http://x/{number}", UpsertOutcome.NEW))
    assert tally.text() == "syncing 2 sources: 5 articles, 5 new"
    tally.add(SourceFinished("feed", SourceStatus(name="feed", kind=SourceKind.FEED)))
    assert tally.text().startswith("syncing portal: ")


def test_only_web_urls_go_to_the_browser() -> None:
    from zonereader.ui.services import is_web_url

    assert is_web_url("http://portal.test/a.html") and is_web_url("https://x.cn/")
    for url in ("file:///etc/passwd", "javascript:alert(1)", "ftp://x/", "http:///nohost", ""):
        assert not is_web_url(url)


def test_position_round_trips_through_meta_and_bad_values_give_a_fresh_start() -> None:
    position = Position("zone:开发区新闻/舟山", True, 42, 7, 3)
    assert Position.from_meta(position.to_meta()) == position
    fresh = Position.from_meta({META_LIST: "nonsense", META_INDEX: "x", META_ARTICLE: ""})
    assert fresh == Position("nonsense", False, None, 0, None)
    assert spec_for_key(fresh.list_key).key == "unread"


def test_saved_position_reports_only_what_changed_since_the_last_write() -> None:
    saved = SavedPosition({META_LIST: "all", META_INDEX: "3", META_ROW: "1", META_ARTICLE: "9"})
    moved = Position("all", False, 9, 4, 1)
    changes = saved.changes(moved)
    assert changes == {META_INDEX: "4", META_UNREAD_ONLY: "0"}
    saved.written(changes)
    assert saved.changes(moved) == {}
    closed = Position("all", False, None, 4, 1)
    assert saved.changes(closed) == {META_ARTICLE: ""}  # an empty value deletes the key


def test_search_results_save_the_list_the_search_started_from() -> None:
    search = spec_for_key("search:招商")
    back = ReturnPoint(spec_for_key("zone:舟山"), 5, 12, 4)
    kept = current_position(search, back, reader_id=5, cursor=0, screen_row=0, unread_only=False)
    assert (kept.list_key, kept.index, kept.row, kept.article_id) == ("zone:舟山", 12, 4, 5)
    lost = current_position(search, None, reader_id=None, cursor=9, screen_row=2, unread_only=True)
    assert (lost.list_key, lost.index, lost.row, lost.unread_only) == ("unread", 0, 0, True)


def test_each_problem_with_the_cache_is_told_once() -> None:
    """Waiting changes are told once until saved; a read-only cache once; refusals each time."""
    told = Told()
    busy = Attempt(error=CacheBusy("database is locked\x1b[31m"))
    first = told.after_writes(busy, waiting=True)
    assert [
        (t.severity, t.text.startswith("Not saved yet: database is locked")) for t in first
    ] == [("warning", True)]
    assert "\x1b" not in first[0].text
    assert told.after_writes(busy, waiting=True) == []
    saved = told.after_writes(Attempt(saved=2), waiting=False)
    assert [t.text for t in saved] == ["Saved the changes that were waiting."]
    assert told.after_writes(Attempt(saved=1), waiting=False) == []
    read_only = Attempt(error=CacheReadOnly("read-only"), refused=["article gone"])
    assert [(t.severity, t.text) for t in told.after_writes(read_only, waiting=False)] == [
        ("warning", "Not saved: article gone"),
        ("error", "Not saved: read-only"),
    ]
    assert [t.text for t in told.after_writes(read_only, waiting=False)] == [
        "Not saved: article gone"
    ]
    assert [t.text for t in told.read_failed(CacheDamaged("damaged"))] == ["damaged"]
    assert told.read_failed(CacheDamaged("damaged again")) == []
