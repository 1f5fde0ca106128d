"""The assistant as an MCP server (`rag mcp`, stdio): read-only tools for agents.

Tools, described in Chinese and English for the model that picks them:

    search_clauses  query, k, filters → ranked clauses with their locators
    ask             question, filters → the SPEC answer object (answer, citations)
    check_wording   text → the wording-check report (exact / near / not_found)
    get_clause      clause id → the clause, its locator and its original characters

The service (index, answerer) opens on the first tool call, so that a client's
`initialize` returns at once. Every failure reaches the client as one Chinese message:
domain errors with their own message, bad arguments with the argument named, anything
unexpected as a generic message (details go to the server's stderr, never to the client).
"""

from __future__ import annotations

import logging
import threading
from typing import Annotated, Any

from rag.app.service import PolicyService
from rag.config import Settings
from rag.errors import RagError, UsageError
from rag.types import Filters

log = logging.getLogger("rag.app.mcp_server")

SERVER_NAME = "policy-qa"
INSTRUCTIONS = (
    "政策问答助手：检索政府政策文件的条款、带条款出处回答问题、核对引文是否与原文一致。"
    "回答时请保留条款出处（文件、行号、章节）。 / Policy Q&A over government policy documents: "
    "clause search, answers with clause-level citations, wording check against the originals. "
    "Keep the clause locators (file, lines, section) when you use the results."
)
INTERNAL_ERROR = "处理请求时出错，请稍后重试；如果问题持续出现，请联系管理员查看服务日志。"
MAX_K = 100

Files = Annotated[list[str] | None, "只在这些文件中检索 / only these corpus files"]
Issuer = Annotated[str | None, "发文机关（包含即可）/ issuing body (substring)"]
Level = Annotated[str | None, "文件层级：市、省或国家 / level: 市 (city), 省 (province) or 国家 (state)"]
Year = Annotated[int | None, "成文年份，如 2024 / year the document was written"]
DocNumber = Annotated[str | None, "文号，如 国办发〔2025〕7号 / document number"]


def make_filters(files: list[str] | None, issuer: str | None, level: str | None, year: int | None, doc_number: str | None) -> Filters | None:
    """Filters from tool arguments; a UsageError for a level other than 市/省/国家."""
    if level not in (None, "", "市", "省", "国家"):
        raise UsageError(f"level 参数无效：{level!r}（可选：市、省、国家）")
    filters = Filters(tuple(files or ()), issuer or None, level or None, year or None, doc_number or None)
    return None if filters.empty else filters


class PolicyTools:
    """The four tools over one lazily opened `PolicyService`."""

    def __init__(self, settings: Settings, service: PolicyService | None = None) -> None:
        self.settings = settings
        self._service = service
        self._lock = threading.Lock()

    @property
    def service(self) -> PolicyService:
        with self._lock:
            if self._service is None:
                self._service = PolicyService(self.settings)
            return self._service

    def search_clauses(self, query: str, k: int = 10, files: Files = None, issuer: Issuer = None,
                       level: Level = None, year: Year = None, doc_number: DocNumber = None) -> dict[str, Any]:
        """检索与查询最相关的政策条款，按相关度排序；每条含文件、行号、章节路径（locator）和原文。
        Search policy clauses relevant to a query, best first; each result has its file, lines,
        section path (locator), text and score. k: how many (1–100, default 10)."""
        if not 1 <= k <= MAX_K:
            raise UsageError(f"k 应在 1 到 {MAX_K} 之间")
        hits = self.service.search(query, k, make_filters(files, issuer, level, year, doc_number))
        return {"query": query, "results": [{**hit.to_dict(), "locator": hit.clause.locator} for hit in hits]}

    def ask(self, question: str, files: Files = None, issuer: Issuer = None, level: Level = None,
            year: Year = None, doc_number: DocNumber = None) -> dict[str, Any]:
        """回答关于政策文件的问题，答案中的 [n] 对应 citations 里的条款出处；文件中没有的内容会明确拒答（refused=true）。
        Answer a question about the policy documents; each marker [n] in the answer refers to the
        citation with that n (file, lines, section, text). refused=true when the documents do not say."""
        answer = self.service.ask(question, filters=make_filters(files, issuer, level, year, doc_number))
        data = answer.to_dict()
        for citation, item in zip(answer.citations, data["citations"]):
            item["locator"] = citation.clause.locator
        return data

    def check_wording(self, text: str) -> dict[str, Any]:
        """核对一段文字是否与政策文件原文一致：逐句给出 exact（一致）、near（基本一致，附差异）或 not_found，并注明出处。
        Check whether a quotation matches the policy documents word for word: per sentence exact,
        near (with the differences) or not_found, with where the original is."""
        return self.service.check(text).to_dict()

    def get_clause(self, clause_id: str) -> dict[str, Any]:
        """按条款编号（clause_id，来自检索或回答的引用）取条款全文、出处和原始字符。
        Get one clause by its clause_id (from search results or citations): its text, locator
        and the original characters of the source file."""
        found = self.service.clause((clause_id or "").strip())
        if found is None:
            raise UsageError(f"没有找到条款：{clause_id}（条款编号请取自检索结果或回答的引用）")
        clause, source = found
        return {**clause.to_dict(), "locator": clause.locator, "original": source.text[clause.start : clause.end]}


TOOLS = ("search_clauses", "ask", "check_wording", "get_clause")


def chinese_error(tool: str, error: BaseException) -> str:
    """The message a client sees for a failed tool call."""
    cause = error.__cause__ or error
    if isinstance(cause, RagError):
        return cause.message
    if type(cause).__name__ == "ValidationError" and hasattr(cause, "errors"):
        names = sorted({str(item["loc"][0]) for item in cause.errors() if item.get("loc")})
        return f"工具 {tool} 的参数无效：{'、'.join(names) or '参数格式'}（请检查参数名称和类型）"
    if tool not in TOOLS:
        return f"没有这个工具：{tool}（可用：{'、'.join(TOOLS)}）"
    log.error("unexpected error in MCP tool %s", tool, exc_info=cause)
    return INTERNAL_ERROR


def build_server(tools: PolicyTools) -> Any:
    """A FastMCP server with the four read-only tools."""
    from mcp.server.fastmcp import FastMCP
    from mcp.server.fastmcp.exceptions import ToolError
    from mcp.types import ToolAnnotations

    class PolicyServer(FastMCP):
        async def call_tool(self, name: str, arguments: dict[str, Any]) -> Any:
            try:
                return await super().call_tool(name, arguments)
            except Exception as error:  # every failure becomes one Chinese message, never a traceback
                raise ToolError(chinese_error(name, error)) from None

    server = PolicyServer(SERVER_NAME, instructions=INSTRUCTIONS)
    read_only = ToolAnnotations(readOnlyHint=True, destructiveHint=False, idempotentHint=True, openWorldHint=False)
    for name in TOOLS:
        server.tool(name=name, annotations=read_only)(getattr(tools, name))
    return server


def serve_stdio(settings: Settings) -> None:
    """Run the MCP server on stdin/stdout until the client closes it (`rag mcp`)."""
    logging.basicConfig(level=logging.WARNING, format="rag mcp: %(message)s")  # stderr: stdout carries the protocol
    build_server(PolicyTools(settings)).run(transport="stdio")
