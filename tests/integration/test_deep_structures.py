"""Structures nested deeper than any real one: read without recursion, cut with a note.

A breadcrumb of 1,000 levels, an OPML file nested 1,000 deep, a zone path of 2,000 levels in the
config: each used to end in a ``RecursionError`` traceback (or a hang of the app); now zone
paths keep their first 31 levels and the rest joined into the 32nd, and the user is told.
"""

from __future__ import annotations

import re
from pathlib import Path

from support.hostile import HostileServer, Reply, run_measured
from zonereader.config import SourceConfig, add_sources, load_config
from zonereader.models import MAX_ZONE_DEPTH, ZONE_CUT, ListQuery, zone_parts
from zonereader.store import Store


def test_a_breadcrumb_1000_levels_deep_is_cut_to_32_with_a_note(
    hostile_server: HostileServer, tmp_path: Path
) -> None:
    victim = hostile_server.articles()[0]
    _status, headers, body = hostile_server.portal.render(victim)
    page = body.decode("gb18030")
    crumbs = " &gt; ".join(f"<a href='#'>层{n}</a>" for n in range(1000))
    page = re.sub(
        r'(<div class="position">您现在的位置:).*?</div>', rf"\g<1>{crumbs}</div>", page, count=1
    )
    hostile_server.override(victim, Reply(headers=dict(headers), body=page.encode("gb18030")))
    config = tmp_path / "config.toml"
    add_sources(config, [SourceConfig(name="h", url=hostile_server.url)])
    db = tmp_path / "z.db"
    done = run_measured("sync", "--json", "--config", str(config), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "breadcrumb deeper than 32 levels" in done.stdout
    with Store.open(db) as store:
        stored = store.article_by_url(hostile_server.url_for(victim))
        assert stored is not None
        parts = zone_parts(stored.article.zone)
        assert len(parts) == MAX_ZONE_DEPTH
        assert parts[:3] == ["层0", "层1", "层2"]
        assert parts[-1].startswith(f"层31{ZONE_CUT}层32") and parts[-1].endswith("…")
        assert store.count(ListQuery()) == len(hostile_server.articles())


def nested_opml(depth: int) -> str:
    opening = "".join(f'<outline text="层{n}">' for n in range(depth))
    closing = "</outline>" * depth
    feed = '<outline type="rss" text="深处" xmlUrl="http://deep.example.cn/rss.xml"/>'
    return (
        '<?xml version="1.0" encoding="utf-8"?><opml version="2.0"><head><title>深</title>'
        f"</head><body>{opening}{feed}{closing}"
        '<outline type="rss" text="浅" xmlUrl="http://shallow.example.cn/rss.xml"/>'
        "</body></opml>"
    )


def test_opml_nested_1000_deep_imports_with_a_note(tmp_path: Path) -> None:
    opml = tmp_path / "deep.opml"
    opml.write_text(nested_opml(1000), encoding="utf-8")
    config = tmp_path / "config.toml"
    done = run_measured("opml", "import", str(opml), "--config", str(config))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "imported 2 source(s)" in done.stdout
    assert "nest deeper than 32 levels" in done.stdout
    sources = load_config(config).sources
    deep = next(s for s in sources if "deep" in s.url)
    assert len(zone_parts(deep.zone)) == MAX_ZONE_DEPTH


def test_opml_export_of_a_2000_level_zone_is_one_warning_not_a_traceback(
    tmp_path: Path,
) -> None:
    config = tmp_path / "config.toml"
    zone = "/".join(f"z{n}" for n in range(2000))
    config.write_text(
        f'[[sources]]\nname = "deep"\nkind = "feed"\nurl = "http://d.example.cn/rss"\n'
        f'zone = "{zone}"\n',
        encoding="utf-8",
    )
    done = run_measured("opml", "export", "--config", str(config))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    warnings = done.error_lines
    assert len(warnings) == 1 and "sources[0].zone: 2000 levels" in warnings[0]
    assert done.stdout.count("<outline") == MAX_ZONE_DEPTH
    back = tmp_path / "back.toml"
    opml = tmp_path / "out.opml"
    opml.write_text(done.stdout, encoding="utf-8")
    again = run_measured("opml", "import", str(opml), "--config", str(back))
    assert again.returncode == 0, again.stderr
    assert len(zone_parts(load_config(back).sources[0].zone)) == MAX_ZONE_DEPTH
