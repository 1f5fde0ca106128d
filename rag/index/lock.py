"""One index writer at a time, across processes, and who owns a build folder.

Every writer (ingest, an auto-ingesting search, an upload) plans, builds and publishes
while holding an exclusive `flock` on `<index root>/.write.lock`. The kernel drops the
lock when its process dies, so a killed writer never blocks the next one. The lock is
re-entrant within a process (an upload holds it around copying and the ingest inside).

A build folder is named after the process that writes it (pid and process start time),
so that a writer can tell a folder abandoned by a dead process from one still in use.
"""

from __future__ import annotations

import fcntl
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

LOCK_FILE = ".write.lock"
Notify = Callable[[str], None]
_OWNER = re.compile(r"-p(\d+)-s(\d+)-")


@dataclass
class _Held:
    """This process's hold on one lock file: threads queue on `mutex`, `depth` counts re-entries."""

    mutex: threading.RLock = field(default_factory=threading.RLock)
    depth: int = 0
    handle: IO[str] | None = None


_held: dict[str, _Held] = {}
_registry = threading.Lock()


def _start_ticks(pid: int) -> int:
    """When process `pid` started (clock ticks since boot), 0 where /proc is unavailable."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    # The command name (field 2) may contain spaces and parentheses; fields after it do not.
    return int(stat.rsplit(")", 1)[1].split()[19])


def owner_tag() -> str:
    """`p<pid>-s<start>`: this process, distinguishable from a later one reusing its pid."""
    pid = os.getpid()
    return f"p{pid}-s{_start_ticks(pid)}"


def owner_alive(name: str) -> bool:
    """Whether the process that named a build folder `name` (see `owner_tag`) still runs."""
    match = _OWNER.search(name + "-")
    if match is None:
        return False  # a folder from before owners were recorded: its writer is long gone
    pid, start = int(match.group(1)), int(match.group(2))
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # someone else's process, alive
    return start == 0 or _start_ticks(pid) in (0, start)


def _holder(handle: IO[str]) -> str:
    handle.seek(0)
    text = handle.read().strip()
    return f"进程 {text}" if text.isdigit() else "另一个进程"


def _lock_path(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    return root / LOCK_FILE


def _entry(path: Path) -> _Held:
    with _registry:
        return _held.setdefault(str(path.resolve()), _Held())


def _flock(handle: IO[str], root: Path, notify: Notify | None) -> None:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        if notify is not None:
            notify(f"{_holder(handle)}正在更新索引（{root}），等待其完成……")
        fcntl.flock(handle, fcntl.LOCK_EX)
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()


@contextmanager
def writer_lock(root: Path, notify: Notify | None = None) -> Iterator[None]:
    """Hold the index's writer lock, waiting (after telling `notify`) while another writer holds it."""
    path = _lock_path(root)
    entry = _entry(path)
    if not entry.mutex.acquire(blocking=False):
        if notify is not None:
            notify(f"本进程的另一项任务正在更新索引（{root}），等待其完成……")
        entry.mutex.acquire()
    try:
        if entry.depth == 0:
            handle = path.open("a+", encoding="utf-8")
            try:
                _flock(handle, root, notify)
            except BaseException:
                handle.close()
                raise
            entry.handle = handle
        entry.depth += 1
        try:
            yield
        finally:
            entry.depth -= 1
            if entry.depth == 0 and entry.handle is not None:
                entry.handle.close()  # closing the descriptor releases the flock
                entry.handle = None
    finally:
        entry.mutex.release()


def writer_active(root: Path) -> bool:
    """Whether some writer (another process, or another thread here) holds the lock right now."""
    path = root / LOCK_FILE
    if not path.exists():
        return False
    entry = _entry(path)
    if entry.depth:
        return True
    with path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def held_here(root: Path) -> bool:
    """Whether this process holds the writer lock of `root` (publishing requires it)."""
    path = root / LOCK_FILE
    return path.exists() and _entry(path).depth > 0
