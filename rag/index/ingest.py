"""Building and updating the index: only added, changed or removed files are re-processed.

`ingest` is what `rag ingest` and uploads run; `ensure_index` is the one way a query-side
command (search, ask, eval, the web app) writes an index: only when it is missing or stale.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

from rag.config import Settings
from rag.corpus.documents import Skipped, read_document
from rag.corpus.loaders import display_name, iter_corpus_files
from rag.errors import IndexDamagedError, IndexMismatchError, LoadError, UsageError
from rag.index.authority import citation_counts, document_names
from rag.index.build import build_indexes, missing_parts
from rag.index.lock import Notify, writer_active, writer_lock
from rag.index.passages import file_hash
from rag.index.storage import (
    SCHEMA_VERSION,
    FileRecord,
    IndexFiles,
    Manifest,
    current_folder,
    discard_build,
    new_build_folder,
    open_core,
    publish,
    read_manifest,
    remove_stale_builds,
    share_permissions,
    write_core,
)
from rag.index.status import IndexState, IndexStatus, corpus_files, embedder_mismatch, index_status, stat_key
from rag.types import Clause, DocMeta, Document

RETRIEVAL_SETTINGS = ("embedder", "embedder_dim", "query_instruction", "max_clause_chars")


@dataclass(frozen=True)
class IngestReport:
    """What an ingest did, for the summary line and the app's status."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    clauses: int = 0
    embedded: int = 0
    seconds: float = 0.0
    rebuilt_embedder: bool = False

    @property
    def files(self) -> int:
        return len(self.added) + len(self.changed) + len(self.unchanged)

    def summary(self) -> str:
        parts = [
            f"文件 {self.files} 个（新增 {len(self.added)}，更新 {len(self.changed)}，删除 {len(self.removed)}，未变 {len(self.unchanged)}）",
            f"条款 {self.clauses} 条，新编码 {self.embedded} 条",
            f"跳过 {len(self.skipped)} 个",
            f"用时 {self.seconds:.1f} 秒",
        ]
        return "；".join(parts)


@dataclass
class _Plan:
    """Documents of the new build, and which files were re-read."""

    documents: dict[str, Document]
    records: dict[str, FileRecord]
    report: IngestReport


def _old_documents(old: IndexFiles | None) -> dict[str, list[Clause]]:
    by_file: dict[str, list[Clause]] = {}
    for clause in old.clauses if old else []:
        by_file.setdefault(clause.file, []).append(clause)
    return by_file


def _reuse(old: IndexFiles, name: str, clauses: list[Clause]) -> Document | None:
    if name not in old.sources:
        return None
    return Document(source=old.sources[name], meta=old.meta(name), clauses=tuple(clauses))


def _load(path: Path, root: Path, settings: Settings) -> Document:
    return read_document(path, root, float(settings.max_upload_mb), settings.max_clause_chars)


def _plan(settings: Settings, targets: dict[str, Path], keep: set[str], old: IndexFiles | None) -> _Plan:
    root = settings.corpus_path
    old_clauses = _old_documents(old)
    old_records = old.manifest.files if old else {}
    documents: dict[str, Document] = {}
    records: dict[str, FileRecord] = {}
    added, changed, unchanged, skipped = [], [], [], []
    for name, path in _progress(sorted(targets.items()), "读取文件", settings):
        record = old_records.get(name)
        try:
            data = path.read_bytes()
        except OSError as error:
            skipped.append(Skipped(name, f"无法读取：{error.strerror or error}"))
            continue
        digest = file_hash(data)
        size, mtime = stat_key(path)
        if record and record.sha256 == digest and name in old_clauses and old is not None:
            reused = _reuse(old, name, old_clauses[name])
            if reused is not None:
                documents[name] = reused
                records[name] = replace(record, size=size, mtime_ns=mtime)
                unchanged.append(name)
                continue
        try:
            document = _load(path, root, settings)
        except LoadError as error:
            skipped.append(Skipped(name, error.reason))
            continue
        documents[name] = document
        src = document.source
        records[name] = FileRecord(name, digest, size, mtime, src.kind, src.encoding, len(document.clauses))
        (changed if record else added).append(name)
    for name in sorted(keep - set(targets)):
        if old is not None and name in old_clauses and name in old_records:
            reused = _reuse(old, name, old_clauses[name])
            if reused is not None:
                documents[name], records[name] = reused, old_records[name]
                unchanged.append(name)
    removed = sorted(set(old_records) - set(documents) - {item.file for item in skipped})
    report = IngestReport(added=added, changed=changed, removed=removed, unchanged=unchanged, skipped=skipped)
    return _Plan(documents, records, report)


def in_corpus(path: Path, root: Path) -> bool:
    """Whether `path` is in the corpus folder by name (symlinks are the loader's business)."""
    try:
        Path(os.path.abspath(path)).relative_to(os.path.abspath(root))
        return True
    except ValueError:
        return False


def outside_corpus(path: Path, root: Path) -> UsageError:
    # Indexing it would last only until the next command compares the index with the corpus.
    return UsageError(f"{path} 不在语料目录 {root} 中：只能索引语料目录里的文件，请先把它复制到语料目录")


def _progress(items: Iterable, label: str, settings: Settings) -> Iterable:
    if settings.no_progress or not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(list(items), desc=label, unit="个", leave=False)


def _targets(settings: Settings, paths: list[Path] | None) -> tuple[dict[str, Path], set[str]]:
    """Files to (re)read, and indexed files outside them that stay as they are."""
    if not paths:
        return corpus_files(settings), set()
    root = settings.corpus_path
    targets: dict[str, Path] = {}
    for path in paths:
        if not path.exists():
            raise UsageError(f"文件或目录不存在：{path}")
        if not in_corpus(path, root):
            # Indexing it would last only until the next command compares the index with the corpus.
            raise outside_corpus(path, root)
        files = iter_corpus_files(path) if path.is_dir() else [path]
        targets.update({display_name(item, root): item for item in files})
    manifest = read_manifest(settings.index_path)
    keep = set(manifest.files) if manifest else set()
    return targets, keep


def _citations(clauses: list[Clause], metas: dict[str, DocMeta]) -> dict[str, int]:
    """How often the other documents name each document (see rag.index.authority)."""
    texts: dict[str, list[str]] = {name: [] for name in metas}
    for clause in clauses:
        texts.setdefault(clause.file, []).append(clause.text)
    names = {name: document_names(meta.title, meta.doc_number) for name, meta in metas.items()}
    return citation_counts(names, {name: "\n".join(parts) for name, parts in texts.items()})


def ingest(
    settings: Settings,
    paths: list[Path] | None = None,
    rebuild: bool = False,
    notify: Notify | None = None,
    require_all: bool = False,
) -> IngestReport:
    """Bring the index up to date with the corpus (or add/update the given corpus files).

    One writer at a time: while another process plans, builds or publishes, this waits
    for it (after telling `notify`). With `require_all`, a file that cannot be read
    fails the whole update and nothing is published (an upload is all-or-nothing).
    """
    with writer_lock(settings.index_path, notify):
        return _ingest_locked(settings, paths, rebuild, require_all)


def _old_index(root: Path, settings: Settings, rebuild: bool) -> IndexFiles | None:
    """The live build to reuse, or None (rebuild, other format or embedder, damaged files)."""
    folder = current_folder(root)
    if folder is None or rebuild:
        return None
    try:
        old = open_core(folder)
    except IndexDamagedError:
        return None  # rebuilt from the corpus, which is what `rag ingest` after damage should do
    if old.manifest.schema_version != SCHEMA_VERSION or embedder_mismatch(old.manifest, settings):
        return None
    return old


def _ingest_locked(settings: Settings, paths: list[Path] | None, rebuild: bool, require_all: bool) -> IngestReport:
    started = time.perf_counter()
    root = settings.index_path
    targets, keep = _targets(settings, paths)
    remove_stale_builds(root) if root.exists() else None
    old = _old_index(root, settings, rebuild)
    plan = _plan(settings, targets, keep, old)
    if require_all and plan.report.skipped:
        raise UsageError("；".join(f"{item.file}：{item.reason}" for item in plan.report.skipped))
    build = new_build_folder(root)
    try:
        clauses, embedded, refit = _write_build(build, plan, settings, old)
        share_permissions(root, build, settings.corpus_path)
        missing = missing_parts(build, settings.embedder)
        if missing:
            raise IndexDamagedError(f"索引构建不完整（缺少 {'、'.join(missing)}），原索引保持不变")
        publish(root, build)
    except BaseException:
        discard_build(build)
        raise
    seconds = time.perf_counter() - started
    return replace(plan.report, clauses=len(clauses), embedded=embedded.new_rows, seconds=seconds, rebuilt_embedder=refit)


def _write_build(build: Path, plan: _Plan, settings: Settings, old: IndexFiles | None) -> tuple[list[Clause], Any, bool]:
    """Every file of a build: search structures first, the manifest last."""
    clauses = [clause for name in sorted(plan.documents) for clause in plan.documents[name].clauses]
    sources = {name: plan.documents[name].source for name in sorted(plan.documents)}
    embedded, refit = build_indexes(build, clauses, settings, old)
    manifest = Manifest(
        schema_version=SCHEMA_VERSION,
        created=time.strftime("%Y-%m-%dT%H:%M:%S"),
        corpus=str(settings.corpus_path),
        settings={key: value for key, value in settings.to_dict().items() if key in RETRIEVAL_SETTINGS},
        embedder=embedded.embedder_info,
        files=plan.records,
        skipped=[{"file": item.file, "reason": item.reason} for item in plan.report.skipped],
        clause_count=len(clauses),
    )
    metas = {name: plan.documents[name].meta for name in sorted(plan.documents)}
    citations = _citations(clauses, metas)
    write_core(build, IndexFiles(manifest, clauses, sources, embedded.vectors, embedded.hashes, metas=metas, citations=citations))
    return clauses, embedded, refit


def ensure_index(
    settings: Settings,
    status: IndexStatus | None = None,
    notify: Notify | None = None,
    use_current_while_busy: bool = False,
) -> IngestReport | None:
    """Bring the index up to date when it is missing or stale, the one way a query-side command writes it.

    `status` is an `IndexStatus` the caller has just computed. While another writer is at
    work, waits for it (telling `notify`); with `use_current_while_busy` a command that
    already has an index reads it as it is and says so instead. After waiting, the status
    is checked again, so an index another writer just brought up to date is not rebuilt.
    Returns the ingest report, or None when nothing was built; an IndexMismatchError when
    the index was built with another embedder (only a rebuild helps).
    """
    status = status or index_status(settings)
    if status.state == IndexState.MISMATCH:
        raise IndexMismatchError(status.detail)
    if not status.needs_ingest:
        return None
    root = settings.index_path
    if use_current_while_busy and status.state == IndexState.STALE and writer_active(root):
        _tell(notify, f"索引正在由另一个进程更新（{status.detail}），本次使用现有索引")
        return None
    with writer_lock(root, notify):
        status = index_status(settings)
        if status.state == IndexState.MISMATCH:
            raise IndexMismatchError(status.detail)
        if not status.needs_ingest:
            return None
        _tell(notify, f"正在建立或更新索引（{status.detail}）……")
        return _ingest_locked(settings, None, False, False)


def _tell(notify: Notify | None, message: str) -> None:
    if notify is not None:
        notify(message)
