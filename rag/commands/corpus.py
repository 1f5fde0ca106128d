"""`rag clauses` (the clauses the splitter finds) and `rag check` (wording and consistency)."""

from __future__ import annotations

import argparse
from pathlib import Path

from rag.app.check_report import check_report_text, consistency_text
from rag.app.terminal import clause_block, document_listing, json_line
from rag.checking.consistency import consistency_report
from rag.checking.wording import CheckIndex
from rag.commands.common import warn
from rag.config import Settings
from rag.corpus.documents import load_documents
from rag.corpus.lookup import lookup_clause
from rag.errors import UsageError
from rag.types import Document


def clauses(args: argparse.Namespace, settings: Settings) -> int:
    root = settings.corpus_path
    paths = [Path(item) for item in args.files] or [root]
    missing = [path for path in paths if not path.exists()]
    for path in missing:
        warn(f"{path}：文件或目录不存在")
    existing = [path for path in paths if path.exists()]
    documents, skipped = load_documents(existing, root if root.exists() else Path("."), settings.max_clause_chars)
    for item in skipped:
        warn(f"已跳过 {item.file}：{item.reason}")
    if args.json:
        for document in documents:
            for clause in document.clauses:
                print(json_line(clause.to_dict()))
    elif documents:
        print(document_listing(documents))
    if missing:
        return 2
    return 1 if skipped else 0


def _corpus_documents(settings: Settings) -> list[Document]:
    root = settings.corpus_path
    if not root.is_dir():
        raise UsageError(f"语料目录不存在：{root}")
    documents, skipped = load_documents([root], root, settings.max_clause_chars)
    for item in skipped:
        warn(f"已跳过 {item.file}：{item.reason}")
    return documents


def check(args: argparse.Namespace, settings: Settings) -> int:
    chosen = sum(bool(item) for item in (args.text, args.clause, args.consistency))
    if chosen != 1:
        raise UsageError("请给出要核对的文字，或用 --clause 查条款、--consistency 做一致性检查（三者选一）")
    documents = _corpus_documents(settings)
    if args.consistency:
        items = consistency_report(documents)
        print(json_line({"inconsistencies": [item.to_dict() for item in items]}) if args.json else consistency_text(items))
        return 0
    if args.clause:
        return _print_lookup(args, documents)
    report = CheckIndex.build(documents).check_passage(args.text)
    print(json_line(report.to_dict()) if args.json else check_report_text(report))
    return 0


def _print_lookup(args: argparse.Namespace, documents: list[Document]) -> int:
    found = lookup_clause(args.clause, documents)
    sources = {document.source.file: document.source.text for document in documents}
    if args.json:
        for clause in found:
            print(json_line({**clause.to_dict(), "original": sources[clause.file][clause.start : clause.end]}))
    elif not found:
        print(f"没有找到条款：{args.clause}")
    else:
        print("\n\n".join(clause_block(clause) for clause in found))
    return 0 if found else 1
