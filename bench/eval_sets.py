"""The answer metrics on every gold set of the project, dev and test parts side by side.

Sets: the project's gold questions (gold/dev.jsonl, gold/test.jsonl, on seeds/), the
user-voice questions on the seeds (gold/users_seeds_{dev,test}.jsonl) and on other
documents (gold/users_other_{dev,test}.jsonl, on gold/other_corpus/). Each corpus gets
its own index under bench/out/eval_sets/. Prints citation precision and recall,
refusal accuracy, false refusal rate, number faithfulness and answer time (p50/p95) per set, and per `style`
(colloquial, yesno, multipart, ...) for the user-voice sets; writes the per-question
rows of the dev parts to bench/out/eval_sets/<set>.json for reading failures. Test parts
are scored only (`--test`); their per-question rows are never written.

    python bench/eval_sets.py             # dev parts
    python bench/eval_sets.py --test      # dev and test parts
    python bench/eval_sets.py --mixed     # every set asked over the seeds and the other corpus together

The fresh_* sets of session 23 are dev only; fresh_other is always asked over the seeds with the
four portal documents of gold/fresh_corpus/ added (corpus "added"). Session 24 added fit_seeds
and fit_other (fitting data; fit_other over the seeds with gold/fit_corpus/ added) and the probe
sets probe_seeds and probe_other (over the seeds with gold/probe_corpus/ added), which are scored
only when named (`--sets probe_seeds probe_other`) and never fitted on.

With --mixed each set's questions are asked over one corpus holding both (bench/out/eval_sets/
mixed_corpus/, refreshed from seeds/ and gold/other_corpus/): the seeds' questions with 16
unrelated documents beside them, the other corpus's with the five seeds, as a user's folder grows.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "gold"
OUT = ROOT / "bench" / "out" / "eval_sets"
# The gold sets, their files and folders are registered once, in gold/sets.json.
REGISTRY = json.loads((GOLD / "sets.json").read_text(encoding="utf-8"))
FOLDERS = {name: ROOT / folder for name, folder in REGISTRY["folders"].items()}
# Corpora copied together into one folder (`mixed_corpus`), registered in gold/sets.json too.
# "mixed": the seeds and the other corpus, so that every set is also asked with unrelated documents
# beside its own, as a user's corpus grows (--mixed). "added", "fitted", "probed", "refitted": the
# seeds with the portal documents of sessions 23, 24 and 26 beside them, the case of real
# documents added to a corpus.
FOLDED = {name: tuple(folders) for name, folders in REGISTRY["folded"].items()}
CORPORA = {"seeds": FOLDERS["seeds"], "other": FOLDERS["other"], **{name: OUT / f"{name}_corpus" for name in FOLDED}}
ADDED = tuple(name for name in FOLDED if name != "mixed")  # a set on one of these is asked over it also with --mixed
SOURCES = {**CORPORA, **FOLDERS}
SETS = {name: (entry["stem"], entry["asked_over"]) for name, entry in REGISTRY["sets"].items()}  # name → (file stem, corpus)
FITTED = tuple(name for name, entry in REGISTRY["sets"].items() if entry["fitted"])  # what bench/fit_answering.py fits on
PROBES = tuple(name for name, entry in REGISTRY["sets"].items() if entry.get("probe"))  # scored only when named with --sets
SHOWN = ("citation_precision", "citation_recall", "refusal_accuracy", "false_refusal_rate", "number_faithfulness")


def ready_retriever(settings: Any) -> Any:
    """The retriever of the settings' index, built or updated first when it is missing or stale."""
    from rag.index.ingest import ensure_index
    from rag.index.status import index_status
    from rag.retrieval.open import open_retriever

    ensure_index(settings, index_status(settings))
    return open_retriever(settings)


def corpus_settings(corpus: str) -> Any:
    """The settings of a corpus of this script and its index (a folded corpus refreshed first)."""
    from rag.config import load_settings

    if corpus in FOLDED:
        mixed_corpus(corpus)
    return load_settings({"corpus": str(CORPORA[corpus]), "index": str(index_path(corpus))})


def mixed_corpus(name: str = "mixed") -> Path:
    """The folder `name` holding a copy of every file of the corpora it folds together (refreshed)."""
    folder = CORPORA[name]
    folder.mkdir(parents=True, exist_ok=True)
    sources = [path for corpus in FOLDED[name] for path in sorted(SOURCES[corpus].iterdir()) if path.is_file()]
    wanted = {path.name: path for path in sources}
    if len(wanted) < len(sources):
        raise SystemExit(f"{' and '.join(FOLDED[name])} share a file name: they cannot be mixed into one folder")
    for stale in folder.iterdir():
        if stale.name not in wanted and stale.is_file():
            stale.unlink()
    for name, source in wanted.items():
        copy = folder / name
        if not copy.exists() or copy.read_bytes() != source.read_bytes():
            copy.write_bytes(source.read_bytes())
    return folder


def index_path(corpus: str) -> Path:
    """The bench index of `corpus` for the configured embedder (one per embedder, so they never rebuild each other)."""
    from rag.config import load_settings

    return OUT / f"index-{corpus}-{load_settings().embedder.replace('/', '_')}"


def gold_path(name: str, part: str) -> Path:
    stem, _ = SETS[name]
    return GOLD / f"{stem}{part}.jsonl"


def styles(path: Path) -> dict[str, str]:
    """Question id → its `style` field (user-voice sets), or its `type` where there is none."""
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            found[row["id"]] = row.get("style") or row["type"]
    return found


def by_style(rows: list[dict[str, Any]], style_of: dict[str, str]) -> dict[str, dict[str, float]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[style_of[row["id"]]].append(row)
    table: dict[str, dict[str, float]] = {}
    for style, members in sorted(groups.items()):
        table[style] = {"n": len(members)}
        for key in SHOWN:
            values = [row[key] for row in members if row.get(key) is not None]
            if values:
                table[style][key] = sum(values) / len(values)
    return table


def evaluate_set(name: str, part: str, retrievers: dict[str, Any], corpus: str | None = None) -> dict[str, Any]:
    """One set's figures, asked over its own corpus or over `corpus` (e.g. "mixed")."""
    from rag.answering.pipeline import PipelineAnswerer
    from rag.evaluation.run import evaluate_questions, load_questions

    corpus = SETS[name][1] if corpus is None or SETS[name][1] in ADDED else corpus
    settings = corpus_settings(corpus)
    if corpus not in retrievers:
        retrievers[corpus] = ready_retriever(settings)
    path = gold_path(name, part)
    questions = load_questions(path, settings)
    retriever = retrievers[corpus]
    return evaluate_questions(questions, settings, retriever, PipelineAnswerer(retriever, settings))


def line(label: str, figures: dict[str, Any]) -> str:
    cells = [f"{figures[key]:6.3f}" if figures.get(key) is not None else "     —" for key in SHOWN]
    return f"{label:28s} {figures.get('n', figures.get('n_questions', 0)):4d} " + " ".join(cells)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--test", action="store_true", help="also score the test parts (figures only)")
    parser.add_argument("--sets", nargs="*", default=[name for name in SETS if name not in PROBES], choices=list(SETS))
    parser.add_argument("--mixed", action="store_true", help="ask every set over the seeds and the other corpus together instead")
    args = parser.parse_args()
    os.environ.setdefault("RAG_NO_PROGRESS", "1")
    OUT.mkdir(parents=True, exist_ok=True)
    retrievers: dict[str, Any] = {}
    print(f"{'set':28s} {'n':>4s} " + " ".join(f"{key[:6]:>6s}" for key in SHOWN))
    summary: dict[str, Any] = {}
    for name in args.sets:
        for part in ("dev", "test") if args.test else ("dev",):
            if not gold_path(name, part).exists():
                continue
            started = time.perf_counter()
            result = evaluate_set(name, part, retrievers, "mixed" if args.mixed else None)
            elapsed = time.perf_counter() - started
            latency = result["latency"]
            print(line(f"{name} {part}" + (" (mixed)" if args.mixed else ""), result) + f"   ({elapsed:.1f} s; answer p50 {latency['answer_p50_ms']:.0f} ms,"
                  f" p95 {latency['answer_p95_ms']:.0f} ms)")
            table = by_style(result["per_question"], styles(gold_path(name, part)))
            if name != "gold":
                for style, figures in table.items():
                    print(line(f"  {style}", figures))
            label = f"{name}_{part}" + ("_mixed" if args.mixed else "")
            summary[label] = {key: result[key] for key in SHOWN} | {"by_style": table}
            if part == "dev":
                (OUT / f"{label}.json").write_text(json.dumps(result["per_question"], ensure_ascii=False, indent=1), encoding="utf-8")
    (OUT / ("summary-mixed.json" if args.mixed else "summary.json")).write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
