"""Pure parts of the reading experience: layouts and row columns, the key bar, key clashes,
list headers, the reader's numbered links and images, search words and scopes."""

from __future__ import annotations

from datetime import datetime

import pytest
from rich.cells import cell_len

from zonereader.models import CST, Article, BodyImage, BodyLink, StoredArticle
from zonereader.ui.article_view import article_blocks, split_at_images
from zonereader.ui.keymap import KEY_SPECS, key_clashes, keymap_from_config
from zonereader.ui.layout import (
    MIN_TITLE_CELLS,
    TREE_MAX_WIDTH,
    Column,
    is_wide,
    row_layout,
    tree_width,
    zone_label,
)
from zonereader.ui.lists import search_terms
from zonereader.ui.screens.search import Search
from zonereader.ui.textfmt import list_header, plural
from zonereader.ui.widgets.keybar import KeyEntry, fit_entries, key_bar_text, key_entries


def test_wide_from_140_columns_and_a_narrow_tree() -> None:
    assert not is_wide(139) and is_wide(140)
    assert tree_width(14) == 18 and tree_width(20) == 23 and tree_width(200) == TREE_MAX_WIDTH


@pytest.mark.parametrize("width", [30, 40, 56, 60, 77, 80, 100, 160])
def test_rows_keep_the_title_first(width: int) -> None:
    for column in Column:
        shape = row_layout(width, column)
        if shape.column:
            assert shape.title >= MIN_TITLE_CELLS and shape.column <= width // 4
        assert shape.short_date == (width < 56)


def test_the_extra_column_appears_when_there_is_room() -> None:
    assert row_layout(77, Column.ZONE).column == 19  # a quarter of the row
    assert row_layout(60, Column.PUBLISHER).column == 11  # the title keeps its 30 cells
    assert row_layout(56, Column.PUBLISHER).column == 0  # it would drop below 30
    assert row_layout(200, Column.NONE).column == 0


def test_zone_label_keeps_the_most_telling_end() -> None:
    path = "开发区新闻/浙江/舟山/文字新闻"
    assert zone_label(path, 40) == "开发区新闻/浙江/舟山/文字新闻"
    assert zone_label(path, 18) == "浙江/舟山/文字新闻"
    assert zone_label(path, 14) == "舟山/文字新闻"
    assert zone_label(path, 10) == "舟山"  # one part fits: the place, not the channel
    assert zone_label("浙江/舟山", 4) == "舟山"
    assert zone_label(path, 4) == "舟山"
    assert zone_label(path, 3) == "文…"
    assert zone_label("", 10) == ""


def entries() -> list[KeyEntry]:
    return key_entries([spec.id for spec in KEY_SPECS], {})


@pytest.mark.parametrize("width", [20, 40, 60, 80, 120])
def test_the_key_bar_drops_whole_entries_and_keeps_help_last(width: int) -> None:
    kept = fit_entries(entries(), width)
    text = key_bar_text(entries(), width).plain
    assert cell_len(text) <= width
    for entry in kept:
        assert f"{entry.key} {entry.label}" in text  # never cut to a letter
    if width >= 10:
        assert any(entry.label == "Help" for entry in kept)
    ranks = [entry.rank for entry in kept]
    dropped = [entry.rank for entry in entries() if entry not in kept]
    assert not dropped or max(dropped) <= min(ranks)


def test_the_key_bar_shows_remapped_keys() -> None:
    keymap, warnings = keymap_from_config({"toggle_bookmark": "s"})
    assert warnings == []
    bar = key_entries(["toggle_bookmark", "quit", "help"], keymap)
    assert KeyEntry("s", "Bookmark", 3) in bar
    assert [entry.key for entry in bar] == ["s", "?", "q"]


def test_a_key_taken_by_the_palette_is_reported_with_the_fix() -> None:
    _, warnings = keymap_from_config({"previous_article": "p,ctrl+p"})
    assert len(warnings) == 1
    line = warnings[0]
    assert "previous_article" in line and "ctrl+p" in line and "command_palette" in line
    assert 'command_palette = "' in line  # how to move the palette
    # moving the palette away settles it
    assert key_clashes({"previous_article": "p,ctrl+p", "command_palette": "f2"}) == []


def test_clashes_between_two_remapped_actions_and_reserved_keys() -> None:
    both = key_clashes({"toggle_bookmark": "x", "toggle_read": "x"})
    assert len(both) == 1 and "toggle_bookmark" in both[0] and "toggle_read" in both[0]
    assert "ctrl+q" in key_clashes({"search": "ctrl+q"})[0]
    # a default that moved is free: s is no one's key, and q in the reader is on purpose
    assert key_clashes({"toggle_bookmark": "s"}) == []
    assert key_clashes({"quit": "q"}) == []


def test_list_header_and_plurals() -> None:
    assert plural(1, "article") == "1 article" and plural(3481, "article") == "3,481 articles"
    assert list_header("舟山", 35, 3) == "舟山 · 35 articles, 3 unread"
    assert list_header("舟山", 1, 1) == "舟山 · 1 article, all unread"
    assert list_header("舟山", 5, 0) == "舟山 · 5 articles, all read"
    assert list_header("Bookmarks", 0, 0) == "Bookmarks · no articles"
    assert list_header("舟山", 5, 2, unread_only=True).endswith("(unread shown)")


def stored(article: Article) -> StoredArticle:
    return StoredArticle(id=1, article=article, first_seen=datetime(2024, 1, 1, tzinfo=CST))


def test_reader_numbers_links_where_they_stand_and_places_images() -> None:
    article = Article(
        url="http://p.test/1",
        title="通知",
        zone="z",
        source="s",
        paragraphs=["见实施细则和附件。", "第二段提到附件。", "第三段。"],
        links=[
            BodyLink("http://p.test/rules", "实施细则"),
            BodyLink("http://p.test/att", "附件"),
            BodyLink("http://p.test/x", "x"),  # one character: not marked in the text
        ],
        images=[
            BodyImage("http://p.test/b.png", "", 3),
            BodyImage("http://p.test/a.png", "开工现场", 1),
        ],
    )
    blocks = article_blocks(stored(article))
    texts = [block.text for block in blocks]
    assert "\u3000\u3000见实施细则[1]和附件[2]。" in texts
    assert "\u3000\u3000第二段提到附件。" in texts  # only the first place is marked
    # images stand where they were, numbered as the article lists them
    kinds = [(block.kind, block.image) for block in blocks if block.kind in ("image", "para")]
    assert kinds == [("para", 0), ("image", 2), ("para", 0), ("para", 0), ("image", 1)]
    assert "[图2] 开工现场" in texts and "[图1]" in texts
    assert "[1] 实施细则  http://p.test/rules" in texts and "[3] x  http://p.test/x" in texts
    pieces = split_at_images(blocks)
    assert [type(piece).__name__ for piece in pieces] == ["list", "Block", "list", "Block", "list"]


def test_search_words_and_scopes() -> None:
    assert search_terms("半导体 zone:长三角 NOT 舟山") == ["半导体"]
    assert sorted(search_terms('"数字 经济" OR GDP')) == ["GDP", "数字", "经济"]
    assert search_terms("(未闭合") == ["未闭合"]
    assert Search("招商").query == "招商"
    assert Search("招商", "开发区新闻/浙江/舟山").query == '招商 zone:"开发区新闻/浙江/舟山"'
