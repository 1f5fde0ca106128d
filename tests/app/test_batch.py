"""Batch input files (rag/app/batch.py): BOM, deep nesting and line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.app.batch import read_batch
from rag.errors import UsageError


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_bytes("\ufeff".encode() + '{"id": "q1", "question": "申领多少"}\n'.encode())
    assert read_batch(path) == [{"id": "q1", "question": "申领多少", "line": 1}]


def test_a_deeply_nested_line_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text('{"id": 1, "question": "问"}\n' + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(UsageError, match="第 2 行"):
        read_batch(path)
