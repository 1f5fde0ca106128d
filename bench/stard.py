"""STARD benchmark: statute retrieval with real questions from the public.

Writes the 58,606-article corpus as one text file per law (articles as 第X条 paragraphs),
runs `rag ingest` on it and `rag search --jsonl` on the questions of one split, maps hits
back to article ids and prints Recall@5/10/100 and MRR@10 beside the published figures.

    .venv/bin/python bench/stard.py --split dev          # the figure to report
    .venv/bin/python bench/stard.py --split train        # the split to tune on
    .venv/bin/python bench/stard.py --embedder e5-small  # e5 vectors from bench/out/cache (by content hash)

Tune only on train (bench/stard README). Output goes to bench/out/stard/.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

from common import run_rag

from rag.config import Settings

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "bench" / "stard"
OUT = ROOT / "bench" / "out" / "stard"
# Passage vectors by content hash (rag/index/vector_cache.py), shared with bench/e5_cache.py: a
# rebuild after a code change embeds only the passages whose text changed.
VECTOR_CACHE = ROOT / "bench" / "out" / "cache"
DEFAULT_EMBEDDER = Settings().embedder
PUBLISHED = [
    ("BM25 (paper)", "—", "0.394", "0.649", "—"),
    ("Dense-STARD fine-tuned (paper's best)", "—", "0.606", "0.907", "0.472"),
    ("Qwen3-Embedding-4B (third party)", "—", "0.604", "0.837", "0.501"),
    ("char uni+bigram BM25 on this corpus", "—", "0.441", "0.670", "—"),
]
_UNSAFE = re.compile(r"[\\/:*?\"<>|\s]")


def stard_index(embedder: str) -> Path:
    """The STARD index of `embedder`, shared by the retrieval and answer benches."""
    return OUT / f"index-{_UNSAFE.sub('_', embedder)}"


def law_file_name(law: str) -> str:
    return _UNSAFE.sub("_", law)[:80] + ".txt"


def write_corpus(corpus_dir: Path) -> dict[tuple[str, str], str]:
    """One text file per law; returns (file, article label) → corpus id."""
    laws: dict[str, list[dict]] = defaultdict(list)
    with (DATA / "corpus.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            laws[row["law"]].append(row)
    corpus_dir.mkdir(parents=True, exist_ok=True)
    ids: dict[tuple[str, str], str] = {}
    for law, rows in laws.items():
        name = law_file_name(law)
        paragraphs = [law]
        for row in rows:
            paragraphs.append(f"{row['article']}　{row['text']}")
            ids.setdefault((name, _article_key(row["article"])), row["id"])
        (corpus_dir / name).write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return ids


def _article_key(label: str) -> str:
    from rag.text.numbering import find_marker

    marker = find_marker(label + " ")
    suffix = label.split("条", 1)[1] if "条" in label else ""
    return f"a{marker.number}{suffix}" if marker else label


def article_of(clause_id: str, label_hint: str) -> str | None:
    """The article key (a54, a10之一) of a clause id such as `law:c2.a54.1-2`."""
    match = re.search(r"(?:^|[.:])a(\d+)(?=[._\-]|$)", clause_id.split(":", 1)[1])
    if not match:
        return None
    suffix = ""
    if label_hint.startswith("第") and "条之" in label_hint:
        suffix = "之" + label_hint.split("条之", 1)[1].split()[0]
    return f"a{match.group(1)}{suffix}"


def write_queries(split: str, path: Path) -> dict[str, list[str]]:
    gold: dict[str, list[str]] = {}
    with (DATA / "queries.jsonl").open(encoding="utf-8") as handle, path.open("w", encoding="utf-8") as out:
        for line in handle:
            row = json.loads(line)
            if row["split_stard_repo"] != split:
                continue
            gold[row["id"]] = row["gold_ids"]
            out.write(json.dumps({"id": row["id"], "question": row["query"]}, ensure_ascii=False) + "\n")
    return gold


def ranked_ids(results: list[dict], ids: dict[tuple[str, str], str]) -> list[str]:
    ranked: list[str] = []
    for result in results:
        key = article_of(result["clause_id"], result.get("label", ""))
        found = ids.get((result["file"], key)) if key else None
        if found and found not in ranked:
            ranked.append(found)
    return ranked


def scores(ranking: dict[str, list[str]], gold: dict[str, list[str]]) -> dict[str, float]:
    def recall(k: int) -> float:
        return sum(len(set(ranking.get(q, [])[:k]) & set(g)) / len(g) for q, g in gold.items()) / len(gold)

    def mrr() -> float:
        total = 0.0
        for query, wanted in gold.items():
            for rank, found in enumerate(ranking.get(query, [])[:10], start=1):
                if found in wanted:
                    total += 1 / rank
                    break
        return total / len(gold)

    return {"recall@5": recall(5), "recall@10": recall(10), "recall@100": recall(100), "mrr@10": mrr()}


def search_scores(queries: Path, ids: dict[tuple[str, str], str], gold: dict[str, list[str]], env: dict[str, str]) -> dict[str, float]:
    """Run `rag search --jsonl` on the questions of `queries` and score the article rankings."""
    searched = run_rag("search", "--jsonl", str(queries), "--k", "100", env=env)
    if searched.returncode != 0:
        sys.exit(searched.stderr)
    ranking = {}
    for line in searched.stdout.splitlines():
        row = json.loads(line)
        ranking[str(row["id"])] = ranked_ids(row["results"], ids)
    return scores(ranking, gold)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "train"], default="dev")
    parser.add_argument("--embedder", default=DEFAULT_EMBEDDER, help="default: the project default")
    parser.add_argument("--reuse", action="store_true", help="keep an existing index (skip ingest timing)")
    args = parser.parse_args()
    corpus, index = OUT / "corpus", stard_index(args.embedder)
    ids = write_corpus(corpus)
    gold = write_queries(args.split, OUT / f"queries-{args.split}.jsonl")
    env = {**os.environ, "RAG_CORPUS": str(corpus), "RAG_INDEX": str(index), "RAG_EMBEDDER": args.embedder, "RAG_NO_PROGRESS": "1",
           "RAG_VECTOR_CACHE": str(VECTOR_CACHE)}
    if not args.reuse:
        started = time.perf_counter()
        done = run_rag("ingest", "--rebuild", env=env)
        ingest_s = time.perf_counter() - started
        peak_gb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 / 1024
        print(done.stdout.strip() or done.stderr.strip())
        print(f"ingest: {ingest_s:.1f} s, peak RSS {peak_gb:.2f} GB, {sum(1 for _ in corpus.iterdir())} files")
    started = time.perf_counter()
    figures = search_scores(OUT / f"queries-{args.split}.jsonl", ids, gold, env)
    search_s = time.perf_counter() - started
    without_prior = search_scores(OUT / f"queries-{args.split}.jsonl", ids, gold, {**env, "RAG_AUTHORITY_WEIGHT": "0"})
    print(f"search: {len(gold)} {args.split} questions in {search_s:.1f} s (one process, load included)")
    print(f"{'system':45s} {'R@5':>6s} {'R@10':>6s} {'R@100':>6s} {'MRR@10':>7s}")
    for name, *values in PUBLISHED:
        print(f"{name:45s} " + " ".join(f"{value:>6s}" for value in values))
    for name, row in ((f"this project, no authority prior ({args.split})", without_prior), (f"this project ({args.embedder}, {args.split})", figures)):
        print(f"{name:45s} {row['recall@5']:6.3f} {row['recall@10']:6.3f} {row['recall@100']:6.3f} {row['mrr@10']:7.3f}")
    (OUT / f"scores-{args.split}.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
