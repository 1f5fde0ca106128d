"""Regenerate the golden clause files of the seed documents.

Run `make golden` (or `.venv/bin/python tests/update_golden.py`) after a deliberate change
to the splitter, then read the diff of tests/golden/ against the documents before committing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag.corpus.documents import load_documents  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"


def golden_lines(seeds: Path) -> dict[str, list[str]]:
    """Clause JSON lines per seed file, as `rag clauses --json` prints them."""
    documents, _ = load_documents([seeds], seeds)
    return {
        document.source.file: [json.dumps(clause.to_dict(), ensure_ascii=False) for clause in document.clauses]
        for document in documents
    }


def main() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for file, lines in golden_lines(ROOT / "seeds").items():
        target = GOLDEN / f"{Path(file).stem}.jsonl"
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{target.relative_to(ROOT)}: {len(lines)} clauses")


if __name__ == "__main__":
    main()
