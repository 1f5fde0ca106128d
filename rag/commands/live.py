"""What `search` and `ask` share: the live index's retriever and a --jsonl batch of questions."""

from __future__ import annotations

from pathlib import Path

from rag.app.batch import read_batch
from rag.commands.common import warn
from rag.config import Settings
from rag.index.store import ensure_index
from rag.retrieval.hybrid import HybridRetriever
from rag.retrieval.open import open_retriever


def live_retriever(settings: Settings) -> HybridRetriever:
    """The live index's retriever, after building or updating the index when needed.

    While another process writes the index, waits for it, or with an index already there
    searches that one; either way says so on stderr.
    """
    ensure_index(settings, notify=warn, use_current_while_busy=True)
    return open_retriever(settings)


def batch_of(path: str | None) -> list[dict] | None:
    """The questions of a --jsonl batch file, or None without one."""
    return read_batch(Path(path)) if path else None
