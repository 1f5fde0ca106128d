"""The `rag` command: parses arguments, runs one command handler, prints.

Every domain error becomes one line on stderr and an exit code here, and nowhere else.
The handlers live in rag.commands and are imported only when their command runs (the
COMMANDS table), so that `rag search` starts without loading the answerer, the web app or
the evaluation.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from rag.commands.common import warn
from rag.config import Settings, load_settings
from rag.errors import RagError, UsageError

Handler = Callable[[argparse.Namespace, Settings], int]

# Command -> "module:function" of its handler. The one place where the package imports a
# project module by name rather than at the top of a file; tests/test_layering.py reads
# this table and checks its modules like any other import.
COMMANDS: dict[str, str] = {
    "clauses": "rag.commands.corpus:clauses",
    "ingest": "rag.commands.ingest:ingest",
    "search": "rag.commands.search:search",
    "ask": "rag.commands.ask:ask",
    "check": "rag.commands.corpus:check",
    "serve": "rag.commands.servers:serve",
    "mcp": "rag.commands.servers:mcp",
    "eval": "rag.commands.evaluate:evaluate",
}


def handler_of(command: str) -> Handler:
    """The handler of `command`, importing its module now."""
    module, _, name = COMMANDS[command].partition(":")
    return getattr(importlib.import_module(module), name)


class _Parser(argparse.ArgumentParser):
    """argparse that raises a UsageError (exit 2) instead of printing its own message."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"参数错误：{message}（用 rag --help 查看用法）")


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--file", action="append", help="只在该文件中检索（可重复）")
    parser.add_argument("--issuer", help="发文机关（包含即可）")
    parser.add_argument("--level", choices=["市", "省", "国家"], help="文件层级")
    parser.add_argument("--year", type=int, help="成文年份")
    parser.add_argument("--doc-number", help="文号，如 武政办〔2026〕21号")


def _add_query_command(commands, name: str, summary: str, positional: str, what: str) -> argparse.ArgumentParser:
    """A command taking one query or a --jsonl batch file, with --json output and filters."""
    parser = commands.add_parser(name, help=summary)
    parser.add_argument(positional, nargs="?", help=what)
    parser.add_argument("--json", action="store_true", help="输出 JSON（格式见 SPEC）")
    parser.add_argument("--jsonl", help="批量：每行 {\"id\", \"question\"} 的文件，每行输出一个 JSON 对象")
    _add_filters(parser)
    return parser


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", help="语料目录（默认 seeds/，或环境变量 RAG_CORPUS）")
    parser.add_argument("--index", help="索引目录（默认 index/，或环境变量 RAG_INDEX）")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="rag", description="政策问答助手：条款级引用的政策文件检索与问答")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    clauses = commands.add_parser("clauses", help="打印解析出的条款")
    clauses.add_argument("files", nargs="*", help="文件或目录（默认整个语料目录）")
    clauses.add_argument("--json", action="store_true", help="每行一个 JSON 对象")
    ingest = commands.add_parser("ingest", help="建立或增量更新索引")
    ingest.add_argument("paths", nargs="*", help="要加入或更新的文件/目录（默认整个语料目录）")
    ingest.add_argument("--rebuild", action="store_true", help="丢弃旧索引，全部重建")
    search = _add_query_command(commands, "search", "检索相关条款", "query", "检索内容")
    search.add_argument("--k", type=int, default=10, help="返回条数（默认 10）")
    _add_query_command(commands, "ask", "提问：带条款引用的回答", "question", "问题")
    check = commands.add_parser("check", help="原文核对：引文是否与文件原文一致")
    check.add_argument("text", nargs="?", help="要核对的文字（一句或一段）")
    check.add_argument("--clause", help="按编号查条款原文，如 “000 三、（二）3” 或 “武政办〔2023〕85号 二、（四）3.”")
    check.add_argument("--consistency", action="store_true", help="跨文件一致性检查：同一指标表述不一、疑似笔误")
    check.add_argument("--json", action="store_true", help="输出 JSON")
    serve = commands.add_parser("serve", help="启动网页应用（同 python app.py）")
    serve.add_argument("--host", help="监听地址（默认 127.0.0.1）")
    serve.add_argument("--port", type=int, help="端口（默认 7860，或环境变量 GRADIO_SERVER_PORT）")
    commands.add_parser("mcp", help="以 MCP 服务器运行（标准输入输出），供 Claude、Cursor 等智能体调用")
    evaluate = commands.add_parser("eval", help="用金标准问题集评测检索与回答")
    evaluate.add_argument("--gold", required=True, help="金标准文件（JSON Lines，格式见 SPEC）")
    evaluate.add_argument("--json", help="把指标写成 JSON 文件")
    evaluate.add_argument("--report", help="写出 Markdown 报告和图表的目录")
    evaluate.add_argument("--baseline", choices=["fixed"], help="同时评测固定长度切分（500 字，重叠 50）作对照")
    evaluate.add_argument("--k", type=int, default=10, help="检索条数（默认 10）")
    for sub in commands.choices.values():
        _add_common(sub)
    return parser


def _settings_from(args: argparse.Namespace) -> Settings:
    overrides = {"corpus": getattr(args, "corpus", None), "index": getattr(args, "index", None)}
    return load_settings(overrides)


def _check_text_arguments(argv: Sequence[str]) -> None:
    """Refuse arguments that are not valid text (bytes undecodable in the locale).

    Python keeps such bytes as lone surrogates; echoed into JSON they make output that no
    JSON or UTF-8 reader accepts.
    """
    for argument in argv:
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError as error:
            raise UsageError("参数含有无法识别的字符（不是 UTF-8 编码的文字）") from error


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `rag` console script; returns the exit code."""
    try:
        argv = sys.argv[1:] if argv is None else list(argv)
        _check_text_arguments(argv)
        args = build_parser().parse_args(argv)
        if args.command is None:
            build_parser().print_help()
            return 2
        return handler_of(args.command)(args, _settings_from(args))
    except RagError as error:
        warn(error.message)
        return error.exit_code
    except KeyboardInterrupt:
        warn("已中断")
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:  # e.g. no permission or no space for the index: one line, not a traceback
        warn(f"文件操作失败：{error.strerror or error}（{error.filename or ''}）")
        return 1


if __name__ == "__main__":
    sys.exit(main())
