"""The writer lock and build ownership (rag/index/lock.py, with storage's cleanup rules)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from rag.index.lock import owner_alive, owner_tag, writer_active, writer_lock
from rag.index.storage import MANIFEST, new_build_folder, publish, remove_stale_builds

HOLD = (
    "import sys, time\nfrom pathlib import Path\nfrom rag.index.lock import writer_lock\n"
    "with writer_lock(Path(sys.argv[1])):\n    print('held', flush=True)\n    sys.stdin.readline()\n"
)


def _dead_pid() -> int:
    process = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(process.stdout)


def test_owner_tag_names_this_process_and_a_dead_owner_is_told_apart() -> None:
    assert owner_alive(f"build-x-{owner_tag()}-abc")
    assert not owner_alive(f"build-x-p{_dead_pid()}-s1-abc")
    assert not owner_alive("build-20260101-120000-123-456")  # no owner recorded: an old folder


def test_another_process_holding_the_lock_makes_us_wait_and_say_so(tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert writer_active(tmp_path)
        said: list[str] = []
        releaser = threading.Timer(0.5, holder.stdin.close)  # the holder's readline returns: it lets go
        releaser.start()
        with writer_lock(tmp_path, said.append):
            assert holder.poll() is not None or holder.wait(10) == 0  # we got the lock once it let go
        releaser.join()
        assert len(said) == 1 and f"进程 {holder.pid}" in said[0] and "等待" in said[0]
    finally:
        holder.kill()
        holder.wait()
    assert not writer_active(tmp_path)


def test_the_lock_is_reentrant_within_a_process(tmp_path: Path) -> None:
    said: list[str] = []
    with writer_lock(tmp_path, said.append):
        with writer_lock(tmp_path, said.append):
            assert writer_active(tmp_path)
    assert said == [] and not writer_active(tmp_path)


def test_publishing_needs_the_lock(tmp_path: Path) -> None:
    folder = new_build_folder(tmp_path)
    (folder / MANIFEST).write_text("{}")
    with pytest.raises(RuntimeError):
        publish(tmp_path, folder)


def test_only_stale_builds_are_removed(tmp_path: Path) -> None:
    ours = new_build_folder(tmp_path)  # unfinished, its writer (this process) alive
    dead = tmp_path / f"build-20260101-000000-p{_dead_pid()}-s1-aaaaaa"
    dead.mkdir()
    finished = []
    for number in range(3):
        folder = new_build_folder(tmp_path)
        (folder / MANIFEST).write_text("{}")
        os.utime(folder / MANIFEST, (1_000_000 + number, 1_000_000 + number))
        finished.append(folder)
    with writer_lock(tmp_path):
        publish(tmp_path, finished[-1])
    remove_stale_builds(tmp_path)
    assert ours.exists() and not dead.exists()
    assert finished[-1].exists() and finished[-2].exists() and not finished[0].exists()
