"""The `rag` command: parses arguments, calls one library function per command, prints.

Every domain error becomes one line on stderr and an exit code here, and nowhere else.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, Sequence

from rag.config import Settings, load_settings
from rag.errors import RagError, UsageError

Handler = Callable[[argparse.Namespace, Settings], int]


class _Parser(argparse.ArgumentParser):
    """argparse that raises a UsageError (exit 2) instead of printing its own message."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"参数错误：{message}（用 rag --help 查看用法）")


def _warn(message: str) -> None:
    print(f"rag: {message}", file=sys.stderr)


def _cmd_clauses(args: argparse.Namespace, settings: Settings) -> int:
    from rag.corpus import load_documents
    from rag.render import document_listing, json_line

    root = settings.corpus_path
    paths = [Path(item) for item in args.files] or [root]
    missing = [path for path in paths if not path.exists()]
    for path in missing:
        _warn(f"{path}：文件或目录不存在")
    existing = [path for path in paths if path.exists()]
    documents, skipped = load_documents(existing, root if root.exists() else Path("."), settings.max_clause_chars)
    for item in skipped:
        _warn(f"已跳过 {item.file}：{item.reason}")
    if args.json:
        for document in documents:
            for clause in document.clauses:
                print(json_line(clause.to_dict()))
    elif documents:
        print(document_listing(documents))
    if missing:
        return 2
    return 1 if skipped else 0


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", help="语料目录（默认 seeds/，或环境变量 RAG_CORPUS）")
    parser.add_argument("--index", help="索引目录（默认 index/，或环境变量 RAG_INDEX）")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="rag", description="政策问答助手：条款级引用的政策文件检索与问答")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    clauses = commands.add_parser("clauses", help="打印解析出的条款")
    clauses.add_argument("files", nargs="*", help="文件或目录（默认整个语料目录）")
    clauses.add_argument("--json", action="store_true", help="每行一个 JSON 对象")
    clauses.set_defaults(handler=_cmd_clauses)
    for sub in commands.choices.values():
        _add_common(sub)
    return parser


def _settings_from(args: argparse.Namespace) -> Settings:
    overrides = {"corpus": getattr(args, "corpus", None), "index": getattr(args, "index", None)}
    return load_settings(overrides)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `rag` console script; returns the exit code."""
    try:
        args = build_parser().parse_args(argv)
        if not getattr(args, "handler", None):
            build_parser().print_help()
            return 2
        handler: Handler = args.handler
        return handler(args, _settings_from(args))
    except RagError as error:
        _warn(error.message)
        return error.exit_code
    except KeyboardInterrupt:
        _warn("已中断")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
