"""``zonereader demo`` never duplicates its cache: a second run while one serves reads from that
portal, every run keeps the same article addresses, and a port held by another program is a
one-line error."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from zonereader.config import load_config
from zonereader.models import ListQuery
from zonereader.store import Store


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def demo(port: int, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ZONEREADER_DEMO_PORT": str(port)}
    return subprocess.run(
        [sys.executable, "-m", "zonereader", "demo", "--no-open", "--articles", "60", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def demo_files(home: Path) -> tuple[Path, Path]:
    return home / "demo" / "config.toml", home / "demo" / "demo.db"


def test_a_second_demo_reads_the_running_portal_and_nothing_is_stored_twice(
    isolated_dirs: Path,
) -> None:
    port = free_port()
    serving = subprocess.Popen(
        [sys.executable, "-m", "zonereader", "demo", "--serve", "--port", str(port),
         "--articles", "60"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert serving.stdout is not None and serving.stdout.readline().startswith("http://")
        first = demo(port)
        assert first.returncode == 0, first.stderr
        assert "already served on port" in first.stderr and "60 new" in first.stderr
        again = demo(port)
        assert again.returncode == 0, again.stderr
        assert "0 new, 0 updated" in again.stderr
    finally:
        serving.send_signal(signal.SIGINT)
        serving.wait(timeout=20)
    # the other demo is gone: this one serves the portal itself, at the same addresses
    alone = demo(port)
    assert alone.returncode == 0, alone.stderr
    assert "already served on port" not in alone.stderr and "0 new, 0 updated" in alone.stderr
    config_path, db_path = demo_files(isolated_dirs)
    assert len(load_config(config_path).sources) == 2
    with Store.open(db_path) as store:
        assert store.count(ListQuery()) == 60


def test_a_port_held_by_another_program_is_one_line(isolated_dirs: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        port = holder.getsockname()[1]
        done = demo(port)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "in use by another program" in lines[0], done.stderr
    assert not demo_files(isolated_dirs)[1].exists()


def test_a_demo_with_another_seed_on_the_port_is_refused(isolated_dirs: Path) -> None:
    port = free_port()
    serving = subprocess.Popen(
        [sys.executable, "-m", "zonereader", "demo", "--serve", "--port", str(port),
         "--articles", "60", "--seed", "7"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert serving.stdout is not None and serving.stdout.readline().startswith("http://")
        done = demo(port)
    finally:
        serving.send_signal(signal.SIGINT)
        serving.wait(timeout=20)
    assert done.returncode != 0
    assert "--seed 7" in done.stderr and len(done.stderr.strip().splitlines()) == 1
