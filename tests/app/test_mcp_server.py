"""`rag mcp` driven by the mcp package's own client over stdio: tools listed, each one called."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from milvus_corpus import write_corpus

ROOT = Path(__file__).resolve().parents[2]
TOOLS = {"search_clauses", "ask", "check_wording", "get_clause"}


async def _session(corpus: Path, index: Path, calls: list[tuple[str, dict[str, Any]]]) -> tuple[list[Any], list[Any]]:
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client

    environment = {**os.environ, "PYTHONPATH": str(ROOT), "RAG_CORPUS": str(corpus), "RAG_INDEX": str(index), "RAG_NO_PROGRESS": "1"}
    parameters = StdioServerParameters(command=sys.executable, args=["-m", "rag.cli", "mcp"], env=environment)
    async with stdio_client(parameters) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            listed = (await session.list_tools()).tools
            results = [await session.call_tool(name, arguments) for name, arguments in calls]
    return listed, results


def _data(result: Any) -> dict[str, Any]:
    assert not result.isError, result.content
    return json.loads(result.content[0].text)


def _error(result: Any) -> str:
    assert result.isError
    return result.content[0].text


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("mcp")
    corpus = write_corpus(tmp_path / "corpus")
    calls = [
        ("search_clauses", {"query": "算力中心补助", "k": 3}),
        ("search_clauses", {"query": "建设", "k": 10, "level": "省"}),
        ("ask", {"question": "支持企业建设算力中心给予多少补助？"}),
        ("check_wording", {"text": "建成通用机场20个"}),
        ("get_clause", {"clause_id": "PLACEHOLDER"}),
        ("get_clause", {"clause_id": "没有这一条"}),
        ("search_clauses", {"query": "建设", "k": 0}),
        ("search_clauses", {"query": "建设", "k": "很多"}),
        ("ask", {"question": "   "}),
        ("search_clauses", {"query": "建设", "level": "县"}),
    ]
    # get_clause needs an id the server hands out: ask once for it, then run the whole script.
    listed, first = asyncio.run(_session(corpus, tmp_path / "index", calls[:1]))
    calls[4] = ("get_clause", {"clause_id": _data(first[0])["results"][0]["clause_id"]})
    listed, results = asyncio.run(_session(corpus, tmp_path / "index", calls))
    return listed, results


def test_the_four_tools_are_listed_with_chinese_and_english_descriptions(session):
    listed, _ = session
    assert {tool.name for tool in listed} == TOOLS
    for tool in listed:
        assert any("\u4e00" <= char <= "\u9fff" for char in tool.description), tool.name
        assert any(word in tool.description for word in ("Search", "Answer", "Check", "Get")), tool.name
        assert tool.annotations.readOnlyHint is True
    search = next(tool for tool in listed if tool.name == "search_clauses")
    assert {"query", "k", "files", "issuer", "level", "year", "doc_number"} <= set(search.inputSchema["properties"])


def test_search_returns_clauses_with_locators_and_honours_filters(session):
    _, results = session
    found = _data(results[0])["results"]
    assert len(found) == 3 and "1000万元" in found[0]["text"]
    assert found[0]["locator"].startswith("city.txt:") and found[0]["score"] > 0
    assert {item["file"] for item in _data(results[1])["results"]} == {"province.txt"}


def test_ask_returns_the_answer_object_with_cited_clauses(session):
    _, results = session
    answer = _data(results[2])
    assert answer["refused"] is False and "1000万元" in answer["answer"]
    assert answer["citations"] and all(f"[{item['n']}]" in answer["answer"] for item in answer["citations"])
    assert answer["citations"][0]["file"] == "city.txt" and answer["citations"][0]["locator"]


def test_check_wording_and_get_clause(session):
    _, results = session
    report = _data(results[3])
    assert report["verdict"] == "exact" and report["matches"][0]["file"] == "province.txt"
    clause = _data(results[4])
    assert clause["original"] and "1000万元" in clause["original"] and clause["locator"].startswith("city.txt:")


def test_errors_are_one_chinese_message(session):
    _, results = session
    assert "没有找到条款" in _error(results[5])
    assert "k 应在 1 到 100 之间" in _error(results[6])
    assert "参数无效" in _error(results[7]) and "k" in _error(results[7])
    assert "请输入" in _error(results[8])
    assert "level 参数无效" in _error(results[9])
    for result in results[5:]:
        assert "Traceback" not in _error(result) and "Error executing" not in _error(result)
