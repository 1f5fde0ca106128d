"""Helpers shared by the bench scripts (run as `python bench/<script>.py`, so `bench/` is on the path)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "gold" / "gold.jsonl"


def nearest_rank(values: list[float], share: float) -> float:
    """The nearest-rank `share` (0–1) percentile of `values`; NaN when there are none."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def gold_questions(path: Path = GOLD, limit: int | None = None) -> list[str]:
    """The question texts of a gold file, in order (blank lines skipped)."""
    with path.open(encoding="utf-8") as handle:
        asked = [json.loads(line)["question"] for line in handle if line.strip()]
    return asked[:limit]


def run_rag(*args: str, env: dict[str, str], check: bool = False) -> subprocess.CompletedProcess[str]:
    """The project's `rag` command from its .venv, output captured."""
    command = [str(ROOT / ".venv" / "bin" / "rag"), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=check)
