"""The chat API with the official `openai` client against the app served on 127.0.0.1."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from milvus_corpus import write_corpus
from rag.app.openai_api import ApiError, parse_request
from rag.app.service import PolicyService
from rag.app.web.server import start_in_background
from rag.config import load_settings

KEY = "test-key-123"
QUESTION = "支持企业建设算力中心给予多少补助？"


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp_path = tmp_path_factory.mktemp("chat")
    corpus = write_corpus(tmp_path / "corpus")
    settings = load_settings({"corpus": str(corpus), "index": str(tmp_path / "index"), "api_key": KEY}, environ={})
    running, address = start_in_background(PolicyService(settings))
    yield address
    running.close()


def _client(url: str, key: str = KEY) -> Any:
    import openai

    return openai.OpenAI(base_url=f"{url}v1", api_key=key, max_retries=0, timeout=120)


def test_a_chat_completion_is_the_cited_answer(url):
    response = _client(url).chat.completions.create(model="policy-qa", messages=[{"role": "user", "content": QUESTION}])
    content = response.choices[0].message.content
    assert response.choices[0].finish_reason == "stop" and response.choices[0].message.role == "assistant"
    assert "1000万元" in content and "**引用**" in content and "city.txt:" in content
    citations = response.model_extra["citations"]
    assert citations and citations[0]["file"] == "city.txt" and citations[0]["clause_id"]
    assert {int(n) for n in re.findall(r"\[(\d+)\]", content.split("**引用**")[0])} == {item["n"] for item in citations}
    assert response.model_extra["refused"] is False


def test_streaming_sends_the_same_reply_in_chunks_then_the_citations(url):
    client = _client(url)
    whole = client.chat.completions.create(model="policy-qa", messages=[{"role": "user", "content": QUESTION}])
    chunks = list(client.chat.completions.create(model="policy-qa", messages=[{"role": "user", "content": QUESTION}], stream=True))
    assert len(chunks) > 3 and chunks[0].choices[0].delta.role == "assistant"
    streamed = "".join(chunk.choices[0].delta.content or "" for chunk in chunks)
    assert streamed == whole.choices[0].message.content
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert [item["clause_id"] for item in chunks[-1].model_extra["citations"]] == [item["clause_id"] for item in whole.model_extra["citations"]]


def test_models_lists_the_assistant_and_content_parts_are_read(url):
    client = _client(url)
    assert [model.id for model in client.models.list()] == ["policy-qa"]
    parts = [{"type": "text", "text": "支持企业建设算力中心"}, {"type": "text", "text": "给予多少补助？"}]
    response = client.chat.completions.create(model="anything", messages=[{"role": "system", "content": "你是助手"}, {"role": "user", "content": parts}])
    assert response.model == "anything" and "1000万元" in response.choices[0].message.content


def test_a_wrong_or_missing_key_is_refused_with_a_chinese_error(url):
    import openai

    with pytest.raises(openai.AuthenticationError) as caught:
        _client(url, "wrong-key").chat.completions.create(model="policy-qa", messages=[{"role": "user", "content": QUESTION}])
    assert caught.value.status_code == 401 and "API 密钥无效" in str(caught.value)
    missing = httpx.post(f"{url}v1/chat/completions", json={"messages": [{"role": "user", "content": QUESTION}]})
    assert missing.status_code == 401 and "API 密钥无效" in missing.json()["error"]["message"]
    assert missing.json()["error"]["code"] == "invalid_api_key" and KEY not in missing.text
    assert httpx.get(f"{url}v1/models").status_code == 401


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"{not json", "不是有效的 JSON"),
        (b'{"model": "policy-qa"}', "缺少 messages"),
        (b'{"messages": [{"role": "assistant", "content": "hi"}]}', "没有用户消息"),
        (b'{"messages": [{"role": "user", "content": "   "}]}', "请输入"),
        (b'{"messages": [{"role": "user", "content": 42}]}', "content 应为字符串"),
    ],
)
def test_bad_requests_get_400_with_a_chinese_message(url, body, expected):
    response = httpx.post(f"{url}v1/chat/completions", content=body, headers={"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert expected in error["message"] and error["type"] == "invalid_request_error"
    assert "Traceback" not in response.text


def test_earlier_user_messages_are_the_conversation():
    raw = b'{"messages": [{"role": "user", "content": "A"}, {"role": "assistant", "content": "x"}, {"role": "user", "content": "B"}], "stream": true}'
    assert parse_request(raw) == ("B", ["A"], True, "policy-qa")
    with pytest.raises(ApiError):
        parse_request(b"[]")
