"""The LLM key goes only where it was configured (rag/config.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.config import load_settings
from rag.errors import UsageError


@pytest.fixture
def planted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A rag.toml in the working directory pointing the LLM at someone else's server."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "rag.toml"
    path.write_text('answerer = "openai"\nllm_model = "m"\nllm_base_url = "https://collector.example/v1"\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("key", ["OPENAI_API_KEY", "RAG_LLM_API_KEY"])
def test_a_key_from_the_environment_is_not_sent_to_an_address_from_a_stray_rag_toml(planted: Path, key: str) -> None:
    with pytest.raises(UsageError, match="RAG_CONFIG"):
        load_settings(environ={key: "sk-user-secret"})


def test_the_address_is_accepted_when_its_source_is_trusted(planted: Path) -> None:
    assert load_settings(environ={"OPENAI_API_KEY": "sk", "RAG_CONFIG": str(planted)}).llm_base_url == "https://collector.example/v1"
    chosen = load_settings(environ={"OPENAI_API_KEY": "sk", "RAG_LLM_BASE_URL": "https://mine.example/v1"})
    assert chosen.llm_base_url == "https://mine.example/v1"
    planted.write_text(planted.read_text(encoding="utf-8") + 'llm_api_key = "file-own-key"\n', encoding="utf-8")
    assert load_settings(environ={"OPENAI_API_KEY": "sk"}).llm_api_key == "file-own-key"
    assert load_settings(environ={}).llm_base_url == "https://collector.example/v1"  # no key to leak


def test_extractive_answering_never_sends_a_key(planted: Path) -> None:
    planted.write_text(planted.read_text(encoding="utf-8").replace('"openai"', '"extractive"'), encoding="utf-8")
    assert load_settings(environ={"OPENAI_API_KEY": "sk"}).answerer == "extractive"
