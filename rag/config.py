"""One settings object with offline defaults.

Precedence, highest first: command-line flag > environment (`RAG_*`) > config file
(`rag.toml` in the working directory, or the file named by `RAG_CONFIG`) > default.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any, Mapping

from rag.errors import UsageError

CONFIG_FILE = "rag.toml"


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with defaults that need no download."""

    corpus: str = "seeds"
    index: str = "index"
    # "builtin" (char n-gram TF-IDF + SVD fitted on the corpus) or a sentence-transformers
    # model name / local path, e.g. "BAAI/bge-small-zh-v1.5".
    embedder: str = "builtin"
    embedder_dim: int = 256
    query_instruction: str | None = None  # None: chosen from the model name (bge-zh)
    batch_size: int = 32
    reranker: str | None = None  # cross-encoder name or path; None: no reranking
    bm25_weight: float = 1.0
    dense_weight: float | None = None  # None: 0.3 for the built-in embedder, 1.0 for a real model
    fusion: str = "minmax"  # "minmax" (normalised scores) or "rrf" (reciprocal rank)
    rrf_k: int = 60
    candidates: int = 100  # per retriever, before fusion
    # Added to a fused score: weight × the best fused score × how often other documents cite
    # the clause's document (0–1, log scale; rag.index.authority). Tuned on the STARD train split.
    authority_weight: float = 0.5
    max_clause_chars: int = 600
    # Answering: "extractive" (no LLM), "openai" (OpenAI-compatible endpoint) or "transformers".
    answerer: str = "extractive"
    llm_model: str | None = None
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_temperature: float = 0.1
    llm_max_tokens: int = 800
    max_question_chars: int = 500
    max_upload_mb: int = 20

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("llm_api_key", None)  # never written to manifests or reports
        return data

    @property
    def resolved_dense_weight(self) -> float:
        if self.dense_weight is not None:
            return self.dense_weight
        return 0.3 if self.embedder == "builtin" else 1.0

    @property
    def corpus_path(self) -> Path:
        return Path(self.corpus)

    @property
    def index_path(self) -> Path:
        return Path(self.index)


def _coerce(name: str, raw: Any, kind: type) -> Any:
    if raw is None or raw == "":
        return None
    try:
        if kind is bool:
            return str(raw).lower() in {"1", "true", "yes", "on"}
        return kind(raw)
    except (TypeError, ValueError) as error:
        raise UsageError(f"配置项 {name} 的值无效：{raw!r}") from error


def _field_types() -> dict[str, type]:
    mapping: dict[str, type] = {}
    for item in fields(Settings):
        annotation = str(item.type)
        mapping[item.name] = int if annotation.startswith("int") else float if annotation.startswith("float") else str
    return mapping


def _from_mapping(values: Mapping[str, Any], source: str) -> dict[str, Any]:
    types = _field_types()
    result: dict[str, Any] = {}
    for key, raw in values.items():
        name = key.lower()
        if name not in types:
            raise UsageError(f"{source} 中有未知的配置项：{key}（可用：{'、'.join(sorted(types))}）")
        result[name] = _coerce(name, raw, types[name])
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
    types = _field_types()
    picked = {name: environ[f"RAG_{name.upper()}"] for name in types if f"RAG_{name.upper()}" in environ}
    return _from_mapping(picked, "环境变量")


def load_settings(overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from defaults, config file, environment and explicit overrides, in that order."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    values.update(_config_file_values(env))
    values.update(_environment_values(env))
    values.update({key: value for key, value in (overrides or {}).items() if value is not None})
    return replace(Settings(), **values)
