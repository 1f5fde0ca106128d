"""Retrieval benchmark: ingest speed, warm query latency, cold `rag search` time, peak memory.

    .venv/bin/python bench/retrieval.py              # seeds: built-in, e5-small, a bge-small-sized model
    .venv/bin/python bench/retrieval.py --stard      # also warm latency on the STARD indexes of bench/stard.py
    .venv/bin/python bench/retrieval.py --stard-sample 3000   # e5 and bge-sized ingest rate on STARD laws

Figures are printed, never asserted. The bge-small-sized model has random weights
(hidden 512, 4 layers, 8 heads): it measures the CPU cost of a real transformer embedder.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import gold_questions, nearest_rank, run_rag  # noqa: E402
from rag.config import load_settings  # noqa: E402
from rag.index.ingest import ingest  # noqa: E402
from rag.retrieval.open import open_retriever  # noqa: E402


def stard_questions(limit: int = 300) -> list[str]:
    path = ROOT.parent / "shared" / "bench" / "stard" / "queries.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [row["query"] for row in rows if row["split_stard_repo"] == "dev"][:limit]


def warm_latency(settings, queries: list[str]) -> tuple[float, float, float, float]:
    """p50 and p95 of a warm search of a question not searched before, then of embedding the
    question alone (milliseconds). The embedding is timed on a second copy of the embedder: e5-small
    remembers recent questions, and a search must not find its question already embedded."""
    retriever = open_retriever(settings)
    retriever.search("预热", 10)  # the first search pays for lazy initialisation (jieba, the engine)
    alone = open_retriever(settings).index.embedder  # a second copy, with a memory of its own
    alone.embed_queries(["预热"])
    timings, embedding = [], []
    for query in dict.fromkeys(queries):
        started = time.perf_counter()
        retriever.search(query, 10)
        searched = time.perf_counter()
        alone.embed_queries([query])
        timings.append((searched - started) * 1000)
        embedding.append((time.perf_counter() - searched) * 1000)
    return (nearest_rank(timings, 0.5), nearest_rank(timings, 0.95),
            nearest_rank(embedding, 0.5), nearest_rank(embedding, 0.95))


def latency_line(figures: tuple[float, float, float, float]) -> str:
    return (f"warm query p50 {figures[0]:.1f} ms, p95 {figures[1]:.1f} ms "
            f"(embedding the query alone: p50 {figures[2]:.1f} ms, p95 {figures[3]:.1f} ms)")


def cold_search(settings, runs: int = 5) -> float:
    env = {**os.environ, "RAG_CORPUS": str(settings.corpus), "RAG_INDEX": str(settings.index), "RAG_EMBEDDER": settings.embedder}
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        run_rag("search", "智能算力", "--k", "5", env=env, check=True)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def bench_ingest(label: str, corpus: Path, embedder: str, index: Path, queries: list[str] | None = None) -> None:
    settings = load_settings({"corpus": str(corpus), "index": str(index), "embedder": embedder}, environ={})
    started = time.perf_counter()
    report = ingest(settings, rebuild=True)
    seconds = time.perf_counter() - started
    figures = warm_latency(settings, queries or gold_questions(limit=200))
    print(f"[{label}] ingest {report.clauses} clauses in {seconds:.2f} s ({1000 * seconds / report.clauses:.0f} s per 1,000 "
          f"clauses, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}); {latency_line(figures)}")
    if embedder in ("builtin", "e5-small"):
        print(f"[{label}] cold `rag search` process: {cold_search(settings):.2f} s (median of 5)")
    if embedder == "e5-small":  # every passage is in the vector cache now
        started = time.perf_counter()
        report = ingest(settings, rebuild=True)
        print(f"[{label}] rebuild with the vector cache filled: {time.perf_counter() - started:.2f} s")


def bge_sized_model(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT / "tests"))
    from tiny_models import build_sentence_transformer

    return build_sentence_transformer(folder, hidden=512, layers=4, heads=8)


def stard_sample(folder: Path, articles: int) -> Path:
    """A corpus of whole STARD law files (from bench/stard.py's corpus) holding about `articles` articles."""
    source = ROOT / "bench" / "out" / "stard" / "corpus"
    if not source.is_dir():
        sys.exit("先运行 bench/stard.py 生成 STARD 语料")
    folder.mkdir(parents=True)
    total = 0
    for path in sorted(source.iterdir()):
        if total >= articles:
            break
        text = path.read_text(encoding="utf-8")
        (folder / path.name).write_text(text, encoding="utf-8")
        total += text.count("\n\n第")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stard", action="store_true", help="warm latency on the STARD indexes (index-builtin, index-e5-small)")
    parser.add_argument("--stard-dir", type=Path, default=ROOT / "bench" / "out" / "stard",
                        help="the folder of bench/stard.py's corpus and indexes (read only)")
    parser.add_argument("--seeds-only", action="store_true", help="skip the bge-sized model and the STARD sample")
    parser.add_argument("--stard-sample", type=int, default=0, metavar="N",
                        help="also ingest about N STARD articles with the bge-small-sized model")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        bench_ingest("seeds, builtin", ROOT / "seeds", "builtin", work / "index-builtin")
        bench_ingest("seeds, e5-small, empty vector cache", ROOT / "seeds", "e5-small", work / "index-e5")
        if not args.seeds_only:
            model = bge_sized_model(work / "model")
            bench_ingest("seeds, bge-small-sized transformer", ROOT / "seeds", str(model), work / "index-bge")
            if args.stard_sample:
                sample = stard_sample(work / "stard-sample", args.stard_sample)
                bench_ingest("STARD sample, e5-small, empty vector cache", sample, "e5-small", work / "index-stard-e5", stard_questions())
                bench_ingest("STARD sample, bge-small-sized transformer", sample, str(model), work / "index-stard-bge", stard_questions())
    if args.stard:
        out = args.stard_dir
        for embedder in ("builtin", "e5-small"):
            settings = load_settings({"corpus": str(out / "corpus"), "index": str(out / f"index-{embedder}"),
                                      "embedder": embedder}, environ={})
            if not (settings.index_path / "current").exists():
                continue
            started = time.perf_counter()
            figures = warm_latency(settings, stard_questions())
            print(f"[stard, {embedder}] {latency_line(figures)} (load+queries {time.perf_counter() - started:.1f} s)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
