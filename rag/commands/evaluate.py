"""`rag eval`: retrieval and answer metrics on a gold question file."""

from __future__ import annotations

import argparse
from pathlib import Path

from rag.commands.common import warn
from rag.config import Settings
from rag.evaluation.report import metrics_table, write_json, write_report
from rag.evaluation.run import run_evaluation


def evaluate(args: argparse.Namespace, settings: Settings) -> int:
    outcome = run_evaluation(Path(args.gold), settings, baseline=args.baseline, k=args.k)
    print(metrics_table(outcome.result, outcome.baseline))
    if args.json:
        write_json(Path(args.json), outcome.result, outcome.baseline)
    if args.report:
        for path in write_report(Path(args.report), outcome.result, outcome.baseline):
            warn(f"已写出 {path}")
    return 0
