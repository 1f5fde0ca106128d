"""STARD at the answer level: `rag ask --jsonl` on real questions over the statute corpus.

Every STARD question has its answer in the corpus, so any refusal is a false refusal.
Reports, for one split:

- false refusal rate: share of questions answered with `refused: true`;
- gold cited: share of questions whose (non-refused) answer cites a gold article;
- citation precision: share of an answer's citations that are gold articles, averaged
  over the non-refused answers (an answer with no citation counts 0);
- the retriever's recall@5 (`rag search`) on the same questions, for comparison.

    python bench/stard_answers.py --split train            # the split to tune on
    python bench/stard_answers.py --split dev              # the figure to report
    python bench/stard_answers.py --split train --limit 200 --reuse

The corpus is the one bench/stard.py writes (one file per law); the index lives in
bench/out/stard_answers/. Per-question answers go to bench/out/stard_answers/answers-<split>.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from stard import OUT as STARD_OUT
from stard import DEFAULT_EMBEDDER, VECTOR_CACHE, ranked_ids, search_scores, stard_index, write_corpus, write_queries

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "stard_answers"


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`python -m rag.cli ARGS` with this checkout on the path (works in any worktree)."""
    command = [sys.executable, "-m", "rag.cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)


def limit_queries(path: Path, limit: int | None) -> None:
    """Keep the first `limit` lines of a queries file (all when None)."""
    if limit is None:
        return
    lines = path.read_text(encoding="utf-8").splitlines()[:limit]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def answer_scores(answers: list[dict], gold: dict[str, list[str]], ids: dict[tuple[str, str], str]) -> dict[str, float]:
    """False refusal, gold cited and citation precision over the answered questions."""
    refused = cited = 0
    precisions: list[float] = []
    for row in answers:
        wanted = set(gold[str(row["id"])])
        articles = [ranked_ids([citation], ids) for citation in row.get("citations", [])]
        hits = [bool(set(found) & wanted) for found in articles]
        if row.get("refused"):
            refused += 1
            continue
        cited += any(hits)
        precisions.append(sum(hits) / len(hits) if hits else 0.0)
    n = max(1, len(answers))
    return {
        "questions": len(answers),
        "false_refusal_rate": refused / n,
        "gold_cited": cited / n,
        "citation_precision": sum(precisions) / len(precisions) if precisions else 0.0,
    }


def ask(queries: Path, env: dict[str, str]) -> tuple[list[dict], float]:
    """Answers of `rag ask --jsonl` and the wall time of the whole batch."""
    started = time.perf_counter()
    done = run_cli("ask", "--jsonl", str(queries), "--json", env=env)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(done.stderr)
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()], elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "train"], default="dev")
    parser.add_argument("--embedder", default=DEFAULT_EMBEDDER, help="default: the project default")
    parser.add_argument("--limit", type=int, default=None, help="only the first N questions of the split")
    parser.add_argument("--reuse", action="store_true", help="keep an existing index")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    corpus, index = STARD_OUT / "corpus", stard_index(args.embedder)
    ids = write_corpus(corpus)
    queries = OUT / f"queries-{args.split}.jsonl"
    gold = write_queries(args.split, queries)
    limit_queries(queries, args.limit)
    asked = {json.loads(line)["id"] for line in queries.read_text(encoding="utf-8").splitlines() if line.strip()}
    gold = {key: value for key, value in gold.items() if key in asked}
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RAG_CORPUS": str(corpus), "RAG_INDEX": str(index),
           "RAG_EMBEDDER": args.embedder, "RAG_NO_PROGRESS": "1", "RAG_VECTOR_CACHE": str(VECTOR_CACHE)}
    if not args.reuse or not index.exists():
        done = run_cli("ingest", "--rebuild", env=env)
        print(done.stdout.strip() or done.stderr.strip())
    answers, elapsed = ask(queries, env)
    (OUT / f"answers-{args.split}.jsonl").write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in answers), encoding="utf-8"
    )
    figures = answer_scores(answers, gold, ids)
    figures.update({f"search_{key}": value for key, value in search_scores(queries, ids, gold, env).items()})
    figures["seconds_per_question"] = elapsed / max(1, len(answers))
    print(f"STARD {args.split} ({len(answers)} questions, embedder {args.embedder}), answer level:")
    for key in ("false_refusal_rate", "gold_cited", "citation_precision", "search_recall@5", "search_mrr@10"):
        print(f"  {key:22s} {figures[key]:.3f}")
    print(f"  {'batch time / question':22s} {figures['seconds_per_question'] * 1000:.0f} ms (load included)")
    (OUT / f"scores-{args.split}.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
