"""The `rag` command: parses arguments, calls one library function per command, prints.

Every domain error becomes one line on stderr and an exit code here, and nowhere else.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from rag.answering.factory import make_answerer
from rag.app.batch import read_batch
from rag.app.mcp_server import serve_stdio
from rag.app.check_report import check_report_text, consistency_text
from rag.app.terminal import clause_block, document_listing, hit_listing, json_line
from rag.app.terminal_answer import render_answer
from rag.app.web.server import serve
from rag.checking.consistency import consistency_report
from rag.checking.wording import CheckIndex
from rag.config import Settings, load_settings
from rag.corpus.documents import load_documents
from rag.corpus.lookup import lookup_clause
from rag.errors import RagError, UsageError
from rag.evaluation.report import metrics_table, write_json, write_report
from rag.evaluation.run import run_evaluation
from rag.index.store import ensure_index, ingest, store_label
from rag.retrieval.hybrid import HybridRetriever
from rag.retrieval.open import open_retriever
from rag.types import Document, Filters

Handler = Callable[[argparse.Namespace, Settings], int]


class _Parser(argparse.ArgumentParser):
    """argparse that raises a UsageError (exit 2) instead of printing its own message."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"参数错误：{message}（用 rag --help 查看用法）")


def _warn(message: str) -> None:
    print(f"rag: {message}", file=sys.stderr)


def _cmd_clauses(args: argparse.Namespace, settings: Settings) -> int:
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


def _cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    paths = [Path(item) for item in args.paths] or None
    report = ingest(settings, paths, rebuild=args.rebuild, notify=_warn)
    for item in report.skipped:
        _warn(f"已跳过 {item.file}：{item.reason}")
    print(f"索引已更新（{store_label(settings)}）：{report.summary()}")
    return 1 if report.skipped else 0


def _filters(args: argparse.Namespace) -> Filters:
    return Filters(
        files=tuple(args.file or ()),
        issuer=args.issuer,
        level=args.level,
        year=args.year,
        doc_number=args.doc_number,
    )


def _retriever(settings: Settings) -> HybridRetriever:
    """The live index's retriever, after building or updating the index when needed.

    While another process writes the index, waits for it, or with an index already there
    searches that one; either way says so on stderr.
    """
    ensure_index(settings, notify=_warn, use_current_while_busy=True)
    return open_retriever(settings)


def _read_batch(path: str) -> list[dict]:
    return read_batch(Path(path))


def _cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    if args.k < 1 or args.k > 1000:
        raise UsageError("--k 应在 1 到 1000 之间")
    if (args.query is None) == (args.jsonl is None):
        raise UsageError("请给出一个检索内容，或用 --jsonl 指定批量文件（二者选一）")
    batch = _read_batch(args.jsonl) if args.jsonl else None
    retriever = _retriever(settings)
    filters = _filters(args)
    if batch is not None:
        for item in batch:
            try:
                hits = retriever.search(item["question"], args.k, filters)
            except UsageError as error:  # one bad line is reported; the rest of the batch goes on
                _warn(f"批量文件第 {item['line']} 行（id {item['id']}）：{error.message}")
                print(json_line({"id": item["id"], "error": error.message}))
                continue
            print(json_line({"id": item["id"], "results": [hit.to_dict() for hit in hits]}))
        return 0
    hits = retriever.search(args.query, args.k, filters)
    if args.json:
        print(json_line({"query": args.query, "results": [hit.to_dict() for hit in hits]}))
    else:
        print(hit_listing(args.query, hits))
    return 0


def _cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    if (args.question is None) == (args.jsonl is None):
        raise UsageError("请给出一个问题，或用 --jsonl 指定批量文件（二者选一）")
    batch = _read_batch(args.jsonl) if args.jsonl else None
    answerer = make_answerer(_retriever(settings), settings)
    filters = _filters(args)
    if batch is not None:
        for item in batch:
            try:
                answer = answerer.answer(item["question"], filters=filters, question_id=str(item["id"]))
                print(json_line(answer.to_dict()))
            except UsageError as error:
                _warn(f"批量文件第 {item['line']} 行（id {item['id']}）：{error.message}")
                print(json_line({"id": item["id"], "question": item["question"], "error": error.message}))
        return 0
    answer = answerer.answer(args.question, filters=filters)
    print(json_line(answer.to_dict()) if args.json else render_answer(answer))
    return 0


def _cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    outcome = run_evaluation(Path(args.gold), settings, baseline=args.baseline, k=args.k)
    print(metrics_table(outcome.result, outcome.baseline))
    if args.json:
        write_json(Path(args.json), outcome.result, outcome.baseline)
    if args.report:
        for path in write_report(Path(args.report), outcome.result, outcome.baseline):
            _warn(f"已写出 {path}")
    return 0


def _corpus_documents(settings: Settings) -> list[Document]:
    root = settings.corpus_path
    if not root.is_dir():
        raise UsageError(f"语料目录不存在：{root}")
    documents, skipped = load_documents([root], root, settings.max_clause_chars)
    for item in skipped:
        _warn(f"已跳过 {item.file}：{item.reason}")
    return documents


def _cmd_check(args: argparse.Namespace, settings: Settings) -> int:
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
    clauses = lookup_clause(args.clause, documents)
    sources = {document.source.file: document.source.text for document in documents}
    if args.json:
        for clause in clauses:
            print(json_line({**clause.to_dict(), "original": sources[clause.file][clause.start : clause.end]}))
    elif not clauses:
        print(f"没有找到条款：{args.clause}")
    else:
        print("\n\n".join(clause_block(clause) for clause in clauses))
    return 0 if clauses else 1


def _cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    serve(settings, args.host, args.port)
    return 0


def _cmd_mcp(args: argparse.Namespace, settings: Settings) -> int:
    serve_stdio(settings)
    return 0


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--file", action="append", help="只在该文件中检索（可重复）")
    parser.add_argument("--issuer", help="发文机关（包含即可）")
    parser.add_argument("--level", choices=["市", "省", "国家"], help="文件层级")
    parser.add_argument("--year", type=int, help="成文年份")
    parser.add_argument("--doc-number", help="文号，如 武政办〔2026〕21号")


def _add_query_command(commands, name: str, summary: str, positional: str, what: str, handler: Handler) -> argparse.ArgumentParser:
    """A command taking one query or a --jsonl batch file, with --json output and filters."""
    parser = commands.add_parser(name, help=summary)
    parser.add_argument(positional, nargs="?", help=what)
    parser.add_argument("--json", action="store_true", help="输出 JSON（格式见 SPEC）")
    parser.add_argument("--jsonl", help="批量：每行 {\"id\", \"question\"} 的文件，每行输出一个 JSON 对象")
    _add_filters(parser)
    parser.set_defaults(handler=handler)
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
    clauses.set_defaults(handler=_cmd_clauses)
    ingest = commands.add_parser("ingest", help="建立或增量更新索引")
    ingest.add_argument("paths", nargs="*", help="要加入或更新的文件/目录（默认整个语料目录）")
    ingest.add_argument("--rebuild", action="store_true", help="丢弃旧索引，全部重建")
    ingest.set_defaults(handler=_cmd_ingest)
    search = _add_query_command(commands, "search", "检索相关条款", "query", "检索内容", _cmd_search)
    search.add_argument("--k", type=int, default=10, help="返回条数（默认 10）")
    _add_query_command(commands, "ask", "提问：带条款引用的回答", "question", "问题", _cmd_ask)
    check = commands.add_parser("check", help="原文核对：引文是否与文件原文一致")
    check.add_argument("text", nargs="?", help="要核对的文字（一句或一段）")
    check.add_argument("--clause", help="按编号查条款原文，如 “000 三、（二）3” 或 “武政办〔2023〕85号 二、（四）3.”")
    check.add_argument("--consistency", action="store_true", help="跨文件一致性检查：同一指标表述不一、疑似笔误")
    check.add_argument("--json", action="store_true", help="输出 JSON")
    check.set_defaults(handler=_cmd_check)
    serve = commands.add_parser("serve", help="启动网页应用（同 python app.py）")
    serve.add_argument("--host", help="监听地址（默认 127.0.0.1）")
    serve.add_argument("--port", type=int, help="端口（默认 7860，或环境变量 GRADIO_SERVER_PORT）")
    serve.set_defaults(handler=_cmd_serve)
    mcp = commands.add_parser("mcp", help="以 MCP 服务器运行（标准输入输出），供 Claude、Cursor 等智能体调用")
    mcp.set_defaults(handler=_cmd_mcp)
    evaluate = commands.add_parser("eval", help="用金标准问题集评测检索与回答")
    evaluate.add_argument("--gold", required=True, help="金标准文件（JSON Lines，格式见 SPEC）")
    evaluate.add_argument("--json", help="把指标写成 JSON 文件")
    evaluate.add_argument("--report", help="写出 Markdown 报告和图表的目录")
    evaluate.add_argument("--baseline", choices=["fixed"], help="同时评测固定长度切分（500 字，重叠 50）作对照")
    evaluate.add_argument("--k", type=int, default=10, help="检索条数（默认 10）")
    evaluate.set_defaults(handler=_cmd_eval)
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
    except OSError as error:  # e.g. no permission or no space for the index: one line, not a traceback
        _warn(f"文件操作失败：{error.strerror or error}（{error.filename or ''}）")
        return 1


if __name__ == "__main__":
    sys.exit(main())
