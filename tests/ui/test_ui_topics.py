"""Topics in the app, driven with Pilot over a cache synced from the sample portal: the Topics
heading and its counts, opening a topic, keys inside it, saving a search as a topic, a broken
topic, a malformed search, and changes made by other processes (a sync, ``zonereader bookmark``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ui_helpers import FIXED_NOW, UICache, settle, wait_until

from zonereader.cli import main as cli
from zonereader.config import TopicConfig, add_topic, load_config
from zonereader.models import Article, ListQuery
from zonereader.store import Store
from zonereader.ui.lists import topic_key
from zonereader.ui.screens.main import MainScreen
from zonereader.ui.screens.search import SearchScreen
from zonereader.ui.screens.topic_name import TopicNameScreen
from zonereader.ui.widgets.zone_tree import TOPICS_TITLE

SIZE = (150, 40)
TOPICS = {
    "舟山投资": "投资 zone:舟山",
    "新华网": "origin:新华网",
    "苏州签约": "(签约 OR 合作) zone:苏州",
}


def with_topics(cache: UICache, topics: dict[str, str]) -> None:
    for name, query in topics.items():
        add_topic(cache.config_path, TopicConfig(name, query))


async def started(pilot: Any) -> MainScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    return screen


async def choose(pilot: Any, screen: MainScreen, key: str) -> None:
    """Choose a node of the zone tree with the keyboard: cursor on it, Enter."""
    if screen.wide:
        screen.zone_tree.focus()
    else:
        screen.drawer = True  # the list-first layout: the tree is a drawer
    screen.zone_tree.select_key(key)
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)


def label(screen: MainScreen, key: str) -> str:
    return str(screen.zone_tree._by_key[key].label)


def unread(store: Store, query: str) -> int:
    return store.count(ListQuery(search=query, unread_only=True))


async def test_topics_sit_under_their_heading_with_unread_counts(ui_cache: UICache) -> None:
    with_topics(ui_cache, TOPICS)
    app = ui_cache.app()
    store = ui_cache.store()
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        tree = screen.zone_tree
        top = [str(node.label) for node in tree.root.children]
        assert top[3] == TOPICS_TITLE  # after Unread, Bookmarks, All; before the zones
        heading = tree.root.children[3]
        assert heading.is_expanded
        assert [node.data for node in heading.children] == [topic_key(n) for n in TOPICS]
        for name, query in TOPICS.items():
            count = unread(store, query)
            assert count > 0, name
            assert label(screen, topic_key(name)) == f"{name} {count}"


async def test_a_topic_lists_newest_first_and_n_p_b_m_work_inside_it(ui_cache: UICache) -> None:
    with_topics(ui_cache, TOPICS)
    app = ui_cache.app()
    store = ui_cache.store()
    name, query = "舟山投资", TOPICS["舟山投资"]
    expected = [row.id for row in store.page(ListQuery(search=query), 0, 500)]
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        await choose(pilot, screen, topic_key(name))
        assert screen.spec.topic == name
        assert screen.status.info.place == f"Topic: {name}"
        assert screen.articles.count == len(expected)
        shown = [screen.articles.row(i) for i in range(min(len(expected), 20))]
        assert [row.id for row in shown if row is not None] == expected[: len(shown)]
        published = [row.published for row in shown if row is not None]
        assert published == sorted(published, reverse=True)
        before = unread(store, query)
        await pilot.press("n")  # nothing open yet: n opens the row under the cursor
        await settle(pilot)
        assert screen.reader.article_id == expected[0]
        await pilot.press("n", "n", "p")
        await settle(pilot)
        assert screen.reader.article_id == expected[1]
        assert store.article(expected[1]).read
        await wait_until(pilot, lambda: label(screen, topic_key(name)) == f"{name} {before - 3}")
        await pilot.press("b")
        await settle(pilot)
        assert store.article(screen.articles.current.id).bookmarked
        await pilot.press("m")
        await settle(pilot)
        assert not store.article(screen.articles.current.id).read
        await wait_until(pilot, lambda: label(screen, topic_key(name)) == f"{name} {before - 2}")
        await pilot.press("N")  # 0, 1 (unread again) and 2 were opened: 3 is the next unread
        await settle(pilot)
        assert screen.reader.article_id == expected[3]


async def test_a_topic_is_a_place_to_come_back_to(ui_cache: UICache) -> None:
    with_topics(ui_cache, TOPICS)
    async with ui_cache.app().run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        await choose(pilot, screen, topic_key("新华网"))
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        chosen = screen.articles.current.id
        await pilot.press("q")
    async with ui_cache.app().run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        assert screen.spec.topic == "新华网"
        assert screen.articles.current.id == chosen
        assert screen.zone_tree.cursor_key == topic_key("新华网")


async def test_a_broken_topic_says_why(ui_cache: UICache) -> None:
    with_topics(ui_cache, {"宁波湾": "签约 zone:宁波湾"})
    app = ui_cache.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        key = topic_key("宁波湾")
        await wait_until(pilot, lambda: label(screen, key) == "宁波湾 !")
        assert "no zone is called '宁波湾'" in (screen.zone_tree.topic_problem("宁波湾") or "")
        await choose(pilot, screen, key)
        assert screen.articles.count == 0
        assert screen.articles.empty_text.startswith("Topic 宁波湾 cannot be shown: no zone")
        await pilot.press("N", "n", "M")
        await settle(pilot)  # nothing to do in an empty list, and nothing breaks


async def test_a_malformed_search_stays_in_the_prompt_then_t_saves_it(ui_cache: UICache) -> None:
    app = ui_cache.app()
    store = ui_cache.store()
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        await pilot.press("T")
        await settle(pilot)
        assert any("Search first" in str(n.message) for n in app._notifications)
        await pilot.press("slash")
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, SearchScreen)
        prompt.query_one("#search-input").value = "(签约 OR 开工"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is prompt  # still open, saying what is wrong
        problem = str(prompt.query_one("#search-scope").render())
        assert "'(' is never closed (at character 1" in problem
        prompt.query_one("#search-input").value = "(签约 OR 开工) zone:舟山"
        await pilot.press("enter")
        await settle(pilot)
        query = "(签约 OR 开工) zone:舟山"
        assert screen.spec.is_search
        assert screen.articles.count == store.count(ListQuery(search=query)) > 0
        await pilot.press("T")
        await settle(pilot)
        naming = app.screen
        assert isinstance(naming, TopicNameScreen)
        naming.query_one("#topic-input").value = "舟山项目"
        await pilot.press("enter")
        await settle(pilot)
        assert screen.spec.topic == "舟山项目"
        assert screen.zone_tree.cursor_key == topic_key("舟山项目")
        assert load_config(ui_cache.config_path).topic("舟山项目") == TopicConfig("舟山项目", query)
        count = unread(store, query)
        await wait_until(pilot, lambda: label(screen, topic_key("舟山项目")) == f"舟山项目 {count}")
        # a second topic of the same name is refused in the prompt
        await pilot.press("slash")
        await settle(pilot)
        app.screen.query_one("#search-input").value = "园区"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        app.screen.query_one("#topic-input").value = "舟山项目"
        await pilot.press("enter")
        await settle(pilot)
        assert "exists already" in str(app.screen.query_one("#topic-problem").render())
        await pilot.press("escape")
        await settle(pilot)
        assert screen.spec.is_search


async def test_changes_by_other_processes_show_at_the_next_refresh(ui_cache: UICache) -> None:
    with_topics(ui_cache, TOPICS)
    app = ui_cache.app(check_interval=0.1)
    store = ui_cache.store()
    name, query = "新华网", TOPICS["新华网"]
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        await choose(pilot, screen, topic_key(name))
        await settle(pilot)
        first = screen.articles.current
        assert not first.bookmarked
        before = unread(store, query)
        # another process: a command bookmarks and marks read, then a sync brings a new one
        assert cli(["--db", str(ui_cache.db_path), "bookmark", "add", str(first.id)]) == 0
        assert cli(["--db", str(ui_cache.db_path), "mark", "read", str(first.id)]) == 0
        await wait_until(pilot, lambda: screen.articles.current.bookmarked)
        assert screen.articles.current.read
        await wait_until(pilot, lambda: label(screen, topic_key(name)) == f"{name} {before - 1}")
        with Store.open(ui_cache.db_path) as writer:
            writer.upsert_article(
                Article(
                    url="http://example.test/new/xinhua.html",
                    title="新华网报道舟山新项目",
                    zone="开发区新闻/浙江/舟山/文字新闻",
                    source="cron",
                    published=FIXED_NOW + timedelta(days=1),
                    origin="新华网",
                    paragraphs=["正文"],
                )
            )
        await wait_until(pilot, lambda: label(screen, topic_key(name)) == f"{name} {before}")
        await wait_until(pilot, lambda: screen.articles.row(0).title == "新华网报道舟山新项目")
        assert screen.articles.current.id == first.id  # the cursor stays on its article
