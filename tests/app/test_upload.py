"""Uploads: unsafe names and unreadable files never reach the corpus; good ones are indexed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rag.config import load_settings
from rag.errors import RagError, UsageError
from rag.index.storage import current_folder
from rag.app.upload import MAX_FILES_PER_UPLOAD, add_uploads, safe_file_name, validate_upload

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def settings(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "004_a574007286141d25.txt", corpus)
    return load_settings({"corpus": str(corpus), "index": str(tmp_path / "index")}, environ={})


def _file(folder: Path, name: str, content: bytes | str) -> Path:
    path = folder / "incoming" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize("name", ["../evil.txt", "a/../../b.txt", "..", ".hidden.txt", "~$lock.docx", "a\x00b.txt",
                                  "a\nb.txt", "bad.exe", "noext", "x" * 200 + ".txt", "a..txt", 'a"b.txt', ""])
def test_unsafe_or_unsupported_names_are_refused(name: str) -> None:
    with pytest.raises(UsageError):
        safe_file_name(name)


def test_directories_are_stripped_from_names() -> None:
    assert safe_file_name("C:\\Users\\me\\通知.docx") == "通知.docx"
    assert safe_file_name("/tmp/upload/方案.PDF") == "方案.PDF"


def test_unreadable_and_oversized_files_are_refused(settings, tmp_path: Path) -> None:
    bad = _file(tmp_path, "bad.docx", b"not a zip \x00\x01")
    with pytest.raises(UsageError, match="bad.docx"):
        validate_upload(bad, bad.name, settings)
    small = load_settings({"corpus": settings.corpus, "index": settings.index, "max_upload_mb": 1}, environ={})
    big = _file(tmp_path, "big.txt", "政策" * 400_000)
    with pytest.raises(UsageError, match="1 MB"):
        validate_upload(big, big.name, small)


def test_good_file_is_copied_and_indexed_bad_one_never_enters(settings, tmp_path: Path) -> None:
    good = _file(tmp_path, "星河.txt", "关于星河算力券的通知\n一、每家企业最多申领50万元。\n")
    bad = _file(tmp_path, "坏.docx", b"\x00\x01garbage")
    outcome = add_uploads([(good, good.name), (bad, bad.name)], settings)
    assert outcome.added == ("星河.txt",) and len(outcome.errors) == 1 and "坏.docx" in outcome.errors[0]
    assert sorted(path.name for path in settings.corpus_path.iterdir()) == ["004_a574007286141d25.txt", "星河.txt"]
    assert outcome.report is not None and "星河.txt" in outcome.report.added
    assert "已加入并索引：星河.txt" in outcome.message() and "未加入：" in outcome.message()


def test_existing_names_are_not_overwritten(settings, tmp_path: Path) -> None:
    same = _file(tmp_path, "004_a574007286141d25.txt", "另一份内容。\n")
    outcome = add_uploads([(same, same.name)], settings)
    assert not outcome.added and "同名文件" in outcome.errors[0]
    assert (settings.corpus_path / same.name).read_bytes() == (SEEDS / same.name).read_bytes()


def test_too_many_files_are_refused(settings, tmp_path: Path) -> None:
    files = [(_file(tmp_path, f"f{number}.txt", "内容。"), f"f{number}.txt") for number in range(MAX_FILES_PER_UPLOAD + 1)]
    outcome = add_uploads(files, settings)
    assert not outcome.added and "最多" in outcome.errors[0]
    assert [path.name for path in settings.corpus_path.iterdir()] == ["004_a574007286141d25.txt"]


def test_failed_indexing_removes_the_file_and_keeps_the_index(settings, tmp_path: Path, monkeypatch) -> None:
    from rag.app import upload
    from rag.index.ingest import ingest

    ingest(settings)
    live = current_folder(settings.index_path)

    def broken(*args, **kwargs):
        raise RagError("磁盘已满")

    monkeypatch.setattr(upload, "ingest", broken)
    good = _file(tmp_path, "新.txt", "新的通知。\n")
    outcome = add_uploads([(good, good.name)], settings)
    assert not outcome.added and "原索引保持不变" in outcome.errors[0] and "磁盘已满" in outcome.errors[0]
    assert not (settings.corpus_path / "新.txt").exists()
    assert current_folder(settings.index_path) == live


def test_a_failed_batch_leaves_nothing_in_the_corpus_and_a_retry_works(settings, tmp_path: Path, monkeypatch) -> None:
    from rag.app import upload

    first = _file(tmp_path, "甲.txt", "关于甲的通知\n一、甲项每家最多10万元。\n")
    second = _file(tmp_path, "乙.txt", "关于乙的通知\n一、乙项每家最多20万元。\n")
    real = upload.ingest
    calls: list[int] = []

    def fails_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("a bug, not a domain error")
        return real(*args, **kwargs)

    monkeypatch.setattr(upload, "ingest", fails_once)
    with pytest.raises(RuntimeError):  # the web layer shows its generic message
        add_uploads([(first, first.name), (second, second.name)], settings)
    assert sorted(path.name for path in settings.corpus_path.iterdir()) == ["004_a574007286141d25.txt"]
    retried = add_uploads([(first, first.name), (second, second.name)], settings)
    assert retried.added == ("甲.txt", "乙.txt") and not retried.errors
    assert {"甲.txt", "乙.txt"} <= set(read_manifest_files(settings))


def test_a_file_the_indexer_cannot_read_fails_the_whole_copy(settings, tmp_path: Path, monkeypatch) -> None:
    from rag.app import upload

    good = _file(tmp_path, "丙.txt", "关于丙的通知\n一、丙项。\n")
    odd = _file(tmp_path, "丁.txt", "关于丁的通知\n一、丁项。\n")
    monkeypatch.setattr(upload, "validate_upload", lambda path, name, settings: name)  # as if it had passed
    odd.write_bytes(b"\x00\x01\x02 binary now")
    outcome = add_uploads([(good, good.name), (odd, odd.name)], settings)
    assert not outcome.added and "丁.txt" in outcome.errors[-1]
    assert sorted(path.name for path in settings.corpus_path.iterdir()) == ["004_a574007286141d25.txt"]


def read_manifest_files(settings) -> list[str]:
    from rag.index.storage import read_manifest

    manifest = read_manifest(settings.index_path)
    return list(manifest.files) if manifest else []
