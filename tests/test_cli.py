"""The `rag` command's boundary: arguments that are not text, batches with a bad line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rag.cli import COMMANDS, build_parser, handler_of, main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def where(tmp_path: Path) -> list[str]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("关于星河算力券的通知\n一、每家企业最多申领50万元。\n", encoding="utf-8")
    return ["--corpus", str(corpus), "--index", str(tmp_path / "index")]


def test_an_argument_that_is_not_utf8_is_a_usage_error(where: list[str]) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LC_ALL": "C.UTF-8", "RAG_NO_PROGRESS": "1"}
    command = [sys.executable, "-m", "rag.cli", "search", b"\xff\xfe\xb3".decode("utf-8", "surrogateescape"), "--json", *where]
    process = subprocess.run([os.fsencode(part) for part in command], capture_output=True, env=env, cwd=ROOT)
    assert process.returncode == 2
    assert process.stdout == b""
    assert "不是 UTF-8" in process.stderr.decode("utf-8") and b"Traceback" not in process.stderr


def test_a_blank_question_in_a_search_batch_is_reported_with_its_line(where: list[str], tmp_path: Path, capsys) -> None:
    batch = tmp_path / "batch.jsonl"
    lines = [{"id": "q1", "question": "算力券"}, {"id": "q2", "question": "  "}, {"id": "q3", "question": "申领"}]
    batch.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    assert main(["search", "--jsonl", str(batch), *where]) == 0
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert [row["id"] for row in rows] == ["q1", "q2", "q3"]
    assert rows[0]["results"] and "error" in rows[1] and rows[2]["results"]
    assert "第 2 行（id q2）" in captured.err


def test_every_command_has_a_handler_that_loads() -> None:
    choices = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(choices) == set(COMMANDS)
    for command in COMMANDS:
        assert callable(handler_of(command))


def test_each_command_runs_through_the_dispatch(where: list[str], capsys) -> None:
    def rows(*argv: str) -> list[dict]:
        assert main([*argv, "--json", *where]) == 0
        return [json.loads(line) for line in capsys.readouterr().out.splitlines()]

    clause = "一、每家企业最多申领50万元。"
    assert clause in [row["text"] for row in rows("clauses")]
    assert main(["ingest", *where]) == 0 and "索引已更新" in capsys.readouterr().out
    assert clause in [hit["text"] for hit in rows("search", "申领")[0]["results"]]
    assert "50万元" in rows("ask", "每家企业最多申领多少？")[0]["answer"]
    assert rows("check", clause)[0]["verdict"] == "exact"


def test_search_loads_neither_the_answerer_nor_the_web_app(where: list[str]) -> None:
    assert main(["ingest", *where]) == 0
    code = (
        "import sys\nfrom rag.cli import main\n"
        f"code = main(['search', '算力券', *{where!r}])\n"
        "heavy = ('rag.answering', 'rag.evaluation', 'rag.app.web', 'rag.app.service', 'gradio', 'torch', 'sentence_transformers')\n"
        "print(code, sorted(name for name in sys.modules if name.startswith(heavy)))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
    assert done.stdout.strip().splitlines()[-1] == "0 []", done.stderr
