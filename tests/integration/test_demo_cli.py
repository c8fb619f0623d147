"""``zonereader demo --serve`` as a person runs it: one URL line, serves until interrupted."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from zonereader.cli import main


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "zonereader", "demo", "--serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("stop_with", [signal.SIGINT, signal.SIGTERM])
def test_serve_prints_one_url_and_stops_cleanly(tmp_path: Path, stop_with: int) -> None:
    manifest_path = tmp_path / "out" / "manifest.json"
    proc = start("--port", "0", "--articles", "40", "--seed", "3", "--manifest", str(manifest_path))
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/kfq/index.html")
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
            assert "开发区新闻" in response.read().decode("gbk")
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        base = url.removesuffix("/kfq/index.html")
        assert manifest["count"] == 40 and len(manifest["articles"]) == 40
        assert all(a["url"].startswith(base + "/") for a in manifest["articles"])
        article = manifest["articles"][0]["url"]
        with urllib.request.urlopen(article, timeout=10) as response:
            assert response.status == 200
        assert proc.poll() is None  # still serving
    finally:
        proc.send_signal(stop_with)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert out == ""  # nothing after the one URL line
    assert "Traceback" not in err


def test_serve_on_a_busy_port_is_a_one_line_error() -> None:
    proc = start("--articles", "5")  # no --port: a free one
    try:
        url = proc.stdout.readline().strip()
        port = url.split(":")[2].split("/")[0]
        clash = subprocess.run(
            [sys.executable, "-m", "zonereader", "demo", "--serve", "--port", port],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert clash.returncode == 2
        assert clash.stdout == ""
        assert len(clash.stderr.strip().splitlines()) == 1 and port in clash.stderr
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=20)


def test_demo_help_and_bad_values(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["demo", "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    for option in ("--serve", "--port", "--articles", "--seed", "--manifest", "--no-open"):
        assert option in out
    assert main(["demo", "--serve", "--articles", "-1"]) == 2
    assert main(["demo", "--serve", "--port", "70000"]) == 2
    err = capsys.readouterr().err
    assert "--articles" in err and "--port" in err


def test_serve_serves_the_template_sites_beside_the_portal() -> None:
    """--serve lists each template site's start URLs on stderr, on the portal's address, and
    serves their pages; the portal is served as before."""
    proc = start("--articles", "5", "--seed", "2")
    try:
        url = proc.stdout.readline().strip()
        base = url.removesuffix("/kfq/index.html")
        lines = [proc.stderr.readline() for _ in range(6)]
        sites = {
            line.split("template site ", 1)[1].split(":", 1)[0]: line.split(": ", 2)[2].split()
            for line in lines
            if "template site " in line
        }
        assert set(sites) == {"trs", "news", "tables", "epaper", "hanweb"}
        for name, urls in sites.items():
            assert urls and all(u.startswith(base + "/sites/") for u in urls), name
            with urllib.request.urlopen(urls[0], timeout=10) as response:
                assert response.status == 200, name
                assert len(response.read()) > 500, name
        with urllib.request.urlopen(url, timeout=10) as response:  # the portal as before
            assert "开发区新闻" in response.read().decode("gbk")
    finally:
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
