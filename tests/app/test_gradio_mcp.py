"""The same MCP tools on the running web app (Gradio's MCP server, streamable HTTP)."""

from __future__ import annotations

import ast
import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from milvus_corpus import write_corpus
from rag.app.service import PolicyService
from rag.app.web.server import start_in_background
from rag.config import load_settings


async def _calls(url: str, calls: list[tuple[str, dict[str, Any]]]) -> tuple[list[Any], list[Any]]:
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    async with streamable_http_client(f"{url}mcp/gradio_api/mcp/") as (read, write, _):
        async with ClientSession(read, write) as session:
            await session.initialize()
            listed = (await session.list_tools()).tools
            return listed, [await session.call_tool(name, arguments) for name, arguments in calls]


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[list[Any], list[Any]]]:
    tmp_path = tmp_path_factory.mktemp("gradio-mcp")
    corpus = write_corpus(tmp_path / "corpus")
    service = PolicyService(load_settings({"corpus": str(corpus), "index": str(tmp_path / "index")}, environ={}))
    running, url = start_in_background(service)
    clause_id = service.search("算力中心补助", 1)[0].clause.clause_id
    calls = [
        ("search_clauses", {"query": "建设", "k": 5, "level": "省"}),
        ("ask", {"question": "支持企业建设算力中心给予多少补助？"}),
        ("check_wording", {"text": "建成通用机场20个"}),
        ("get_clause", {"clause_id": clause_id}),
        ("get_clause", {"clause_id": "没有这一条"}),
    ]
    try:
        yield asyncio.run(_calls(url, calls))
    finally:
        running.close()


def _data(result: Any) -> dict[str, Any]:
    assert not result.isError, result.content
    return ast.literal_eval(result.content[0].text)


def test_the_app_lists_the_four_tools_with_bilingual_descriptions(session):
    listed, _ = session
    assert {tool.name for tool in listed} == {"search_clauses", "ask", "check_wording", "get_clause"}
    for tool in listed:
        assert any("\u4e00" <= char <= "\u9fff" for char in tool.description) and any(char.isascii() and char.isalpha() for char in tool.description)


def test_each_tool_answers_over_the_running_app(session):
    _, results = session
    assert {item["file"] for item in _data(results[0])["results"]} == {"province.txt"}
    answer = _data(results[1])
    assert not answer["refused"] and "1000万元" in answer["answer"] and answer["citations"]
    assert _data(results[2])["verdict"] == "exact"
    assert "1000万元" in _data(results[3])["original"]
    assert results[4].isError and "没有找到条款" in results[4].content[0].text
    assert "Traceback" not in results[4].content[0].text
