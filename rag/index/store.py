"""The index wherever it lives: the index folder (default) or Milvus (`RAG_STORE=milvus`).

What the commands and the app call to check, build and update the index; each function
hands over to the local implementation (rag.index.ingest, rag.index.status) or to the
Milvus one (rag.index.milvus_ingest), which keep the same contracts.
"""

from __future__ import annotations

from pathlib import Path

from rag.config import Settings
from rag.errors import IndexMismatchError
from rag.index import ingest as local_ingest
from rag.index import status as local_status
from rag.index.ingest import IngestReport
from rag.index.lock import Notify
from rag.index.milvus_ingest import ingest_milvus, milvus_status
from rag.index.milvus_store import location, uses_milvus
from rag.index.status import IndexState, IndexStatus


def index_status(settings: Settings) -> IndexStatus:
    """Whether the index matches the corpus and the settings."""
    return milvus_status(settings) if uses_milvus(settings) else local_status.index_status(settings)


def ingest(
    settings: Settings,
    paths: list[Path] | None = None,
    rebuild: bool = False,
    notify: Notify | None = None,
    require_all: bool = False,
) -> IngestReport:
    """Bring the index up to date with the corpus (or add/update the given files).

    The index folder takes one writer at a time (rag.index.lock): a second one waits,
    telling `notify`; with `require_all` nothing is published when a file cannot be read.
    """
    if uses_milvus(settings):
        return ingest_milvus(settings, paths, rebuild)
    return local_ingest.ingest(settings, paths, rebuild, notify, require_all)


def ensure_index(
    settings: Settings,
    status: IndexStatus | None = None,
    notify: Notify | None = None,
    use_current_while_busy: bool = False,
) -> IngestReport | None:
    """Update the index when it is missing or stale, as `rag.index.ingest.ensure_index`, in either store."""
    if not uses_milvus(settings):
        return local_ingest.ensure_index(settings, status, notify, use_current_while_busy)
    status = status or index_status(settings)
    if status.state == IndexState.MISMATCH:
        raise IndexMismatchError(status.detail)
    if not status.needs_ingest:
        return None
    if notify is not None:
        notify(f"正在建立或更新索引（{status.detail}）……")
    return ingest(settings)


def store_label(settings: Settings) -> str:
    """Where the index lives, for messages: the index folder, or the Milvus URI and collection."""
    if not uses_milvus(settings):
        return str(settings.index_path)
    where = location(settings)
    return f"Milvus {where.shown} · {where.name}"
