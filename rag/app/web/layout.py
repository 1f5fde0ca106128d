"""The page's layout: the 问答, 原文核对 and 上传文件 tabs wired to their handlers, and the
API-only app.

Gradio is imported inside the functions, so importing this module stays cheap. The
widgets' `elem_id`s are what the stylesheet, the page script (rag.app.web.assets) and the
browser tests address.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rag.app.service import DocInfo, PolicyService
from rag.app.upload import MAX_FILES_PER_UPLOAD
from rag.app.web.assets import OPEN_JS, SOURCE_VIEW_JS
from rag.app.web.handlers import ALL, Handlers, api_functions, document_choices
from rag.app.web.panels import cards_panel, documents_table_html, source_panel, status_html
from rag.app.web.source import source_message_html
from rag.corpus.loaders import SUPPORTED_SUFFIXES

# (every, older than) seconds: uploads the handler never saw (a closed tab) leave Gradio's
# upload cache within the hour; the handler deletes the ones it handled at once.
UPLOAD_CACHE_CLEANUP = (3600, 3600)
# Phrased as users phrase them; nothing here names a particular corpus's topic or place.
ENTERPRISE_EXAMPLES = [
    "我们是小微企业，有哪些扶持政策？",
    "申请补贴要满足什么条件？",
    "有没有减免税费或降低成本的措施？",
]


def official_examples(documents: Sequence[DocInfo], count: int = 3) -> list[str]:
    """Questions an official would ask, built from the indexed documents' own metadata."""
    examples: list[str] = []
    numbered = next((doc for doc in documents if doc.doc_number), None)
    if numbered:
        examples.append(f"{numbered.doc_number}的成文日期是哪天？")
    titled = [doc for doc in documents if doc.title != doc.file]
    for doc in titled[:count - len(examples) - 1]:
        examples.append(f"《{doc.title}》提出的主要目标是什么？")
    examples.append("各文件的发文机关分别是哪个单位？")
    return examples[:count]


def _api_endpoints(service: PolicyService) -> None:
    """Named endpoints for gradio_client: /ask, /search, /check."""
    import gradio as gr

    for function in api_functions(service):
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
            choices=document_choices(docs), multiselect=True, label="文件（不选则检索全部）", elem_id="filter-files",
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
        gr.Examples(official_examples(service.documents()), inputs=[question], label="机关工作人员常问")
    files, level, year = _filters(service)
    return {"chat": chat, "question": question, "send": send, "clear": clear,
            "files": files, "level": level, "year": year}


def _qa_tab(service: PolicyService, handlers: Handlers) -> dict[str, Any]:
    import gradio as gr

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
    with gr.Blocks(title="政策问答助手", fill_width=True, delete_cache=UPLOAD_CACHE_CLEANUP) as demo:
        handlers.upload_folder = Path(demo.GRADIO_CACHE)
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


def api_blocks(service: PolicyService) -> Any:
    """The API alone (/ask, /search, /check), served at rag.app.web.server.API_PATH.

    Gradio rebuilds a session from every component of a page on each call, so the page's
    own copies of these endpoints cost several times more per request than this lean app."""
    import gradio as gr

    with gr.Blocks(title="政策问答助手 API") as api:
        _api_endpoints(service)
    return api


def theme() -> Any:
    """A calm theme with local CJK fonts (no font download)."""
    import gradio as gr

    fonts = ["Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "sans-serif"]
    mono = ["Noto Sans Mono CJK SC", "DejaVu Sans Mono", "monospace"]
    return gr.themes.Soft(primary_hue="blue", neutral_hue="slate", font=fonts, font_mono=mono)
