"""The MCP tools of `rag mcp` on the web app's own server, through Gradio's MCP support.

`mcp_blocks(service)` is a Blocks holding only the four tools (search_clauses, ask,
check_wording, get_clause, the same functions as rag.app.mcp_server); the web server
mounts it at MCP_PATH with `mcp_server=True`, so an MCP client reaches the running app at
`http://host:port/mcp/gradio_api/mcp/` (streamable HTTP) without a second process.
"""

# No `from __future__ import annotations`: gr.api reads the annotations at runtime.

from typing import Any

from rag.app.mcp_server import PolicyTools, chinese_error
from rag.app.service import PolicyService

MCP_PATH = "/mcp"


def _tool_functions(tools: PolicyTools) -> list[Any]:
    """The tools as plain functions (Gradio builds the MCP schema from their hints and docstrings)."""
    import gradio as gr

    def run(name: str, **arguments: Any) -> dict:
        try:
            return getattr(tools, name)(**arguments)
        except Exception as error:  # a Chinese message for the client, never a traceback
            raise gr.Error(chinese_error(name, error)) from None

    def search_clauses(query: str, k: int = 10, level: str = "", year: int = 0, doc_number: str = "", issuer: str = "") -> dict:
        """检索与查询最相关的政策条款，按相关度排序，每条含出处（locator）。Search policy clauses relevant to a query, best first, each with its locator.

        Args:
            query: 检索内容 / what to search for
            k: 返回条数（1–100）/ how many clauses (1-100)
            level: 文件层级：市、省或国家，空为不限 / level: 市, 省 or 国家, empty for any
            year: 成文年份，0 为不限 / year written, 0 for any
            doc_number: 文号，空为不限 / document number, empty for any
            issuer: 发文机关（包含即可），空为不限 / issuing body (substring), empty for any
        """
        return run("search_clauses", query=query, k=int(k), level=level or None, year=int(year) or None,
                   doc_number=doc_number or None, issuer=issuer or None)

    def ask(question: str) -> dict:
        """回答关于政策文件的问题，[n] 对应 citations 中的条款出处；文件中没有时 refused=true。Answer a question about the policy documents with numbered clause citations; refused=true when the documents do not say.

        Args:
            question: 问题 / the question
        """
        return run("ask", question=question)

    def check_wording(text: str) -> dict:
        """核对文字是否与政策原文一致：exact、near（附差异）或 not_found，并注明出处。Check a quotation against the originals: exact, near (with differences) or not_found, with where it is.

        Args:
            text: 要核对的文字 / the text to check
        """
        return run("check_wording", text=text)

    def get_clause(clause_id: str) -> dict:
        """按条款编号取条款全文、出处和原始字符。Get a clause by its clause_id: text, locator and original characters.

        Args:
            clause_id: 条款编号（取自检索结果或引用）/ clause id from search results or citations
        """
        return run("get_clause", clause_id=clause_id)

    return [search_clauses, ask, check_wording, get_clause]


def mcp_blocks(service: PolicyService) -> Any:
    """A Blocks with the four MCP tools over `service`, to be mounted with `mcp_server=True`."""
    import gradio as gr

    tools = PolicyTools(service.settings, service)
    with gr.Blocks(title="政策问答助手 MCP") as blocks:
        for function in _tool_functions(tools):
            gr.api(function, api_name=function.__name__, queue=False)
    return blocks
