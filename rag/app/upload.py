"""Adding uploaded files to the corpus: validated first, then copied, then indexed incrementally.

Only files the upload widget stored in its own upload folder are accepted
(`in_upload_folder`): an event naming any other server path is refused. Every file of a
batch is read with the same loader the index uses *before* anything is copied, so a file
that cannot be read never enters the corpus folder. The good files are then copied and
indexed as one step under the index writer lock: the copy goes through a hidden temporary
name (ignored by corpus scans) and `os.replace`; when indexing fails every copied file is
removed again and the previous index stays live, so a retry starts from where it began.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rag.config import Settings
from rag.errors import LoadError, RagError, UsageError
from rag.corpus.documents import read_document
from rag.corpus.loaders import SUPPORTED_SUFFIXES, unsupported_reason
from rag.index.ingest import IngestReport
from rag.index.lock import Notify, writer_lock
from rag.index.store import ingest

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
        read_document(path, path.parent, float(settings.max_upload_mb), settings.max_clause_chars)
    except LoadError as error:
        raise UsageError(f"{safe}：{error.reason}") from error
    return safe


def in_upload_folder(paths: Sequence[str | Path], folder: Path) -> list[tuple[Path, str]]:
    """(path, name) of files the upload widget stored in `folder`; a UsageError for any other path.

    The upload event hands the server paths that a request can name freely, so each one
    must resolve, symlinks and `..` included, to a regular file inside the upload folder.
    """
    root = folder.resolve()
    files: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        resolved = path.resolve()
        if resolved == root or not resolved.is_relative_to(root) or not resolved.is_file():
            raise UsageError("只能加入通过本页面上传的文件")
        files.append((resolved, path.name))
    return files


def discard_uploads(paths: Sequence[str | Path], folder: Path) -> None:
    """Delete processed uploads from the upload folder (and the per-file folders they sat in)."""
    root = folder.resolve()
    for raw in paths:
        path = Path(raw).resolve()
        if path.is_relative_to(root) and path != root:
            path.unlink(missing_ok=True)
            if path.parent != root:
                with contextlib.suppress(OSError):
                    path.parent.rmdir()  # only when empty


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


def _check(path: Path, name: str, settings: Settings, taken: set[str]) -> str:
    """Validate one file of a batch against the corpus and the batch so far; returns its safe name."""
    safe = validate_upload(path, name, settings)
    if safe in taken:
        raise UsageError(f"{safe}：同一批上传中有重名文件")
    target = settings.corpus_path / safe
    if target.exists():
        detail = "内容相同，已在语料中" if _same_bytes(path, target) else "语料中已有同名文件，请改名后再上传"
        raise UsageError(f"{safe}：{detail}")
    return safe


def _validate_batch(files: Sequence[tuple[Path, str]], settings: Settings) -> tuple[list[tuple[Path, str]], list[str]]:
    """Every file checked before any is copied: (path, safe name) of the good ones, and the problems."""
    accepted: list[tuple[Path, str]] = []
    errors: list[str] = []
    for path, name in files:
        try:
            accepted.append((Path(path), _check(Path(path), name, settings, {safe for _, safe in accepted})))
        except UsageError as error:
            errors.append(error.message)
        except OSError as error:
            errors.append(f"{name}：无法读取上传的文件（{error.strerror or error}）")
    return accepted, errors


def add_uploads(files: Sequence[tuple[Path, str]], settings: Settings, notify: Notify | None = None) -> UploadOutcome:
    """Validate, copy and index uploaded files given as (temporary path, original name).

    The whole batch is validated first; the files that pass are then copied and indexed
    as one step under the index writer lock: if anything fails, none of them stays in the
    corpus and the previous index stays live, so the same upload can simply be retried.
    """
    if len(files) > MAX_FILES_PER_UPLOAD:
        return UploadOutcome(errors=(f"一次最多上传 {MAX_FILES_PER_UPLOAD} 个文件（本次 {len(files)} 个）",))
    if not settings.corpus_path.is_dir():
        return UploadOutcome(errors=(f"语料目录不存在：{settings.corpus_path}",))
    accepted, errors = _validate_batch(files, settings)
    if not accepted:
        return UploadOutcome(errors=tuple(errors))
    try:
        with writer_lock(settings.index_path, notify):
            report = _copy_and_index(accepted, settings)
    except (RagError, OSError) as error:
        reason = error.message if isinstance(error, RagError) else (error.strerror or str(error))
        return UploadOutcome(errors=(*errors, f"本批文件未加入，索引更新失败，原索引保持不变：{reason}"))
    return UploadOutcome(added=tuple(safe for _, safe in accepted), errors=tuple(errors), report=report)


def _copy_and_index(accepted: list[tuple[Path, str]], settings: Settings) -> IngestReport:
    """Copy every accepted file into the corpus and index them; on any failure remove them all again."""
    placed: list[Path] = []
    try:
        for path, safe in accepted:
            target = settings.corpus_path / safe
            if target.exists():  # appeared since validation
                raise UsageError(f"{safe}：语料中已有同名文件，请改名后再上传")
            _copy_in(path, target)
            placed.append(target)
        report = ingest(settings, placed, require_all=True)
        if report.skipped:  # the Milvus store indexes what it can; an upload is still all-or-nothing
            raise UsageError("；".join(f"{item.file}：{item.reason}" for item in report.skipped))
        return report
    except BaseException:
        _remove(placed)
        raise


def _remove(paths: Sequence[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
