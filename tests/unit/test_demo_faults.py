"""FaultPlan: which requests a rule answers, and how many times."""

from __future__ import annotations

import threading

import pytest

from zonereader.demo import Fault, FaultKind, FaultPlan


def test_exact_paths_ignore_the_query_and_urls_keep_only_their_path() -> None:
    plan = FaultPlan().status("http://127.0.0.1:9/kfq/index.html?x=1", 503)
    assert plan.faults[0].pattern == "/kfq/index.html"
    assert plan.take("/kfq/index.html?loop=1") is not None
    assert plan.take("/kfq/index.htm") is None
    assert plan.take("/kfq/index.html/") is None


def test_globs_match_many_paths() -> None:
    plan = FaultPlan().reset("/kfq/zj/*/wzxw/index_*.html")
    assert plan.take("/kfq/zj/zhoushan/wzxw/index_1.html") is not None
    assert plan.take("/kfq/zj/ningbo/wzxw/index_12.html") is not None
    assert plan.take("/kfq/zj/zhoushan/wzxw/index.html") is None


def test_times_then_normal_and_always() -> None:
    plan = FaultPlan().status("/a", 500, times=2).status("/b", 410)
    assert [plan.take("/a") is not None for _ in range(4)] == [True, True, False, False]
    assert all(plan.take("/b") is not None for _ in range(10))
    assert plan.applied() == 12
    assert plan.applied(FaultKind.STATUS) == 12
    assert plan.faults[0].exhausted and not plan.faults[1].exhausted


def test_first_matching_rule_with_uses_left_wins() -> None:
    plan = FaultPlan().retry_after("/a", seconds=3, times=1).stall("/*", interval=0.1)
    first, second = plan.take("/a"), plan.take("/a")
    assert first is not None and first.kind is FaultKind.RETRY_AFTER and first.seconds == 3
    assert first.status == 429
    assert second is not None and second.kind is FaultKind.STALL and second.interval == 0.1


def test_every_kind_has_a_helper() -> None:
    plan = (
        FaultPlan()
        .status("/1", 503)
        .retry_after("/2")
        .reset("/3")
        .stall("/4")
        .truncate("/5")
        .oversize("/6", size=1000, declare_length=False)
        .lying_charset("/7")
        .garbage("/8")
        .redirect_loop("/9")
        .pagination_loop("/10")
    )
    assert {f.kind for f in plan.faults} == set(FaultKind)
    assert plan.faults[5].size == 1000 and not plan.faults[5].declare_length


def test_clear_and_bad_kind() -> None:
    plan = FaultPlan().garbage("/x")
    plan.clear()
    assert plan.take("/x") is None
    with pytest.raises(ValueError):
        Fault("/x", "explode")  # type: ignore[arg-type]


def test_times_are_counted_exactly_under_threads() -> None:
    plan = FaultPlan().status("/a", 500, times=100)
    taken: list[bool] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(50):
            got = plan.take("/a") is not None
            with lock:
                taken.append(got)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(taken) == 100
