"""Settings: precedence, typed values, choices as enums whose errors list the allowed values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rag.config import MODEL_PROFILE, PROFILES, AnswererKind, Fusion, Settings, load_settings
from rag.errors import UsageError


def _config_file(tmp_path: Path, body: str) -> dict[str, str]:
    path = tmp_path / "rag.toml"
    path.write_text(body, encoding="utf-8")
    return {"RAG_CONFIG": str(path)}


def test_precedence_is_flag_then_environment_then_file_then_default(tmp_path: Path) -> None:
    env = _config_file(tmp_path, '[rag]\ncandidates = 50\nrrf_k = 30\nbm25_weight = 2.0\n')
    settings = load_settings({"candidates": 7}, environ={**env, "RAG_CANDIDATES": "20", "RAG_RRF_K": "40"})
    assert (settings.candidates, settings.rrf_k, settings.bm25_weight, settings.batch_size) == (7, 40, 2.0, 32)


def test_choices_become_enums_that_still_compare_with_their_strings() -> None:
    settings = load_settings(environ={"RAG_FUSION": "RRF", "RAG_ANSWERER": "openai"})
    assert settings.fusion is Fusion.RRF and settings.fusion == "rrf"
    assert settings.answerer is AnswererKind.OPENAI
    assert Settings(fusion="minmax").fusion is Fusion.MINMAX


@pytest.mark.parametrize(
    ("variable", "value", "allowed"),
    [("RAG_FUSION", "minmaxx", "minmax、rrf、union"), ("RAG_ANSWERER", "gpt", "extractive、openai、transformers")],
)
def test_an_unknown_choice_in_the_environment_names_the_variable_and_the_allowed_values(
    variable: str, value: str, allowed: str
) -> None:
    with pytest.raises(UsageError) as error:
        load_settings(environ={variable: value})
    assert error.value.exit_code == 2
    assert error.value.message == f"环境变量 {variable} 的值无效：'{value}'（可选：{allowed}）"


def test_an_unknown_choice_in_the_config_file_or_a_flag_lists_the_allowed_values(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="配置项 fusion 的值无效：'sum'（可选：minmax、rrf、union）"):
        load_settings(environ=_config_file(tmp_path, 'fusion = "sum"\n'))
    with pytest.raises(UsageError, match="（可选：extractive、openai、transformers）"):
        load_settings({"answerer": "llm"}, environ={})


def test_an_empty_value_leaves_a_required_setting_unset_and_clears_an_optional_one(tmp_path: Path) -> None:
    assert load_settings(environ={"RAG_CANDIDATES": "", "RAG_FUSION": ""}) == Settings()
    env = _config_file(tmp_path, 'rrf_k = 50\ncandidates = 70\nreranker = "models/reranker"\n')
    settings = load_settings(environ={**env, "RAG_RRF_K": "", "RAG_CANDIDATES": "", "RAG_RERANKER": ""})
    assert settings.rrf_k == 50  # the file's value: the empty variable counts as not set
    assert settings.reranker is None  # an empty optional setting means "none"
    assert settings.candidates is None  # ... and for a fusion setting, "the embedder's profile"
    assert settings.retrieval.candidates == PROFILES[settings.embedder].candidates


def test_fusion_follows_the_embedders_fitted_profile_unless_a_setting_overrides_it() -> None:
    assert Settings(embedder="builtin").retrieval == PROFILES["builtin"]
    assert Settings(embedder="e5-small").retrieval == PROFILES["e5-small"]
    assert PROFILES["builtin"] != PROFILES["e5-small"]
    assert Settings(embedder="models/bge-small-zh").retrieval == MODEL_PROFILE
    chosen = load_settings({"embedder": "e5-small"}, environ={"RAG_FUSION": "rrf", "RAG_AUTHORITY_WEIGHT": "0"}).retrieval
    assert (chosen.fusion, chosen.authority_weight) == (Fusion.RRF, 0.0)
    assert (chosen.dense_weight, chosen.candidates) == (PROFILES["e5-small"].dense_weight, PROFILES["e5-small"].candidates)


def test_a_bad_number_names_the_variable() -> None:
    with pytest.raises(UsageError, match="环境变量 RAG_CANDIDATES 的值无效：'many'"):
        load_settings(environ={"RAG_CANDIDATES": "many"})


def test_unknown_keys_in_the_config_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="未知的配置项：fusoin"):
        load_settings(environ=_config_file(tmp_path, 'fusoin = "rrf"\n'))


def test_library_variables_are_read_through_settings() -> None:
    settings = load_settings(environ={
        "OPENAI_API_KEY": "sk-test", "GRADIO_SERVER_NAME": "0.0.0.0", "GRADIO_SERVER_PORT": "8080",
        "GRADIO_DEFAULT_CONCURRENCY_LIMIT": "4", "HF_ENDPOINT": "http://127.0.0.1:9", "HF_HUB_OFFLINE": "1",
        "RAG_NO_PROGRESS": "yes",
    })
    assert settings.openai_api_key == "sk-test" and settings.llm_api_key is None
    assert (settings.server_name, settings.server_port, settings.concurrency_limit) == ("0.0.0.0", 8080, 4)
    assert settings.hf_endpoint == "http://127.0.0.1:9" and settings.hf_hub_offline and settings.no_progress
    assert load_settings(environ={"RAG_NO_PROGRESS": "0"}).no_progress is False


@pytest.mark.parametrize(("variable", "value"), [("GRADIO_SERVER_PORT", "0"), ("GRADIO_SERVER_PORT", "70000"),
                                                 ("GRADIO_DEFAULT_CONCURRENCY_LIMIT", "0")])
def test_out_of_range_server_values_are_refused(variable: str, value: str) -> None:
    with pytest.raises(UsageError, match=f"环境变量 {variable}"):
        load_settings(environ={variable: value})


def test_to_dict_has_plain_values_and_no_secrets_or_process_settings() -> None:
    settings = Settings(llm_api_key="secret", openai_api_key="secret", server_port=8080, no_progress=True)
    data = settings.to_dict()
    assert "secret" not in json.dumps(data)
    assert not {"llm_api_key", "openai_api_key", "server_port", "no_progress", "hf_endpoint"} & set(data)
    assert type(data["fusion"]) is str and data["fusion"] == PROFILES[settings.embedder].fusion.value and data["answerer"] == "extractive"
