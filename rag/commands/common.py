"""What every command shares: a note on stderr, the search filters of the arguments, a batch loop."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from rag.app.terminal import json_line
from rag.errors import UsageError
from rag.types import Filters


def warn(message: str) -> None:
    print(f"rag: {message}", file=sys.stderr)


def filters_of(args: argparse.Namespace) -> Filters:
    return Filters(
        files=tuple(args.file or ()),
        issuer=args.issuer,
        level=args.level,
        year=args.year,
        doc_number=args.doc_number,
    )


def run_batch(batch: list[dict], respond: Callable[[dict], dict[str, Any]], error_keys: tuple[str, ...] = ("id",)) -> int:
    """One JSON line per batch item: `respond(item)`, or for a bad item its `error_keys` and the
    error (reported on stderr too), so that one bad line never stops the rest."""
    for item in batch:
        try:
            row = respond(item)
        except UsageError as error:
            warn(f"批量文件第 {item['line']} 行（id {item['id']}）：{error.message}")
            row = {key: item[key] for key in error_keys} | {"error": error.message}
        print(json_line(row))
    return 0
