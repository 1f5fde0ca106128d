"""Adding uploaded files to the corpus: validated first, then copied, then indexed incrementally.

A file is read with the same loader the index uses *before* it is copied, so a file that
cannot be read never enters the corpus folder. The copy goes through a hidden temporary
name (ignored by corpus scans) and `os.replace`, so a half-copied file is never indexed.
When indexing fails the copied files are removed again and the previous index stays live
(ingest publishes a new build only when it is complete).
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rag.config import Settings
from rag.errors import LoadError, RagError, UsageError
from rag.index.ingest import IngestReport
from rag.index.store import ingest
from rag.corpus.loaders import SUPPORTED_SUFFIXES, load_source, unsupported_reason

MAX_FILES_PER_UPLOAD = 10
MAX_NAME_CHARS = 120
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_RESERVED = re.compile(r'[<>:"|?*]')


@dataclass(frozen=True)
class UploadOutcome:
    """What an upload did: files added, per-file problems, and the ingest report."""

    added: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    report: IngestReport | None = None

    @property
    def ok(self) -> bool:
        return bool(self.added) and not self.errors

    def message(self) -> str:
        """One Chinese paragraph for the page."""
        lines = []
        if self.added:
            lines.append(f"已加入并索引：{'、'.join(self.added)}。")
            if self.report is not None:
                lines.append(f"索引已更新：{self.report.summary()}。")
        lines.extend(f"未加入：{error}" for error in self.errors)
        return "\n".join(lines) or "没有选择文件。"


def safe_file_name(name: str) -> str:
    """The bare file name to store under the corpus folder; a UsageError for unsafe names.

    Directories are stripped (browsers may send them); a name that tries to climb out of a
    folder with `..` is refused outright rather than silently repaired.
    """
    parts = re.split(r"[\\/]", name or "")
    if any(part.strip() == ".." for part in parts):
        raise UsageError(f"文件名不允许包含“..”路径：{name!r}")
    base = parts[-1].strip()
    if not base:
        raise UsageError("文件名为空")
    if _CONTROL.search(base) or _RESERVED.search(base):
        raise UsageError(f"文件名含有不允许的字符：{base!r}")
    if ".." in base or base.startswith((".", "~$")):
        raise UsageError(f"文件名不允许以“.”或“~$”开头，也不允许包含“..”：{base}")
    if len(base) > MAX_NAME_CHARS:
        raise UsageError(f"文件名过长（超过 {MAX_NAME_CHARS} 个字符）")
    suffix = Path(base).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UsageError(f"{base}：{unsupported_reason(suffix)}")
    return base


def validate_upload(path: Path, name: str, settings: Settings) -> str:
    """Check name, size and readability of an uploaded file; returns its safe name."""
    safe = safe_file_name(name)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise UsageError(f"{safe}：无法读取上传的文件（{error.strerror or error}）") from error
    if size > settings.max_upload_mb * 1024 * 1024:
        raise UsageError(f"{safe}：文件超过 {settings.max_upload_mb} MB 的上限")
    try:
        load_source(path, path.parent, float(settings.max_upload_mb))
    except LoadError as error:
        raise UsageError(f"{safe}：{error.reason}") from error
    return safe


def _same_bytes(first: Path, second: Path) -> bool:
    return first.stat().st_size == second.stat().st_size and first.read_bytes() == second.read_bytes()


def _copy_in(path: Path, target: Path) -> None:
    """Copy through a hidden temporary name so that no scan sees a half-written file."""
    temporary = target.with_name(f".upload-{uuid.uuid4().hex}{target.suffix}")
    try:
        shutil.copyfile(path, temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _place(path: Path, name: str, settings: Settings, taken: set[str]) -> Path:
    """Validate one file and copy it into the corpus; returns its corpus path."""
    safe = validate_upload(path, name, settings)
    target = settings.corpus_path / safe
    if safe in taken:
        raise UsageError(f"{safe}：同一批上传中有重名文件")
    if target.exists():
        detail = "内容相同，已在语料中" if _same_bytes(path, target) else "语料中已有同名文件，请改名后再上传"
        raise UsageError(f"{safe}：{detail}")
    _copy_in(path, target)
    taken.add(safe)
    return target


def add_uploads(files: Sequence[tuple[Path, str]], settings: Settings) -> UploadOutcome:
    """Validate, copy and index uploaded files given as (temporary path, original name)."""
    if len(files) > MAX_FILES_PER_UPLOAD:
        return UploadOutcome(errors=(f"一次最多上传 {MAX_FILES_PER_UPLOAD} 个文件（本次 {len(files)} 个）",))
    if not settings.corpus_path.is_dir():
        return UploadOutcome(errors=(f"语料目录不存在：{settings.corpus_path}",))
    placed: list[Path] = []
    errors: list[str] = []
    for path, name in files:
        try:
            placed.append(_place(Path(path), name, settings, {item.name for item in placed}))
        except (UsageError, OSError) as error:
            errors.append(error.message if isinstance(error, RagError) else f"{name}：{error}")
    if not placed:
        return UploadOutcome(errors=tuple(errors))
    return _index(placed, errors, settings)


def _index(placed: list[Path], errors: list[str], settings: Settings) -> UploadOutcome:
    """Incremental ingest of the placed files; on failure they leave the corpus again."""
    try:
        report = ingest(settings, placed)
    except (RagError, OSError) as error:
        _remove(placed)
        reason = error.message if isinstance(error, RagError) else str(error)
        return UploadOutcome(errors=(*errors, f"索引更新失败，原索引保持不变：{reason}"))
    skipped = {item.file: item.reason for item in report.skipped}
    kept = [path for path in placed if path.name not in skipped]
    _remove([path for path in placed if path.name in skipped])
    errors.extend(f"{name}：{reason}" for name, reason in skipped.items())
    return UploadOutcome(added=tuple(path.name for path in kept), errors=tuple(errors), report=report)


def _remove(paths: Sequence[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
