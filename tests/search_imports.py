"""Which heavy libraries a fresh process imports to open an index and search it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def heavy_imports_of_a_search(overrides: dict[str, Any], query: str) -> subprocess.CompletedProcess[str]:
    """Open the index of `overrides` in a new process, search `query` and print whether torch and
    sentence-transformers were imported ("False False" when neither)."""
    code = (
        "import sys\nfrom rag.config import load_settings\nfrom rag.retrieval.open import open_retriever\n"
        f"r = open_retriever(load_settings({overrides!r}, environ={{}}))\n"
        f"r.search({query!r}, 3)\nprint('torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
