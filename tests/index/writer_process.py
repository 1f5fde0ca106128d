"""A `rag` command run in a child process by tests/index/test_writers.py, its output in files.

The test's forkserver imports this module once before forking, so each child starts with
the libraries loaded and the tokenizer's dictionary read, as a warm `rag` process would;
the children themselves are separate processes with their own pid and locks.
"""

from __future__ import annotations

import sys

import bm25s  # noqa: F401  (loaded once in the forkserver, not in every child)
import faiss  # noqa: F401
import sklearn.utils.extmath  # noqa: F401

import rag.index.ingest  # noqa: F401
import rag.retrieval.open  # noqa: F401
from rag.cli import main
from rag.index.tokenizer import tokenize

tokenize("预热分词词典")


def run(argv: list[str], out: str, err: str) -> None:
    """`rag ARGV` with stdout and stderr written to the files `out` and `err`; exits with its code."""
    with open(out, "w", encoding="utf-8") as stdout, open(err, "w", encoding="utf-8") as stderr:
        sys.stdout, sys.stderr = stdout, stderr
        code = main(argv)
    sys.exit(code)
