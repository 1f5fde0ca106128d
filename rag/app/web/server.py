"""The Gradio web app: chat with clickable clause citations, the source shown in place,
wording check, file upload, and the `ask` / `search` / `check` API endpoints.

Gradio is imported inside functions, so `import rag.app.web.server` stays cheap. The work is done
by `rag.service.PolicyService` and the pure HTML modules (rag.app.web.citations,
rag.app.web.source, rag.app.check_report); the handlers here translate between widgets and
those calls and turn every error into a Chinese message (never a traceback).

`python app.py` or `rag serve`; `serve(settings, host, port)` is the entry point.
"""

# No `from __future__ import annotations` here: gr.api reads the return annotations of the
# endpoint functions at runtime, and they must be real types.

import argparse
import logging
import os
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from rag.app.web.citations import answer_html, citation_cards_html, user_html
from rag.config import Settings, load_settings
from rag.errors import RagError, UsageError
from rag.app.service import DocInfo, PolicyService
from rag.app.web.source import source_html, source_message_html
from rag.types import Answer, Filters

log = logging.getLogger("rag.app.web.server")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
API_PATH = "/api"  # gradio_client.Client("http://127.0.0.1:7860/api/") reaches the lean API
STARTUP_SECONDS = 60
# Worker threads per event. Answering is CPU-bound Python under one GIL, yet Gradio's
# own per-request work interleaves with it: bench/load.py with 64 clients served 33 req/s
# with 1 worker, 54 with 4 and 64 with 16; more only adds contention.
CONCURRENCY = 16
QUEUE_SIZE = 512
# Gradio's default ("auto") sends every waiting request its queue position after each
# finished request: O(waiting²) messages under load. Every 2 s is enough for a position display.
STATUS_UPDATE_SECONDS = 2.0
HISTORY_TURNS = 4
TYPING_PIECES = 8
TYPING_DELAY = 0.02
ALL = "全部"
PENDING = "正在检索相关条款……"
INTERNAL_ERROR = "处理请求时出错，请稍后重试；如果问题持续出现，请联系管理员查看服务日志。"
ENTERPRISE_EXAMPLES = [
    "我们做养老机器人，有什么支持？",
    "中小企业使用智能算力有什么支持？",
    "我们想做智能网联汽车，有哪些政策？",
]
OFFICIAL_EXAMPLES = [
    "武政办〔2026〕21号的印发日期是哪天？",
    "“人工智能+”农业由哪个部门牵头？",
    "到2028年武汉人工智能产业规模要达到多少？",
]


def error_message(error: Exception) -> str:
    """The Chinese message to show for `error`; unexpected errors are logged, not shown."""
    if isinstance(error, RagError):
        return error.message
    log.exception("unexpected error in the web app", exc_info=error)
    return INTERNAL_ERROR


def make_filters(files: Sequence[str] | None, level: str | None, year: str | int | None) -> Filters | None:
    """Filters from the widgets; None when nothing is restricted."""
    chosen_year = None if year in (None, "", ALL) else int(year)
    filters = Filters(files=tuple(files or ()), level=None if level in (None, "", ALL) else level, year=chosen_year)
    return None if filters.empty else filters


def typing_prefixes(text: str, pieces: int = TYPING_PIECES) -> list[str]:
    """Growing prefixes of `text`, to show an answer being written."""
    step = max(1, -(-len(text) // pieces))
    return [text[:end] for end in range(step, len(text), step)]


def cards_panel(citations: Sequence[Any]) -> str:
    """The citation panel with its title."""
    count = f"（{len(citations)} 条）" if citations else ""
    return f'<div class="panel-title">引用条款{count}</div>{citation_cards_html(citations)}'


def source_panel(body: str) -> str:
    """The source viewer with its title."""
    return f'<div class="panel-title">原文定位</div>{body}'


def answer_bubble(answer: Answer) -> str:
    return answer_html(answer.answer, answer.citations, "answer refused" if answer.refused else "answer")


def documents_table_html(documents: Sequence[DocInfo]) -> str:
    """The indexed documents as a table (escaped)."""
    rows = "".join(
        f'<tr><td>{escape(doc.title)}</td><td class="file">{escape(doc.file)}</td>'
        f"<td>{escape(doc.level or '—')}</td><td>{doc.year or '—'}</td></tr>"
        for doc in documents
    )
    head = "<tr><th>标题</th><th>文件</th><th>层级</th><th>年份</th></tr>"
    title = f'<div class="panel-title">已索引的文件（{len(documents)} 个）</div>'
    return f'{title}<table class="docs-table">{head}{rows}</table>'


def bubble(role: str, content: str) -> dict[str, str]:
    """A chat message."""
    return {"role": role, "content": content}


def status_html(service: PolicyService) -> str:
    return f'<div><span class="dot"></span>{escape(service.status())}</div>'


class Handlers:
    """The event handlers of the page, bound to one service."""

    def __init__(self, service: PolicyService) -> None:
        self.service = service

    def respond(
        self, question: str, chat: list, answers: list, files: list, level: str, year: str
    ) -> Iterator[tuple]:
        """Stream the answer into the chat, then show its citation cards.

        Yields (chat, answers so far, citation panel, question box).
        """
        import gradio as gr

        question = (question or "").strip()
        if not question:
            gr.Warning("请输入问题", title="提示")
            yield chat, answers, gr.skip(), question
            return
        asked = [*chat, bubble("user", user_html(question))]

        def shown(content: str) -> list[dict[str, str]]:
            return [*asked, bubble("assistant", content)]

        yield shown(answer_html(PENDING, (), "answer pending")), answers, gr.skip(), ""
        try:
            filters = make_filters(files, level, year)
            for partial, answer in self._pieces(question, answers[-HISTORY_TURNS:], filters):
                if answer is None:
                    yield shown(answer_html(partial, (), "answer pending")), answers, gr.skip(), ""
                else:
                    yield shown(answer_bubble(answer)), [*answers, answer], cards_panel(answer.citations), ""
        except Exception as error:  # the page shows a message, never a traceback
            yield shown(answer_html(error_message(error), (), "answer error")), answers, gr.skip(), ""

    def _pieces(
        self, question: str, history: Sequence[Answer], filters: Filters | None
    ) -> Iterator[tuple[str, Answer | None]]:
        """(text so far, None) while the answer is written, then ("", the Answer)."""
        written = ""
        for item in self.service.stream(question, history, filters):
            if isinstance(item, Answer):
                if not written:  # extractive: the whole answer at once, shown as it would be typed
                    for prefix in typing_prefixes(item.answer):
                        yield prefix, None
                        time.sleep(TYPING_DELAY)
                yield "", item
                return
            written += item
            yield written, None

    def open_citation(self, clause_id: str) -> str:
        """The source viewer for a clause id sent by the page (looked up in the index only)."""
        if not clause_id:
            return source_panel(source_message_html())
        found = self.service.clause(clause_id.strip())
        if found is None:
            return source_panel(source_message_html("该条款已不在当前索引中（文件可能已更新），请重新提问。"))
        clause, source = found
        return source_panel(source_html(clause, source))

    def clear(self) -> tuple:
        """Empty chat, answers, citation panel, source viewer and question box."""
        return [], [], cards_panel(()), source_panel(source_message_html()), ""

    def check(self, text: str) -> str:
        from rag.app.check_report import check_report_html

        try:
            return check_report_html(self.service.check(text or ""))
        except Exception as error:
            return f'<div class="check-report answer error"><p>{escape(error_message(error))}</p></div>'

    def upload(self, paths: list | None) -> tuple:
        """Add uploaded files; returns message, status, documents filter, documents table, cleared input."""
        import gradio as gr

        files = [(Path(path), Path(path).name) for path in paths or []]
        try:
            message = self.service.add_files(files).message() if files else "请先选择要上传的文件。"
        except Exception as error:
            message = error_message(error)
        docs = self.service.documents()
        choices = [(f"{doc.title}（{doc.file}）", doc.file) for doc in docs]
        table = documents_table_html(docs)
        return message, status_html(self.service), gr.Dropdown(choices=choices), table, None


def _api_endpoints(service: PolicyService) -> None:
    """Named endpoints for gradio_client: /ask, /search, /check."""
    import gradio as gr

    def ask(
        question: str, files: list[str] | None = None, level: str | None = None, year: int | None = None
    ) -> dict:
        """The SPEC answer object for `question` (optional filters: files, level 市/省, year)."""
        try:
            return service.ask(question, filters=make_filters(files, level, year)).to_dict()
        except Exception as error:
            raise gr.Error(error_message(error)) from None

    def search(query: str, k: int = 10) -> list:
        """Ranked clause objects, each with its score."""
        try:
            return [hit.to_dict() for hit in service.search(query, int(k))]
        except Exception as error:
            raise gr.Error(error_message(error)) from None

    def check(text: str) -> dict:
        """The wording-check report object."""
        try:
            return service.check(text).to_dict()
        except Exception as error:
            raise gr.Error(error_message(error)) from None

    for function in (ask, search, check):
        gr.api(function, api_name=function.__name__, queue=False)  # plain HTTP: no SSE queue round trips per call


def _header(service: PolicyService) -> Any:
    import gradio as gr

    with gr.Row(elem_id="header-row"):
        gr.HTML(
            '<div id="app-header"><h1>政策问答助手</h1>'
            '<span class="subtitle">逐条检索政府政策文件，回答附条款出处，点击引用即可查看原文</span></div>',
            js_on_load=None,
        )
        return gr.HTML(status_html(service), elem_id="status-line", js_on_load=None)


def _filters(service: PolicyService) -> tuple[Any, Any, Any]:
    import gradio as gr

    docs = service.documents()
    levels = [ALL, *sorted({"市", "省"} | {doc.level for doc in docs if doc.level}, key="国家省市".find)]
    years = [ALL, *[str(year) for year in sorted({doc.year for doc in docs if doc.year}, reverse=True)]]
    with gr.Accordion("筛选范围", open=False):
        files = gr.Dropdown(
            choices=[(f"{doc.title}（{doc.file}）", doc.file) for doc in docs],
            multiselect=True, label="文件（不选则检索全部）", elem_id="filter-files",
        )
        with gr.Row():
            level = gr.Radio(levels, value=ALL, label="层级", elem_id="filter-level")
            year = gr.Dropdown(years, value=ALL, label="成文年份", elem_id="filter-year")
    return files, level, year


def _chat_column(service: PolicyService) -> dict[str, Any]:
    import gradio as gr

    # Messages are our own escaped HTML (rag.app.web.citations); the sanitizer stays on as a
    # second line of defence, LaTeX is off so that “$$” in a document stays text.
    chat = gr.Chatbot(
        label="问答", show_label=False, elem_id="chat", height=500, layout="bubble",
        sanitize_html=True, latex_delimiters=[], allow_tags=False, buttons=[], feedback_options=None,
        placeholder="请输入关于政策文件的问题，例如扶持措施、牵头部门、发展目标、文号和日期。",
    )
    with gr.Row(equal_height=True):
        question = gr.Textbox(
            show_label=False, placeholder="输入问题，按回车发送", scale=8, elem_id="question",
            max_lines=4, container=False,
        )
        send = gr.Button("发送", variant="primary", scale=1, elem_id="send", min_width=80)
        clear = gr.Button("清空", scale=1, elem_id="clear", min_width=80)
    with gr.Row(elem_id="examples-row"):
        gr.Examples(ENTERPRISE_EXAMPLES, inputs=[question], label="企业常问")
        gr.Examples(OFFICIAL_EXAMPLES, inputs=[question], label="机关工作人员常问")
    files, level, year = _filters(service)
    return {"chat": chat, "question": question, "send": send, "clear": clear,
            "files": files, "level": level, "year": year}


def _qa_tab(service: PolicyService, handlers: Handlers) -> dict[str, Any]:
    import gradio as gr

    from rag.app.web.assets import OPEN_JS, SOURCE_VIEW_JS

    answers = gr.State([])
    with gr.Row():
        with gr.Column(scale=11):
            parts = _chat_column(service)
        with gr.Column(scale=10):
            cards = gr.HTML(cards_panel(()), elem_id="cite-panel", js_on_load=None)
            source = gr.HTML(source_panel(source_message_html()), elem_id="source-view", js_on_load=SOURCE_VIEW_JS)
    # Citation clicks (rag/app/web/assets.py): the page's click handler clicks this hidden
    # button; OPEN_JS hands the clicked clause id to the server instead of the box's value.
    cite_key = gr.Textbox(visible="hidden", elem_id="cite-key")
    cite_open = gr.Button("打开引用", visible="hidden", elem_id="cite-open")
    inputs = [parts["question"], parts["chat"], answers, parts["files"], parts["level"], parts["year"]]
    outputs = [parts["chat"], answers, cards, parts["question"]]
    private = {"api_visibility": "private"}  # page events; the public API is _api_endpoints
    for trigger in (parts["question"].submit, parts["send"].click):
        trigger(handlers.respond, inputs, outputs, api_name="ui_respond", **private)
    cleared = [parts["chat"], answers, cards, source, parts["question"]]
    parts["clear"].click(handlers.clear, None, cleared, api_name="ui_clear", **private)
    parts["chat"].clear(handlers.clear, None, cleared, api_name="ui_clear_chat", **private)  # the chat's own 🗑
    cite_open.click(handlers.open_citation, [cite_key], [source], js=OPEN_JS, api_name="ui_open_citation", **private)
    return parts


def _check_tab(handlers: Handlers) -> None:
    import gradio as gr

    text = gr.Textbox(label="要核对的文字（一句或一段）", lines=4, max_lines=12, elem_id="check-text",
                      placeholder="粘贴引用的政策原文，核对是否与文件表述一致，例如：打造全国数智经济一线城市")
    with gr.Row(equal_height=True):
        run = gr.Button("核对原文", variant="primary", elem_id="check-run", scale=0, min_width=160)
        gr.Markdown("逐句比对：完全一致、基本一致（红色删除线为核对文字，绿色为原文）或未找到，并给出出处。")
    placeholder = '<div class="check-report cite-empty">核对结果将显示在这里。</div>'
    result = gr.HTML(placeholder, elem_id="check-result", js_on_load=None)
    for trigger in (run.click, text.submit):
        trigger(handlers.check, [text], [result], api_name="ui_check", api_visibility="private")


def _upload_tab(service: PolicyService, handlers: Handlers, status: Any, files_filter: Any) -> None:
    import gradio as gr

    from rag.corpus.loaders import SUPPORTED_SUFFIXES
    from rag.app.upload import MAX_FILES_PER_UPLOAD

    gr.Markdown(
        f"支持 .txt .md .docx .pdf .html，单个文件不超过 {service.settings.max_upload_mb} MB，"
        f"一次最多 {MAX_FILES_PER_UPLOAD} 个。选择文件后自动校验：能正常读取的文件才会加入语料，并增量更新索引。"
    )
    upload = gr.File(label="选择文件", file_count="multiple", file_types=list(SUPPORTED_SUFFIXES),
                     type="filepath", elem_id="upload-files")
    message = gr.Textbox(label="处理结果", interactive=False, lines=3, elem_id="upload-message")
    table = gr.HTML(documents_table_html(service.documents()), elem_id="docs-table", js_on_load=None)
    # The upload event fires once the browser has sent the files, so the handler always gets
    # them; one upload at a time, since each one builds the next index.
    outputs = [message, status, files_filter, table, upload]
    upload.upload(handlers.upload, [upload], outputs, api_name="ui_upload", api_visibility="private", concurrency_limit=1)


def build_app(service: PolicyService) -> Any:
    """The page: 问答, 原文核对 and 上传文件 tabs plus the API endpoints."""
    import gradio as gr

    handlers = Handlers(service)
    with gr.Blocks(title="政策问答助手", fill_width=True) as demo:
        status = _header(service)
        with gr.Tabs():
            with gr.Tab("问答", id="qa"):
                parts = _qa_tab(service, handlers)
            with gr.Tab("原文核对", id="check"):
                _check_tab(handlers)
            with gr.Tab("上传文件", id="upload"):
                _upload_tab(service, handlers, status, parts["files"])
        _api_endpoints(service)
    return demo


def theme() -> Any:
    """A calm theme with local CJK fonts (no font download)."""
    import gradio as gr

    fonts = ["Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "sans-serif"]
    mono = ["Noto Sans Mono CJK SC", "DejaVu Sans Mono", "monospace"]
    return gr.themes.Soft(primary_hue="blue", neutral_hue="slate", font=fonts, font_mono=mono)


def api_blocks(service: PolicyService) -> Any:
    """The API alone (/ask, /search, /check), served at API_PATH.

    Gradio rebuilds a session from every component of a page on each call, so the page's
    own copies of these endpoints cost several times more per request than this lean app."""
    import gradio as gr

    with gr.Blocks(title="政策问答助手 API") as api:
        _api_endpoints(service)
    return api


def asgi_app(service: PolicyService) -> Any:
    """One ASGI app: the lean API under API_PATH, the page (with the same endpoints) at /."""
    import fastapi
    import gradio as gr

    from rag.app.web.assets import CSS, GRADIO_LABELS_ZH, HEAD_SCRIPT

    demo = build_app(service)
    demo.queue(
        default_concurrency_limit=concurrency_limit(), max_size=QUEUE_SIZE, status_update_rate=STATUS_UPDATE_SECONDS
    )
    app = fastapi.FastAPI()
    app = gr.mount_gradio_app(app, api_blocks(service), path=API_PATH, show_error=False, ssr_mode=False)
    return gr.mount_gradio_app(
        app, demo, path="", max_file_size=f"{service.settings.max_upload_mb}mb",
        theme=theme(), css=CSS, head=HEAD_SCRIPT, i18n=gr.I18n(en=GRADIO_LABELS_ZH), show_error=False, ssr_mode=False,
    )


@dataclass
class RunningApp:
    """A server started by `launch`; `close()` stops it."""

    server: Any
    thread: threading.Thread | None = None

    def close(self) -> None:
        self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(timeout=15)


def _check_port_free(host: str, port: int) -> None:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise UsageError(f"无法在 {host}:{port} 上启动：{error.strerror or error}（端口可能已被占用，可用 --port 换一个）") from error


def launch(service: PolicyService, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, block: bool = True) -> RunningApp:
    """Serve the app with uvicorn; with `block=False` it runs in a background thread."""
    import uvicorn

    _check_port_free(host, port)
    server = uvicorn.Server(uvicorn.Config(asgi_app(service), host=host, port=port, log_level="warning"))
    if block:
        server.run()
        return RunningApp(server)
    thread = threading.Thread(target=server.run, name="web-app", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RagError(f"网页应用未能在 {host}:{port} 上启动")
        time.sleep(0.05)
    return RunningApp(server, thread)


def concurrency_limit() -> int:
    """Worker threads per event: Gradio's own GRADIO_DEFAULT_CONCURRENCY_LIMIT when set, else CONCURRENCY."""
    raw = os.environ.get("GRADIO_DEFAULT_CONCURRENCY_LIMIT", "")
    if not raw:
        return CONCURRENCY
    if not raw.isdigit() or int(raw) < 1:
        raise UsageError(f"环境变量 GRADIO_DEFAULT_CONCURRENCY_LIMIT 的值无效：{raw!r}")
    return int(raw)


def run_app(service: PolicyService, host: str, port: int, block: bool = True) -> RunningApp:
    """Build the page and API over `service` and serve them; with `block=False` in a background thread."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    return launch(service, host, port, block)


def free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port nobody listens on right now (for tests and benchmarks)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def start_in_background(
    service: PolicyService, host: str = DEFAULT_HOST, port: int | None = None
) -> tuple[Any, str]:
    """The app over `service` running in a background thread of this process, and its URL."""
    chosen = port or free_port(host)
    return run_app(service, host, chosen, block=False), f"http://{host}:{chosen}/"


def serve(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    """Run the web app until interrupted (`rag serve`, `python app.py`).

    Opens the index, building or updating it first when it is missing or stale, and
    answers one question before listening so that the first user does not wait.
    """
    chosen_host = host or os.environ.get("GRADIO_SERVER_NAME") or DEFAULT_HOST
    chosen_port = port if port is not None else default_port()
    _check_port_free(chosen_host, chosen_port)  # before the index work, so a taken port fails at once
    print(f"政策问答助手：正在打开索引（{settings.index_path}）……", file=sys.stderr)
    service = PolicyService(settings)
    service.warm_up()
    print(f"政策问答助手：{service.status()}", file=sys.stderr)
    shown = "127.0.0.1" if chosen_host in ("0.0.0.0", "::") else chosen_host
    print(f"政策问答助手：请在浏览器中打开 http://{shown}:{chosen_port}/（API：http://{shown}:{chosen_port}{API_PATH}/）", file=sys.stderr)
    try:
        run_app(service, chosen_host, chosen_port, block=True)
    except OSError as error:  # e.g. the port is taken
        raise RagError(f"无法在 {chosen_host}:{chosen_port} 启动网页服务：{error}") from error


def default_port() -> int:
    """GRADIO_SERVER_PORT when set, else 7860."""
    raw = os.environ.get("GRADIO_SERVER_PORT", "")
    if not raw:
        return DEFAULT_PORT
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise UsageError(f"环境变量 GRADIO_SERVER_PORT 的值无效：{raw!r}")
    return int(raw)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="app.py", description="政策问答助手网页版")
    parser.add_argument("--host", default=None, help=f"监听地址（默认环境变量 GRADIO_SERVER_NAME 或 {DEFAULT_HOST}）")
    parser.add_argument("--port", type=int, default=None, help="端口（默认环境变量 GRADIO_SERVER_PORT 或 7860）")
    parser.add_argument("--corpus", help="语料目录（默认 seeds/，或环境变量 RAG_CORPUS）")
    parser.add_argument("--index", help="索引目录（默认 index/，或环境变量 RAG_INDEX）")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """`python app.py [--host H] [--port P] [--corpus DIR] [--index DIR]`."""
    args = parse_args(argv)
    try:
        settings = load_settings({"corpus": args.corpus, "index": args.index})
        serve(settings, args.host, args.port)
    except RagError as error:
        print(f"app.py: {error.message}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    return 0
