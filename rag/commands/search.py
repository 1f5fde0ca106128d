"""`rag search`: the ranked clauses of a query, or of each question of a batch file."""

from __future__ import annotations

import argparse

from rag.app.terminal import hit_listing, json_line
from rag.commands.common import filters_of, run_batch
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
        return run_batch(batch, lambda item: {
            "id": item["id"], "results": [hit.to_dict() for hit in retriever.search(item["question"], args.k, filters)]})
    hits = retriever.search(args.query, args.k, filters)
    if args.json:
        print(json_line({"query": args.query, "results": [hit.to_dict() for hit in hits]}))
    else:
        print(hit_listing(args.query, hits))
    return 0
