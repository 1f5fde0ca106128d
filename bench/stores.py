"""The two stores side by side on STARD: the local index folder and Milvus (Lite by default).

Builds both from the same 58,606-article corpus (bench/stard.py writes it) with the
built-in LSA embedder, runs the same questions through `search` in this process, and
prints recall@10 (the acceptance: Milvus within 0.01 of local), how many questions got
the very same top 10, ingest time, the time to open the store and answer a first query
(Milvus Lite builds its sparse index in memory then), and query latency p50/p95 after it.

    .venv/bin/python bench/stores.py                      # dev split, all 308 questions
    .venv/bin/python bench/stores.py --limit 100          # a sample: the first 100
    .venv/bin/python bench/stores.py --milvus-uri http://host:19530   # a Milvus server

Output also goes to bench/out/stores/scores.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from common import ROOT, nearest_rank
from stard import OUT as STARD_OUT
from stard import ranked_ids, scores, write_corpus, write_queries

sys.path.insert(0, str(ROOT))

from rag.config import Settings, load_settings  # noqa: E402
from rag.index.store import ingest  # noqa: E402
from rag.retrieval.open import open_retriever  # noqa: E402

OUT = ROOT / "bench" / "out" / "stores"


def settings_for(store: str, corpus: Path, uri: str) -> Settings:
    values = {"corpus": str(corpus), "index": str(OUT / "index-local"), "embedder": "builtin", "store": store}
    if store == "milvus":
        values["milvus_uri"] = uri
    return load_settings(values, environ={})


def run_store(settings: Settings, questions: list[dict[str, Any]], ids: dict, reuse: bool) -> dict[str, Any]:
    """Ingest (timed), then every question searched once (each timed); rankings of article ids."""
    ingest_s = None
    if not reuse:
        started = time.perf_counter()
        report = ingest(settings, rebuild=True)
        ingest_s = time.perf_counter() - started
        print(f"  {settings.store}: {report.summary()}", flush=True)
    started = time.perf_counter()
    retriever = open_retriever(settings)
    open_s = time.perf_counter() - started
    started = time.perf_counter()
    retriever.search(questions[0]["question"], k=100)  # warm-up: tokenizer dictionary, Milvus Lite's in-memory sparse index
    first_s = time.perf_counter() - started
    latencies, rankings, top10 = [], {}, {}
    for number, item in enumerate(questions, start=1):
        if number % 50 == 0:
            print(f"  {settings.store}: {number} questions", flush=True)
        started = time.perf_counter()
        hits = retriever.search(item["question"], k=100)
        latencies.append(time.perf_counter() - started)
        rankings[item["id"]] = ranked_ids([hit.to_dict() for hit in hits], ids)
        top10[item["id"]] = [hit.clause.clause_id for hit in hits[:10]]
    return {"ingest_s": ingest_s, "open_s": open_s, "first_s": first_s, "latencies": latencies, "rankings": rankings, "top10": top10}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "train"], default="dev")
    parser.add_argument("--limit", type=int, help="only the first N questions of the split")
    parser.add_argument("--milvus-uri", default=str(OUT / "milvus.db"), help="Milvus Lite folder (.db) or server URL")
    parser.add_argument("--reuse", action="store_true", help="keep the built stores (no ingest timing)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    corpus = STARD_OUT / "corpus"
    ids = write_corpus(corpus)
    gold = write_queries(args.split, OUT / f"queries-{args.split}.jsonl")
    with (OUT / f"queries-{args.split}.jsonl").open(encoding="utf-8") as handle:
        questions = [json.loads(line) for line in handle][: args.limit]
    gold = {item["id"]: gold[item["id"]] for item in questions}
    print(f"STARD {args.split}: {len(questions)} questions, {sum(1 for _ in corpus.iterdir())} files", flush=True)
    results = {}
    for store in ("local", "milvus"):
        results[store] = run_store(settings_for(store, corpus, args.milvus_uri), questions, ids, args.reuse)
    report(results, gold, args)


def report(results: dict[str, dict[str, Any]], gold: dict[str, list[str]], args: argparse.Namespace) -> None:
    rows = {}
    print(f"\n{'store':8s} {'R@5':>6s} {'R@10':>6s} {'R@100':>6s} {'MRR@10':>7s} {'ingest s':>9s} {'open s':>7s} {'first s':>8s} {'p50 ms':>7s} {'p95 ms':>7s}")
    for store, result in results.items():
        figures = scores(result["rankings"], gold)
        latencies = [value * 1000 for value in result["latencies"]]
        row = {**figures, "ingest_s": result["ingest_s"], "open_s": result["open_s"], "first_s": result["first_s"],
               "p50_ms": nearest_rank(latencies, 0.5), "p95_ms": nearest_rank(latencies, 0.95)}
        rows[store] = row
        ingest_text = f"{row['ingest_s']:9.1f}" if row["ingest_s"] is not None else f"{'—':>9s}"
        print(f"{store:8s} {row['recall@5']:6.3f} {row['recall@10']:6.3f} {row['recall@100']:6.3f} {row['mrr@10']:7.3f} "
              f"{ingest_text} {row['open_s']:7.1f} {row['first_s']:8.1f} {row['p50_ms']:7.0f} {row['p95_ms']:7.0f}")
    same = sum(results["local"]["top10"][key] == results["milvus"]["top10"][key] for key in gold)
    difference = abs(rows["local"]["recall@10"] - rows["milvus"]["recall@10"])
    print(f"identical top 10: {same} of {len(gold)} questions; recall@10 difference {difference:.4f} "
          f"({'within' if difference <= 0.01 else 'NOT within'} 0.01)")
    summary = {"split": args.split, "questions": len(gold), "milvus_uri": "lite" if args.milvus_uri.endswith(".db") else "server",
               "identical_top10": same, "stores": rows}
    (OUT / "scores.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
