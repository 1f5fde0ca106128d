"""A small memory of recent results, safe to share across threads without a lock."""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


def remembered(memory: dict[K, V], key: K, value: V, limit: int) -> dict[K, V]:
    """A copy of `memory` holding `key` → `value`, the oldest entries beyond `limit` forgotten.

    The caller replaces its memory with the copy whole, so a reader on another thread sees the
    old memory or the new one, never one half-changed; a reader that misses an entry recomputes it.
    """
    recent = {**memory, key: value}
    while len(recent) > limit:
        recent.pop(next(iter(recent)))
    return recent
