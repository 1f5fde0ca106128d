"""`rag search`: the ranked clauses of a query, or of each question of a batch file."""

from __future__ import annotations

import argparse

from rag.app.terminal import hit_listing, json_line
from rag.commands.common import filters_of, warn
from rag.commands.live import batch_of, live_retriever
from rag.config import Settings
from rag.errors import UsageError


def search(args: argparse.Namespace, settings: Settings) -> int:
    if args.k < 1 or args.k > 1000:
        raise UsageError("--k 应在 1 到 1000 之间")
    if (args.query is None) == (args.jsonl is None):
        raise UsageError("请给出一个检索内容，或用 --jsonl 指定批量文件（二者选一）")
    batch = batch_of(args.jsonl)
    retriever = live_retriever(settings)
    filters = filters_of(args)
    if batch is not None:
        for item in batch:
            try:
                hits = retriever.search(item["question"], args.k, filters)
            except UsageError as error:  # one bad line is reported; the rest of the batch goes on
                warn(f"批量文件第 {item['line']} 行（id {item['id']}）：{error.message}")
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
