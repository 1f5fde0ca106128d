"""Batch input files: JSON Lines of {"id": ..., "question": ...}."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rag.errors import UsageError


def read_batch(path: Path) -> list[dict[str, Any]]:
    """Every line as {"id", "question", "line"}; a malformed line is a usage error naming it."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()  # editors on Windows start files with a BOM
    except FileNotFoundError as error:
        raise UsageError(f"批量文件不存在：{path}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"无法读取批量文件 {path}：{error}") from error
    items: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise UsageError(f"批量文件第 {number} 行不是合法的 JSON：{error.msg}") from error
        except RecursionError as error:
            raise UsageError(f"批量文件第 {number} 行嵌套过深，不是 {{\"id\", \"question\"}} 对象") from error
        if not isinstance(item, dict) or "question" not in item or not isinstance(item["question"], str):
            raise UsageError(f"批量文件第 {number} 行缺少字符串字段 question")
        items.append({"id": item.get("id", number), "question": item["question"], "line": number})
    return items
