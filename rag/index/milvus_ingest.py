"""Building and updating the index in Milvus (rag.index.milvus_store), file by file.

Like the local index (rag.index.ingest): files are compared by content hash, and only
added or changed files are read, split, embedded and written; the rows of deleted files
are removed. A full build (the first one, `--rebuild`, another schema version, or a
built-in embedder that must be refitted because much of the corpus is new) goes into a
fresh collection that replaces the old one when complete.

BM25 document weights depend on the average clause length; an update keeps the average
the rows were weighted with, and a full build re-weights when the corpus' average has
moved by more than `AVGDL_DRIFT`.
"""

from __future__ import annotations

import io
import json
import tarfile
import tempfile
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from rag.config import Settings
from rag.corpus.documents import Skipped, read_document
from rag.corpus.loaders import display_name, iter_corpus_files
from rag.errors import IndexMismatchError, LoadError, UsageError
from rag.index.authority import citation_counts, document_names
from rag.index.build import REFIT_SHARE, fit_builtin, passage_vectors
from rag.index.embedders import BuiltinEmbedder, make_embedder
from rag.index.ingest import RETRIEVAL_SETTINGS, IngestReport, in_corpus, outside_corpus
from rag.index.milvus_store import (
    CLAUSE_SCHEMA_VERSION,
    CLAUSE_VERSION_PROPERTY,
    CLAUSE,
    EMBEDDER_PROPERTY,
    FILE,
    MAX_DATA_BYTES,
    SCHEMA_VERSION,
    TEXT,
    VERSION_PROPERTY,
    MilvusStore,
    blank_row,
    fits,
    none_of,
    one_of,
    quote,
    text_rows,
)
from rag.index.passages import content_hash, dense_texts, file_hash, passage_text
from rag.index.sparse_bm25 import PLACEHOLDER_TERM, TermStats
from rag.index.status import IndexState, IndexStatus, corpus_files, embedder_mismatch, stat_key
from rag.index.storage import FileRecord, Manifest
from rag.index.tokenizer import DEFAULT_CONFIG, tokenize_many
from rag.interfaces import Embedder
from rag.text.doc_numbers import doc_number_key
from rag.types import Clause, DocMeta, Document, SourceText

AVGDL_DRIFT = 0.05
MANIFEST_BLOB, STATS_BLOB, EMBEDDER_BLOB = "manifest", "stats", "embedder"


@dataclass
class StoreState:
    """What a built store says about itself: files, metadata, BM25 statistics, manifest."""

    collection: str
    embedder: dict[str, Any]
    manifest: dict[str, Any]
    records: dict[str, FileRecord]
    metas: dict[str, DocMeta]
    citations: dict[str, int]
    sources: dict[str, dict[str, Any]]  # kind, encoding, page_starts of each file
    stats: TermStats

    @property
    def dim(self) -> int:
        return int(self.embedder["dim"])

    @property
    def weights_avgdl(self) -> float:
        return float(self.manifest.get("weights_avgdl") or 0.0)


def _mismatch(embedder: dict[str, Any], settings: Settings) -> str | None:
    return embedder_mismatch(Manifest(SCHEMA_VERSION, "", "", {}, embedder, {}), settings)


def read_state(store: MilvusStore) -> StoreState | None:
    """The state of the live build, or None when there is none or its schema is another version."""
    live = store.live()
    if live is None:
        return None
    properties = store.properties()
    versions = (properties.get(VERSION_PROPERTY), properties.get(CLAUSE_VERSION_PROPERTY))
    if versions != (str(SCHEMA_VERSION), str(CLAUSE_SCHEMA_VERSION)):
        return None
    store.load(live)
    records, metas, citations, sources = {}, {}, {}, {}
    for row in store.rows(f'kind == "{FILE}"', ["file", "data"]):
        data = json.loads(row["data"])
        records[row["file"]] = FileRecord(**data["record"])
        metas[row["file"]] = DocMeta(**data["meta"])
        citations[row["file"]] = int(data.get("cited_by", 0))
        sources[row["file"]] = data["source"]
    manifest = json.loads((store.get_blob(MANIFEST_BLOB) or b"{}").decode("utf-8"))
    stats_bytes = store.get_blob(STATS_BLOB)
    stats = TermStats.from_bytes(stats_bytes) if stats_bytes else TermStats()
    embedder = json.loads(properties.get(EMBEDDER_PROPERTY) or "{}")
    return StoreState(live, embedder, manifest, records, metas, citations, sources, stats)


# ---------------------------------------------------------------------- status


def milvus_status(settings: Settings) -> IndexStatus:
    """Compare the store with the corpus folder, like `rag.index.status.index_status`."""
    store = MilvusStore.open(settings)
    if store.live() is None:
        return IndexStatus(IndexState.MISSING, "尚未建立索引")
    state = read_state(store)
    if state is None:
        return IndexStatus(IndexState.STALE, "索引格式已更新")
    mismatch = _mismatch(state.embedder, settings)
    if mismatch:
        return IndexStatus(IndexState.MISMATCH, mismatch)
    skipped = {item["file"] for item in state.manifest.get("skipped", [])}
    files = corpus_files(settings)
    for name, path in files.items():
        record = state.records.get(name)
        if record is None:
            if name not in skipped:
                return IndexStatus(IndexState.STALE, f"新文件 {name}")
            continue
        if (record.size, record.mtime_ns) != stat_key(path) and file_hash(path.read_bytes()) != record.sha256:
            return IndexStatus(IndexState.STALE, f"文件已修改 {name}")
    gone = sorted(set(state.records) - set(files))
    return IndexStatus(IndexState.STALE, f"文件已删除 {gone[0]}") if gone else IndexStatus(IndexState.OK)


# ---------------------------------------------------------------------- planning


@dataclass
class _Plan:
    """Files read anew, every file's record after the update, and what happened."""

    documents: dict[str, Document]
    records: dict[str, FileRecord]
    restamped: list[str]  # unchanged content, new size or time: only the record row changes
    report: IngestReport
    skipped: list[Skipped] = field(default_factory=list)


def _targets(settings: Settings, paths: list[Path] | None, state: StoreState | None) -> tuple[dict[str, Path], set[str]]:
    """Files to (re)read, and stored files outside them that stay as they are."""
    if not paths:
        return corpus_files(settings), set()
    root = settings.corpus_path
    targets: dict[str, Path] = {}
    for path in paths:
        if not path.exists():
            raise UsageError(f"文件或目录不存在：{path}")
        if not in_corpus(path, root):
            raise outside_corpus(path, root)
        files = iter_corpus_files(path) if path.is_dir() else [path]
        targets.update({display_name(item, root): item for item in files})
    return targets, set(state.records) if state else set()


def _plan(settings: Settings, targets: dict[str, Path], keep: set[str], state: StoreState | None) -> _Plan:
    old = state.records if state else {}
    documents: dict[str, Document] = {}
    records = {name: old[name] for name in keep - set(targets) if name in old}
    added, changed, unchanged, restamped, skipped = [], [], sorted(records), [], []
    for name, path in sorted(targets.items()):
        try:
            data = path.read_bytes()
        except OSError as error:
            skipped.append(Skipped(name, f"无法读取：{error.strerror or error}"))
            continue
        digest, (size, mtime) = file_hash(data), stat_key(path)
        record = old.get(name)
        if record is not None and record.sha256 == digest:
            records[name] = replace(record, size=size, mtime_ns=mtime)
            unchanged.append(name)
            if (record.size, record.mtime_ns) != (size, mtime):
                restamped.append(name)
            continue
        try:
            document = read_document(path, settings.corpus_path, float(settings.max_upload_mb), settings.max_clause_chars)
        except LoadError as error:
            skipped.append(Skipped(name, error.reason))
            continue
        documents[name] = document
        source = document.source
        records[name] = FileRecord(name, digest, size, mtime, source.kind, source.encoding, len(document.clauses))
        (changed if record else added).append(name)
    removed = sorted(set(old) - set(records) - {item.file for item in skipped})
    report = IngestReport(added=added, changed=changed, removed=removed, unchanged=sorted(unchanged), skipped=skipped)
    return _Plan(documents, records, restamped, report, skipped)


# ---------------------------------------------------------------------- rows


def clause_row(clause: Clause, position: int, meta: DocMeta, weights: dict[int, float], vector: np.ndarray, digest: str) -> dict[str, Any]:
    """The row of one clause: SPEC fields as JSON, filter fields, its BM25 weights and vector."""
    data = json.dumps(clause.to_dict(), ensure_ascii=False)
    if len(data.encode("utf-8")) > MAX_DATA_BYTES:
        raise UsageError(f"{clause.file}：条款 {clause.clause_id} 过长（超过 64 KB），无法写入 Milvus；请调小 max_clause_chars")
    return {
        "key": f"clause/{clause.clause_id}", "kind": CLAUSE, "file": clause.file, "position": position,
        "active": clause.duplicate_of is None, "issuer": fits(clause.issuer or "", "issuer"),
        "doc_number": fits(doc_number_key(clause.doc_number or ""), "doc_number"),
        "level": fits(meta.level or "", "level"), "region": fits(meta.region or "", "region"),
        "year": int(clause.date[:4]) if clause.date else 0, "data": data, "passage_hash": digest,
        "sparse": weights or {PLACEHOLDER_TERM: 1e-6}, "dense": [float(value) for value in vector],
    }


def file_row(record: FileRecord, meta: DocMeta, cited_by: int, source: SourceText | dict[str, Any], dim: int) -> dict[str, Any]:
    if isinstance(source, SourceText):
        source = {"kind": source.kind, "encoding": source.encoding, "page_starts": list(source.page_starts)}
    data = {"record": asdict(record), "meta": asdict(meta), "cited_by": cited_by, "source": source}
    return blank_row(f"file/{record.file}", FILE, record.file, 0, json.dumps(data, ensure_ascii=False), dim)


@dataclass(frozen=True)
class _Passages:
    """The passages of some clauses: texts, tokens, what the embedder reads and its content hashes, in clause order."""

    clauses: list[Clause]
    texts: list[str]
    tokens: list[list[str]]
    dense: list[str]
    hashes: list[str]

    @classmethod
    def of(cls, clauses: list[Clause], embedder: str) -> "_Passages":
        texts = [passage_text(clause) for clause in clauses]
        dense = dense_texts(clauses, texts, embedder)
        return cls(clauses, texts, tokenize_many(texts), dense, [content_hash(text) for text in dense])


def _document_rows(documents: dict[str, Document], passages: _Passages, vectors: np.ndarray, stats: TermStats,
                   avgdl: float) -> Iterator[dict[str, Any]]:
    """Clause and text rows of `documents`, made as they are written (a whole corpus of rows would not fit in memory)."""
    row = 0
    for name in sorted(documents):
        document = documents[name]
        for position, clause in enumerate(document.clauses):
            weights = stats.document_weights(passages.tokens[row], avgdl)
            yield clause_row(clause, position, document.meta, weights, vectors[row], passages.hashes[row])
            row += 1
        yield from text_rows(name, document.source.text, vectors.shape[1])


def _clauses(documents: dict[str, Document]) -> list[Clause]:
    return [clause for name in sorted(documents) for clause in documents[name].clauses]


def _citations(texts: dict[str, str], metas: dict[str, DocMeta]) -> dict[str, int]:
    names = {name: document_names(meta.title, meta.doc_number) for name, meta in metas.items()}
    return citation_counts(names, {name: texts.get(name, "") for name in metas})


# ---------------------------------------------------------------------- embedder


def _pack(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for path in sorted(folder.iterdir()):
            archive.add(path, arcname=path.name)
    return buffer.getvalue()


def load_embedder(store: MilvusStore, settings: Settings) -> Embedder:
    """The embedder of the live build: the fitted built-in one from the store, or the configured model."""
    if settings.embedder != "builtin":
        return make_embedder(settings)
    data = store.get_blob(EMBEDDER_BLOB)
    if data is None:
        raise IndexMismatchError("Milvus 中的索引缺少内置向量模型，请运行 rag ingest --rebuild 重建")
    with tempfile.TemporaryDirectory(prefix="rag-embedder-") as folder:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            archive.extractall(folder, filter="data")
        return BuiltinEmbedder.load(folder)


def _save_embedder(store: MilvusStore, embedder: Any, dim: int, collection: str) -> None:
    with tempfile.TemporaryDirectory(prefix="rag-embedder-") as folder:
        embedder.save(Path(folder))
        store.put_blob(EMBEDDER_BLOB, _pack(Path(folder)), dim, collection)


def _info(settings: Settings, embedder: Any) -> dict[str, Any]:
    info = {"name": settings.embedder, "model": embedder.name, "dim": int(embedder.dim)}
    version = getattr(embedder, "version", None)  # engines whose vectors change between releases (e5-small)
    return {**info, "version": version} if version else info


# ---------------------------------------------------------------------- full build


def _manifest(settings: Settings, skipped: list[Skipped], avgdl: float) -> bytes:
    data = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "corpus": str(settings.corpus_path),
        "settings": {key: value for key, value in settings.to_dict().items() if key in RETRIEVAL_SETTINGS},
        "tokenizer": DEFAULT_CONFIG.to_dict(),
        "skipped": [{"file": item.file, "reason": item.reason} for item in skipped],
        "weights_avgdl": avgdl,
    }
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _embed_all(store: MilvusStore, settings: Settings, passages: _Passages, reused: dict[str, list[float]] | None) -> tuple[Any, np.ndarray, int]:
    """Embedder and vectors of every passage; (embedder, vectors, rows embedded).

    `reused` holds stored vectors by content hash; None refits the built-in embedder.
    """
    if settings.embedder == "builtin" and reused is None:
        embedder, vectors = fit_builtin(settings, passages.tokens)
        return embedder, vectors, len(passages.texts)
    reused = reused or {}
    embedder = load_embedder(store, settings) if settings.embedder == "builtin" else make_embedder(settings)
    vectors = np.zeros((len(passages.texts), int(embedder.dim)), dtype=np.float32)
    missing = [row for row, digest in enumerate(passages.hashes) if digest not in reused]
    for row, digest in enumerate(passages.hashes):
        if digest in reused:
            vectors[row] = reused[digest]
    if missing:
        vectors[missing] = passage_vectors(embedder, [passages.dense[row] for row in missing], [passages.tokens[row] for row in missing])
    return embedder, vectors, len(missing)


def _full_build(store: MilvusStore, settings: Settings, documents: dict[str, Document], plan: _Plan, refit: bool) -> tuple[int, bool]:
    """Write every document into a new collection and make it the live one; (rows embedded, refitted).

    Without `refit` the stored embedder and vectors are kept (a re-weighting of BM25 only).
    """
    passages = _Passages.of(_clauses(documents), settings.embedder)
    reused = None if refit else _reused_vectors(store, passages.hashes)
    embedder, vectors, embedded = _embed_all(store, settings, passages, reused)
    stats = TermStats()
    stats.update(passages.tokens)
    dim = int(embedder.dim)
    collection = store.new_generation(dim, _info(settings, embedder))
    try:
        store.upsert(_document_rows(documents, passages, np.asarray(vectors, dtype=np.float32), stats, stats.avgdl), collection)
        texts = {name: "\n".join(clause.text for clause in document.clauses) for name, document in documents.items()}
        metas = {name: document.meta for name, document in documents.items()}
        citations = _citations(texts, metas)
        rows = [file_row(plan.records[name], metas[name], citations.get(name, 0), documents[name].source, dim) for name in sorted(documents)]
        store.upsert(rows, collection)
        if settings.embedder == "builtin":
            _save_embedder(store, embedder, dim, collection)
        store.put_blob(STATS_BLOB, stats.to_bytes(), dim, collection)
        store.put_blob(MANIFEST_BLOB, _manifest(settings, plan.skipped, stats.avgdl), dim, collection)
        store.flush(collection)
        store.publish(collection)
    except BaseException:
        store.drop(collection)
        raise
    return embedded, settings.embedder == "builtin" and refit


def stored_documents(store: MilvusStore, state: StoreState, files: set[str]) -> dict[str, Document]:
    """Documents rebuilt from the store's rows (no corpus file is read)."""
    if not files:
        return {}
    clauses: dict[str, list[tuple[int, Clause]]] = {name: [] for name in files}
    texts: dict[str, list[tuple[int, str]]] = {name: [] for name in files}
    expression = f'kind in ["{CLAUSE}", "{TEXT}"] and {one_of("file", sorted(files))}'
    for row in store.rows(expression, ["kind", "file", "position", "data"]):
        if row["kind"] == CLAUSE:
            clauses[row["file"]].append((row["position"], Clause.from_dict(json.loads(row["data"]))))
        else:
            texts[row["file"]].append((row["position"], row["data"]))
    documents = {}
    for name in files:
        info = state.sources.get(name, {})
        text = "".join(part for _, part in sorted(texts[name]))
        source = SourceText(name, text, info.get("kind", "txt"), info.get("encoding", "utf-8"), tuple(info.get("page_starts") or ()))
        ordered = tuple(clause for _, clause in sorted(clauses[name], key=lambda item: item[0]))
        documents[name] = Document(source, state.metas.get(name, DocMeta()), ordered)
    return documents


# ---------------------------------------------------------------------- update


def _reused_vectors(store: MilvusStore, hashes: list[str]) -> dict[str, list[float]]:
    """Stored vectors of passages whose content hash is already in the store."""
    found: dict[str, list[float]] = {}
    wanted = sorted(set(hashes))
    for start in range(0, len(wanted), 500):
        expression = f'kind == "{CLAUSE}" and {one_of("passage_hash", wanted[start : start + 500])}'
        for row in store.rows(expression, ["passage_hash", "dense"]):
            found[row["passage_hash"]] = row["dense"]
    return found


def _old_tokens(store: MilvusStore, files: list[str]) -> list[list[str]]:
    if not files:
        return []
    rows = store.rows(f'kind == "{CLAUSE}" and {one_of("file", files)}', ["data"])
    return tokenize_many([passage_text(Clause.from_dict(json.loads(row["data"]))) for row in rows])


def _all_clause_texts(store: MilvusStore, skip: set[str]) -> dict[str, str]:
    """Each stored file's clause texts joined (for citation counts), except the files in `skip`."""
    parts: dict[str, list[tuple[int, str]]] = {}
    for row in store.rows(f'kind == "{CLAUSE}"', ["file", "position", "data"]):
        if row["file"] not in skip:
            parts.setdefault(row["file"], []).append((row["position"], json.loads(row["data"])["text"]))
    return {name: "\n".join(text for _, text in sorted(items)) for name, items in parts.items()}


def _vectors(store: MilvusStore, settings: Settings, passages: _Passages, total: int) -> tuple[np.ndarray | None, int]:
    """Vectors of new passages (stored ones reused); None when the built-in embedder must be refitted."""
    reused = _reused_vectors(store, passages.hashes)
    missing = sum(digest not in reused for digest in passages.hashes)
    if settings.embedder == "builtin" and missing / max(1, total) > REFIT_SHARE:
        return None, missing
    _, vectors, embedded = _embed_all(store, settings, passages, reused)
    return vectors, embedded


REFIT, REWEIGHT = "refit", "reweight"


def _update(store: MilvusStore, state: StoreState, settings: Settings, plan: _Plan) -> tuple[int, bool] | str:
    """Write the changes of `plan` in place: (rows embedded, False), or why a full build is needed instead."""
    documents, dim = plan.documents, state.dim
    gone = sorted(set(state.records) - set(plan.records))
    if not documents and not gone:  # nothing to re-index: new file times and the skipped list at most
        rows = [file_row(plan.records[name], state.metas.get(name, DocMeta()), state.citations.get(name, 0),
                         state.sources.get(name, {}), dim) for name in plan.restamped]
        store.upsert(rows)
        store.put_blob(MANIFEST_BLOB, _manifest(settings, plan.skipped, state.weights_avgdl), dim)
        return 0, False
    passages = _Passages.of(_clauses(documents), settings.embedder)
    stats = state.stats
    stats.update(passages.tokens, _old_tokens(store, sorted(set(documents) & set(state.records)) + gone))
    if abs(stats.avgdl - state.weights_avgdl) > AVGDL_DRIFT * max(state.weights_avgdl, 1e-9):
        return REWEIGHT
    vectors, embedded = _vectors(store, settings, passages, sum(record.clauses for record in plan.records.values()))
    if vectors is None:
        return REFIT
    _replace_rows(store, documents, gone, list(_document_rows(documents, passages, vectors, stats, state.weights_avgdl)))
    _write_files(store, state, plan, dim)
    store.put_blob(STATS_BLOB, stats.to_bytes(), dim)
    store.put_blob(MANIFEST_BLOB, _manifest(settings, plan.skipped, state.weights_avgdl), dim)
    store.flush(state.collection)
    return embedded, False


def _replace_rows(store: MilvusStore, documents: dict[str, Document], gone: list[str], rows: list[dict[str, Any]]) -> None:
    """Upsert the rows of re-read files, then drop their rows that no longer exist and all rows of gone files."""
    store.upsert(rows)
    for name in sorted(documents):
        keys = [row["key"] for row in rows if row["file"] == name and row["kind"] in (CLAUSE, TEXT)]
        store.delete(f'kind in ["{CLAUSE}", "{TEXT}"] and file == {quote(name)} and {none_of("key", keys)}')
    if gone:
        store.delete(f'kind in ["{CLAUSE}", "{TEXT}", "{FILE}"] and {one_of("file", gone)}')


def _write_files(store: MilvusStore, state: StoreState, plan: _Plan, dim: int) -> None:
    """File rows of new and re-stamped files, and of every file whose citation count changed."""
    documents = plan.documents
    texts = _all_clause_texts(store, set(documents))
    texts.update({name: "\n".join(clause.text for clause in document.clauses) for name, document in documents.items()})
    metas = {name: (documents[name].meta if name in documents else state.metas.get(name, DocMeta())) for name in plan.records}
    citations = _citations(texts, metas)
    rows = []
    for name, record in sorted(plan.records.items()):
        count = citations.get(name, 0)
        if name in documents or name in plan.restamped or count != state.citations.get(name):
            source = documents[name].source if name in documents else state.sources.get(name, {})
            rows.append(file_row(record, metas[name], count, source, dim))
    store.upsert(rows)


# ---------------------------------------------------------------------- entry point


def ingest_milvus(settings: Settings, paths: list[Path] | None = None, rebuild: bool = False) -> IngestReport:
    """Bring the Milvus store up to date with the corpus (or add/update the given files)."""
    started = time.perf_counter()
    store = MilvusStore.open(settings)
    state = None if rebuild else read_state(store)
    if state is not None and _mismatch(state.embedder, settings):
        state = None
    targets, keep = _targets(settings, paths, state)
    plan = _plan(settings, targets, keep, state)
    outcome = _update(store, state, settings, plan) if state is not None else REFIT
    if isinstance(outcome, str):
        documents = dict(plan.documents)
        if state is not None:
            documents.update(stored_documents(store, state, set(plan.records) - set(documents)))
        outcome = _full_build(store, settings, documents, plan, refit=outcome == REFIT)
    embedded, refit = outcome
    clauses = sum(record.clauses for record in plan.records.values())
    seconds = time.perf_counter() - started
    return replace(plan.report, clauses=clauses, embedded=embedded, seconds=seconds, rebuilt_embedder=refit)
