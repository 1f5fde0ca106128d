"""`rag ask`: an answer with clause citations, for one question or each of a batch file."""

from __future__ import annotations

import argparse

from rag.answering.factory import make_answerer
from rag.app.terminal import json_line
from rag.app.terminal_answer import render_answer
from rag.commands.common import filters_of, run_batch
from rag.commands.live import batch_of, live_retriever
from rag.config import Settings
from rag.errors import UsageError


def ask(args: argparse.Namespace, settings: Settings) -> int:
    if (args.question is None) == (args.jsonl is None):
        raise UsageError("请给出一个问题，或用 --jsonl 指定批量文件（二者选一）")
    batch = batch_of(args.jsonl)
    answerer = make_answerer(live_retriever(settings), settings)
    filters = filters_of(args)
    if batch is not None:
        return run_batch(batch, lambda item: answerer.answer(item["question"], filters=filters, question_id=str(item["id"])).to_dict(),
                         ("id", "question"))
    answer = answerer.answer(args.question, filters=filters)
    print(json_line(answer.to_dict()) if args.json else render_answer(answer))
    return 0
