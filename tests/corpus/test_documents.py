"""Loading + splitting of built .docx/.pdf/.html/GBK files, and `rag clauses` on bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from rag.corpus.documents import load_documents
from tests.corpus.test_loaders import build_docx, build_pdf_bytes

ROOT = Path(__file__).resolve().parents[2]
POLICY = "一、总体要求\n（一）加快发展。到2028年建成10个示范场景。\n（二）强化保障。市经信局牵头负责。\n二、保障措施\n加大资金支持力度。\n"


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _check_offsets(documents) -> int:
    count = 0
    for document in documents:
        for clause in document.clauses:
            if clause.kind != "row":
                assert _compact(document.source.text[clause.start : clause.end]) == _compact(clause.text)
                count += 1
    return count


def test_clauses_of_built_files_point_at_their_extracted_text(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    build_docx(corpus / "plan.docx")
    (corpus / "report.pdf").write_bytes(build_pdf_bytes())
    (corpus / "page.html").write_text(f"<html><body><h1>通知</h1><p>{POLICY.replace(chr(10), '</p><p>')}</p></body></html>", encoding="utf-8")
    (corpus / "legacy.txt").write_bytes(POLICY.encode("gbk"))
    documents, skipped = load_documents([corpus], corpus)
    assert not skipped and len(documents) == 4
    assert _check_offsets(documents) >= 8
    legacy = next(document for document in documents if document.source.file == "legacy.txt")
    assert legacy.source.encoding.lower() in ("gb18030", "gbk")
    labels = [clause.label for clause in legacy.clauses if clause.kind == "item"]
    assert labels == ["（一）", "（二）"]
    pdf = next(document for document in documents if document.source.file == "report.pdf")
    assert {clause.page for clause in pdf.clauses} <= {1, 2} and pdf.clauses[-1].page == 2


def _rag(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rag.cli", *args], capture_output=True, text=True, cwd=cwd, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})


def test_rag_clauses_reports_each_bad_file_on_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "broken.pdf").write_bytes(build_pdf_bytes()[:400])
    (tmp_path / "notes.xyz").write_text("内容", encoding="utf-8")
    (tmp_path / "good.txt").write_text(POLICY, encoding="utf-8")
    files = ["empty.txt", "binary.txt", "broken.pdf", "notes.xyz", "good.txt"]
    done = _rag("clauses", *files, "--json", cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 4 and all(line.startswith("rag: 已跳过") for line in lines)
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert {row["file"] for row in rows} == {"good.txt"} and len(rows) == 3
    missing = _rag("clauses", "nothere.txt", cwd=tmp_path)
    assert missing.returncode == 2 and "不存在" in missing.stderr and "Traceback" not in missing.stderr


def test_rag_clauses_readable_form_names_document_and_sections(tmp_path: Path) -> None:
    done = _rag("clauses", str(ROOT / "seeds" / "002_f99d7e69743617a5.txt"), cwd=tmp_path)
    assert done.returncode == 0
    assert "文号：武政办〔2023〕85号" in done.stdout and "二、主要任务 › (二) 实施人工智能要素伙伴计划" in done.stdout
