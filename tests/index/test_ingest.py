"""The index folder: build, incremental update, staleness, bad files, embedder mismatch, SIGKILL."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rag.config import load_settings
from rag.errors import IndexMismatchError, IndexMissingError
from rag.index.ingest import ensure_index, ingest
from rag.index.status import index_status
from rag.index.storage import SCHEMA_VERSION, current_folder, read_manifest
from rag.retrieval.open import open_index, open_retriever

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


def _settings(corpus: Path, tmp_path: Path, **overrides):
    return load_settings({"corpus": str(corpus), "index": str(tmp_path / "index"), **overrides}, environ={})


def test_first_ingest_writes_a_complete_manifest(corpus, tmp_path):
    settings = _settings(corpus, tmp_path)
    report = ingest(settings)
    assert sorted(report.added) == sorted(path.name for path in SEEDS.iterdir())
    manifest = read_manifest(settings.index_path)
    assert manifest.schema_version == SCHEMA_VERSION
    assert manifest.embedder["name"] == settings.embedder and manifest.embedder["dim"] > 0
    assert manifest.clause_count == report.clauses > 200
    record = manifest.files["000_d07304ea45ad6d22.txt"]
    assert len(record.sha256) == 64 and record.clauses > 40
    folder = current_folder(settings.index_path)
    assert {"clauses.jsonl", "documents.jsonl", "embeddings.npy", "dense.faiss", "manifest.json"} <= {path.name for path in folder.iterdir()}
    stored = json.loads((folder / "documents.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert stored["file"] == "000_d07304ea45ad6d22.txt" and stored["doc_number"] == "武政办〔2026〕21号"
    assert index_status(settings).state == "ok"


def test_update_reprocesses_only_what_changed(corpus, tmp_path):
    settings = _settings(corpus, tmp_path)
    ingest(settings)
    target = corpus / "004_a574007286141d25.txt"
    target.write_text(target.read_text(encoding="utf-8") + "\n（十七）新增条款。支持企业建设算力中心。\n", encoding="utf-8")
    (corpus / "002_f99d7e69743617a5.txt").unlink()
    assert index_status(settings).state == "stale"
    report = ingest(settings)
    assert report.changed == ["004_a574007286141d25.txt"]
    assert report.removed == ["002_f99d7e69743617a5.txt"]
    assert len(report.unchanged) == 3
    assert 0 < report.embedded < 10  # only the new passages were embedded
    hits = open_retriever(settings).search("支持企业建设算力中心", 3)
    assert hits[0].clause.file == "004_a574007286141d25.txt" and "新增条款" in hits[0].clause.text
    assert all(hit.clause.file != "002_f99d7e69743617a5.txt" for hit in open_retriever(settings).search("先导区", 20))


def test_bad_files_are_skipped_and_the_rest_indexed(corpus, tmp_path):
    settings = _settings(corpus, tmp_path)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (corpus / "notes.xyz").write_text("未知格式", encoding="utf-8")
    report = ingest(settings)
    assert {item.file for item in report.skipped} == {"empty.txt", "binary.txt", "notes.xyz"}
    assert len(report.added) == 5
    assert index_status(settings).state == "ok"  # skipped files do not make the index stale


def test_search_refuses_an_index_built_with_another_embedder(corpus, tmp_path):
    ingest(_settings(corpus, tmp_path))
    other = _settings(corpus, tmp_path, embedder="keyword")
    assert index_status(other).state == "mismatch"
    with pytest.raises(IndexMismatchError, match="rag ingest --rebuild"):
        open_index(other)
    with pytest.raises(IndexMismatchError):
        open_retriever(other)
    with pytest.raises(IndexMismatchError, match="rag ingest --rebuild"):
        ensure_index(other)  # never rebuilds behind the user's back


def test_opening_a_missing_index_never_builds_it(corpus, tmp_path):
    settings = _settings(corpus, tmp_path)
    with pytest.raises(IndexMissingError):
        open_retriever(settings)
    assert not settings.index_path.exists()


def test_ensure_index_builds_a_missing_index_then_leaves_it(corpus, tmp_path):
    settings = _settings(corpus, tmp_path)
    assert index_status(settings).state == "missing"
    report = ensure_index(settings)
    assert report is not None and len(report.added) == 5
    hits = open_retriever(settings).search("武政办〔2026〕21号", 3)
    assert hits and hits[0].clause.doc_number == "武政办〔2026〕21号"
    built = current_folder(settings.index_path)
    assert ensure_index(settings) is None and current_folder(settings.index_path) == built


def test_ensure_index_updates_a_stale_index(corpus, tmp_path):
    settings = _settings(corpus, tmp_path)
    ingest(settings)
    (corpus / "002_f99d7e69743617a5.txt").unlink()
    report = ensure_index(settings)
    assert report is not None and report.removed == ["002_f99d7e69743617a5.txt"]
    assert index_status(settings).state == "ok"


def _big_corpus(folder: Path, files: int) -> None:
    folder.mkdir()
    body = "\n\n".join(f"第{n}条 为促进人工智能产业发展，支持第{n}类企业建设智能工厂，给予政策支持。" for n in range(1, 80))
    for number in range(files):
        (folder / f"law{number:04d}.txt").write_text(f"第一章 总则\n\n{body}\n", encoding="utf-8")


def test_sigkill_during_ingest_leaves_previous_index_loadable(tmp_path):
    corpus = tmp_path / "corpus"
    _big_corpus(corpus, 400)
    settings = _settings(corpus, tmp_path)
    (corpus / "law0000.txt").write_text("第一条 首份文件。武汉市支持养老机器人研发。\n", encoding="utf-8")
    ingest(settings, [corpus / "law0000.txt"])  # a small, complete index first
    before = [hit.clause.clause_id for hit in open_retriever(settings).search("养老机器人", 3)]
    env = {**os.environ, "RAG_CORPUS": str(corpus), "RAG_INDEX": str(settings.index_path), "RAG_NO_PROGRESS": "1"}
    process = subprocess.Popen([sys.executable, "-m", "rag.cli", "ingest", "--rebuild"], env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while not list(settings.index_path.glob("build-*/")) or len(list(settings.index_path.glob("build-*"))) < 2:
        assert time.monotonic() < deadline and process.poll() is None, "ingest finished before it could be killed"
        time.sleep(0.01)
    time.sleep(0.3)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    retriever = open_retriever(settings)
    assert [hit.clause.clause_id for hit in retriever.search("养老机器人", 3)] == before
    assert len(read_manifest(settings.index_path).files) == 1
    half = [path for path in settings.index_path.glob("build-*") if not (path / "manifest.json").exists()]
    assert len(half) == 1 and f"-p{process.pid}-" in half[0].name
    ingest(settings)  # the next ingest removes the half-written build of the dead process
    builds = list(settings.index_path.glob("build-*"))
    assert not half[0].exists() and all((path / "manifest.json").is_file() for path in builds)
    assert len(builds) == 2  # the live build, and the previous one kept for readers still opening it
    assert json.loads((current_folder(settings.index_path) / "manifest.json").read_text())["clause_count"] > 1000


def _small_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "small"
    folder.mkdir()
    (folder / "a.txt").write_text("关于星河算力券的通知\n一、每家企业最多申领50万元。\n", encoding="utf-8")
    return folder


def test_a_symlink_to_a_file_outside_the_corpus_is_never_indexed(tmp_path):
    corpus = _small_corpus(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:机密口令在此\n", encoding="utf-8")
    (corpus / "passwd.txt").symlink_to(secret)
    settings = _settings(corpus, tmp_path)
    report = ingest(settings)
    assert [(item.file, "语料目录之外" in item.reason) for item in report.skipped] == [("passwd.txt", True)]
    index = open_index(settings)
    assert "passwd.txt" not in index.sources and all("机密" not in clause.text for clause in index.clauses)


def test_ingest_of_a_file_outside_the_corpus_is_refused(tmp_path, capsys):
    from rag.cli import main

    corpus = _small_corpus(tmp_path)
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("一、语料之外的文件。\n", encoding="utf-8")
    where = ["--corpus", str(corpus), "--index", str(tmp_path / "index")]
    assert main(["ingest", *where]) == 0
    before = read_manifest(tmp_path / "index")
    assert main(["ingest", str(outside), *where]) == 2
    assert "不在语料目录" in capsys.readouterr().err
    assert read_manifest(tmp_path / "index") == before


def test_index_files_get_the_corpus_folders_permissions(tmp_path):
    corpus = _small_corpus(tmp_path)
    corpus.chmod(0o750)
    settings = _settings(corpus, tmp_path)
    ingest(settings)
    root = settings.index_path
    assert root.stat().st_mode & 0o777 == 0o750
    build = current_folder(root)
    for path in [build, *build.rglob("*")]:
        expected = 0o750 if path.is_dir() else 0o640
        assert path.stat().st_mode & 0o777 == expected, path


def test_a_damaged_index_file_is_one_line_and_ingest_repairs_it(tmp_path, capsys):
    from rag.cli import main

    corpus = _small_corpus(tmp_path)
    where = ["--corpus", str(corpus), "--index", str(tmp_path / "index")]
    assert main(["ingest", *where]) == 0
    (current_folder(tmp_path / "index") / "clauses.jsonl").write_text('{"clause_id": "a:1", "fi', encoding="utf-8")
    capsys.readouterr()
    assert main(["search", "算力券", *where]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "索引文件已损坏" in err and "Traceback" not in err
    assert main(["ingest", *where]) == 0
    assert main(["search", "算力券", *where]) == 0
