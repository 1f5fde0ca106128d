"""What every command shares: a note on stderr, and the search filters of the arguments."""

from __future__ import annotations

import argparse
import sys

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
