"""make_answerer picks the answerer the settings name, loading no model on the way."""

from __future__ import annotations

import pytest

from fakes import seed_retriever
from rag.answering.pipeline import PipelineAnswerer
from rag.answering.factory import make_answerer
from rag.answering.generators import OpenAICompatibleGenerator
from rag.answering.llm_answerer import LLMAnswerer
from rag.config import Settings
from rag.errors import UsageError


def test_make_answerer_defaults_to_extractive() -> None:
    assert isinstance(make_answerer(seed_retriever(), Settings()), PipelineAnswerer)
    assert isinstance(make_answerer(seed_retriever()), PipelineAnswerer)


def test_an_llm_answerer_gets_the_configured_generator_and_key() -> None:
    settings = Settings(answerer="openai", llm_model="qwen", llm_base_url="http://127.0.0.1:9/v1", openai_api_key="sk-env")
    answerer = make_answerer(seed_retriever(), settings)
    assert isinstance(answerer, LLMAnswerer) and isinstance(answerer.generator, OpenAICompatibleGenerator)
    assert answerer.generator.model == "qwen" and answerer.generator.api_key == "sk-env"
    explicit = make_answerer(seed_retriever(), Settings(answerer="openai", llm_model="qwen", llm_api_key="sk-rag", openai_api_key="sk-env"))
    assert explicit.generator.api_key == "sk-rag"  # RAG_LLM_API_KEY wins over OPENAI_API_KEY


def test_an_llm_answerer_without_a_model_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="RAG_LLM_MODEL"):
        make_answerer(seed_retriever(), Settings(answerer="openai"))
