"""The answerer the settings ask for: extractive (the default), or an LLM one with its generator."""

from __future__ import annotations

from rag.answering.pipeline import PipelineAnswerer
from rag.answering.generators import make_generator
from rag.answering.llm_answerer import LLMAnswerer
from rag.config import Settings
from rag.interfaces import Retriever


def make_answerer(retriever: Retriever, settings: Settings | None = None) -> PipelineAnswerer | LLMAnswerer:
    """An answerer over `retriever`; an LLM answerer when `settings.answerer` names a generator."""
    settings = settings or Settings()
    generator = make_generator(settings)
    if generator is None:
        return PipelineAnswerer(retriever, settings)
    return LLMAnswerer(retriever, generator, settings)
