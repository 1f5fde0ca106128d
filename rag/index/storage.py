"""The index folder: plainly named files plus a manifest, swapped into place atomically.

Layout under the index root (default `index/`):

    .write.lock                      held by the one writer at work (rag.index.lock)
    current -> build-<stamp>/        symlink, replaced atomically (os.replace)
    build-<stamp>/manifest.json      schema version, settings, embedder, corpus file hashes
    build-<stamp>/clauses.jsonl      one clause per line, in index order
    build-<stamp>/sources.jsonl      the text every clause offset refers to, per file
    build-<stamp>/documents.jsonl    what each document states about itself (title, 文号, dates...),
                                     and how often the other documents name it
    build-<stamp>/embeddings.npy     float32, one row per clause
    build-<stamp>/passage_hashes.json  content hash of each row's passage (embedding reuse)
    build-<stamp>/dense.faiss        FAISS index over the embeddings
    build-<stamp>/bm25/              BM25 index files
    build-<stamp>/embedder/          the fitted built-in embedder (when used)

A build is written into a fresh sibling folder, named after its writer process, and only
then pointed to by `current`, so a killed ingest leaves the previous index loadable.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import stat
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rag.corpus.metadata import extract_meta
from rag.errors import IndexDamagedError, IndexMissingError
from rag.index.lock import held_here, owner_alive, owner_tag
from rag.types import Clause, DocMeta, SourceText

SCHEMA_VERSION = 10  # 2: documents.jsonl with each file's metadata; 3: with its citation count; 4: portal headers; 5: clause ids keep non-.txt extensions; 6: a signature closes the text; 7: a table caption heads its tab-separated rows; 8: a web page's posting stamp is its 发布日期; 9: the stamp is its own clause (stamp.posted, 网页发布时间); 10: an unnumbered heading that heads nothing is text
CURRENT = "current"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class FileRecord:
    """What the index knows of one corpus file."""

    file: str
    sha256: str
    size: int
    mtime_ns: int
    kind: str
    encoding: str
    clauses: int


@dataclass(frozen=True)
class Manifest:
    """Everything needed to tell whether an index is current and compatible."""

    schema_version: int
    created: str
    corpus: str
    settings: dict[str, Any]
    embedder: dict[str, Any]  # {"name": ..., "dim": ...}
    files: dict[str, FileRecord]
    skipped: list[dict[str, str]] = field(default_factory=list)
    clause_count: int = 0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["files"] = {name: asdict(record) for name, record in self.files.items()}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Manifest":
        files = {name: FileRecord(**record) for name, record in data.get("files", {}).items()}
        return cls(**{**data, "files": files})


@dataclass
class IndexFiles:
    """The contents of one build, in memory."""

    manifest: Manifest
    clauses: list[Clause]
    sources: dict[str, SourceText]
    embeddings: np.ndarray
    passage_hashes: list[str]
    folder: Path | None = None
    metas: dict[str, DocMeta] = field(default_factory=dict)
    citations: dict[str, int] = field(default_factory=dict)  # how often other documents name each file

    def meta(self, file: str) -> DocMeta:
        """The metadata of `file`, read from its text when the build did not store it."""
        if file not in self.metas:
            self.metas[file] = extract_meta(self.sources[file].text)
        return self.metas[file]


def current_folder(root: Path) -> Path | None:
    """The folder of the live build, or None when there is none."""
    link = root / CURRENT
    if not link.exists():
        return None
    target = link.resolve()
    return target if (target / MANIFEST).is_file() else None


def read_manifest(root: Path) -> Manifest | None:
    """The live build's manifest; None when there is none or it cannot be read (a rebuild follows)."""
    folder = current_folder(root)
    if folder is None:
        return None
    try:
        return Manifest.from_dict(json.loads((folder / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def _source_to_dict(source: SourceText) -> dict[str, Any]:
    data = asdict(source)
    data["page_starts"] = list(source.page_starts)
    return data


def _source_from_dict(data: dict[str, Any]) -> SourceText:
    return SourceText(**{**data, "page_starts": tuple(data.get("page_starts") or ())})


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_core(folder: Path, files: IndexFiles) -> None:
    """Write clauses, sources, embeddings, hashes and, last, the manifest into the existing `folder`.

    The folder is never created here: a build folder that vanished must fail the build,
    not be recreated half-empty and published.
    """
    if not folder.is_dir():
        raise FileNotFoundError(f"build folder {folder} is gone")
    _write_jsonl(folder / "clauses.jsonl", [clause.to_dict() for clause in files.clauses])
    _write_jsonl(folder / "sources.jsonl", [_source_to_dict(source) for source in files.sources.values()])
    rows = [{"file": name, "cited_by": files.citations.get(name, 0), **asdict(meta)} for name, meta in files.metas.items()]
    _write_jsonl(folder / "documents.jsonl", rows)
    np.save(folder / "embeddings.npy", files.embeddings.astype(np.float32))
    (folder / "passage_hashes.json").write_text(json.dumps(files.passage_hashes), encoding="utf-8")
    manifest_text = json.dumps(files.manifest.to_dict(), ensure_ascii=False, indent=2)
    (folder / MANIFEST).write_text(manifest_text, encoding="utf-8")


def read_core(folder: Path) -> IndexFiles:
    """Read what `write_core` wrote."""
    manifest = Manifest.from_dict(json.loads((folder / MANIFEST).read_text(encoding="utf-8")))
    clauses = [Clause.from_dict(row) for row in _read_jsonl(folder / "clauses.jsonl")]
    sources = {row["file"]: _source_from_dict(row) for row in _read_jsonl(folder / "sources.jsonl")}
    embeddings = np.load(folder / "embeddings.npy", mmap_mode="r")  # rows read by an update and by clause similarity; search uses dense.faiss
    hashes = json.loads((folder / "passage_hashes.json").read_text(encoding="utf-8"))
    documents = folder / "documents.jsonl"
    rows = _read_jsonl(documents) if documents.is_file() else []
    citations = {row["file"]: int(row.pop("cited_by", 0)) for row in rows}
    metas = {row.pop("file"): DocMeta(**row) for row in rows}
    return IndexFiles(manifest, clauses, sources, embeddings, hashes, folder, metas, citations)


def open_core(folder: Path) -> IndexFiles:
    """`read_core`, with any damage to the files turned into one IndexDamagedError."""
    try:
        return read_core(folder)
    except Exception as error:  # the one boundary where unreadable index files become a message
        raise damaged(folder, error) from error


def damaged(folder: Path, error: BaseException) -> IndexDamagedError:
    """The error for a build whose files cannot be read; the detail names the file, not a traceback."""
    where = getattr(error, "filename", None) or folder
    return IndexDamagedError(
        f"索引文件已损坏或缺失（{where}：{type(error).__name__}），请运行 rag ingest --rebuild 重建索引"
    )


def new_build_folder(root: Path) -> Path:
    """A fresh, empty folder for a build, next to the live one, named after its writer process."""
    root.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    folder = root / f"build-{stamp}-{owner_tag()}-{secrets.token_hex(3)}"
    folder.mkdir()
    return folder


def publish(root: Path, folder: Path) -> None:
    """Point `current` at the complete build `folder` atomically, then remove stale builds.

    The caller holds the writer lock (rag.index.lock), so no other process publishes or
    removes builds meanwhile.
    """
    if not held_here(root):
        raise RuntimeError("publish() needs the index writer lock")
    link = root / CURRENT
    temporary = root / f".current-{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(folder.name)
    os.replace(temporary, link)
    remove_stale_builds(root)


def remove_stale_builds(root: Path) -> None:
    """Delete builds nobody needs; call with the writer lock held.

    An unfinished build (no manifest yet) goes only when the process that was writing it
    has died. Of the finished builds `current` no longer points to, the newest stays for
    one more publish: a reader that resolved `current` just before the switch may still
    be opening it.
    """
    live = current_folder(root)
    finished: list[Path] = []
    for path in root.glob("build-*"):
        if not path.is_dir() or path.resolve() == live:
            continue
        if (path / MANIFEST).is_file():
            finished.append(path)
        elif not owner_alive(path.name):
            shutil.rmtree(path, ignore_errors=True)
    finished.sort(key=lambda path: (path / MANIFEST).stat().st_mtime_ns)
    for path in finished[:-1]:
        shutil.rmtree(path, ignore_errors=True)


def share_permissions(root: Path, build: Path, corpus: Path) -> None:
    """Give the index root and a build the access the corpus folder grants, no more.

    Group and others get the corpus folder's bits (files without execute); the owner
    keeps full access so that later writers can replace and remove builds.
    """
    mode = stat.S_IMODE(corpus.stat().st_mode)
    folder_mode, file_mode = mode | 0o700, (mode & 0o666) | 0o600
    os.chmod(root, folder_mode)
    for folder, _, names in os.walk(build):
        os.chmod(folder, folder_mode)
        for name in names:
            os.chmod(os.path.join(folder, name), file_mode)


def discard_build(folder: Path) -> None:
    """Remove a build this process gave up on (its writer failed before publishing)."""
    shutil.rmtree(folder, ignore_errors=True)


def require_folder(root: Path) -> Path:
    folder = current_folder(root)
    if folder is None:
        raise IndexMissingError(f"索引目录 {root} 中没有可用的索引，请先运行 rag ingest")
    return folder
