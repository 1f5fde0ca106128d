"""Questions on other matters: how often the answerer refuses what its documents are not about.

Asks the real questions from the public of STARD (legal questions: marriage, debts, labour,
crimes …) of a corpus about something else, the five AI-policy seeds by default, and prints the
share refused. Every such question should be refused; a few may touch a document (a question on
labour law asked of a notice on gig workers). Tune on `--split train`, report `--split dev`.

    python bench/off_topic.py --split dev                       # over the seeds
    python bench/off_topic.py --split dev --corpus eighthed     # over the seeds with gold/fit8_corpus/ added

Corpora and indexes are those of bench/eval_sets.py (a folded corpus is refreshed first).
"""

from __future__ import annotations

import argparse
import json
import os

from eval_sets import CORPORA, corpus_settings, ready_retriever
from stard import DATA

from rag.answering.pipeline import PipelineAnswerer

QUERIES = DATA / "queries.jsonl"


def questions(split: str, limit: int | None) -> list[str]:
    """The STARD questions of `split`, in file order, at most `limit`."""
    rows = [json.loads(line) for line in QUERIES.read_text(encoding="utf-8").splitlines() if line.strip()]
    asked = [row["query"] for row in rows if row["split_stard_repo"] == split]
    return asked[:limit] if limit else asked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("train", "dev"), default="dev")
    parser.add_argument("--corpus", default="seeds", choices=sorted(CORPORA))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--show", type=int, default=0, help="print this many of the answered questions")
    args = parser.parse_args()
    os.environ.setdefault("RAG_NO_PROGRESS", "1")
    settings = corpus_settings(args.corpus)
    answerer = PipelineAnswerer(ready_retriever(settings), settings)
    asked = questions(args.split, args.limit)
    answered = [question for question in asked if not answerer.answer(question).refused]
    for question in answered[: args.show]:
        print("  answered:", question)
    refused = len(asked) - len(answered)
    print(f"STARD {args.split} questions asked of {args.corpus}: {refused} of {len(asked)} refused ({refused / max(1, len(asked)):.3f})")


if __name__ == "__main__":
    main()
