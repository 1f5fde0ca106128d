"""`rag ingest`: build or update the index."""

from __future__ import annotations

import argparse
from pathlib import Path

from rag.commands.common import warn
from rag.config import Settings
from rag.index.store import ingest as ingest_corpus, store_label


def ingest(args: argparse.Namespace, settings: Settings) -> int:
    paths = [Path(item) for item in args.paths] or None
    report = ingest_corpus(settings, paths, rebuild=args.rebuild, notify=warn)
    for item in report.skipped:
        warn(f"已跳过 {item.file}：{item.reason}")
    print(f"索引已更新（{store_label(settings)}）：{report.summary()}")
    return 1 if report.skipped else 0
