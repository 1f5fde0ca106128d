"""Embedders: text to L2-normalized float32 vectors, for queries and for passages.

- `BuiltinEmbedder` needs no download: TF-IDF over rag.index.tokenizer tokens reduced by a
  truncated SVD (LSA), fitted on the corpus and saved with the index.
- `SentenceTransformerEmbedder` wraps any sentence-transformers model, loaded on first use.
- `KeywordEmbedder` is a deterministic fake for tests (hashed tokens).

Heavy libraries (torch, sentence_transformers) are imported only when a model is loaded.
"""

from __future__ import annotations

import json
import os
import socket
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Protocol, Sequence, TypeVar, runtime_checkable
from urllib.parse import urlparse

import numpy as np

from rag.errors import ModelLoadError
from rag.index.tokenizer import TokenizerConfig, tokenize

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

    from rag.config import Settings

BUILTIN = "builtin"
KEYWORD = "keyword"
BGE_ZH_QUERY_INSTRUCTION = "为这个句子生成表示以用于检索相关文章："

T = TypeVar("T")


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalized float32 vectors of shape (len(texts), dim)."""

    name: str

    @property
    def dim(self) -> int: ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


def l2_normalize(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length, as float32; all-zero rows stay zero."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


# ---------------------------------------------------------------------------- builtin


class BuiltinEmbedder:
    """LSA embedder fitted on the corpus: sublinear TF-IDF of rag.index.tokenizer tokens, truncated SVD.

    On the STARD legal benchmark (train split) tokens (character unigrams + bigrams,
    numbers with units, 文号) gave recall@10 0.334 against 0.269 for character 1-3 grams
    and 0.314 for 1-2 grams, and fit faster. A query without any known token embeds to
    the zero vector.
    """

    name = BUILTIN
    PARAMS_FILE = "params.json"
    VOCAB_FILE = "vocab.json"
    IDF_FILE = "idf.npy"
    COMPONENTS_FILE = "components.npy"

    def __init__(self, dim: int = 256, max_features: int = 30000, tokenizer: TokenizerConfig | None = None) -> None:
        self.requested_dim = dim
        self.max_features = max_features
        self.tokenizer = tokenizer or TokenizerConfig(words="none")
        self._vocab: dict[str, int] | None = None
        self._idf: np.ndarray | None = None
        self._components: np.ndarray | None = None  # (dim, n_features)
        self._projection: np.ndarray | None = None  # components transposed once, contiguous

    @property
    def fitted(self) -> bool:
        return self._components is not None

    @property
    def dim(self) -> int:
        """The fitted dimension (at most n_docs - 1 and n_features - 1), or the requested one."""
        return int(self._components.shape[0]) if self._components is not None else self.requested_dim

    def _set_components(self, components: np.ndarray) -> None:
        """Keep the components and their contiguous transpose: a transposed view would be
        copied on every query."""
        self._components = components
        self._projection = np.ascontiguousarray(components.T)

    def fit(self, passages: Sequence[str]) -> "BuiltinEmbedder":
        """Learn vocabulary, IDF and SVD projection from `passages`."""
        self.fit_embed_passages(passages)
        return self

    def fit_embed_passages(self, passages: Sequence[str]) -> np.ndarray:
        """`fit`, returning the passage vectors (saves tokenizing the passages twice)."""
        return self.fit_embed_tokens([tokenize(text, self.tokenizer) for text in passages])

    def fit_embed_tokens(self, token_lists: Sequence[Sequence[str]]) -> np.ndarray:
        """`fit_embed_passages` on passages already tokenized with `self.tokenizer`."""
        self._vocab = _select_vocabulary(token_lists, self.max_features)
        counts = _count_matrix(token_lists, self._vocab)
        self._idf = _smooth_idf(counts)
        weighted = _tfidf(counts, self._idf)
        self._set_components(_svd_components(weighted, self.requested_dim))
        return l2_normalize(weighted @ self._projection)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of queries (the same projection as passages)."""
        return self._embed(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of passages."""
        return self._embed(texts)

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed_tokens([tokenize(text, self.tokenizer) for text in texts])

    def embed_tokens(self, token_lists: Sequence[Sequence[str]]) -> np.ndarray:
        """Vectors of texts already tokenized with `self.tokenizer`."""
        if self._vocab is None or self._idf is None or self._components is None:
            raise ModelLoadError("内置向量模型尚未在语料上拟合：请先建立索引（rag ingest）。")
        counts = _count_matrix(token_lists, self._vocab)
        return l2_normalize(_tfidf(counts, self._idf) @ self._projection)

    def save(self, folder: str | Path) -> None:
        """Write the fitted model as plain files: params JSON, vocabulary JSON, two .npy arrays."""
        if self._vocab is None or self._idf is None or self._components is None:
            raise ModelLoadError("内置向量模型尚未拟合，无法保存。")
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        params = {"name": self.name, "dim": self.dim, "requested_dim": self.requested_dim,
                  "max_features": self.max_features, "tokenizer": self.tokenizer.to_dict()}
        (path / self.PARAMS_FILE).write_text(json.dumps(params, ensure_ascii=False, indent=2), encoding="utf-8")
        terms = sorted(self._vocab, key=self._vocab.__getitem__)
        (path / self.VOCAB_FILE).write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")
        np.save(path / self.IDF_FILE, self._idf, allow_pickle=False)
        np.save(path / self.COMPONENTS_FILE, self._components, allow_pickle=False)

    @classmethod
    def load(cls, folder: str | Path) -> "BuiltinEmbedder":
        """Read a model written by `save`."""
        path = Path(folder)
        try:
            params = json.loads((path / cls.PARAMS_FILE).read_text(encoding="utf-8"))
            terms = json.loads((path / cls.VOCAB_FILE).read_text(encoding="utf-8"))
            idf = np.load(path / cls.IDF_FILE, allow_pickle=False)
            components = np.load(path / cls.COMPONENTS_FILE, allow_pickle=False)
        except (OSError, ValueError) as error:
            raise ModelLoadError(f"无法读取内置向量模型 {path}：{error}。请重建索引（rag ingest）。") from error
        embedder = cls(params["requested_dim"], params["max_features"], TokenizerConfig.from_dict(params["tokenizer"]))
        embedder._vocab = {term: column for column, term in enumerate(terms)}
        embedder._idf = idf
        embedder._set_components(components)
        return embedder


def _select_vocabulary(token_lists: Sequence[Sequence[str]], max_features: int) -> dict[str, int]:
    """The `max_features` tokens in most documents (ties by token), numbered in that order."""
    document_frequency: dict[str, int] = {}
    for tokens in token_lists:
        for token in set(tokens):
            document_frequency[token] = document_frequency.get(token, 0) + 1
    ranked = sorted(document_frequency, key=lambda token: (-document_frequency[token], token))
    return {token: column for column, token in enumerate(ranked[:max_features])}


def _count_matrix(token_lists: Sequence[Sequence[str]], vocab: dict[str, int]) -> "csr_matrix":
    """Sparse (documents x vocabulary) token counts; unknown tokens are dropped."""
    from scipy.sparse import csr_matrix

    indices: list[int] = []
    indptr = [0]
    for tokens in token_lists:
        indices += [vocab[token] for token in tokens if token in vocab]
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    shape = (len(token_lists), max(len(vocab), 1))
    matrix = csr_matrix((data, np.asarray(indices, dtype=np.int32), np.asarray(indptr, dtype=np.int64)), shape=shape)
    matrix.sum_duplicates()
    return matrix


def _smooth_idf(counts: "csr_matrix") -> np.ndarray:
    """IDF as scikit-learn's smooth_idf: ln((1 + n) / (1 + df)) + 1."""
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    return (np.log((1 + counts.shape[0]) / (1 + df)) + 1).astype(np.float32)


def _tfidf(counts: "csr_matrix", idf: np.ndarray) -> "csr_matrix":
    """Sublinear tf (1 + ln tf) times idf, rows L2-normalized."""
    from scipy.sparse import diags

    weighted = counts.copy()
    weighted.data = (1 + np.log(weighted.data)) * idf[weighted.indices]
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0).astype(np.float32)
    return (diags(scale) @ weighted).tocsr()


def _svd_components(matrix: "csr_matrix", dim: int) -> np.ndarray:
    """Top right singular vectors (dim x n_features, float32), dim capped by the matrix shape."""
    from sklearn.utils.extmath import randomized_svd

    n_docs, n_features = matrix.shape
    k = max(1, min(dim, n_docs - 1, n_features - 1))
    if matrix.nnz == 0 or min(n_docs, n_features) < k:
        return np.zeros((1, n_features), dtype=np.float32)
    _, _, components = randomized_svd(matrix, k, n_iter=5, random_state=0)
    return np.ascontiguousarray(components, dtype=np.float32)


# ---------------------------------------------------------------------------- fake


class KeywordEmbedder:
    """Deterministic fake for tests: counts of hashed tokens (unigrams + bigrams), normalized."""

    name = KEYWORD

    def __init__(self, dim: int = 64) -> None:
        self._dim = dim
        self._tokenizer = TokenizerConfig(words="none")

    @property
    def dim(self) -> int:
        return self._dim

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed_passages(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        matrix = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in tokenize(text, self._tokenizer):
                matrix[row, zlib.crc32(token.encode("utf-8")) % self._dim] += 1.0
        return l2_normalize(matrix)


# ---------------------------------------------------------------------------- models


def default_query_instruction(name_or_path: str) -> str:
    """The query prefix a model was trained with: bge-zh models need one, others none."""
    lowered = name_or_path.lower()
    return BGE_ZH_QUERY_INSTRUCTION if "bge" in lowered and "zh" in lowered else ""


class LazyModel:
    """A model (hub name or local folder) loaded on first use by `warm_up`.

    Subclasses set `name`, the labels of the Chinese error message and `_create`."""

    name: str
    kind = "模型"  # named in the error message
    env_var = ""  # the setting a user changes to point at a local copy
    alternative = ""  # what else the user can do, appended to the message
    _model: Any = None

    def _create(self, name: str, local_files_only: bool) -> Any:
        raise NotImplementedError

    def warm_up(self) -> None:
        """Load the model if it is not loaded yet; ModelLoadError when it cannot be."""
        if self._model is not None:
            return

        def factory(name: str, local_files_only: bool = False) -> Any:
            quiet_transformers()
            return self._create(name, local_files_only)

        self._model = load_model(factory, self.name, self.kind, self.env_var, self.alternative)


class SentenceTransformerEmbedder(LazyModel):
    """A sentence-transformers model (hub name or local folder), loaded on first use.

    Queries get `query_instruction` prepended (by default the bge-zh retrieval prefix for
    bge-zh models); passages are embedded as they are.
    """

    kind = "向量模型"
    env_var = "RAG_EMBEDDER"
    alternative = "，或设置 RAG_EMBEDDER=builtin 使用无需下载的内置模型。"

    def __init__(
        self, name_or_path: str, query_instruction: str | None = None, batch_size: int = 32, device: str = "cpu"
    ) -> None:
        self.name = name_or_path
        if query_instruction is None:
            query_instruction = default_query_instruction(name_or_path)
        self.query_instruction = query_instruction
        self.batch_size = batch_size
        self.device = device
        self._model = None

    def _create(self, name: str, local_files_only: bool) -> Any:
        from sentence_transformers import SentenceTransformer  # imported here: a missing path fails fast

        return SentenceTransformer(name, device=self.device, local_files_only=local_files_only)

    @property
    def dim(self) -> int:
        self.warm_up()
        dim = self._model.get_embedding_dimension()
        return int(dim) if dim else int(self.embed_passages(["维度"]).shape[1])

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of queries, with the query instruction prepended."""
        self.warm_up()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode_query(
            list(texts), prompt=self.query_instruction or None, batch_size=self.batch_size,
            normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False,
        )
        return l2_normalize(vectors)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of passages, embedded as they are."""
        self.warm_up()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode_document(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return l2_normalize(vectors)


def make_embedder(settings: "Settings") -> Embedder:
    """The embedder named by `settings.embedder` ("builtin", "keyword" or a model name/path).

    A BuiltinEmbedder comes back unfitted: fit it on the corpus or `BuiltinEmbedder.load` it.
    """
    if settings.embedder == BUILTIN:
        return BuiltinEmbedder(dim=settings.embedder_dim)
    if settings.embedder == KEYWORD:
        return KeywordEmbedder()
    return SentenceTransformerEmbedder(settings.embedder, settings.query_instruction, settings.batch_size)


# ---------------------------------------------------------------------------- loading


def _load_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that mean "this model cannot be loaded" (not programming errors)."""
    errors: list[type[BaseException]] = [OSError, ValueError, KeyError]
    try:
        from huggingface_hub.errors import EntryNotFoundError

        errors.append(EntryNotFoundError)
    except ImportError:
        pass
    try:
        from safetensors import SafetensorError

        errors.append(SafetensorError)
    except ImportError:
        pass
    return tuple(errors)


def _looks_like_path(name: str) -> bool:
    """True when `name` is meant as a folder rather than a hub id such as BAAI/bge-small-zh-v1.5."""
    return name.startswith(("/", ".", "~")) or "\\" in name or name.count("/") > 1 or ":" in name


def _hub_reachable(timeout: float = 3.0) -> bool:
    """Whether the Hugging Face endpoint answers a TCP connection (a quick check before slow retries)."""
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes", "on"}:
        return False
    url = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co"))
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        with socket.create_connection((url.hostname or "huggingface.co", port), timeout=timeout):
            return True
    except OSError:
        return False


def _download_hint(name: str, env_var: str, alternative: str) -> str:
    return (
        f"请在能联网的机器上运行 `hf download {name} --local-dir 模型目录`"
        f"（旧版 huggingface_hub 为 `huggingface-cli download`），把模型目录拷到本机后设置 "
        f"{env_var}=模型目录（即指向本地路径）{alternative}"
    )


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:200].rstrip("。.")


def load_model(
    factory: Callable[..., T], name_or_path: str, what: str, env_var: str, alternative: str = "。"
) -> T:
    """`factory(name, local_files_only=...)` on a local folder or hub id; ModelLoadError with a fix otherwise.

    A hub id is tried from the local cache first and downloaded only when the hub answers,
    which avoids a minute of retries on machines without network.
    """
    errors = _load_errors()
    path = Path(name_or_path).expanduser()
    hint = _download_hint(name_or_path if not _looks_like_path(name_or_path) else "模型名", env_var, alternative)
    if path.exists():
        try:
            return factory(str(path))
        except errors as error:
            reason = f"{_reason(error)}。请确认该目录是完整下载的模型；"
            raise ModelLoadError(f"无法加载{what} {name_or_path}：{reason}{hint}") from error
    if _looks_like_path(name_or_path):
        raise ModelLoadError(f"找不到{what}目录 {name_or_path}。{hint}")
    try:
        return factory(name_or_path, local_files_only=True)
    except errors:
        pass  # not in the local cache: try the hub below
    if not _hub_reachable():
        reason = "本机缓存中没有该模型，且无法连接 Hugging Face。"
        raise ModelLoadError(f"无法加载{what} {name_or_path}：{reason}{hint}")
    try:
        return factory(name_or_path)
    except errors as error:
        raise ModelLoadError(f"无法加载{what} {name_or_path}：{_reason(error)}。{hint}") from error


def quiet_transformers() -> None:
    """Silence transformers' progress bars and info logs, which would clutter the CLI's stderr."""
    try:
        from transformers.utils import logging as transformers_logging

        transformers_logging.set_verbosity_error()
        transformers_logging.disable_progress_bar()
    except ImportError:
        pass
