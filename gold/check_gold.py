"""Validate gold/gold.jsonl against seeds/ and print counts per type and per document.

Usage (from the project root): python gold/check_gold.py [GOLD] [CORPUS]

Errors (exit 1): anything `rag.gold.load_gold` rejects. Warnings: quotes occurring more
than once in their file (their span is the first occurrence), quotes spanning a line
break, quotes outside 10–60 characters, fewer than 15 questions for a document, an
unanswerable share under 20%.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # lets the script run without the package installed

from rag.errors import RagError  # noqa: E402
from rag.evaluation.gold import GoldQuestion, QuestionType, load_gold, read_utf8_text  # noqa: E402


def quote_warnings(questions: list[GoldQuestion], corpus: Path) -> list[str]:
    texts: dict[str, str] = {}
    warnings: list[str] = []
    for question in questions:
        for item in question.evidence:
            text = texts.setdefault(item.file, read_utf8_text(corpus / item.file))
            where = f"{question.id}（第 {question.line} 行）{item.file}"
            if (count := text.count(item.quote)) > 1:
                warnings.append(f"{where}：引文出现 {count} 次，按第一次计：{item.quote!r}")
            if "\n" in item.quote:
                warnings.append(f"{where}：引文跨行：{item.quote!r}")
            if not 10 <= len(item.quote) <= 60:
                warnings.append(f"{where}：引文长度 {len(item.quote)}：{item.quote!r}")
    return warnings


def coverage_warnings(questions: list[GoldQuestion], corpus: Path) -> list[str]:
    per_doc = Counter(file for q in questions for file in {e.file for e in q.evidence})
    warnings = [f"{path.name}：只有 {per_doc[path.name]} 道题" for path in sorted(corpus.iterdir())
                if path.is_file() and per_doc[path.name] < 15]
    share = sum(not q.answerable for q in questions) / len(questions)
    if share < 0.2:
        warnings.append(f"不可回答题占比 {share:.0%}，低于 20%")
    return warnings


def print_counts(questions: list[GoldQuestion]) -> None:
    types = Counter(q.type for q in questions)
    print(f"题目总数：{len(questions)}")
    print("按题型：" + "，".join(f"{t.value} {types[t]}" for t in QuestionType))
    per_doc = Counter(file for q in questions for file in {e.file for e in q.evidence})
    answerable = Counter(file for q in questions if q.answerable for file in {e.file for e in q.evidence})
    print("按文件（含证据的题数 / 其中可回答）：")
    for file in sorted(per_doc):
        print(f"  {file}  {per_doc[file]} / {answerable[file]}")
    print(f"没有证据的题：{sum(not q.evidence for q in questions)}")


def main(argv: list[str]) -> int:
    gold = Path(argv[0]) if argv else ROOT / "gold" / "gold.jsonl"
    corpus = Path(argv[1]) if len(argv) > 1 else ROOT / "seeds"
    try:
        questions = load_gold(gold, corpus)
    except RagError as error:
        print(error.message, file=sys.stderr)
        return 1
    print_counts(questions)
    warnings = quote_warnings(questions, corpus) + coverage_warnings(questions, corpus)
    for warning in warnings:
        print("警告：" + warning)
    print("校验通过" + (f"（{len(warnings)} 条警告）" if warnings else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
