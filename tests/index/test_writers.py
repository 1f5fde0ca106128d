"""Concurrent index writers: `rag ingest` and auto-ingesting `rag search` started together.

Every round changes the corpus, then starts four `rag` processes at once. Each must
succeed, saying at most that it waited for another writer (or searched the current index
while one was at work), and the round must end with a complete index that matches the
corpus exactly.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.config import Settings, load_settings
from rag.corpus.documents import load_documents
from rag.index.passages import file_hash
from rag.index.storage import current_folder, read_core
from rag.retrieval.open import open_index

ROUNDS = 20
# What a writer may say on stderr: it waited, it searched the current index meanwhile, or
# it built the index itself.
ALLOWED = ("等待其完成", "本次使用现有索引", "正在建立或更新索引")
BUILD_PARTS = ("manifest.json", "clauses.jsonl", "sources.jsonl", "embeddings.npy", "passage_hashes.json", "dense.faiss", "bm25")


@pytest.fixture(scope="module")
def forkserver() -> Iterator[multiprocessing.context.ForkServerContext]:
    """Processes forked from a server that imported `writer_process` (found through PYTHONPATH:
    the forkserver of Python 3.11 ignores the parent's sys.path when preloading)."""
    patch = pytest.MonkeyPatch()
    here = str(Path(__file__).parent)
    patch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")])))
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["writer_process"])
    yield context
    patch.undo()


def _writers(corpus: Path, index: Path, query: str) -> list[list[str]]:
    where = ["--corpus", str(corpus), "--index", str(index)]
    return [
        ["ingest", *where],
        ["search", query, "--k", "3", *where],
        ["ingest", *where],
        ["search", query, "--json", "--k", "3", *where],
    ]


def _change_corpus(corpus: Path, number: int) -> str:
    """Add one document (and rewrite another every third round); returns a query for the new one."""
    token = f"星河{number:03d}号专项"
    (corpus / f"r{number:03d}.txt").write_text(f"关于{token}的通知\n一、{token}每家企业最多申领{number}万元。\n", encoding="utf-8")
    if number % 3 == 0:
        (corpus / "a.txt").write_text(f"关于算力券的通知（第{number}版）\n一、每家企业最多申领50万元。\n", encoding="utf-8")
    return token


def _assert_complete_and_correct(settings: Settings, token: str, number: int) -> None:
    folder = current_folder(settings.index_path)
    assert folder is not None
    parts = BUILD_PARTS + (("embedder",) if settings.embedder == "builtin" else ())  # the fitted LSA model
    assert [part for part in parts if not (folder / part).exists()] == []
    assert all((path / "manifest.json").is_file() for path in settings.index_path.glob("build-*")), "unfinished build left"
    files = read_core(folder)
    corpus = {path.name: path for path in settings.corpus_path.iterdir()}
    assert set(files.manifest.files) == set(corpus)
    assert all(record.sha256 == file_hash(corpus[name].read_bytes()) for name, record in files.manifest.files.items())
    documents, skipped = load_documents([settings.corpus_path], settings.corpus_path)
    assert not skipped
    assert [clause.text for clause in files.clauses] == [c.text for d in sorted(documents, key=lambda d: d.source.file) for c in d.clauses]
    index = open_index(settings)
    vector = index.embedder.embed_queries([token])[0]
    assert len(index.dense.search(vector, 3)) == min(3, len(files.clauses))
    assert any(clause.file == f"r{number:03d}.txt" and token in clause.text for clause in files.clauses)


def test_four_writers_at_once_leave_a_complete_correct_index(tmp_path: Path, forkserver) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "a.txt").write_text("关于算力券的通知\n一、每家企业最多申领50万元。\n", encoding="utf-8")
    settings = load_settings({"corpus": str(corpus), "index": str(index)}, environ={})
    for number in range(ROUNDS):
        token = _change_corpus(corpus, number)
        writers = _writers(corpus, index, token)
        writers = writers[number % 4 :] + writers[: number % 4]  # a different writer first each round
        logs = [(tmp_path / f"{number}-{n}.out", tmp_path / f"{number}-{n}.err") for n in range(len(writers))]
        processes = [
            forkserver.Process(target=_run, args=(argv, str(out), str(err))) for argv, (out, err) in zip(writers, logs)
        ]
        for process in processes:
            process.start()
        for process in processes:
            process.join(120)
        for argv, process, (out, err) in zip(writers, processes, logs):
            said = err.read_text(encoding="utf-8")
            assert process.exitcode == 0, f"round {number}: rag {' '.join(argv[:2])} exited {process.exitcode}: {said}"
            assert all(any(mark in line for mark in ALLOWED) for line in said.splitlines()), said
            if "--json" in argv:
                json.loads(out.read_text(encoding="utf-8"))
        _assert_complete_and_correct(settings, token, number)


def _run(argv: list[str], out: str, err: str) -> None:
    from writer_process import run

    run(argv, out, err)
